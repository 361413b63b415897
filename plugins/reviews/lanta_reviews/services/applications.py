"""Applications to become one of the office's testers, and the office's decision.

Anyone may apply (the form is public), so what one sender can do is bounded: one pending
application per e-mail, none from an existing tester, none within ``COOL_DOWN`` of a
decline, and no new application at all while ``MAX_PENDING`` wait (a flood of invented
addresses then fills a queue the office sees, not the database). Accepting makes the
tester's profile and, when no account has the e-mail, an account with the role
``tester`` and no known password; its owner chooses one through the link the caller
mails. An existing account keeps its role: the hook ``lanta_user_roles`` adds
``tester``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lanta.models import MAX_ID, User, row_by_id
from lanta.services import users as users_service
from lanta.services.errors import Conflict, DomainError, InvalidField, NotFound
from lanta.services.partner_vocabulary import ENVIES

from ..i18n import _
from ..models import TESTER_KINDS, Application, Tester, utcnow
from . import testers

MAX_PENDING = 300  # beyond this the office has work enough; new ones wait
COOL_DOWN = dt.timedelta(days=30)  # a declined applicant may try again after this
NAME_MAX = 120
MOTIVATION_MAX = 2000
REASON_MAX = 1000
# Enough to refuse what cannot be an address; the account creation checks it again.
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")


@dataclass
class ApplicationInput:
    name: str
    email: str
    kind: str
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    motivation: str = ""
    consent: bool = False
    user_id: int | None = None
    # The languages the site offers: only those may be ticked.
    site_languages: tuple[str, ...] = ("fr",)


class AlreadyApplied(InvalidField):
    """The address already has a pending application, belongs to a tester, or was
    answered too recently (409, shown beside the e-mail field)."""

    status = 409

    def __init__(self, message: str, **mapping: object) -> None:
        super().__init__(message, on="email", **mapping)


@dataclass
class Acceptance:
    """What accepting made: the tester, its account, whether that account is new (then
    it needs a link to choose its password), and the application decided."""

    application: Application
    tester: Tester
    user: User
    new_account: bool


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _check(data: ApplicationInput) -> ApplicationInput:
    name = _clean(data.name)
    if not name:
        raise InvalidField(_("Give your name."), on="name")
    if len(name) > NAME_MAX:
        raise InvalidField(_("The name is longer than ${n} characters."), on="name",
                           n=NAME_MAX)
    email = users_service.normalise_email(data.email or "")
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidField(_("Give an e-mail address like name@example.org."), on="email")
    if data.kind not in TESTER_KINDS:
        raise InvalidField(_("Say whether you live here or work in tourism."), on="kind")
    if any(e not in ENVIES for e in data.interests):
        raise InvalidField(_("Choose among the interests listed."), on="interests")
    if any(lang not in data.site_languages for lang in data.languages):
        raise InvalidField(_("Choose among the languages listed."), on="languages")
    if not data.languages:
        raise InvalidField(_("Tick at least one language you would write in."),
                           on="languages")
    motivation = (data.motivation or "").strip()
    if len(motivation) > MOTIVATION_MAX:
        raise InvalidField(_("The text is longer than ${n} characters."), on="motivation",
                           n=MOTIVATION_MAX)
    if not data.consent:
        raise InvalidField(_("Without your consent the office cannot study your "
                             "application."), on="consent")
    return ApplicationInput(
        name=name, email=email, kind=data.kind,
        interests=tuple(e for e in ENVIES if e in data.interests),
        languages=tuple(lang for lang in data.site_languages if lang in data.languages),
        motivation=motivation, consent=True, user_id=data.user_id,
        site_languages=data.site_languages)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back.
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def refusal_for(dbsession: Session, email: str, user_id: int | None,
                now: dt.datetime) -> DomainError | None:
    """Why an application from ``email`` (or the account ``user_id``) cannot be taken
    now, or None."""
    account = users_service.get_by_email(dbsession, email)
    for uid in {u for u in (user_id, account.id if account else None) if u is not None}:
        if testers.tester_for_user(dbsession, uid) is not None:
            return AlreadyApplied(_("This account is already one of the office's "
                                    "testers."))
    mine = list(dbsession.scalars(select(Application).where(Application.email == email)))
    if any(a.status == "pending" for a in mine):
        return AlreadyApplied(_("An application from this e-mail address is already "
                                "waiting for the office's answer."))
    declined = [_aware(a.decided_at) for a in mine
                if a.status == "declined" and a.decided_at is not None]
    if declined and max(declined) > now - COOL_DOWN:
        return AlreadyApplied(_("An application from this e-mail address was answered "
                                "less than ${days} days ago. Please wait before applying "
                                "again."), days=COOL_DOWN.days)
    if count_pending(dbsession) >= MAX_PENDING:
        return DomainError(_("The office has many applications to study. Please apply "
                             "again in a few weeks."))
    return None


def submit(dbsession: Session, data: ApplicationInput,
           now: dt.datetime | None = None) -> Application:
    """Store a checked application (status pending), or raise a :class:`DomainError`
    saying what to correct; nothing is written then."""
    now = now or utcnow()
    data = _check(data)
    refusal = refusal_for(dbsession, data.email, data.user_id, now)
    if refusal is not None:
        raise refusal
    row = Application(user_id=data.user_id, name=data.name, email=data.email,
                      kind=data.kind, interests=list(data.interests),
                      languages=list(data.languages), motivation=data.motivation,
                      status="pending", reason="", created_at=now)
    dbsession.add(row)
    dbsession.flush()
    return row


def count_pending(dbsession: Session) -> int:
    return dbsession.scalar(select(func.count()).select_from(Application)
                            .where(Application.status == "pending")) or 0


def list_for_office(dbsession: Session, limit: int = 500) -> list[Application]:
    """Pending applications first (oldest first: first come, first answered), then the
    decided ones, the latest decision first."""
    pending_first = case((Application.status == "pending", 0), else_=1)
    return list(dbsession.scalars(
        select(Application).order_by(pending_first, Application.decided_at.desc(),
                                     Application.created_at, Application.id).limit(limit)))


def get(dbsession: Session, application_id: int) -> Application:
    """An application by its id (typed from outside: beyond the keys' range is not
    found)."""
    row = row_by_id(dbsession, Application, application_id)
    if row is None:
        raise NotFound(_("There is no such application."))
    return row


def _pending(dbsession: Session, application_id: int) -> Application:
    """The application, locked until the transaction ends (two office members deciding
    at once: the second waits, then reads the first's decision), if still pending."""
    row = None
    if 0 < application_id <= MAX_ID:
        row = dbsession.get(Application, application_id, with_for_update=True,
                            populate_existing=True)
    if row is None:
        raise NotFound(_("There is no such application."))
    if row.status != "pending":
        raise Conflict(_("This application was already answered."))
    return row


def accept(dbsession: Session, application_id: int, decided_by_id: int | None,
           now: dt.datetime | None = None) -> Acceptance:
    """Make the applicant a tester; see the module's docstring for the account."""
    now = now or utcnow()
    application = _pending(dbsession, application_id)
    user = dbsession.get(User, application.user_id) if application.user_id else None
    user = user or users_service.get_by_email(dbsession, application.email)
    new_account = user is None
    if user is not None and not user.active:
        raise Conflict(_("The account of ${email} is deactivated: reactivate it in the "
                         "users' page first."), email=user.email)
    if user is not None and testers.tester_for_user(dbsession, user.id) is not None:
        raise Conflict(_("This account is already one of the office's testers."))
    try:
        # A savepoint: another request may create the same account, or a tester with
        # the same account or address name, at the same moment (the checks above could
        # not see it); the unique constraints then refuse this one, and the rest of the
        # transaction stays usable for the clear message.
        with dbsession.begin_nested():
            if user is None:
                user = users_service.create(dbsession, application.email, None, "tester",
                                            display_name=application.name)
            tester = testers.create(dbsession, user_id=user.id,
                                    display_name=application.name, kind=application.kind,
                                    interests=application.interests,
                                    languages=application.languages, now=now)
    except IntegrityError:
        raise Conflict(_("Another decision made the same account or tester at the same "
                         "moment: reload the page and try again.")) from None
    application.user_id = user.id
    application.status = "accepted"
    application.decided_at = now
    application.decided_by = decided_by_id
    dbsession.flush()
    return Acceptance(application=application, tester=tester, user=user,
                      new_account=new_account)


def decline(dbsession: Session, application_id: int, reason: str,
            decided_by_id: int | None, now: dt.datetime | None = None) -> Application:
    """Decline with a reason, which the applicant is told."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidField(_("Give the reason: the applicant reads it."), on="reason")
    if len(reason) > REASON_MAX:
        raise InvalidField(_("The reason is longer than ${n} characters."), on="reason",
                           n=REASON_MAX)
    application = _pending(dbsession, application_id)
    application.status = "declined"
    application.reason = reason
    application.decided_at = now or utcnow()
    application.decided_by = decided_by_id
    dbsession.flush()
    return application
