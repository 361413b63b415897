"""The office's hours for the chat (``chat.manage``): seven days of up to two slots each,
and the days the office is closed (public holidays), saved by
:func:`lanta_chat.services.hours.save`.

A plain form with the CSRF token: fourteen pairs of time inputs and a list of dates do
not need deform. A refused form comes back with every message beside its field, status
400, and nothing written. Stored hours with more than two slots a day (written by hand)
show their first two, and saving keeps those two only.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from babel.dates import format_date, get_day_names
from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config

from lanta.forms import flash
from lanta.services.errors import InvalidField

from . import MANAGE
from .i18n import _
from .services import hours

TEMPLATE = "lanta_chat:templates/hours.pt"
SLOTS = (1, 2)
TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])(:00)?")
FRENCH_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
MAX_CLOSED = 100


def _stored_form(dbsession) -> dict[str, str]:
    """The form's values from the stored hours ("24:00" is shown as "00:00", midnight:
    a time input cannot hold "24:00")."""
    form: dict[str, str] = {}
    for day, slots in hours.weekly(dbsession).items():
        for n, slot in zip(SLOTS, slots):
            form[f"{day}-{n}-from"] = slot[0]
            form[f"{day}-{n}-to"] = "00:00" if slot[1] == "24:00" else slot[1]
    form["closed"] = "\n".join(d.isoformat() for d in hours.closed_days(dbsession))
    return form


def _time(value: str) -> str | None:
    found = TIME.fullmatch(value.strip())
    return f"{found.group(1)}:{found.group(2)}" if found else None


def parse_closed(text: str) -> tuple[list[dt.date], list[str]]:
    """The dates of ``text``, one a line ("2026-12-25" or "25/12/2026"), and the lines
    that are not dates."""
    days, bad = [], []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        found = FRENCH_DATE.fullmatch(line)
        try:
            days.append(dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
                        if found else dt.date.fromisoformat(line))
        except ValueError:
            bad.append(line[:40])
    return sorted(set(days)), bad


def parse_week(form: dict[str, str]) -> tuple[dict[str, list[list[str]]], dict[str, Any]]:
    """The weekly schedule of the form's fields, and the errors by slot (``mon-1``)."""
    weekly: dict[str, list[list[str]]] = {}
    errors: dict[str, Any] = {}
    for day in hours.DAY_KEYS:
        slots: list[list[str]] = []
        for n in SLOTS:
            key = f"{day}-{n}"
            raw_from, raw_to = form.get(f"{key}-from", ""), form.get(f"{key}-to", "")
            if not raw_from.strip() and not raw_to.strip():
                continue
            start, end = _time(raw_from), _time(raw_to)
            if start is None or end is None:
                errors[key] = _("Give both times of the slot (hours:minutes), or neither.")
                continue
            # Midnight as an end closes the day; any other end must come after the start.
            if end == "00:00":
                end = "24:00"
            elif end <= start:
                errors[key] = _("A slot must end after it starts.")
                continue
            if slots and start < slots[-1][1]:
                errors[key] = _("The second slot must start after the first one ends.")
                continue
            slots.append([start, end])
        weekly[day] = slots
    return weekly, errors


def _values(request, form: dict[str, str], errors: dict[str, Any]) -> dict[str, Any]:
    locale = request.locale_name
    names = get_day_names("wide", locale=locale)
    return {"admin_section": True, "page_title": _("Chat office hours"), "errors": errors,
            "form": form, "slots": SLOTS,
            "days": [{"key": key, "name": names[n]} for n, key in enumerate(hours.DAY_KEYS)],
            "closed_list": [format_date(d, "full", locale=locale)
                            for d in hours.closed_days(request.dbsession)]}


@view_config(route_name="chat.hours", permission=MANAGE, request_method=("GET", "POST"),
             renderer=TEMPLATE)
def hours_page(request):
    if request.method == "GET":
        return _values(request, _stored_form(request.dbsession), {})
    fields = [f"{d}-{n}-{end}" for d in hours.DAY_KEYS for n in SLOTS for end in ("from", "to")]
    form = {name: request.POST.get(name, "")[:10] for name in fields}
    form["closed"] = request.POST.get("closed", "")[:4000]
    weekly, errors = parse_week(form)
    closed, bad = parse_closed(form["closed"])
    if bad:
        errors["closed"] = _("These lines are not dates (write 2026-12-25 or 25/12/2026): "
                             "${lines}", mapping={"lines": ", ".join(bad[:5])})
    elif len(closed) > MAX_CLOSED:
        errors["closed"] = _("At most ${max} closed days.", mapping={"max": MAX_CLOSED})
    if not errors:
        try:
            hours.save(request.dbsession, weekly, closed)
        except InvalidField as exc:
            errors["hours"] = _(exc.message, mapping=exc.mapping)
    if errors:
        request.response.status = 400
        return _values(request, form, errors)
    flash(request, _("Office hours saved: the chat widget follows them at once."))
    return HTTPFound(request.route_url("chat.hours"))
