"""Partners' terminals: creating one with a pairing code, exchanging the code for the
terminal's key, authenticating a key, revoking it.

The office (or the partner) creates a terminal and reads its pairing code to the person
at the tablet, who types it once; the tablet receives its own key and keeps it. Only
SHA-256 digests of codes and keys are stored, and a code works once, for a short time.
"""
from __future__ import annotations

import datetime as dt
import hmac

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from lanta.models import Partner

from ..i18n import _
from ..models import Terminal
from . import secrets as vip_secrets
from .clock import utcnow
from .errors import Conflict, InvalidInput, NotFound, Unauthorized

PAIRING_TTL = dt.timedelta(minutes=30)
LABEL_MAX = 80
LAST_SEEN_EVERY = dt.timedelta(minutes=1)


def _partner(dbsession: Session, partner_id: int | None = None,
             slug: str | None = None) -> Partner:
    if slug is not None:
        partner = dbsession.scalars(select(Partner).where(Partner.slug == slug)).one_or_none()
    else:
        partner = dbsession.get(Partner, partner_id)
    if partner is None:
        raise NotFound(_("There is no partner ${partner}."),
                       partner=slug if slug is not None else partner_id)
    return partner


def _label(label: str) -> str:
    cleaned = " ".join((label or "").split())
    if len(cleaned) > LABEL_MAX:
        raise InvalidInput(_("Keep this under ${max} characters."), on="label", max=LABEL_MAX)
    return cleaned


def create_terminal(dbsession: Session, partner_id: int, label: str = "", *,
                    now: dt.datetime | None = None,
                    ttl: dt.timedelta = PAIRING_TTL) -> tuple[Terminal, str]:
    """A terminal waiting to be paired, and its pairing code (shown once, valid ``ttl``)."""
    now = now or utcnow()
    terminal = Terminal(partner_id=_partner(dbsession, partner_id).id, label=_label(label),
                        created_at=now)
    code = _set_pairing_code(terminal, now, ttl)
    dbsession.add(terminal)
    dbsession.flush()
    return terminal, code


def _set_pairing_code(terminal: Terminal, now: dt.datetime,
                      ttl: dt.timedelta = PAIRING_TTL) -> str:
    # Never touches revoked_at: a revocation is for good (a new tablet, a new terminal).
    code = vip_secrets.new_pairing_code()
    terminal.pairing_code_hash = vip_secrets.digest(code)
    terminal.pairing_expires_at = now + ttl
    return vip_secrets.format_pairing_code(code)


def pair_terminal(dbsession: Session, code: str, *,
                  now: dt.datetime | None = None) -> tuple[Terminal, str]:
    """Exchange a pairing code for the terminal's key (shown once; the code is spent)."""
    now = now or utcnow()
    wanted = vip_secrets.digest(vip_secrets.normalise_pairing_code(code))
    terminal = dbsession.scalars(
        select(Terminal).where(Terminal.pairing_code_hash == wanted)
        .with_for_update()).one_or_none()
    if terminal is None or terminal.revoked_at is not None \
            or terminal.pairing_expires_at is None or terminal.pairing_expires_at <= now:
        raise NotFound(_("This pairing code is unknown or has expired; ask the office for a "
                         "new one."))
    key = vip_secrets.new_terminal_key()
    terminal.key_hash = vip_secrets.digest(key)
    terminal.pairing_code_hash = None
    terminal.pairing_expires_at = None
    terminal.paired_at = now
    dbsession.flush()
    return terminal, key


def add_paired_terminal(dbsession: Session, partner_slug: str, label: str = "", *,
                        now: dt.datetime | None = None) -> tuple[Terminal, str]:
    """A terminal paired at once, for ``lanta vip terminal add``: returns its key."""
    terminal, code = create_terminal(dbsession, _partner(dbsession, slug=partner_slug).id,
                                     label, now=now)
    return pair_terminal(dbsession, code, now=now)


def key_from_header(authorization: str | None) -> str | None:
    """The key of an ``Authorization: Bearer KEY`` header, or None."""
    scheme, _sep, credentials = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


# Built once: every request of a terminal runs it (by the unique, so indexed, key_hash).
_BY_KEY_HASH = select(Terminal).where(Terminal.key_hash == bindparam("key_hash"))


