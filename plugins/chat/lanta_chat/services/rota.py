"""Who is on duty on a given day: a rotation among the members, plus swaps.

The rotation turns on the office's open weekdays (the days of the week that have hours):
the first member takes the rota's start day (or the first open weekday after it), the
next member the next open weekday, and so on round the list. Days without hours in the
weekly schedule take no turn, so a closed Sunday never eats someone's turn; a closed day
listed as an exception (a public holiday) does take its turn, which keeps the calendar
that the team printed true for the rest of the year. A swap gives one day to someone else.

With nobody in the rotation, there is no duty: every staff member answers (see
:mod:`.online`).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta.models import SiteSetting, User
from lanta.services.errors import InvalidField

from ..i18n import _
from ..models import RotaMember, RotaSwap
from . import hours

START_KEY = "chat.rota.start"
DEFAULT_START = dt.date(2026, 1, 5)  # a Monday
# The roles that hold chat.answer (the admin holds every permission): only they can be
# on duty, or the widget would show the office closed on their days for ever.
DUTY_ROLES = ("staff", "admin")


def candidates(dbsession: Session) -> list[User]:
    """The accounts that may be on duty (active, staff or admin), by name."""
    found = dbsession.scalars(select(User).where(User.role.in_(DUTY_ROLES),
                                                 User.active.is_(True)))
    return sorted(found, key=lambda u: ((u.display_name or u.email).lower(), u.id))


def _check_candidate(dbsession: Session, user_id: int, on: str) -> None:
    user = dbsession.get(User, user_id)
    if user is None or not user.active or user.role not in DUTY_ROLES:
        raise InvalidField(_("Only active staff members and admins can be on duty."), on=on)


def names(dbsession: Session, user_ids) -> dict[int, str]:
    """User id → the name shown in the rota (the display name, else the e-mail)."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    return {u.id: u.display_name or u.email
            for u in dbsession.scalars(select(User).where(User.id.in_(ids)))}


def members(dbsession: Session) -> list[int]:
    """The members' user ids in rotation order."""
    return list(dbsession.scalars(select(RotaMember.user_id).order_by(RotaMember.position)))


def start(dbsession: Session) -> dt.date:
    row = dbsession.get(SiteSetting, START_KEY)
    try:
        return dt.date.fromisoformat(row.value) if row is not None else DEFAULT_START
    except (TypeError, ValueError):
        return DEFAULT_START


def set_rotation(dbsession: Session, user_ids: list[int], start_day: dt.date) -> None:
    """Replace the rotation: ``user_ids`` in order (each once), starting on
    ``start_day``."""
    if len(set(user_ids)) != len(user_ids):
        raise InvalidField(_("Each person can be in the rotation once only."), on="members")
    for user_id in user_ids:
        _check_candidate(dbsession, user_id, "members")
    dbsession.execute(delete(RotaMember))
    dbsession.add_all(RotaMember(user_id=uid, position=n) for n, uid in enumerate(user_ids))
    row = dbsession.get(SiteSetting, START_KEY)
    if row is None:
        dbsession.add(SiteSetting(key=START_KEY, value=start_day.isoformat(), revision=1))
    else:
        row.value, row.revision = start_day.isoformat(), (row.revision or 0) + 1
    dbsession.flush()


def _open_weekdays(dbsession: Session) -> frozenset[int]:
    weekly = hours.weekly(dbsession)
    return frozenset(n for n, key in enumerate(hours.DAY_KEYS) if weekly.get(key))


def _turns_between(first: dt.date, day: dt.date, open_days: frozenset[int]) -> int:
    """How many open weekdays fall in [first, day) (negative when ``day`` comes first)."""
    if day < first:
        return -_turns_between(day, first, open_days)
    weeks, rest = divmod((day - first).days, 7)
    extra = sum(1 for n in range(rest) if (first.weekday() + n) % 7 in open_days)
    return weeks * len(open_days) + extra


def rotation_member(dbsession: Session, day: dt.date,
                    order: list[int] | None = None) -> int | None:
    """The member the rotation gives ``day`` (no swap counted); None on a weekday without
    hours or with an empty rotation."""
    order = members(dbsession) if order is None else order
    open_days = _open_weekdays(dbsession)
    if not order or day.weekday() not in open_days:
        return None
    return order[_turns_between(start(dbsession), day, open_days) % len(order)]


def swap_on(dbsession: Session, day: dt.date) -> RotaSwap | None:
    return dbsession.get(RotaSwap, day)


def on_duty(dbsession: Session, day: dt.date) -> int | None:
    """The user id on duty on ``day``: the swap's, else the rotation's."""
    swap = swap_on(dbsession, day)
    if swap is not None:
        return swap.user_id
    return rotation_member(dbsession, day)


def calendar(dbsession: Session, first: dt.date, days: int) -> list[tuple[dt.date, int | None, bool]]:
    """(day, user id on duty, swapped?) for ``days`` days from ``first``."""
    order = members(dbsession)
    swaps = {s.day: s.user_id for s in dbsession.scalars(select(RotaSwap).where(
        RotaSwap.day >= first, RotaSwap.day < first + dt.timedelta(days=days)))}
    result = []
    for n in range(days):
        day = first + dt.timedelta(days=n)
        if day in swaps:
            result.append((day, swaps[day], True))
        else:
            result.append((day, rotation_member(dbsession, day, order), False))
    return result


def set_swap(dbsession: Session, day: dt.date, user_id: int, note: str = "",
             by_user_id: int | None = None, *, today: dt.date | None = None) -> RotaSwap:
    """Give ``day`` to ``user_id`` (replacing an earlier swap of that day). With
    ``today`` (the office's), a day before it is refused: the past is not rewritten."""
    if today is not None and day < today:
        raise InvalidField(_("This day is past: choose today or a later day."), on="day")
    if len(note) > 200:
        raise InvalidField(_("A note holds at most 200 characters."), on="note")
    _check_candidate(dbsession, user_id, "user")
    swap = dbsession.get(RotaSwap, day)
    if swap is None:
        swap = RotaSwap(day=day, user_id=user_id, note=note, created_by=by_user_id)
        dbsession.add(swap)
    else:
        swap.user_id, swap.note, swap.created_by = user_id, note, by_user_id
    dbsession.flush()
    return swap


def remove_swap(dbsession: Session, day: dt.date) -> None:
    dbsession.execute(delete(RotaSwap).where(RotaSwap.day == day))


def swaps_from(dbsession: Session, first: dt.date, days: int = 42) -> list[RotaSwap]:
    """The swaps of the ``days`` days from ``first``, in date order."""
    return list(dbsession.scalars(select(RotaSwap).where(
        RotaSwap.day >= first, RotaSwap.day < first + dt.timedelta(days=days))
        .order_by(RotaSwap.day)))
