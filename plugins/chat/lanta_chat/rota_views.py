"""The rota's page (``chat.answer``): a month's calendar of who is on duty, the rotation
and the coming swaps; and its forms (``chat.manage``): the rotation, a swap, removing one.

Thin views over :mod:`.services.rota`: a refused form re-shows the whole page with the
messages beside the fields, status 400 (404 for a swap removed meanwhile), and nothing
written. Plain forms carrying the
CSRF token: the rotation's form has one field per person, which a fixed deform schema
does not fit.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from babel.dates import format_date, get_day_names
from pyramid.httpexceptions import HTTPFound
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from lanta.forms import flash
from lanta.models import User
from lanta.services.errors import InvalidField

from . import ANSWER, MANAGE
from .i18n import _
from .models import utcnow
from .services import hours, rota
from .services.clock import office_day

TEMPLATE = "lanta_chat:templates/rota.pt"
MONTH = re.compile(r"(20[0-9]{2})-(0[1-9]|1[0-2])")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
POSITION = re.compile(r"[0-9]{1,2}")
# str.isdigit() takes "²" and other digits that int() refuses.
USER_ID = re.compile(r"[0-9]{1,9}")
SWAP_WEEKS = 6


def _today() -> dt.date:
    return office_day(utcnow())


def parse_day(value: str) -> dt.date | None:
    """A "YYYY-MM-DD" date (what a date input sends), or None."""
    value = (value or "").strip()
    if not DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _month_first(value: str | None, today: dt.date) -> dt.date | None:
    """The first day of ``?month=YYYY-MM``; today's month when absent; None if unreadable."""
    if value is None or value == "":
        return today.replace(day=1)
    found = MONTH.fullmatch(value.strip())
    return dt.date(int(found.group(1)), int(found.group(2)), 1) if found else None


def _shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _weeks(request, first: dt.date, today: dt.date, names: dict[int, str]) -> list[list]:
    """The month's weeks, Monday first: a cell per day (None outside the month)."""
    dbsession = request.dbsession
    last = _shift(first, 1) - dt.timedelta(days=1)
    weekly, closed = hours.weekly(dbsession), set(hours.closed_days(dbsession))
    days = rota.calendar(dbsession, first, last.day)
    names.update(rota.names(dbsession, [user_id for _d, user_id, _s in days]))
    cells: list[dict[str, Any] | None] = [None] * first.weekday()
    for day, user_id, swapped in days:
        is_closed = day in closed or not weekly.get(hours.DAY_KEYS[day.weekday()])
        cells.append({
            "day": day, "number": day.day, "today": day == today, "closed": is_closed,
            "name": "" if is_closed else names.get(user_id, ""),
            "swapped": swapped and not is_closed,
            "label": format_date(day, "full", locale=request.locale_name)})
    cells += [None] * (-len(cells) % 7)
    return [cells[n:n + 7] for n in range(0, len(cells), 7)]


def rota_values(request, *, first: dt.date | None = None, errors: dict | None = None,
                form: dict | None = None) -> dict[str, Any]:
    """What the rota's page shows; ``form`` holds the values a refused form sent."""
    dbsession, locale = request.dbsession, request.locale_name
    today = _today()
    first = first or today.replace(day=1)
    members = rota.members(dbsession)
    swaps = rota.swaps_from(dbsession, today, SWAP_WEEKS * 7)
    people = rota.candidates(dbsession)
    names = {u.id: u.display_name or u.email for u in people}
    names.update(rota.names(dbsession, [*members, *(s.user_id for s in swaps)]))
    weeks = _weeks(request, first, today, names)
    positions = {uid: str(n + 1) for n, uid in enumerate(members)}
    form = form or {}
    choices = people + _former(dbsession, members, people)
    month = lambda d: d.strftime("%Y-%m")  # noqa: E731 - two uses, one line each
    return {
        "admin_section": True, "page_title": _("Chat rota"),
        "errors": errors or {}, "can_manage": request.has_permission(MANAGE),
        "month_title": format_date(first, "LLLL y", locale=locale),
        "day_names": [get_day_names("wide", locale=locale)[n] for n in range(7)],
        "day_abbrs": [get_day_names("abbreviated", locale=locale)[n] for n in range(7)],
        "weeks": weeks, "today": today,
        "previous_url": request.route_url("chat.rota", _query={
            "month": month(_shift(first, -1))}),
        "next_url": request.route_url("chat.rota", _query={"month": month(_shift(first, 1))}),
        "current_url": request.route_url("chat.rota"),
        "rotation": [names.get(uid, "") for uid in members],
        "start": format_date(rota.start(dbsession), "full", locale=locale),
        "people": [{"id": u.id, "name": names.get(u.id, ""),
                    "position": form.get(f"position-{u.id}", positions.get(u.id, ""))}
                   for u in choices],
        "start_value": form.get("start", rota.start(dbsession).isoformat()),
        "swaps": [{"day": s.day.isoformat(), "label": format_date(s.day, "full", locale=locale),
                   "name": names.get(s.user_id, ""), "note": s.note,
                   "instead": names.get(rota.rotation_member(dbsession, s.day, members), "")}
                  for s in swaps],
        "swap_form": {"day": form.get("day", ""), "user": form.get("user", ""),
                      "note": form.get("note", "")},
        "min_day": today.isoformat(),
    }


