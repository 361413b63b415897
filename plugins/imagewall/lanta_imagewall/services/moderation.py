"""The office's decisions on the wall's items: approve, reject with a reason, feature,
edit what visitors read, retry a failed processing, and remove every item of a
contributor who asks for it; and the queue the moderators work through.

Rules decided here:

- an item is approved only once its renditions exist (``processing == 'ready'``): the
  wall would otherwise show an empty tile;
- ``approved_at`` is set on the first approval only, so that an item approved again
  (after a rejection by mistake, say) keeps its place among the recent ones;
- featuring a pending item approves it too (one click in the queue for a good photo);
  featuring or unfeaturing is not a decision: ``moderated_at`` (the time of the approval
  or rejection, which the figures count) stays as it was;
  a rejected item is never featured: its rejection was a decision, it is undone by an
  explicit approval first;
- a decision over several items is all or nothing: when one of them cannot take it,
  none changes and the error names those in the way.

Plain functions over a SQLAlchemy session; no Pyramid. Errors are the core's domain
errors, their messages in English (the views translate them in the ``lanta_imagewall``
domain).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import Partner
from lanta.services.errors import Conflict, InvalidField, NotFound
from lanta.services.partner_vocabulary import ENVIES

from ..models import UPLOAD_KINDS, WEBCAM_KINDS, Item
from . import files

CAPTION_MAX = 280
CREDIT_MAX = 80
PLACE_MAX = 120
REASON_MAX = 500
PER_PAGE = 30
# The queue's tabs, and which kinds each kind filter keeps.
TABS: tuple[str, ...] = ("waiting", "approved", "featured", "rejected", "failed", "all")
KIND_FILTERS: dict[str, tuple[str, ...]] = {
    "photos": ("photo",), "clips": ("clip",), "webcams": WEBCAM_KINDS}


# --- the queue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueuePage:
    items: list[Item]
    total: int
    page: int
    pages: int


def _tab_filter(query, tab: str):
    if tab == "waiting":
        return query.where(Item.status == "pending")
    if tab == "approved":
        return query.where(Item.status == "approved")
    if tab == "featured":
        return query.where(Item.status == "approved", Item.featured.is_(True))
    if tab == "rejected":
        return query.where(Item.status == "rejected")
    if tab == "failed":
        return query.where(Item.processing == "failed")
    return query


def queue(dbsession: Session, tab: str = "waiting", kind: str = "", page: int = 1,
          per_page: int = PER_PAGE) -> QueuePage:
    """One page of the items of ``tab`` (see ``TABS``), of the kinds of ``kind`` (a key
    of ``KIND_FILTERS``, or all). Waiting items come oldest first, so that none waits
    for ever behind newer ones; the other tabs newest first."""
    tab = tab if tab in TABS else "waiting"
    query = _tab_filter(select(Item), tab)
    if kind in KIND_FILTERS:
        query = query.where(Item.kind.in_(KIND_FILTERS[kind]))
    total = dbsession.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    order = (Item.created_at.asc(), Item.id.asc()) if tab == "waiting" \
        else (Item.created_at.desc(), Item.id.desc())
    items = list(dbsession.scalars(query.order_by(*order).offset((page - 1) * per_page)
                                   .limit(per_page)).unique())
    return QueuePage(items=items, total=total, page=page, pages=pages)


def count_waiting(dbsession: Session) -> int:
    """How many items wait for a moderator's decision."""
    return dbsession.scalar(select(func.count(Item.id)).where(Item.status == "pending")) or 0


def get(dbsession: Session, item_id: int) -> Item:
    item = dbsession.get(Item, item_id)
    if item is None:
        raise NotFound("There is no item ${id} on the image wall.", id=item_id)
    return item


