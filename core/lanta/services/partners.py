"""The partner directory: finding partners (by words, category, envies, distance, "open
now") and writing listings with their data checked."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Partner, row_by_id
from ..models.user import utcnow
from . import geo, opening_hours, partner_hours
from .errors import DomainError, InvalidField, NotFound
from .partner_vocabulary import AUDIENCES, CATEGORIES, ENVIES, WELCOME_POINTS
from .text_folding import fold, words

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LIMIT = 100
# Far enough to page through any directory; a database refuses an offset past bigint.
MAX_OFFSET = 1_000_000
MAX_RADIUS_KM = 500.0


@dataclass
class PartnerQuery:
    """What a visitor or an API client asks of the directory."""

    q: str = ""
    category: str | None = None
    envies: tuple[str, ...] = ()
    audience: str | None = None
    max_price: int | None = None
    near: geo.Point | None = None
    radius_km: float | None = None
    open_now: bool = False
    limit: int = 20
    offset: int = 0
    # Only these partners: the search index's answer to ``q`` (see
    # ``partner_search.matching_ids``), which is then not matched again in SQL.
    among: frozenset[int] | None = None


@dataclass
class Hit:
    partner: Partner
    distance_km: float | None = None
    # How many of the envies asked for this partner answers (for ranking).
    envies_matched: int = 0


@dataclass
class Found:
    items: list[Hit]
    total: int


class BadQuery(DomainError):
    status = 400


def check_query(query: PartnerQuery) -> PartnerQuery:
    """Refuse what cannot be answered, with a sentence saying what to send instead."""
    if query.category is not None and query.category not in CATEGORIES:
        raise BadQuery("Unknown category “${category}”.", category=query.category)
    for envie in query.envies:
        if envie not in ENVIES:
            raise BadQuery("Unknown envie “${envie}”.", envie=envie)
    if query.audience is not None and query.audience not in AUDIENCES:
        raise BadQuery("Unknown audience “${audience}”.", audience=query.audience)
    if not 1 <= query.limit <= MAX_LIMIT:
        raise BadQuery("limit must be between 1 and ${max}.", max=MAX_LIMIT)
    if not 0 <= query.offset <= MAX_OFFSET:
        raise BadQuery("offset must be between 0 and ${max}.", max=MAX_OFFSET)
    if query.radius_km is not None:
        if query.near is None:
            raise BadQuery("radius_km needs near=LAT,LON.")
        if not 0 < query.radius_km <= MAX_RADIUS_KM:
            raise BadQuery("radius_km must be more than 0 and at most ${max}.",
                           max=int(MAX_RADIUS_KM))
    if query.max_price is not None and not 1 <= query.max_price <= 4:
        raise BadQuery("The budget goes from 1 (€) to 4 (€€€€).")
    return query


def find(dbsession: Session, query: PartnerQuery, now: dt.datetime) -> Found:
    """Published partners matching ``query``: nearest first with ``near``, else those
    answering most envies first, then by slug. ``now`` (aware) decides "open now"."""
    check_query(query)
    clauses = _clauses(query)
    if query.among is not None and not query.among:
        return Found([], 0)
    in_python = (query.near is not None or query.open_now or query.envies or query.audience
                 or query.among is not None)
    if not in_python:
        statement = select(Partner).where(*clauses)
        total = dbsession.scalar(select(func.count()).select_from(statement.subquery())) or 0
        rows = dbsession.scalars(statement.order_by(Partner.slug)
                                 .limit(query.limit).offset(query.offset)).all()
        return Found([Hit(p) for p in rows], total)

    if query.near is not None and query.radius_km is None and not (
            query.open_now or query.envies or query.audience or query.among is not None):
        return _nearest(dbsession, query, clauses)

    # Distances, envies and hours are judged in Python, on the few columns they need:
    # whole listings are loaded for the page shown only.
    columns = [Partner.id, Partner.slug]
    if query.near is not None:
        columns += [Partner.lat, Partner.lon]
    if query.envies:
        columns.append(Partner.envies)
    if query.audience:
        columns.append(Partner.audiences)
    hits = [hit for row in _rows(dbsession, select(*columns).where(*clauses), query.among)
            if (hit := _hit(row, query)) is not None]
    if query.open_now:
        open_ids = partner_hours.open_among(dbsession, [h.partner.id for h in hits], now)
        hits = [hit for hit in hits if hit.partner.id in open_ids]
    if query.near is not None:
        hits.sort(key=lambda h: (h.distance_km, h.partner.slug))
    else:
        hits.sort(key=lambda h: (-h.envies_matched, h.partner.slug))
    return Found(_load_page(dbsession, hits[query.offset:query.offset + query.limit]),
                 len(hits))


def _rows(dbsession: Session, statement: Any, among: frozenset[int] | None) -> Iterable[Any]:
    if among is None:
        return dbsession.execute(statement)
    wanted = sorted(among)
    return (row for n in range(0, len(wanted), partner_hours.CHUNK)
            for row in dbsession.execute(statement.where(
                Partner.id.in_(wanted[n:n + partner_hours.CHUNK]))))


# Rings of "nearest first" without a radius: each ring reads only the rows of its box.
RING_RADII_KM = (5.0, 20.0, 80.0, 320.0, 1280.0, 5120.0)


def _nearest(dbsession: Session, query: PartnerQuery, clauses: list[Any]) -> Found:
    """Nearest first with no radius: every placed partner matches, so the total is a
    count; the page comes from the smallest ring around ``near`` holding enough
    partners. Within a ring's radius nobody outside the ring can be nearer."""
    total = dbsession.scalar(select(func.count()).select_from(Partner).where(*clauses)) or 0
    wanted = min(total, query.offset + query.limit)
    columns = (Partner.id, Partner.slug, Partner.lat, Partner.lon)
    hits: list[Hit] = []
    for radius in RING_RADII_KM:
        ring = PartnerQuery(near=query.near, radius_km=radius)
        rows = dbsession.execute(select(*columns).where(
            *clauses, *_box_clauses(geo.bounding_box(query.near, radius))))
        hits = [hit for row in rows if (hit := _hit(row, ring)) is not None]
        if len(hits) >= wanted:
            break
    else:  # further than the widest ring: read them all
        rows = dbsession.execute(select(*columns).where(*clauses))
        hits = [hit for row in rows
                if (hit := _hit(row, PartnerQuery(near=query.near))) is not None]
    hits.sort(key=lambda h: (h.distance_km, h.partner.slug))
    return Found(_load_page(dbsession, hits[query.offset:query.offset + query.limit]),
                 total)


