"""Playlists: the named rules that pick what a screen or the web TV plays.

Plain functions over a ``dbsession`` (no Pyramid): :func:`create`, :func:`update` and
:func:`delete` check every value first (:class:`~lanta.services.errors.InvalidField`
names the field; nothing changes on a refusal), and :func:`items_for` answers what a
playlist plays at a given instant.

The rules, as :func:`items_for` applies them (only approved and ready items):

- ``kinds``: only these kinds (photos, clips, image webcams, stream webcams);
- ``featured_only``: only featured items;
- ``recent_days`` (0: any age): items approved within the last N days, **plus featured
  items of any age** ("featured and recent"); webcams are live, so they are never too
  old either;
- ``tags``: items carrying at least one of these activities (empty: all);
- ``partner_ids``: items linked to one of these listings (empty: all);
- ``max_items``: at most this many, the newest approved first when there are more;
- ``item_order``: ``featured_first`` (featured, then newest), ``newest``, or
  ``shuffle``: the chosen items in an order drawn from the playlist's slug and the
  office's day, so that every screen following it plays the same order and the feed
  (and its ETag) stays the same all day.
"""
from __future__ import annotations

import datetime as dt
import random
import re

from sqlalchemy import String, cast, func, or_, select

from lanta.models import Partner
from lanta.services.errors import InvalidField
from lanta.services.events import ZONE as OFFICE_ZONE
from lanta.services.partner_vocabulary import ENVIES

from ..i18n import _
from ..models import KINDS, ORDERS, WEBCAM_KINDS, Item, Playlist

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
NAME_MAX = 120
RECENT_DAYS = (0, 365)
MAX_ITEMS = (1, 500)
PHOTO_SECONDS = (3, 600)
FIELDS = ("name", "slug", "featured_only", "recent_days", "tags", "partner_ids", "kinds",
          "max_items", "photo_seconds", "item_order")


