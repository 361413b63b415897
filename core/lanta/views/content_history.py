"""An item's history: its versions, what changed between two, and bringing one back."""
from __future__ import annotations

from babel.dates import format_datetime
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound
from pyramid.view import view_config

from ..i18n import _
from ..models import User
from ..services import content as content_service
from .content_fields import ZONE
from .content_public import breadcrumbs
from .content_resources import ROUTE, ContentResource, item_url


@view_config(route_name=ROUTE, context=ContentResource, name="history",
             renderer="lanta:templates/content_history.pt", permission="content.edit",
             request_method="GET")
def history(context, request):
    item = context.item
    revisions = content_service.history(request.dbsession, item)
    authors = {u.id: u for u in request.dbsession.query(User).filter(
        User.id.in_({r.author_id for r in revisions if r.author_id}))}
    return {"item": item, "revisions": revisions, "authors": authors, "lang": item.language,
            "page_title": _("History of ${title}", mapping={"title": item.title}),
            "item_url": lambda i, view="", **q: item_url(request, i, view, **q),
            "when": lambda value: format_datetime(value.astimezone(ZONE), "medium",
                                                  locale=request.locale_name),
            "crumbs": breadcrumbs(request, item) + [(item.title, item_url(request, item))]}


def _number(request, key: str, default: int) -> int:
    try:
        return int(request.params.get(key, default))
    except ValueError:
        raise HTTPBadRequest() from None


@view_config(route_name=ROUTE, context=ContentResource, name="diff",
             renderer="lanta:templates/content_diff.pt", permission="content.edit",
             request_method="GET")
def compare(context, request):
    item = context.item
    new_number = _number(request, "to", item.head_number)
    old_number = _number(request, "from", new_number - 1)
    old = content_service.revision(request.dbsession, item, old_number)
    new = content_service.revision(request.dbsession, item, new_number)
    field_titles = {"title": _("Title"), "description": _("Summary"), "body": _("Text"),
                    "image": _("Picture")}
    return {"item": item, "old": old, "new": new, "lang": item.language,
            "changes": content_service.diff(old, new), "field_titles": field_titles,
            "page_title": _("Changes to ${title}", mapping={"title": item.title}),
            "history_url": item_url(request, item, "history"),
            "crumbs": breadcrumbs(request, item) + [(item.title, item_url(request, item))]}


@view_config(route_name=ROUTE, context=ContentResource, name="revert",
             permission="content.edit", request_method="POST")
def revert(context, request):
    number = _number(request, "number", 0)
    content_service.revert(request.dbsession, context.item, number, author=request.user)
    request.session.flash(request.localizer.translate(
        _("Version ${number} is back as a new draft.", mapping={"number": number})))
    return HTTPFound(item_url(request, context.item))