def _load_page(dbsession: Session, page: list[Hit]) -> list[Hit]:
    """Swap the rows of the page shown for whole listings."""
    listings = {p.id: p for p in dbsession.scalars(
        select(Partner).where(Partner.id.in_([h.partner.id for h in page])))}
    for hit in page:
        hit.partner = listings[hit.partner.id]
    return page


def _clauses(query: PartnerQuery) -> list[Any]:
    clauses: list[Any] = [Partner.published.is_(True)]
    if query.category:
        clauses.append(Partner.category == query.category)
    for word in words(query.q) if query.among is None else ():
        clauses.append(Partner.search_text.contains(word, autoescape=True))
    if query.max_price is not None:
        clauses.append((Partner.price_range <= query.max_price)
                       | Partner.price_range.is_(None))
    if query.near is not None:
        clauses += [Partner.lat.is_not(None), Partner.lon.is_not(None)]
        if query.radius_km is not None:
            clauses += _box_clauses(geo.bounding_box(query.near, query.radius_km))
    return clauses


def _box_clauses(box: geo.Box) -> list[Any]:
    clauses = [Partner.lat >= box.min_lat, Partner.lat <= box.max_lat]
    if box.wraps:
        clauses.append((Partner.lon >= box.min_lon) | (Partner.lon <= box.max_lon))
    else:
        clauses += [Partner.lon >= box.min_lon, Partner.lon <= box.max_lon]
    return clauses


def _hit(partner: Any, query: PartnerQuery) -> Hit | None:
    """``partner`` is a row of the columns ``find`` selected for ``query``."""
    matched = 0
    if query.envies:
        matched = len(set(query.envies) & set(partner.envies or ()))
        if not matched:
            return None
    if query.audience and query.audience not in (partner.audiences or ()):
        return None
    distance = None
    if query.near is not None:
        distance = geo.distance_km(query.near, geo.Point(partner.lat, partner.lon))
        if query.radius_km is not None and distance > query.radius_km:
            return None
    return Hit(partner, distance, matched)


def get_by_slug(dbsession: Session, slug: str, *, published_only: bool = True) -> Partner:
    statement = select(Partner).where(Partner.slug == slug)
    if published_only:
        statement = statement.where(Partner.published.is_(True))
    partner = dbsession.scalar(statement)
    if partner is None:
        raise NotFound("No partner at this address.")
    return partner


def get(dbsession: Session, partner_id: int, *, published_only: bool = True) -> Partner:
    partner = row_by_id(dbsession, Partner, partner_id)
    if partner is None or (published_only and not partner.published):
        raise NotFound("No partner at this address.")
    return partner


