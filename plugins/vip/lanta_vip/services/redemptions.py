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

from sqlalchemy import func, insert, select
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


@dataclass(frozen=True)
class ScanResult:
    card: Card
    visitor: Visitor
    offers: list[Offer]


@dataclass(frozen=True)
class RedeemResult:
    redemption: Redemption
    card: Card
    created: bool  # False when the same request_id was answered before


def look_up(dbsession: Session, terminal: Terminal, value: str, kind: str, qr_key: bytes,
            now: dt.datetime, limits: throttle.RateLimits) -> Card:
    """The card read by ``terminal``, within the rate limits; every look-up is counted
    (a ``redeem`` look-up against the terminal's limit only)."""
    throttle.check_terminal(dbsession, terminal.id, now, limits)
    try:
        card = cards.find_card(dbsession, value, qr_key)
    except UnknownCard:
        throttle.record(dbsession, terminal.id, None, kind, now)
        raise
    # A tap on an offer is bounded by the offers' own limits and the terminal's rate:
    # counting it per card would refuse a family served at one counter.
    if kind == "scan":
        throttle.check_card(dbsession, card.id, now, limits)
    throttle.record(dbsession, terminal.id, card.id, kind, now)
    return card


# --- limits ----------------------------------------------------------------------------------


def _uses(dbsession: Session, offer_ids: list[int], *conditions) -> dict[int, int]:
    if not offer_ids:
        return {}
    rows = dbsession.execute(
        select(Redemption.offer_id, func.count()).where(
            Redemption.offer_id.in_(offer_ids), *conditions).group_by(Redemption.offer_id))
    return dict(rows.all())


def remaining_uses(dbsession: Session, offers: list[Offer], visitor: Visitor,
                   at: dt.datetime) -> dict[int, int | None]:
    """For each offer, how many more uses its limits allow this visitor at ``at`` (None:
    no limit). Uses of every card of the stay count, so a re-issued card starts nowhere."""
    ids = [o.id for o in offers]
    per_card = _uses(dbsession, ids, Redemption.visitor_id == visitor.id)
    per_day = _uses(dbsession, ids, Redemption.office_day == office_date(at))
    total = _uses(dbsession, ids)
    remaining: dict[int, int | None] = {}
    for offer in offers:
        left = [limit - used for limit, used in (
            (offer.limit_per_card, per_card.get(offer.id, 0)),
            (offer.limit_per_day, per_day.get(offer.id, 0)),
            (offer.limit_total, total.get(offer.id, 0))) if limit is not None]
        remaining[offer.id] = max(0, min(left)) if left else None
    return remaining


def _limit_refusal(dbsession: Session, offer: Offer, visitor: Visitor, at: dt.datetime):
    ids = [offer.id]
    checks = (
        (offer.limit_per_card, lambda: _uses(dbsession, ids, Redemption.visitor_id == visitor.id),
         _("This visitor has already used this offer as often as allowed.")),
        (offer.limit_per_day, lambda: _uses(dbsession, ids,
                                            Redemption.office_day == office_date(at)),
         _("This offer's uses for today are all taken.")),
        (offer.limit_total, lambda: _uses(dbsession, ids),
         _("This offer's uses are all taken.")),
    )
    for limit, count, reason in checks:
        if limit is not None and count().get(offer.id, 0) >= limit:
            return reason
    return None


def refusal(dbsession: Session, offer: Offer, visitor: Visitor, at: dt.datetime):
    """Why ``offer`` cannot be granted to ``visitor`` at ``at``, or None."""
    return (targeting.window_refusal(offer, at)
            or targeting.targeting_refusal(offer, visitor, at)
            or _limit_refusal(dbsession, offer, visitor, at))


# --- scan ------------------------------------------------------------------------------------


def grantable_offers(dbsession: Session, partner_id: int, visitor: Visitor,
                     at: dt.datetime) -> list[Offer]:
    """The partner's offers this visitor may use at ``at``, best first."""
    candidates = [
        o for o in dbsession.scalars(select(Offer).where(Offer.partner_id == partner_id,
                                                         Offer.status == "approved"))
        if targeting.window_refusal(o, at) is None
        and targeting.targeting_refusal(o, visitor, at) is None]
    remaining = remaining_uses(dbsession, candidates, visitor, at)
    offers = [o for o in candidates if remaining[o.id] != 0]
    return sorted(offers, key=lambda o: targeting.best_first_key(o, visitor))


def scan(dbsession: Session, terminal: Terminal, value: str, qr_key: bytes, *,
         now: dt.datetime | None = None,
         limits: throttle.RateLimits = throttle.DEFAULT_LIMITS) -> ScanResult:
    """Who holds the card and which of the terminal's partner's offers fit them now."""
    now = now or utcnow()
    card = look_up(dbsession, terminal, value, "scan", qr_key, now, limits)
    cards.check_usable(card, now)
    visitor = card.visitor
    return ScanResult(card, visitor, grantable_offers(dbsession, terminal.partner_id,
                                                      visitor, now))


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
    return dbsession.scalars(
        select(Redemption).where(Redemption.terminal_id == terminal_id,
                                 Redemption.request_id == request_id)
        .execution_options(populate_existing=True)).one_or_none()


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
    offer = dbsession.get(Offer, offer_id, with_for_update=True, populate_existing=True)
    if offer is None or offer.partner_id != terminal.partner_id:
        raise UnknownOffer(_("This terminal's partner has no offer number ${id}."),
                           id=offer_id)
    # A twin of this request may have committed while we waited for the lock.
    existing = _existing(dbsession, terminal.id, request_id)
    if existing is not None:
        return _replay(dbsession, existing, card, offer_id)
    cards.check_usable(card, at)
    reason = refusal(dbsession, offer, card.visitor, at)
    if reason is not None:
        raise NotGrantable(reason, **(reason.mapping or {}))
    try:
        with dbsession.begin_nested():
            # A plain INSERT: a redemption is not a change visitors see (page cache).
            new_id = dbsession.execute(insert(Redemption).values(
                offer_id=offer.id, visitor_id=card.visitor_id, card_id=card.id,
                terminal_id=terminal.id, request_id=request_id, redeemed_at=at,
                office_day=office_date(at), received_at=now).returning(Redemption.id)
            ).scalar_one()
    except IntegrityError:  # the same request_id for another offer, at the same instant
        existing = _existing(dbsession, terminal.id, request_id)
        if existing is None:
            raise
        return _replay(dbsession, existing, card, offer_id)
    return RedeemResult(dbsession.get(Redemption, new_id), card, created=True)
