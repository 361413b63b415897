"""The moderation pages (``/admin/imagewall/``, ``imagewall.moderate``): the queue
with its tabs, kind filter, quick buttons and bulk actions; an item's page (preview,
edit form, decisions, retry, deletion); the contributors' removals.

Thin views over :mod:`.services.moderation`: a refused action re-shows its page with
the message (beside the field concerned when there is one), the error's status, the
values typed, and nothing written.
"""
from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from lanta.forms import flash
from lanta.models import utcnow
from lanta.pictures import image_url, picture
from lanta.services.errors import DomainError, InvalidField, NotFound

from . import MODERATE
from . import moderation as pages
from .i18n import DOMAIN, _
from .models import Item
from .services import moderation, places, webcams

QUEUE = "lanta_imagewall:templates/queue.pt"
ITEM = "lanta_imagewall:templates/item_edit.pt"
CONTRIBUTORS = "lanta_imagewall:templates/contributors.pt"
BULK_ACTIONS = {"approve": _("Approve"), "reject": _("Reject (with the reason below)"),
                "feature": _("Feature"), "unfeature": _("Stop featuring"),
                "delete": _("Delete, with their files")}
DONE = {"approve": _("Items approved: ${count}."), "reject": _("Items rejected: ${count}."),
        "feature": _("Items featured: ${count}."),
        "unfeature": _("Items no longer featured: ${count}."),
        "delete": _("Items deleted: ${count}."),
        "retry": _("Items given back to processing: ${count}.")}


def _translated(error: DomainError):
    return _(error.message, mapping=error.mapping)


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


def _where(params) -> dict[str, Any]:
    """The queue's tab, kind filter and page from a query or a posted form."""
    tab = params.get("tab", "waiting")
    kind = params.get("kind", "")
    return {"tab": tab if tab in moderation.TABS else "waiting",
            "kind": kind if kind in moderation.KIND_FILTERS else "",
            "page": _page_number(params.get("page"))}


def _queue_url(request, where: dict[str, Any]) -> str:
    defaults = {"tab": "waiting", "kind": "", "page": 1}  # left out: shorter addresses
    query = {key: value for key, value in where.items() if value != defaults.get(key)}
    return request.route_url("imagewall.queue", _query=query)


def _queue_page(request, where: dict[str, Any], *, error=None, chosen=frozenset(),
                action: str = "", reason: str = "") -> dict[str, Any]:
    dbsession = request.dbsession
    found = moderation.queue(dbsession, where["tab"], where["kind"], where["page"])
    partners = places.published_partners(dbsession, (i.partner_id for i in found.items))
    lang = request.locale_name
    tab_urls = {tab: _queue_url(request, {"tab": tab, "kind": where["kind"]})
                for tab in moderation.TABS}
    return {"found": found, "where": {**where, "page": found.page}, "error": error,
            "chosen": set(chosen), "action": action, "reason": reason,
            "place": lambda item: (partners[item.partner_id].text("name", lang)
                                   if item.partner_id in partners else item.place_name),
            "thumbnail": lambda item: pages.thumbnail(request, item),
            "tags": lambda item: pages.tag_names(request, item),
            "page_url": lambda number: _queue_url(request, {**where, "page": number}),
            "tab_urls": tab_urls, "tab_labels": pages.TAB_LABELS,
            "kind_labels": pages.KIND_FILTER_LABELS, "bulk_actions": BULK_ACTIONS,
            "labels": _labels(), "stylesheet": pages.STYLESHEET, "script": pages.SCRIPT,
            "admin_section": True, "page_title": _("Image wall: moderation")}


def _labels() -> dict[str, dict]:
    return {"kind": pages.KIND_LABELS, "status": pages.STATUS_LABELS,
            "processing": pages.PROCESSING_LABELS}


@view_config(route_name="imagewall.queue", renderer=QUEUE, permission=MODERATE,
             request_method="GET")
def queue(request):
    return _queue_page(request, _where(request.GET))


def _chosen_ids(post) -> list[int]:
    return [int(value) for value in post.getall("item") if value.isdigit() and len(value) < 12]


def _act(request, action: str, items: list[Item], reason: str) -> int:
    """Apply ``action`` to ``items``; a refusal raises its domain error."""
    dbsession, user, now = request.dbsession, request.user.id, utcnow()
    if action == "approve":
        return moderation.approve(dbsession, items, user, now)
    if action == "reject":
        pages.send_rejections(request, moderation.reject(dbsession, items, user, now, reason))
        return len(items)
    if action in ("feature", "unfeature"):
        return moderation.feature(dbsession, items, user, now, on=action == "feature")
    if action == "retry":
        for item in items:
            moderation.retry(dbsession, item)
        return len(items)
    if action == "delete":
        return moderation.delete(dbsession, request.registry.lanta_settings.uploads_dir,
                                 items, request.tm)
    raise DomainError("Choose what to do with the items.")