def _former(dbsession, members: list[int], people) -> list:
    """Members no longer able to be on duty (left, or now another role): still listed in
    the rotation's form so that they can be taken out."""
    ids = {u.id for u in people}
    return [u for u in (dbsession.get(User, uid) for uid in members if uid not in ids) if u]


def _refused(request, errors: dict, form: dict, status: int = 400):
    response = render_to_response(TEMPLATE, rota_values(request, errors=errors, form=form),
                                  request=request)
    response.status = status
    return response


@view_config(route_name="chat.rota", permission=ANSWER, request_method="GET")
def rota_page(request):
    today = _today()
    first = _month_first(request.GET.get("month"), today)
    errors = {}
    if first is None:
        errors["month"] = _("This month cannot be read: write it as year-month, for "
                            "example 2026-12. Here is the current month.")
    response = render_to_response(TEMPLATE, rota_values(request, first=first, errors=errors),
                                  request=request)
    if errors:
        response.status = 400
    return response


@view_config(route_name="chat.rota.rotation", permission=MANAGE, request_method="POST")
def rotation_save(request):
    post = request.POST
    form = {key: post.get(key, "")[:20] for key in post if key.startswith("position-")}
    form["start"] = post.get("start", "")[:20]
    errors: dict[str, Any] = {}
    ordered: list[tuple[int, int]] = []
    for key, value in form.items():
        if not key.startswith("position-") or not value.strip():
            continue
        user_id = key.removeprefix("position-")
        if not (POSITION.fullmatch(value.strip()) and USER_ID.fullmatch(user_id)
                and int(value) >= 1):
            errors[key] = _("Enter a whole number from 1 to 99, or leave it empty.")
            continue
        ordered.append((int(value), int(user_id)))
    taken = [pos for pos, _uid in ordered]
    if len(set(taken)) != len(taken):
        errors["members"] = _("Two people have the same position: give each a number "
                              "of their own.")
    start_day = parse_day(form["start"])
    if start_day is None:
        errors["start"] = _("Enter the day the rotation starts.")
    if not errors:
        try:
            rota.set_rotation(request.dbsession, [uid for _pos, uid in sorted(ordered)],
                              start_day)
        except InvalidField as exc:
            errors[exc.on] = _(exc.message, mapping=exc.mapping)
    if errors:
        return _refused(request, errors, form)
    flash(request, _("Rotation saved."))
    return HTTPFound(request.route_url("chat.rota", _anchor="rotation"))


@view_config(route_name="chat.rota.swaps", permission=MANAGE, request_method="POST")
def swap_save(request):
    post = request.POST
    form = {"day": post.get("day", "")[:20], "user": post.get("user", "")[:12],
            "note": post.get("note", "")[:400]}
    errors: dict[str, Any] = {}
    day = parse_day(form["day"])
    if day is None:
        errors["day"] = _("Enter the day to give to someone else.")
    if not USER_ID.fullmatch(form["user"]):
        errors["user"] = _("Choose who is on duty that day.")
    if not errors:
        try:
            rota.set_swap(request.dbsession, day, int(form["user"]),
                          " ".join(form["note"].split()),
                          by_user_id=request.user.id, today=_today())
        except InvalidField as exc:
            errors[exc.on] = _(exc.message, mapping=exc.mapping)
    if errors:
        return _refused(request, {f"swap_{k}": v for k, v in errors.items()}, form)
    flash(request, _("Swap saved."))
    return HTTPFound(request.route_url("chat.rota", _anchor="swaps"))


@view_config(route_name="chat.rota.swaps.remove", permission=MANAGE, request_method="POST")
def swap_remove(request):
    day = parse_day(request.POST.get("day", ""))
    if day is None or rota.swap_on(request.dbsession, day) is None:
        return _refused(request, {"swaps": _("This swap no longer exists.")}, {}, 404)
    rota.remove_swap(request.dbsession, day)
    flash(request, _("Swap removed: the rotation decides that day again."))
    return HTTPFound(request.route_url("chat.rota", _anchor="swaps"))
