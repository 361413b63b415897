"""What a terminal does: look a card up and list the offers it may grant now (``scan``),
then grant one (``redeem``), exactly once per ``request_id``.

Limits hold under concurrent redemptions: the offer's row is locked (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite lets one writer at a time in) before its uses are counted,
and every limit counts uses of that one offer. A terminal that was offline sends its
queued redemptions later with their own time, accepted up to ``OFFLINE_WINDOW`` back and
judged at that time.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, case, func, insert, null, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..i18n import _
from ..models import Card, Offer, Redemption, Terminal, Visitor
from . import cards, targeting, throttle
from . import secrets as vip_secrets
from .clock import office_date, utcnow
from .errors import (InvalidInput, NotGrantable, RequestIdReused, StaleRedemption,
                     UnknownCard, UnknownOffer)

OFFLINE_WINDOW = dt.timedelta(hours=72)
# Terminal clocks drift; a time slightly ahead of ours is the same moment.
CLOCK_SKEW = dt.timedelta(minutes=5)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# INSERT … ON CONFLICT DO NOTHING, where the database has it.
UPSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


@dataclass(frozen=True)
class ScanResult:
    card: Card
    visitor: Visitor
    offers: list[Offer]
    # How many more uses each offer's limits allow (None: no limit), counted with the
    # offers; None: not counted (see ``remaining_uses``).
    remaining: dict[int, int | None] | None = None


@dataclass(frozen=True)
class RedeemResult:
    redemption: Redemption
    card: Card
    created: bool  # False when the same request_id was answered before


def look_up(dbsession: Session, terminal: Terminal, value: str, kind: str, qr_key: bytes,
            now: dt.datetime, limits: throttle.RateLimits) -> Card:
    """The card read by ``terminal``, within the rate limits; every look-up is counted
    (a ``redeem`` look-up against the terminal's limit only).

    The card is read before the limits are counted, so that every window (the card's
    too) is counted, and the look-up recorded, in one statement; what the terminal is
    told keeps the old order: a terminal over its limits is refused (429) before it
    learns whether the card exists, and a refused look-up is not recorded."""
    try:
        card, unknown = cards.find_card(dbsession, value, qr_key), None
    except UnknownCard as exc:
        card, unknown = None, exc
    # A tap on an offer is bounded by the offers' own limits and the terminal's rate:
    # counting it per card would refuse a family served at one counter.
    throttle.admit(dbsession, terminal.id, card.id if card is not None else None, kind, now,
                   limits)
    if unknown is not None:
        raise unknown
    return card


# --- limits ----------------------------------------------------------------------------------


def _counted(limit, *conditions):
    uses = select(func.count()).select_from(Redemption).where(
        Redemption.offer_id == Offer.id, *conditions).correlate(Offer).scalar_subquery()
    return case((limit.is_not(None), uses), else_=null())


# The uses of the offer of the row (``Offer.id``) that its limits count: by the visitor
# (parameter ``visitor_id``; every card of the stay), on the office day (``day``), in
# all. Each is counted only where the offer sets that limit (NULL otherwise): an offer
# without limits costs no count, and the total of a popular offer is not counted at each
# scan. The statements below are built once and run with parameters: they are on the
# path of every scan and redemption, where building one costs more in Python than the
# database spends running it.
_USES = (_counted(Offer.limit_per_card, Redemption.visitor_id == bindparam("visitor_id")),
         _counted(Offer.limit_per_day, Redemption.office_day == bindparam("day")),
         _counted(Offer.limit_total))
# The approved offers of a partner (``partner_id``), with their uses.
_OFFERS_WITH_USES = select(Offer, *_USES).where(Offer.partner_id == bindparam("partner_id"),
                                                Offer.status == "approved")
# The uses of some offers (``offer_ids``).
_USES_OF = select(Offer.id, *_USES).where(Offer.id.in_(bindparam("offer_ids",
                                                                 expanding=True)))
# After the offer's row is locked (``offer_id``): a twin of the request (``terminal_id``,
# ``request_id``) committed meanwhile, and the uses.
_TWIN_AND_USES = select(
    select(Redemption.id).where(Redemption.terminal_id == bindparam("terminal_id"),
                                Redemption.request_id == bindparam("request_id"))
    .scalar_subquery(), *_USES).where(Offer.id == bindparam("offer_id"))
# The offer's row, locked until the end of the transaction (SQLite has one writer anyway)
# and read afresh: its limits and window may have changed since the session last read it.
_OFFER_LOCKED = select(Offer).where(Offer.id == bindparam("offer_id")).with_for_update() \
    .execution_options(populate_existing=True)
_REDEMPTION_OF_REQUEST = select(Redemption).where(
    Redemption.terminal_id == bindparam("terminal_id"),
    Redemption.request_id == bindparam("request_id")
).execution_options(populate_existing=True)


def _uses_params(visitor_id: int, at: dt.datetime) -> dict:
    return {"visitor_id": visitor_id, "day": office_date(at)}


def _left(offer: Offer, per_card, per_day, total) -> int | None:
    left = [limit - (used or 0) for limit, used in (
        (offer.limit_per_card, per_card), (offer.limit_per_day, per_day),
        (offer.limit_total, total)) if limit is not None]
    return max(0, min(left)) if left else None


def remaining_uses(dbsession: Session, offers: list[Offer], visitor: Visitor,
                   at: dt.datetime) -> dict[int, int | None]:
    """For each offer, how many more uses its limits allow this visitor at ``at`` (None:
    no limit). Uses of every card of the stay count, so a re-issued card starts nowhere."""
    limited = {o.id: o for o in offers if o.limit_per_card is not None
               or o.limit_per_day is not None or o.limit_total is not None}
    remaining: dict[int, int | None] = {o.id: None for o in offers}
    if limited:
        for offer_id, *uses in dbsession.execute(
                _USES_OF, dict(_uses_params(visitor.id, at), offer_ids=list(limited))):
            remaining[offer_id] = _left(limited[offer_id], *uses)
    return remaining


def _limit_refusal(offer: Offer, per_card, per_day, total):
    """Why the offer's limits refuse one more use, given its uses counted (None each
    where it sets no limit), or None."""
    for limit, used, reason in (
            (offer.limit_per_card, per_card,
             _("This visitor has already used this offer as often as allowed.")),
            (offer.limit_per_day, per_day, _("This offer's uses for today are all taken.")),
            (offer.limit_total, total, _("This offer's uses are all taken."))):
        if limit is not None and (used or 0) >= limit:
            return reason
    return None


def refusal(dbsession: Session, offer: Offer, visitor: Visitor, at: dt.datetime):
    """Why ``offer`` cannot be granted to ``visitor`` at ``at``, or None."""
    reason = targeting.window_refusal(offer, at) or targeting.targeting_refusal(offer, visitor, at)
    if reason is not None:
        return reason
    _id, *uses = dbsession.execute(_USES_OF, dict(_uses_params(visitor.id, at),
                                                   offer_ids=[offer.id])).one()
    return _limit_refusal(offer, *uses)


# --- scan ------------------------------------------------------------------------------------


def grantable(dbsession: Session, partner_id: int, visitor: Visitor,
              at: dt.datetime) -> list[tuple[Offer, int | None]]:
    """The partner's offers this visitor may use at ``at``, best first, each with how many
    more uses its limits allow (None: no limit). One statement: the offers and, for those
    with limits, their uses."""
    fitting = []
    for offer, *uses in dbsession.execute(
            _OFFERS_WITH_USES, dict(_uses_params(visitor.id, at), partner_id=partner_id)):
        if targeting.window_refusal(offer, at) is None \
                and targeting.targeting_refusal(offer, visitor, at) is None:
            left = _left(offer, *uses)
            if left != 0:
                fitting.append((offer, left))
    return sorted(fitting, key=lambda pair: targeting.best_first_key(pair[0], visitor))


def grantable_offers(dbsession: Session, partner_id: int, visitor: Visitor,
                     at: dt.datetime) -> list[Offer]:
    """The partner's offers this visitor may use at ``at``, best first."""
    return [offer for offer, _left_uses in grantable(dbsession, partner_id, visitor, at)]


