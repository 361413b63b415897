"""How an offer reads on the offers' pages, the reports, the partner page and the
visitor's card page: its kind and value in words, its status, its validity in office
days, the labels of the targeting choices and the names of languages, in the page's
language."""
from __future__ import annotations

import datetime as dt
from typing import Any

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_currency, format_percent

from .i18n import _
from .models import Offer
from .services.clock import office_date

KIND_LABELS = {
    "percent": _("Percentage off"),
    "amount": _("Amount off"),
    "gift": _("Gift"),
    "free_entry": _("Free entry"),
    "priority": _("Priority access"),
}
STATUS_LABELS = {
    "proposed": _("Waiting for approval"),
    "approved": _("Approved"),
    "withdrawn": _("Withdrawn"),
}
# The languages visitors of the valley speak most; an offer may keep others it was given.
TARGET_LANGUAGES = ("fr", "en", "es", "de", "it", "nl")


def language_name(code: str, locale: str) -> str:
    """A language's name in ``locale``, capitalised; the code itself when unknown."""
    try:
        name = Locale.parse(code).get_display_name(locale) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def language_choices(locale: str, keep: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    codes = list(TARGET_LANGUAGES) + [c for c in keep if c not in TARGET_LANGUAGES]
    return [(code, language_name(code, locale)) for code in codes]


def month_choices(locale: str) -> list[tuple[str, str]]:
    names = get_month_names("wide", locale=locale)
    return [(str(n), names[n][:1].upper() + names[n][1:]) for n in range(1, 13)]


def value_text(offer: Offer, locale: str) -> str:
    """``10 %``, ``5,50 €``, or the kind itself for offers without a value."""
    if offer.kind == "percent" and offer.value is not None:
        return format_percent(offer.value / 100, locale=locale)
    if offer.kind == "amount" and offer.value is not None:
        return format_currency(offer.value / 100, "EUR", locale=locale)
    return ""


def value_label(offer: Offer, locale: str):
    """What a visitor reads first: the value (``10 %``, ``5,50 €``), or the kind's name
    (a translation string) for a gift, a free entry or priority access."""
    return value_text(offer, locale) or KIND_LABELS[offer.kind]


def last_valid_day(offer: Offer) -> dt.date | None:
    """The last office day of the window: ``valid_until`` is the first instant after it."""
    if offer.valid_until is None:
        return None
    return office_date(offer.valid_until - dt.timedelta(microseconds=1))


def first_valid_day(offer: Offer) -> dt.date | None:
    return office_date(offer.valid_from) if offer.valid_from is not None else None


def validity_text(offer: Offer, locale: str):
    """The window in office days, as a translation string."""
    first, last = first_valid_day(offer), last_valid_day(offer)

    def day(value: dt.date) -> str:
        return format_date(value, "medium", locale=locale)
    if first and last:
        return _("From ${start} to ${end}", mapping={"start": day(first), "end": day(last)})
    if first:
        return _("From ${start}", mapping={"start": day(first)})
    if last:
        return _("Until ${end}", mapping={"end": day(last)})
    return _("No end date")


def row(offer: Offer, partner, uses: int, locale: str) -> dict[str, Any]:
    """What the offers' tables show of one offer."""
    return {
        "offer": offer,
        "title": offer.text_for("title", locale),
        "partner_name": partner.text("name", locale) if partner is not None else "",
        "kind": KIND_LABELS[offer.kind],
        "value": value_text(offer, locale),
        "status": STATUS_LABELS[offer.status],
        "validity": validity_text(offer, locale),
        "uses": uses,
    }