def locate(dbsession: Session, place: str) -> Partner | None:
    """The best-known place matching the words typed (welcome points first, then any
    partner with a position), for "around me" from a typed place; None if none matches."""
    found = find(dbsession, PartnerQuery(q=place, limit=MAX_LIMIT),
                 dt.datetime.now(dt.timezone.utc))
    placed = [hit.partner for hit in found.items if hit.partner.lat is not None]
    placed.sort(key=lambda p: (p.category not in WELCOME_POINTS, p.slug))
    return placed[0] if placed else None


# --- writing listings ------------------------------------------------------------------


TEXT_FIELDS = ("name", "summary", "description")
PLAIN_FIELDS = ("street", "postcode", "city", "phone", "email", "website", "lat", "lon",
                "price_range", "relay_corner", "published", "external_id")
LIST_FIELDS = {"envies": ENVIES, "audiences": AUDIENCES}


def create(dbsession: Session, data: dict[str, Any]) -> Partner:
    """A new listing from ``data`` (the keys of :class:`Partner`); checked first."""
    slug = data.get("slug", "")
    if not SLUG.match(slug or ""):
        raise InvalidField("The address name “${slug}” may hold only lower-case letters, "
                           "digits and single hyphens.", on="slug", slug=slug)
    if dbsession.scalar(select(func.count()).where(Partner.slug == slug)):
        raise InvalidField("Another partner already has the address name “${slug}”.",
                           on="slug", slug=slug)
    partner = Partner(slug=slug)
    update(partner, data)
    dbsession.add(partner)
    dbsession.flush()
    return partner


def update(partner: Partner, data: dict[str, Any]) -> Partner:
    """Apply ``data`` to ``partner`` after checking every value; nothing changes when
    one value is refused."""
    checked = _checked(data)
    for key, value in checked.items():
        setattr(partner, key, value)
    partner.search_text = search_text(partner)
    partner.updated_at = utcnow()  # now, not at flush: the hours cache is keyed by it
    return partner


def check(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` checked and normalised as :func:`update` would store it, writing nothing
    (for changes proposed now and applied later)."""
    return _checked(data)


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "category" in data:
        if data["category"] not in CATEGORIES:
            raise InvalidField("Unknown category “${category}”.", on="category",
                               category=data["category"])
        out["category"] = data["category"]
    for key in TEXT_FIELDS:
        if key in data:
            out[key] = {lang: str(text).strip() for lang, text in (data[key] or {}).items()
                        if str(text).strip()}
    if "name" in data and not out["name"]:
        raise InvalidField("A partner needs a name.", on="name")
    for key in PLAIN_FIELDS:
        if key in data:
            out[key] = data[key]
    for key, allowed in LIST_FIELDS.items():
        if key in data:
            unknown = [v for v in data[key] or () if v not in allowed]
            if unknown:
                raise InvalidField("Unknown value “${value}” in ${field}.", on=key,
                                   value=unknown[0], field=key)
            out[key] = list(dict.fromkeys(data[key] or ()))
    if "labels" in data:
        out["labels"] = [str(v).strip() for v in data["labels"] or () if str(v).strip()]
    if "accessibility" in data:
        out["accessibility"] = {k: bool(v) for k, v in (data["accessibility"] or {}).items()}
    _check_place(out)
    if out.get("price_range") is not None and out["price_range"] not in (1, 2, 3, 4):
        raise InvalidField("The price range goes from 1 (€) to 4 (€€€€).", on="price_range")
    if "opening_hours" in data:
        try:
            hours = opening_hours.parse(data["opening_hours"])
        except opening_hours.OpeningHoursError as exc:
            raise InvalidField("The opening hours are not valid: ${reason}",
                               on="opening_hours", reason=str(exc)) from None
        out["opening_hours"] = opening_hours.to_json(hours)
    return out


def _check_place(out: dict[str, Any]) -> None:
    lat, lon = out.get("lat"), out.get("lon")
    if (lat is None) != (lon is None) and ("lat" in out or "lon" in out):
        raise InvalidField("Give both the latitude and the longitude, or neither.", on="lat")
    if lat is not None:
        try:
            geo.parse_point(f"{lat},{lon}")
        except geo.BadPoint:
            raise InvalidField("A latitude lies between -90 and 90 and a longitude between "
                               "-180 and 180.", on="lat") from None


def search_text(partner: Partner) -> str:
    parts: list[str] = [partner.slug.replace("-", " "), partner.city or ""]
    for key in ("name", "summary"):
        parts.extend((getattr(partner, key) or {}).values())
    parts.extend(partner.labels or ())
    return " ".join(dict.fromkeys(fold(" ".join(parts)).split()))


def load_many(dbsession: Session, listings: Iterable[dict[str, Any]]) -> int:
    """Create the listings in order (the demo office, fixtures); returns how many."""
    count = 0
    for data in listings:
        create(dbsession, data)
        count += 1
    return count
