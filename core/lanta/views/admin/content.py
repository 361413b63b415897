"""The editors' overview of the content tree (``/admin/content/``): every item, by
language and state, with what waits for review first, and where to add top-level items."""
from __future__ import annotations

import math

from pyramid.view import view_config
from sqlalchemy import case, func, select

from ...i18n import _, site_languages
from ...models import ContentItem
from ..content_public import STATE_LABELS, TYPE_LABELS
from ..content_resources import item_url, root_url
from ..paging import page_number

PER_PAGE = 50


@view_config(route_name="admin.content", renderer="lanta:templates/admin/content.pt",
             permission="content.edit", request_method="GET")
def content_list(request):
    languages = site_languages(request)
    state = request.GET.get("state", "")
    if state not in STATE_LABELS:
        state = ""
    language = request.GET.get("language", "")
    if language not in languages:
        language = ""
    clauses = []
    if state:
        clauses.append(ContentItem.state == state)
    if language:
        clauses.append(ContentItem.language == language)
    total = request.dbsession.scalar(
        select(func.count()).select_from(ContentItem).where(*clauses)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(page_number(request), pages)
    waiting_first = case((ContentItem.state == "pending", 0), else_=1)
    items = request.dbsession.scalars(
        select(ContentItem).where(*clauses)
        .order_by(waiting_first, ContentItem.modified_at.desc(), ContentItem.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    pending = request.dbsession.scalar(
        select(func.count()).select_from(ContentItem)
        .where(ContentItem.state == "pending")) or 0

    def page_url(number: int) -> str:
        query = {k: v for k, v in (("state", state), ("language", language)) if v}
        if number > 1:
            query["page"] = str(number)
        return request.route_url("admin.content", _query=query)

    return {"items": items, "total": total, "page": page, "pages": pages, "pending": pending,
            "page_url": page_url, "state": state, "language": language,
            "languages": languages, "states": list(STATE_LABELS.items()),
            "type_labels": TYPE_LABELS, "state_labels": STATE_LABELS,
            "item_url": lambda i, view="": item_url(request, i, view),
            "add_url": lambda lang, kind: root_url(request, lang, "add", type=kind),
            "admin_section": True, "page_title": _("Content")}