def _whole_number(value, on: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    text = str(value).strip() if value is not None else ""
    if not re.fullmatch(r"\d{1,6}", text) or not low <= int(text) <= high:
        raise InvalidField(_("Enter a whole number from ${low} to ${high}."), on=on,
                           low=low, high=high)
    return int(text)


def _name(value) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise InvalidField(_("Give the playlist a name."), on="name")
    if len(name) > NAME_MAX:
        raise InvalidField(_("The name is too long (${max} characters at most)."),
                           on="name", max=NAME_MAX)
    return name


def _slug(dbsession, value, playlist_id: int | None) -> str:
    slug = str(value or "").strip().lower()
    if not SLUG_PATTERN.fullmatch(slug):
        raise InvalidField(_("The address name uses lowercase letters, digits and hyphens "
                             "only (60 characters at most), like web-tv."), on="slug")
    taken = dbsession.scalar(select(Playlist.id).where(Playlist.slug == slug))
    if taken is not None and taken != playlist_id:
        raise InvalidField(_("Another playlist already has the address name ${slug}."),
                           on="slug", slug=slug)
    return slug


def _tags(values) -> list[str]:
    tags = list(dict.fromkeys(values or ()))
    unknown = [tag for tag in tags if tag not in ENVIES]
    if unknown:
        raise InvalidField(_("Unknown activity: ${tag}."), on="tags", tag=unknown[0])
    return [tag for tag in ENVIES if tag in tags]


def _partner_ids(dbsession, values) -> list[int]:
    ids: list[int] = []
    for value in values or ():
        text = str(value).strip()
        if not text.isdigit() or not 0 < int(text) < 2**31:
            raise InvalidField(_("Choose places from the list."), on="partner_ids")
        if int(text) not in ids:
            ids.append(int(text))
    if ids:
        found = set(dbsession.scalars(select(Partner.id).where(Partner.id.in_(ids))))
        if found != set(ids):
            raise InvalidField(_("One of the places no longer exists: choose again."),
                               on="partner_ids")
    return sorted(ids)


def _kinds(values) -> list[str]:
    kinds = set(values or ())
    if not kinds:
        raise InvalidField(_("Choose at least one kind of item."), on="kinds")
    if not kinds <= set(KINDS):
        raise InvalidField(_("Choose kinds from the list."), on="kinds")
    return [kind for kind in KINDS if kind in kinds]


def validated(dbsession, values: dict, playlist_id: int | None = None) -> dict:
    """``values`` (texts from a form, or typed values) checked and normalised, ready for
    the model's columns; the first refused field raises :class:`InvalidField`."""
    order = values.get("item_order") or "featured_first"
    if order not in ORDERS:
        raise InvalidField(_("Choose an order from the list."), on="item_order")
    return {
        "name": _name(values.get("name")),
        "slug": _slug(dbsession, values.get("slug"), playlist_id),
        "featured_only": bool(values.get("featured_only")),
        "recent_days": _whole_number(values.get("recent_days", 0), "recent_days",
                                     RECENT_DAYS),
        "tags": _tags(values.get("tags")),
        "partner_ids": _partner_ids(dbsession, values.get("partner_ids")),
        "kinds": _kinds(values.get("kinds", KINDS)),
        "max_items": _whole_number(values.get("max_items", 100), "max_items", MAX_ITEMS),
        "photo_seconds": _whole_number(values.get("photo_seconds", 8), "photo_seconds",
                                       PHOTO_SECONDS),
        "item_order": order,
    }


def create(dbsession, values: dict) -> Playlist:
    playlist = Playlist(**validated(dbsession, values))
    dbsession.add(playlist)
    dbsession.flush()
    return playlist


def update(dbsession, playlist: Playlist, values: dict) -> Playlist:
    for name, value in validated(dbsession, values, playlist.id).items():
        setattr(playlist, name, value)
    dbsession.flush()
    return playlist


def delete(dbsession, playlist: Playlist) -> None:
    """The playlist goes; its items stay on the wall (a screen following it shows its
    "back soon" message until it is given another address)."""
    dbsession.delete(playlist)
    dbsession.flush()


def all_playlists(dbsession) -> list[Playlist]:
    return list(dbsession.scalars(select(Playlist).order_by(func.lower(Playlist.name),
                                                           Playlist.id)))


def by_id(dbsession, playlist_id: int) -> Playlist | None:
    return dbsession.get(Playlist, playlist_id)


def by_slug(dbsession, slug: str) -> Playlist | None:
    return dbsession.scalar(select(Playlist).where(Playlist.slug == slug))


def office_day(now: dt.datetime) -> dt.date:
    return now.astimezone(OFFICE_ZONE).date()


def _rules(playlist: Playlist, now: dt.datetime) -> list:
    """The WHERE clauses of a playlist's rules."""
    kinds = [kind for kind in (playlist.kinds or ()) if kind in KINDS]
    rules = [Item.status == "approved", Item.processing == "ready", Item.kind.in_(kinds)]
    if playlist.featured_only:
        rules.append(Item.featured.is_(True))
    if playlist.recent_days:
        since = now - dt.timedelta(days=playlist.recent_days)
        rules.append(or_(Item.featured.is_(True), Item.kind.in_(WEBCAM_KINDS),
                         Item.approved_at >= since))
    if playlist.tags:
        # Tags are a JSON list of plain codes ([a-z] only, checked on save): matching the
        # quoted code in its text works alike on SQLite and PostgreSQL.
        tags_text = cast(Item.tags, String)
        rules.append(or_(*[tags_text.like(f'%"{tag}"%') for tag in playlist.tags
                           if tag in ENVIES]))
    if playlist.partner_ids:
        rules.append(Item.partner_id.in_([int(i) for i in playlist.partner_ids]))
    return rules


def items_for(dbsession, playlist: Playlist, now: dt.datetime) -> list[Item]:
    """What ``playlist`` plays at ``now`` (an aware UTC instant), in its order."""
    newest = (Item.approved_at.desc(), Item.id.desc())
    order = ((Item.featured.desc(), *newest) if playlist.item_order == "featured_first"
             else newest)
    items = list(dbsession.scalars(
        select(Item).where(*_rules(playlist, now)).order_by(*order)
        .limit(playlist.max_items)))
    if playlist.item_order == "shuffle":
        items.sort(key=lambda item: item.id)
        # random.Random seeded with a text is the same in every process (unlike hash()).
        random.Random(f"{playlist.slug}/{office_day(now).isoformat()}").shuffle(items)
    return items
