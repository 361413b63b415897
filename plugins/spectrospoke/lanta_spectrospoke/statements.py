"""Monthly commission statements: the office's (every hotel and activity partner) and
each partner's own, with their CSV exports.

Routes (names in :mod:`.routes`): ``spectrospoke.statements`` and
``spectrospoke.statements.csv`` (``spectrospoke.manage``), and the partner pages
``spectrospoke.partner.statement`` and ``spectrospoke.partner.statement.csv``
(``partner.self``, for the account's own listing: a hotel sees its commissions, an
activity partner what it owes to each hotel). The month is ``?month=YYYY-MM`` (the
current one by default). The views live in :mod:`.statements_views`, the file's layout
in :mod:`.statements_csv`, which bookings count in :mod:`.services.statements`.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.dates import format_skeleton
from babel.numbers import format_currency
from translationstring import TranslationString

from lanta import reporting
from lanta.addon_api import AdminMenuEntry
from lanta.services.errors import InvalidField

from . import MANAGE
from .i18n import ADMIN_SECTION, _

MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def includeme(config) -> None:
    config.scan(".statements_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Statements"), request.route_url("spectrospoke.statements"),
                           MANAGE, order=94, name="spectrospoke.statements",
                           section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list:
    return []


def month_period(first: dt.date) -> reporting.Period:
    """The office days of the month that starts on ``first``."""
    after = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return reporting.period(first, after - dt.timedelta(days=1))


def asked_month(request) -> reporting.Period:
    """The month of ``?month=YYYY-MM`` (the current one when absent), or
    :class:`lanta.reporting.BadPeriod` (field ``month``)."""
    text = request.GET.get("month", "").strip()
    if not text:
        return month_period(reporting.today().replace(day=1))
    try:
        if not MONTH.fullmatch(text):
            raise ValueError(text)
        return month_period(dt.date.fromisoformat(text + "-01"))
    except ValueError:
        raise reporting.BadPeriod(_("Give the month as YYYY-MM, like 2026-07."),
                                  "month") from None
    except InvalidField as exc:  # a month out of the years reports may name
        raise reporting.BadPeriod(TranslationString(exc.message, mapping=exc.mapping,
                                                    domain="lanta"), "month") from None


def shown_month(request) -> str:
    """The asked month to show back in its field, only when it is one."""
    text = request.GET.get("month", "").strip()
    try:
        asked_month(request)
    except reporting.BadPeriod:
        return ""
    return text


def month_title(period: reporting.Period, locale: str) -> str:
    """"July 2026" in the page's language."""
    return format_skeleton("yMMMM", period.start, locale=locale)


def money(cents: int, locale: str = "fr") -> str:
    """Cents as euros in the page's language ("12,50 €", "€12.50"): the add-on's one way
    to show money (the office's language when the caller has no page)."""
    return format_currency(Decimal(cents) / 100, "EUR", locale=locale)