def items_by_ids(dbsession: Session, ids: Iterable[int]) -> list[Item]:
    """The items of ``ids`` that exist, in the order of their ids."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(dbsession.scalars(select(Item).where(Item.id.in_(wanted))
                                  .order_by(Item.id)).unique())


# --- decisions -------------------------------------------------------------------------------


def _ids(items: Iterable[Item]) -> str:
    return ", ".join(f"#{item.id}" for item in items)


def _decided(item: Item, by_user: int | None, now: dt.datetime) -> None:
    item.moderated_at = now
    item.moderated_by = by_user


def _check_approvable(items: Sequence[Item]) -> None:
    not_ready = [item for item in items if item.processing != "ready"]
    if not_ready:
        raise Conflict("These items are not ready to be shown (still being processed, or "
                       "their processing failed): ${ids}. Wait for them, or retry a "
                       "failed one, then approve.", ids=_ids(not_ready))


def approve(dbsession: Session, items: Sequence[Item], by_user: int | None,
            now: dt.datetime) -> int:
    """Put ``items`` on the wall; all or none (see the module's rules)."""
    items = list(items)
    _check_approvable(items)
    for item in items:
        if item.status != "approved":
            item.status = "approved"
            item.reject_reason = ""
            if item.approved_at is None:
                item.approved_at = now
            _decided(item, by_user, now)
    dbsession.flush()
    return len(items)


def clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidField("Give the reason for the rejection: the contributor reads it.",
                           on="reason")
    if len(reason) > REASON_MAX:
        raise InvalidField("The reason is longer than ${max} characters.", on="reason",
                           max=REASON_MAX)
    return reason


def reject(dbsession: Session, items: Sequence[Item], by_user: int | None,
           now: dt.datetime, reason: str) -> list[Item]:
    """Take ``items`` off the wall (or keep them off) with ``reason``; returns those
    newly rejected, whose contributors are to be told (an item rejected again with the
    same reason is not mailed twice)."""
    reason = clean_reason(reason)
    told = []
    for item in items:
        if item.status == "rejected" and item.reject_reason == reason:
            continue
        item.status = "rejected"
        item.featured = False
        item.reject_reason = reason
        _decided(item, by_user, now)
        told.append(item)
    dbsession.flush()
    return told


def feature(dbsession: Session, items: Sequence[Item], by_user: int | None,
            now: dt.datetime, on: bool = True) -> int:
    """Feature ``items`` (``on``) or stop featuring them. Featuring approves a pending
    item (ready ones only); a rejected item is refused."""
    items = list(items)
    if on:
        rejected = [item for item in items if item.status == "rejected"]
        if rejected:
            raise Conflict("Rejected items cannot be featured: approve them first (${ids}).",
                           ids=_ids(rejected))
        approve(dbsession, items, by_user, now)
    for item in items:
        # Not a decision: moderated_at keeps the approval's time, which the approval
        # rate counts in its period (featuring in August must not move a July approval).
        item.featured = on
    dbsession.flush()
    return len(items)


def retry(dbsession: Session, item: Item) -> None:
    """Give a failed upload back to the processing worker."""
    if item.processing != "failed":
        raise Conflict("Only an item whose processing failed can be processed again.")
    item.processing = "queued"
    item.processing_attempts = 0
    item.processing_error = ""
    item.processing_until = None
    dbsession.flush()


# --- what visitors read ------------------------------------------------------------------


@dataclass(frozen=True)
class Details:
    """What an item says and where it was taken; the same rules for a contribution, a
    webcam and a moderator's edit."""

    caption: str
    credit: str = ""
    tags: tuple[str, ...] = ()
    partner_id: int | None = None
    place_name: str = ""
    lat: float | None = None
    lon: float | None = None


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _number(text: str | None, field: str, low: float, high: float) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidField("Give a number between ${low} and ${high}.", on=field,
                           low=int(low), high=int(high))
    return value


def details_from_form(form: Mapping[str, str], tags: Iterable[str]) -> Details:
    """The details typed in a form (``partner_id``, ``lat``, ``lon`` as text); the
    numbers are read here, everything else is checked by :func:`check_details`."""
    partner = (form.get("partner_id") or "").strip()
    if partner and not partner.isdigit():
        raise InvalidField("Choose the place from the list.", on="partner_id")
    return Details(caption=form.get("caption", ""), credit=form.get("credit", ""),
                   tags=tuple(tags), partner_id=int(partner) if partner else None,
                   place_name=form.get("place_name", ""),
                   lat=_number(form.get("lat"), "lat", -90, 90),
                   lon=_number(form.get("lon"), "lon", -180, 180))


def check_details(dbsession: Session, details: Details) -> Details:
    """``details`` cleaned (spaces folded, tags in the vocabulary's order), or the first
    refused field as :class:`InvalidField`."""
    caption = _one_line(details.caption)
    if not caption:
        raise InvalidField("Write a caption.", on="caption")
    if len(caption) > CAPTION_MAX:
        raise InvalidField("The caption is longer than ${max} characters.", on="caption",
                           max=CAPTION_MAX)
    credit = _one_line(details.credit)
    if len(credit) > CREDIT_MAX:
        raise InvalidField("The credit is longer than ${max} characters.", on="credit",
                           max=CREDIT_MAX)
    unknown = set(details.tags) - set(ENVIES)
    if unknown:
        raise InvalidField("Choose the activities from the list.", on="tags")
    place_name = _one_line(details.place_name)
    if len(place_name) > PLACE_MAX:
        raise InvalidField("The place's name is longer than ${max} characters.",
                           on="place_name", max=PLACE_MAX)
    if details.partner_id is not None:
        partner = dbsession.get(Partner, details.partner_id)
        if partner is None or not partner.published:
            raise InvalidField("Choose the place from the list.", on="partner_id")
    if (details.lat is None) != (details.lon is None):
        raise InvalidField("Give both the latitude and the longitude, or neither.",
                           on="lat" if details.lat is None else "lon")
    return Details(caption=caption, credit=credit,
                   tags=tuple(tag for tag in ENVIES if tag in details.tags),
                   partner_id=details.partner_id, place_name=place_name,
                   lat=details.lat, lon=details.lon)


def apply_details(item: Item, details: Details) -> None:
    item.caption = details.caption
    item.credit = details.credit
    item.tags = list(details.tags)
    item.partner_id = details.partner_id
    item.place_name = details.place_name
    item.lat, item.lon = details.lat, details.lon


def edit(dbsession: Session, item: Item, details: Details) -> Item:
    """Change what ``item`` says (checked first: nothing is written on a refusal)."""
    apply_details(item, check_details(dbsession, details))
    if item.image is not None and item.kind in UPLOAD_KINDS:
        item.image.alt = item.caption[:300]  # the picture's text alternative follows
    dbsession.flush()
    return item


# --- removals ----------------------------------------------------------------------------


def normalised_email(email: str | None) -> str:
    return (email or "").strip().lower()


def contributor_items(dbsession: Session, email: str) -> list[Item]:
    """Every item sent with ``email`` (whatever its case), newest first."""
    wanted = normalised_email(email)
    if not wanted:
        return []
    return list(dbsession.scalars(
        select(Item).where(func.lower(Item.contributor_email) == wanted)
        .order_by(Item.created_at.desc(), Item.id.desc())).unique())


def remove_contributor_items(dbsession: Session, uploads_dir: Path, email: str,
                             tm=None) -> int:
    """Delete every item of the contributor ``email``, their pictures' rows and, once
    ``tm``'s transaction commits, their files. Returns how many went."""
    return files.delete_items(dbsession, uploads_dir, contributor_items(dbsession, email), tm)


def delete(dbsession: Session, uploads_dir: Path, items: Sequence[Item], tm=None) -> int:
    return files.delete_items(dbsession, uploads_dir, items, tm)