def authenticate(dbsession: Session, key: str | None, *,
                 now: dt.datetime | None = None) -> Terminal:
    """The live terminal holding ``key``, or :class:`Unauthorized`."""
    if not key:
        raise Unauthorized(_("This request needs a terminal key: Authorization: Bearer KEY."))
    wanted = vip_secrets.digest(key)
    terminal = dbsession.scalars(_BY_KEY_HASH, {"key_hash": wanted}).one_or_none()
    # The look-up is by digest; comparing again in constant time costs nothing and keeps
    # the check honest should the query ever change.
    if terminal is None or terminal.key_hash is None \
            or not hmac.compare_digest(terminal.key_hash, wanted):
        raise Unauthorized(_("This terminal key is not valid; pair the terminal again."))
    if terminal.revoked_at is not None:
        raise Unauthorized(_("This terminal was revoked; pair the terminal again."))
    now = now or utcnow()
    # "Last seen" is for the office's list of terminals: a minute's precision is plenty,
    # and writing it at every scan would cost a statement (and, on PostgreSQL, a row
    # version and a lock on the terminal) on every request of a busy desk.
    if terminal.last_seen_at is None or now - terminal.last_seen_at >= LAST_SEEN_EVERY:
        # A plain UPDATE rather than an ORM change: a scan must not count as a change of
        # what visitors see (it would empty the page cache of every server).
        dbsession.execute(update(Terminal).where(Terminal.id == terminal.id)
                          .values(last_seen_at=now)
                          .execution_options(synchronize_session=False))
    return terminal


def revoke_terminal(dbsession: Session, terminal_id: int, *,
                    now: dt.datetime | None = None) -> Terminal:
    terminal = get_terminal(dbsession, terminal_id)
    if terminal.revoked_at is None:
        terminal.revoked_at = now or utcnow()
    terminal.pairing_code_hash = None
    terminal.pairing_expires_at = None
    dbsession.flush()
    return terminal


def get_terminal(dbsession: Session, terminal_id: int) -> Terminal:
    terminal = dbsession.get(Terminal, terminal_id)
    if terminal is None:
        raise NotFound(_("There is no terminal number ${id}."), id=terminal_id)
    return terminal


def list_terminals(dbsession: Session, *, partner_id: int | None = None) -> list[Terminal]:
    query = select(Terminal).order_by(Terminal.id)
    if partner_id is not None:
        query = query.where(Terminal.partner_id == partner_id)
    return list(dbsession.scalars(query))


def terminal_state(terminal: Terminal, now: dt.datetime | None = None) -> str:
    """``revoked``, ``paired``, ``waiting`` (its pairing code still works) or ``expired``
    (its code ran out before the tablet used it)."""
    now = now or utcnow()
    if terminal.revoked_at is not None:
        return "revoked"
    if terminal.key_hash is not None:
        return "paired"
    expires = terminal.pairing_expires_at
    return "waiting" if expires is not None and expires > now else "expired"


def renew_unpaired_code(dbsession: Session, terminal_id: int, *,
                        now: dt.datetime | None = None) -> str:
    """A fresh pairing code for a terminal no tablet holds yet. A paired terminal keeps
    its key and a revoked one stays revoked: the office adds a new terminal instead."""
    now = now or utcnow()
    terminal = get_terminal(dbsession, terminal_id)
    if terminal_state(terminal, now) in ("paired", "revoked"):
        raise Conflict(_("Only a terminal waiting to be paired gets a new code; add a new "
                         "terminal instead."))
    code = _set_pairing_code(terminal, now)
    dbsession.flush()
    return code


def partners_with_terminals(dbsession: Session) -> list[tuple[Partner, list[Terminal]]]:
    """Each partner that has terminals, by address name, with its terminals."""
    grouped: dict[int, tuple[Partner, list[Terminal]]] = {}
    for terminal, partner in dbsession.execute(
            select(Terminal, Partner).join(Partner, Partner.id == Terminal.partner_id)
            .order_by(Partner.slug, Terminal.id)):
        grouped.setdefault(partner.id, (partner, []))[1].append(terminal)
    return list(grouped.values())


def partners(dbsession: Session) -> list[Partner]:
    """Every partner, by address name: any of them may hold a terminal."""
    return list(dbsession.scalars(select(Partner).order_by(Partner.slug)))


def get_partner(dbsession: Session, partner_id: int) -> Partner:
    """The partner a terminal belongs to (or is about to)."""
    return _partner(dbsession, partner_id)
