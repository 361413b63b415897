"""The hotels' and headsets' pages (``spectrospoke.manage``): thin views over
:mod:`.services.hotels`.

A refused form is shown again with its message beside the field, the values typed and
the status 400; nothing is stored. A headset's kiosk address is shown in the answer to
the POST that made it (adding or renewing) and never again: only its hash is stored.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config
from translationstring import TranslationString

from lanta import reporting
from lanta.forms import flash
from lanta.models import MAX_ID
from lanta.services.errors import InvalidField, NotFound
from lanta.services.qr_codes import qr_svg_inline

from . import MANAGE
from .hotels import TEMPLATES, local_time, no_store, percent
from .i18n import DOMAIN, _
from .services import hotels as service
from .statements import month_period


def _id(request, name: str) -> int:
    value = int(request.matchdict[name])
    if not 1 <= value <= MAX_ID:
        raise HTTPNotFound()
    return value


def _message(error: InvalidField) -> TranslationString:
    return TranslationString(error.message, domain=getattr(error.message, "domain", None)
                             or DOMAIN, mapping=error.mapping)


def _optional_id(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_ID else None


@view_config(route_name="spectrospoke.hotels.list", renderer=TEMPLATES + "hotels_list.pt",
             permission=MANAGE, request_method=("GET", "POST"))
def hotels_list(request):
    """The hotels with their headsets and this month's bookings; POST signs one up."""
    values = {"partner_id": "", "rate": "10", "note": ""}
    errors: dict[str, TranslationString] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        try:
            rate = service.parse_rate(values["rate"])
            hotel = service.add_hotel(request.dbsession, _optional_id(values["partner_id"]),
                                      rate, values["note"])
        except InvalidField as error:
            errors[error.on] = _message(error)
            request.response.status = 400
        else:
            flash(request, _("The hotel is signed up: add its headsets."))
            return HTTPFound(request.route_url("spectrospoke.hotels.edit",
                                               partner_id=hotel.partner_id))
    month = month_period(reporting.today().replace(day=1))
    lang = request.locale_name
    return {"admin_section": True, "page_title": _("Hotels and headsets"),
            "rows": service.overview(request.dbsession, *month.bounds),
            "candidates": [(str(p.id), p.text("name", lang), p.category)
                           for p in service.candidates(request.dbsession)],
            "values": values, "errors": errors, "lang": lang,
            "percent": lambda bp: percent(bp, lang)}


def _edit_page(request, hotel, partner, **extra) -> dict:
    lang = request.locale_name
    page = {"admin_section": True, "hotel": hotel, "partner": partner, "lang": lang,
            "page_title": _("Hotel ${name}", mapping={"name": partner.text("name", lang)}),
            "rates": service.rates_of(request.dbsession, hotel.partner_id),
            "activities": [(str(p.id), p.text("name", lang))
                           for p in service.activity_partners(request.dbsession)],
            "headsets": service.headsets_of(request.dbsession, hotel.partner_id),
            "settings": {"rate": service.rate_text(hotel.default_rate_bp),
                         "note": hotel.note},
            "new_rate": {"activity_id": "", "rate": ""}, "new_headset": {"label": ""},
            "errors": {}, "percent": lambda bp: percent(bp, lang), "local_time": local_time}
    page.update(extra)
    return page


def _hotel(request):
    try:
        return service.get_hotel(request.dbsession, _id(request, "partner_id"))
    except NotFound:
        raise HTTPNotFound() from None


@view_config(route_name="spectrospoke.hotels.edit", renderer=TEMPLATES + "hotel_edit.pt",
             permission=MANAGE, request_method=("GET", "POST"))
