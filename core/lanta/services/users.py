"""Accounts: creation, authentication with throttling, roles, password changes and resets."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..addon_api import ROLES
from ..models import LoginAttempt, PasswordResetToken, User, row_by_id
from ..models.user import utcnow
from . import passwords
from .errors import Conflict, DomainError, NotFound, TooManyAttempts

MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
RESET_TOKEN_LIFETIME = dt.timedelta(hours=2)
# A new account's "choose your password" link: its owner may not read mail at once.
INVITATION_LIFETIME = dt.timedelta(days=7)
# Open reset links per account; beyond this, asking again sends nothing (mail bombing).
MAX_OPEN_RESETS = 3


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise DomainError("The password must have at least ${n} characters.",
                          n=passwords.MIN_LENGTH)


def check_role(role: str) -> None:
    if role not in ROLES:
        raise DomainError("Unknown role ${role}; choose one of: ${roles}.", role=role,
                          roles=", ".join(ROLES))


def get_by_email(dbsession: Session, email: str) -> User | None:
    return dbsession.scalar(select(User).where(User.email == normalise_email(email)))


def get(dbsession: Session, user_id: int) -> User:
    user = row_by_id(dbsession, User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def get_active(dbsession: Session, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = row_by_id(dbsession, User, user_id)
    return user if user is not None and user.active else None


def list_users(dbsession: Session) -> list[User]:
    return list(dbsession.scalars(select(User).order_by(User.email)))


def create(dbsession: Session, email: str, password: str | None, role: str,
           display_name: str = "", locale: str | None = None) -> User:
    """A new active account; with ``password=None`` nobody knows its password until its
    owner chooses one through a reset link (see :func:`issue_reset_token`)."""
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise DomainError("${email} is not an e-mail address.", email=email)
    check_role(role)
    if password is None:
        password = secrets.token_urlsafe(32)
    check_password_strength(password)
    if get_by_email(dbsession, email) is not None:
        raise Conflict("A user with the e-mail ${email} already exists.", email=email)
    user = User(email=email, password_hash=passwords.hash_password(password), role=role,
                display_name=display_name or email.split("@")[0], locale=locale, active=True)
    dbsession.add(user)
    dbsession.flush()
    return user


def update(dbsession: Session, user: User, *, role: str | None = None,
           display_name: str | None = None, active: bool | None = None,
           locale: str | None = None) -> User:
    if role is not None:
        check_role(role)
        if user.role == "admin" and role != "admin":
            _ensure_another_admin(dbsession, user)
        user.role = role
    if active is False and user.active and user.role == "admin":
        _ensure_another_admin(dbsession, user)
    if display_name is not None:
        user.display_name = display_name
    if active is not None:
        user.active = active
    if locale is not None:
        user.locale = locale or None
    dbsession.flush()
    return user


def _ensure_another_admin(dbsession: Session, user: User) -> None:
    others = dbsession.scalar(
        select(func.count()).select_from(User).where(
            User.role == "admin", User.active.is_(True), User.id != user.id))
    if not others:
        raise Conflict("The site must keep at least one active admin.")


def set_password(dbsession: Session, user: User, password: str) -> None:
    check_password_strength(password)
    user.password_hash = passwords.hash_password(password)
    dbsession.flush()


def change_password(dbsession: Session, user: User, current_password: str,
                    new_password: str, remote_addr: str) -> None:
    """Change a logged-in user's own password, proving the current one first.

    A wrong current password counts as a failed login, so a stolen session cannot be used
    to guess the password faster than the login form allows.
    """
    _lock_account(dbsession, user.email)
    _refuse_if_throttled(dbsession, user.email, remote_addr)
    if not passwords.verify_password(user.password_hash, current_password):
        dbsession.add(LoginAttempt(email=user.email, remote_addr=remote_addr))
        dbsession.flush()
        raise DomainError("The current password is wrong.")
    set_password(dbsession, user, new_password)


def recent_failures(dbsession: Session, email: str, remote_addr: str,
                    now: dt.datetime | None = None) -> int:
    since = (now or utcnow()) - FAILURE_WINDOW
    return dbsession.scalar(
        select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.attempted_at >= since,
            (LoginAttempt.email == normalise_email(email))
            | (LoginAttempt.remote_addr == remote_addr))) or 0


def _lock_account(dbsession: Session, email: str) -> User | None:
    """The account of ``email``, its row locked until the end of the transaction.

    Attempts on one account then take turns, each counting the failures committed by
    the one before: without the lock, a burst of parallel guesses would all pass the
    throttle before any of their failures is stored.
    """
    return dbsession.scalar(select(User).where(User.email == normalise_email(email))
                            .with_for_update())


def _refuse_if_throttled(dbsession: Session, email: str, remote_addr: str) -> None:
    if recent_failures(dbsession, email, remote_addr) >= MAX_FAILURES:
        raise TooManyAttempts(
            "Too many failed attempts. Wait ${minutes} minutes before trying again.",
            minutes=int(FAILURE_WINDOW.total_seconds() // 60))


def authenticate(dbsession: Session, email: str, password: str, remote_addr: str) -> User:
    """The user for these credentials, or :class:`DomainError` / :class:`TooManyAttempts`.

    After ``MAX_FAILURES`` failures within ``FAILURE_WINDOW`` for the same e-mail or from
    the same address, every attempt is refused until the window has passed; failures are
    stored in the database so that every server process counts them.
    """
    email = normalise_email(email)
    user = _lock_account(dbsession, email)
    _refuse_if_throttled(dbsession, email, remote_addr)
    ok = passwords.verify_password(user.password_hash if user else passwords.DUMMY_HASH,
                                   password)
    if not ok or user is None or not user.active:
        dbsession.add(LoginAttempt(email=email, remote_addr=remote_addr))
        dbsession.flush()
        raise DomainError("Wrong e-mail or password.")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    dbsession.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    user.last_login_at = utcnow()
    dbsession.flush()
    return user


@dataclass
class ResetRequest:
    user: User
    token: str  # the clear token, to be mailed; only its digest is stored


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _open_tokens(user: User):
    return select(PasswordResetToken).where(
        PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None),
        PasswordResetToken.expires_at >= utcnow())


def issue_reset_token(dbsession: Session, user: User,
                      lifetime: dt.timedelta = RESET_TOKEN_LIFETIME) -> ResetRequest:
    """A new one-time token for ``user`` (an admin's "send a set-password e-mail")."""
    token = secrets.token_urlsafe(32)
    dbsession.add(PasswordResetToken(user_id=user.id, token_hash=_digest(token),
                                     expires_at=utcnow() + lifetime))
    dbsession.flush()
    return ResetRequest(user, token)


def start_password_reset(dbsession: Session, email: str) -> ResetRequest | None:
    """A new reset token for an active account, or None (the caller says the same thing).

    None too when the account already has ``MAX_OPEN_RESETS`` unused, unexpired links,
    so that the form cannot be used to flood someone's mailbox.
    """
    user = get_by_email(dbsession, email)
    if user is None or not user.active:
        return None
    open_count = dbsession.scalar(
        select(func.count()).select_from(_open_tokens(user).subquery()))
    if open_count >= MAX_OPEN_RESETS:
        return None
    return issue_reset_token(dbsession, user)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns.
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def user_for_reset_token(dbsession: Session, token: str) -> tuple[User, PasswordResetToken]:
    row = dbsession.scalar(select(PasswordResetToken).where(
        PasswordResetToken.token_hash == _digest(token)))
    if row is None or row.used_at is not None or _aware(row.expires_at) < utcnow():
        raise DomainError("This reset link is invalid or has expired; ask for a new one.")
    user = get(dbsession, row.user_id)
    if not user.active:  # deactivated after the link was sent
        raise DomainError("This reset link is invalid or has expired; ask for a new one.")
    return user, row


def finish_password_reset(dbsession: Session, token: str, password: str) -> User:
    """Set the new password; this link and every other open link of the user stop working."""
    user, row = user_for_reset_token(dbsession, token)
    set_password(dbsession, user, password)
    now = utcnow()
    row.used_at = now
    for other in dbsession.scalars(_open_tokens(user)):
        other.used_at = now
    dbsession.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    dbsession.flush()
    return user