@view_config(route_name="imagewall.bulk", renderer=QUEUE, permission=MODERATE,
             request_method="POST")
def bulk(request):
    """The queue's form: a quick button (``quick=ACTION:ID``) acts on its row; the bulk
    button on every row ticked, with one reason for a rejection and a confirmation for
    a deletion."""
    post, where = request.POST, _where(request.POST)
    quick = post.get("quick", "")
    if quick:
        action, _sep, one = quick.partition(":")
        ids = [int(one)] if one.isdigit() and len(one) < 12 else []
    else:
        action, ids = post.get("action", ""), _chosen_ids(post)
    reason = post.get("reason", "")
    try:
        if action not in BULK_ACTIONS and not (quick and action == "retry"):
            raise DomainError("Choose what to do with the items.")
        items = moderation.items_by_ids(request.dbsession, ids)
        if not items:
            raise DomainError("Tick at least one item.")
        if action == "delete" and post.get("confirm") != "yes":
            raise InvalidField("Tick the box confirming the deletion: it cannot be undone.",
                               on="confirm")
        count = _act(request, action, items, reason)
    except DomainError as exc:
        request.response.status = exc.status
        return _queue_page(request, where, error=_translated(exc), chosen=set(ids),
                           action=action, reason=reason)
    flash(request, _(DONE[action], mapping={"count": count}))
    return HTTPSeeOther(_queue_url(request, where))


# --- one item --------------------------------------------------------------------------------


def _item_or_404(request) -> Item:
    try:
        return moderation.get(request.dbsession, int(request.matchdict["id"]))
    except (ValueError, NotFound):
        raise HTTPNotFound() from None


# The fields of the item form and of the webcam forms (the same names in both).
FORM_FIELDS = ("caption", "credit", "place_name", "partner_id", "lat", "lon", "kind", "url",
               "refresh_s")


def item_values(item: Item) -> dict[str, Any]:
    """What the item's forms show of ``item``, as text."""
    return {"caption": item.caption, "credit": item.credit, "place_name": item.place_name,
            "partner_id": str(item.partner_id or ""), "tags": set(item.tags or ()),
            "lat": "" if item.lat is None else str(item.lat),
            "lon": "" if item.lon is None else str(item.lon),
            "kind": item.kind, "url": item.webcam_url or "",
            "refresh_s": str(item.refresh_s or "")}


def posted_values(post) -> dict[str, Any]:
    """What a refused item or webcam form shows again: the values as typed."""
    values = {key: post.get(key, "") for key in FORM_FIELDS}
    values["tags"] = set(post.getall("tags"))
    return values


def partner_choices(request) -> list[tuple[str, str]]:
    """The published listings as (id, name), sorted by name in the page's language."""
    return places.partner_choices(request.dbsession, request.locale_name)


def _item_page(request, item: Item, values: dict[str, Any], *, errors=None, error=None,
               reason: str = "") -> dict[str, Any]:
    partner = places.published_partners(request.dbsession, [item.partner_id])
    video_src = (request.route_url("imagewall.video", name=item.video_name)
                 if item.kind == "clip" and item.video_name else "")
    poster = image_url(request, item.image, 1280) if item.image is not None \
        and item.image.widths else ""
    return {"item": item, "values": values, "errors": errors or {}, "error": error,
            "reason": reason if reason else item.reject_reason,
            "picture": pages.thumbnail(request, item) if item.kind == "photo" else "",
            "large_picture": _large_picture(request, item), "video_src": video_src,
            "poster": poster, "partner": partner.get(item.partner_id),
            "partner_choices": partner_choices(request), "tag_labels": pages.TAG_LABELS,
            "labels": _labels(), "kinds": webcams_kinds(),
            "stylesheet": pages.STYLESHEET, "script": pages.SCRIPT,
            "back_url": request.route_url("imagewall.queue"), "admin_section": True,
            "page_title": _("Item ${id} of the image wall", mapping={"id": item.id})}


def webcams_kinds() -> dict:
    return {kind: pages.KIND_LABELS[kind] for kind in ("webcam_image", "webcam_stream")}