def hotel_edit(request):
    """GET shows the hotel; POST saves its settings (``save``), sets a rate for an
    activity (``set_rate``) or removes one (``remove_rate``)."""
    hotel, partner = _hotel(request)
    here = request.route_url("spectrospoke.hotels.edit", partner_id=hotel.partner_id)
    if request.method != "POST":
        return _edit_page(request, hotel, partner)
    post = request.POST
    extra: dict = {}
    try:
        if "remove_rate" in post:
            service.remove_rate(request.dbsession, hotel.partner_id,
                                _optional_id(post["remove_rate"]) or 0)
            flash(request, _("The activity is back to the default rate."))
            return HTTPFound(here + "#spectro-rates")
        if "set_rate" in post:
            new_rate = {"activity_id": post.get("activity_id", ""),
                        "rate": post.get("rate", "")}
            extra = {"new_rate": new_rate}
            service.set_rate(request.dbsession, hotel.partner_id,
                             _optional_id(new_rate["activity_id"]),
                             service.parse_rate(new_rate["rate"]))
            flash(request, _("The rate is saved; it applies to the bookings made from now "
                             "on."))
            return HTTPFound(here + "#spectro-rates")
        settings = {"rate": post.get("default_rate", "").strip(),
                    "note": post.get("note", "").strip()}
        extra = {"settings": settings}
        service.update_hotel(request.dbsession, hotel,
                             service.parse_rate(settings["rate"], on="default_rate"),
                             settings["note"])
    except InvalidField as error:
        # Every value is checked before anything changes: nothing is stored.
        request.response.status = 400
        return _edit_page(request, hotel, partner, errors={error.on: _message(error)},
                          **extra)
    flash(request, _("The hotel's settings are saved."))
    return HTTPFound(here)


def _address_page(request, headset, token: str, hotel, partner, renewed: bool) -> dict:
    no_store(request)
    url = request.route_url("spectrospoke.kiosk", token=token)
    label = request.localizer.translate(_("QR code of the kiosk address"))
    return {"admin_section": True, "headset": headset, "partner": partner, "url": url,
            "renewed": renewed,
            "qr_code": qr_svg_inline(url, label=label),
            "back_url": request.route_url("spectrospoke.hotels.edit",
                                          partner_id=hotel.partner_id),
            "page_title": _("Kiosk address of ${label}", mapping={"label": headset.label})}


@view_config(route_name="spectrospoke.headsets.add", renderer=TEMPLATES + "hotel_edit.pt",
             permission=MANAGE, request_method="POST")
def headset_add(request):
    hotel, partner = _hotel(request)
    label = request.POST.get("label", "")
    try:
        headset, token = service.add_headset(request.dbsession, hotel.partner_id, label)
    except InvalidField as error:
        request.response.status = 400
        return _edit_page(request, hotel, partner, new_headset={"label": label.strip()},
                          errors={"label": _message(error)})
    request.override_renderer = TEMPLATES + "hotel_headset.pt"
    return _address_page(request, headset, token, hotel, partner, renewed=False)


def _headset(request):
    try:
        headset = service.get_headset(request.dbsession, _id(request, "id"))
    except NotFound:
        raise HTTPNotFound() from None
    hotel, partner = service.get_hotel(request.dbsession, headset.hotel_id)
    return headset, hotel, partner


@view_config(route_name="spectrospoke.headsets.renew",
             renderer=TEMPLATES + "hotel_headset.pt", permission=MANAGE,
             request_method="POST")
def headset_renew(request):
    """A new kiosk address: the old one stops at once."""
    headset, hotel, partner = _headset(request)
    headset, token = service.renew_headset(request.dbsession, headset.id)
    return _address_page(request, headset, token, hotel, partner, renewed=True)


@view_config(route_name="spectrospoke.headsets.remove", permission=MANAGE,
             request_method="POST")
def headset_remove(request):
    """The headset stops; its views and bookings stay its hotel's."""
    headset, hotel, _partner = _headset(request)
    service.remove_headset(request.dbsession, headset.id)
    flash(request, _("The headset ${label} is removed: its kiosk address no longer works.",
                     mapping={"label": headset.label}))
    return HTTPFound(request.route_url("spectrospoke.hotels.edit",
                                       partner_id=hotel.partner_id) + "#spectro-headsets")