def scan(dbsession: Session, terminal: Terminal, value: str, qr_key: bytes, *,
         now: dt.datetime | None = None,
         limits: throttle.RateLimits = throttle.DEFAULT_LIMITS) -> ScanResult:
    """Who holds the card and which of the terminal's partner's offers fit them now."""
    now = now or utcnow()
    card = look_up(dbsession, terminal, value, "scan", qr_key, now, limits)
    cards.check_usable(card, now)
    visitor = card.visitor
    offers = grantable(dbsession, terminal.partner_id, visitor, now)
    return ScanResult(card, visitor, [offer for offer, _left_uses in offers],
                      {offer.id: left for offer, left in offers})


# --- redeem ----------------------------------------------------------------------------------


def check_request_id(request_id: str) -> str:
    if not isinstance(request_id, str) or not _REQUEST_ID.match(request_id):
        raise InvalidInput(_("request_id must be 1 to 64 letters, digits or . _ : -, "
                             "like a UUID."), on="request_id")
    return request_id


def redemption_time(redeemed_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """The moment to judge a redemption at: the terminal's own time for a queued one."""
    if redeemed_at is None:
        return now
    if redeemed_at.tzinfo is None:
        raise InvalidInput(_("redeemed_at needs a time zone, like 2026-07-14T10:30:00+02:00."),
                           on="redeemed_at")
    if redeemed_at > now + CLOCK_SKEW:
        raise StaleRedemption(_("redeemed_at is in the future; check the terminal's clock."))
    if redeemed_at < now - OFFLINE_WINDOW:
        raise StaleRedemption(_("redeemed_at is more than ${hours} hours old; such a "
                                "redemption can no longer be recorded."),
                              hours=int(OFFLINE_WINDOW.total_seconds() // 3600))
    return min(redeemed_at, now)


def _existing(dbsession: Session, terminal_id: int, request_id: str) -> Redemption | None:
    return dbsession.scalars(_REDEMPTION_OF_REQUEST, {"terminal_id": terminal_id,
                                                      "request_id": request_id}
                             ).one_or_none()


def _replay(dbsession: Session, existing: Redemption, card: Card | None,
            offer_id: int) -> RedeemResult:
    """The first redemption again, when the request names its offer and its visitor's
    card (``card`` None: what was read names no card any more, see :func:`_card_named`)."""
    same_card = card is None or card.id == existing.card_id \
        or card.visitor_id == existing.visitor_id
    if not same_card or existing.offer_id != offer_id:
        raise RequestIdReused(_("This request_id was already used for another redemption; "
                                "send a new one."))
    return RedeemResult(existing, card or dbsession.get(Card, existing.card_id),
                        created=False)


def _card_named(dbsession: Session, value: str, qr_key: bytes) -> Card | None:
    """The card ``value`` names, whatever its state (blocked, retired, erased), for
    matching a replay; None when it names none.

    A signed token or a printed number still names a retired card (numbers are never
    reused). A UID is freed when its card is retired, and may name another visitor's card
    since: that one is compared like any other, and a UID naming nothing is taken for
    the first card, since the request id, per terminal, already pins the redemption.
    """
    value = (value or "").strip()
    if vip_secrets.looks_like_token(value):
        parts = vip_secrets.verify_token(qr_key, value)
        number = parts[0] if parts is not None else None
    elif vip_secrets.looks_like_card_number(value):
        number = vip_secrets.normalise_card_number(value)
    else:
        uid = vip_secrets.normalise_uid(value)
        if uid is not None:
            return dbsession.scalars(select(Card).where(Card.nfc_uid == uid)).one_or_none()
        number = None
    card = dbsession.scalars(select(Card).where(Card.number == number)).one_or_none() \
        if number is not None else None
    if card is None:
        raise UnknownCard(_("This card is not known. Check the number or scan it again."))
    return card


def redeem(dbsession: Session, terminal: Terminal, value: str, offer_id: int,
           request_id: str, qr_key: bytes, *, redeemed_at: dt.datetime | None = None,
           now: dt.datetime | None = None,
           limits: throttle.RateLimits = throttle.DEFAULT_LIMITS) -> RedeemResult:
    """Grant ``offer_id`` to the card read, once per ``(terminal, request_id)``.

    The same request again returns the first redemption (``created`` False) whatever
    happened since, before any other check; the same request_id for another visitor's
    card or another offer is refused.
    """
    now = now or utcnow()
    check_request_id(request_id)
    # A replay comes first: its answer may not depend on what changed since (the time
    # window passed, the card retired or erased, the rate limits reached).
    existing = _existing(dbsession, terminal.id, request_id)
    if existing is not None:
        return _replay(dbsession, existing, _card_named(dbsession, value, qr_key), offer_id)
    at = redemption_time(redeemed_at, now)
    card = look_up(dbsession, terminal, value, "redeem", qr_key, now, limits)
    offer = dbsession.scalars(_OFFER_LOCKED, {"offer_id": offer_id}).one_or_none()
    if offer is None or offer.partner_id != terminal.partner_id:
        raise UnknownOffer(_("This terminal's partner has no offer number ${id}."),
                           id=offer_id)
    # Once the offer's row is locked, one statement reads whether a twin of this request
    # committed while we waited for the lock, and the uses the offer's limits count (a
    # statement begun after the lock sees every use committed before it).
    twin_id, *uses = dbsession.execute(_TWIN_AND_USES, dict(
        _uses_params(card.visitor_id, at), offer_id=offer.id, terminal_id=terminal.id,
        request_id=request_id)).one()
    if twin_id is not None:
        return _replay(dbsession, _existing(dbsession, terminal.id, request_id), card,
                       offer_id)
    cards.check_usable(card, at)
    reason = (targeting.window_refusal(offer, at)
              or targeting.targeting_refusal(offer, card.visitor, at)
              or _limit_refusal(offer, *uses))
    if reason is not None:
        raise NotGrantable(reason, **(reason.mapping or {}))
    values = dict(offer_id=offer.id, visitor_id=card.visitor_id, card_id=card.id,
                  terminal_id=terminal.id, request_id=request_id, redeemed_at=at,
                  office_day=office_date(at), received_at=now)
    redemption = _insert_once(dbsession, values)
    if redemption is None:  # the same request_id for another offer, at the same instant
        existing = _existing(dbsession, terminal.id, request_id)
        if existing is None:
            raise RuntimeError("a redemption was refused by a constraint other than its "
                               "request id")
        return _replay(dbsession, existing, card, offer_id)
    return RedeemResult(redemption, card, created=True)


def _insert_once(dbsession: Session, values: dict) -> Redemption | None:
    """Insert a redemption, or nothing when its (terminal, request_id) is taken: None.

    A plain INSERT, not an ORM object added to the session: a redemption is not a change
    visitors see (page cache). ``ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL) saves
    the savepoint a failed INSERT would need; RETURNING gives the row as read back (the
    same answer a replay gives), without another SELECT."""
    dialect = dbsession.get_bind().dialect.name
    if dialect in UPSERTS:
        statement = _INSERTS_ONCE.get(dialect)
        if statement is None:
            table = Redemption.__table__
            statement = _INSERTS_ONCE[dialect] = select(Redemption).from_statement(
                UPSERTS[dialect](table).on_conflict_do_nothing().returning(*table.c))
        return dbsession.scalars(statement, values).one_or_none()
    try:
        with dbsession.begin_nested():
            new_id = dbsession.execute(insert(Redemption).values(**values)
                                       .returning(Redemption.id)).scalar_one()
    except IntegrityError:
        return None
    return dbsession.get(Redemption, new_id)


_INSERTS_ONCE: dict = {}  # per dialect, built at first use