def _large_picture(request, item: Item):
    if item.kind != "photo" or item.image is None or not item.image.widths:
        return ""
    return picture(request, item.image, sizes="(max-width: 40rem) 100vw, 40rem", lazy=False)


def _save(request, item: Item) -> Any:
    post = request.POST
    details = moderation.details_from_form(post, post.getall("tags"))
    if item.is_webcam:
        webcams.update(request.dbsession, item, webcams.WebcamInput(
            kind=post.get("kind", ""), url=post.get("url", ""), details=details,
            refresh_s=webcams.refresh_from_text(post.get("refresh_s"))), by_office=True)
    else:
        moderation.edit(request.dbsession, item, details)
    return _("Item saved.")


def _decide(request, item: Item, action: str) -> Any:
    if action == "save":
        return _save(request, item)
    if action not in ("approve", "reject", "feature", "unfeature"):
        raise DomainError("Choose what to do with the items.")
    _act(request, action, [item], request.POST.get("reason", ""))
    return {"approve": _("Item approved: it is on the wall."),
            "reject": _("Item rejected."), "feature": _("Item featured."),
            "unfeature": _("Item no longer featured.")}[action]


@view_config(route_name="imagewall.items.edit", renderer=ITEM, permission=MODERATE,
             request_method=("GET", "POST"))
def item_edit(request):
    item = _item_or_404(request)
    if request.method == "GET":
        return _item_page(request, item, item_values(item))
    action = request.POST.get("action", "")
    try:
        message = _decide(request, item, action)
    except InvalidField as exc:
        request.response.status = exc.status
        values = posted_values(request.POST) if action == "save" else item_values(item)
        return _item_page(request, item, values, errors={exc.on: _translated(exc)},
                          reason=request.POST.get("reason", ""))
    except DomainError as exc:
        request.response.status = exc.status
        return _item_page(request, item, item_values(item), error=_translated(exc))
    flash(request, message)
    return HTTPSeeOther(request.route_url("imagewall.items.edit", id=item.id))


@view_config(route_name="imagewall.items.retry", permission=MODERATE, request_method="POST")
def item_retry(request):
    item = _item_or_404(request)
    try:
        moderation.retry(request.dbsession, item)
    except DomainError as exc:
        request.response.status = exc.status
        return _render_item(request, item, _translated(exc))
    flash(request, _("The item will be processed again in a moment."))
    return HTTPSeeOther(request.route_url("imagewall.items.edit", id=item.id))


def _render_item(request, item: Item, error):
    return render_to_response(ITEM, _item_page(request, item, item_values(item), error=error),
                              request=request, response=request.response)


@view_config(route_name="imagewall.items.delete", permission=MODERATE,
             request_method="POST")
def item_delete(request):
    item = _item_or_404(request)
    if request.POST.get("confirm") != "yes":
        request.response.status = 400
        return _render_item(request, item, _("Tick the box confirming the deletion: it "
                                             "cannot be undone."))
    moderation.delete(request.dbsession, request.registry.lanta_settings.uploads_dir,
                      [item], request.tm)
    flash(request, _("Item ${id} deleted, with its files.", mapping={"id": item.id}))
    return HTTPSeeOther(request.route_url("imagewall.queue"))


# --- contributors ------------------------------------------------------------------------


@view_config(route_name="imagewall.contributors", renderer=CONTRIBUTORS,
             permission=MODERATE, request_method=("GET", "POST"))
def contributors(request):
    """Find a contributor's items by e-mail, and remove them all on their request."""
    dbsession = request.dbsession
    params = request.POST if request.method == "POST" else request.GET
    email = moderation.normalised_email(params.get("email"))
    error = None
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("Tick the box confirming the removal: it cannot be undone.")
            request.response.status = 400
        else:
            count = moderation.remove_contributor_items(
                dbsession, request.registry.lanta_settings.uploads_dir, email, request.tm)
            flash(request, request.localizer.pluralize(
                "${count} item of this contributor removed, with its files.",
                "${count} items of this contributor removed, with their files.", count,
                domain=DOMAIN, mapping={"count": count}))
            # Back to the bare page: an address with the e-mail would sit in the
            # access logs of every proxy on the way.
            return HTTPSeeOther(request.route_url("imagewall.contributors"))
    items = moderation.contributor_items(dbsession, email)
    return {"email": email, "items": items, "error": error, "searched": bool(email),
            "thumbnail": lambda item: pages.thumbnail(request, item), "labels": _labels(),
            "stylesheet": pages.STYLESHEET, "back_url": request.route_url("imagewall.queue"),
            "admin_section": True, "page_title": _("Contributors' items")}
