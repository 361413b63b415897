"""The accounts service: hashing, roles, throttling, reset tokens, the last admin; and the
composition of account mails."""
from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lanta.models import LoginAttempt, PasswordResetToken, User
from lanta.services import mail as mail_service
from lanta.services import passwords
from lanta.services import users as users_service
from lanta.services.errors import Conflict, DomainError, TooManyAttempts

PASSWORD = "correct horse battery staple"
ADDR = "203.0.113.5"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def editor(dbsession):
    return users_service.create(dbsession, "Editor@Example.org ", PASSWORD, "editor",
                                display_name="Eda")


@pytest.fixture
def admin(dbsession):
    return users_service.create(dbsession, "admin@example.org", PASSWORD, "admin")


# --- creating ----------------------------------------------------------------------------


def test_create_stores_argon2id_hash_and_normalised_email(editor):
    assert editor.email == "editor@example.org"
    assert editor.password_hash.startswith("$argon2id$")
    assert PASSWORD not in editor.password_hash
    assert passwords.verify_password(editor.password_hash, PASSWORD)


def test_create_refuses_duplicate_email_whatever_its_case(dbsession, editor):
    with pytest.raises(Conflict):
        users_service.create(dbsession, "EDITOR@example.org", PASSWORD, "staff")


@pytest.mark.parametrize("address", ["editor", "@example.org", "editor@"])
def test_create_refuses_what_is_not_an_email(dbsession, address):
    with pytest.raises(DomainError, match="is not an e-mail address"):
        users_service.create(dbsession, address, PASSWORD, "editor")


def test_create_refuses_short_password(dbsession):
    with pytest.raises(DomainError) as info:
        users_service.create(dbsession, "short@example.org", "x" * 9, "editor")
    assert info.value.mapping == {"n": passwords.MIN_LENGTH}
    assert users_service.get_by_email(dbsession, "short@example.org") is None


def test_create_refuses_unknown_role(dbsession):
    with pytest.raises(DomainError, match="Unknown role"):
        users_service.create(dbsession, "root@example.org", PASSWORD, "superuser")


def test_create_without_password_makes_an_account_nobody_can_log_into(dbsession):
    user = users_service.create(dbsession, "invited@example.org", None, "partner")
    assert user.password_hash.startswith("$argon2id$")
    for guess in ("", "None", PASSWORD):
        with pytest.raises(DomainError):
            users_service.authenticate(dbsession, "invited@example.org", guess, ADDR)


# --- authenticating and throttling -------------------------------------------------------


def test_authenticate_returns_user_and_records_login(dbsession, editor):
    user = users_service.authenticate(dbsession, " EDITOR@example.org", PASSWORD, ADDR)
    assert user is editor
    assert user.last_login_at is not None


@pytest.mark.parametrize("address,password", [
    ("editor@example.org", "wrong guess"), ("nobody@example.org", PASSWORD)])
def test_authenticate_refuses_wrong_credentials_with_one_message(dbsession, editor,
                                                                 address, password):
    with pytest.raises(DomainError) as info:
        users_service.authenticate(dbsession, address, password, ADDR)
    assert info.value.message == "Wrong e-mail or password."
    assert not isinstance(info.value, TooManyAttempts)


def test_authenticate_refuses_deactivated_user(dbsession, editor, admin):
    users_service.update(dbsession, editor, active=False)
    with pytest.raises(DomainError):
        users_service.authenticate(dbsession, "editor@example.org", PASSWORD, ADDR)


def fail(dbsession, address="editor@example.org", remote=ADDR, times=1):
    for _ in range(times):
        with pytest.raises(DomainError):
            users_service.authenticate(dbsession, address, "wrong guess", remote)


def test_throttled_after_max_failures_even_with_right_password(dbsession, editor):
    fail(dbsession, times=users_service.MAX_FAILURES - 1)
    assert users_service.authenticate(dbsession, "editor@example.org", PASSWORD, ADDR)
    # A success forgets the failures of that account.
    fail(dbsession, times=users_service.MAX_FAILURES)
    with pytest.raises(TooManyAttempts) as info:
        users_service.authenticate(dbsession, "editor@example.org", PASSWORD, "198.51.100.1")
    assert info.value.status == 429
    assert info.value.mapping == {"minutes": 15}


@pytest.mark.concurrent_writers
def test_parallel_attempts_on_one_account_count_each_others_failures(engine, db_backend,
                                                                  run_blocked_by):
    email = "race@example.org"
    with Session(engine) as setup:
        users_service.create(setup, email, PASSWORD, "editor")
        for n in range(users_service.MAX_FAILURES - 1):
            setup.add(LoginAttempt(email=email, remote_addr=f"198.51.100.{n}"))
        setup.commit()
    outcome: list[object] = []

    def right_password_from_elsewhere():
        with Session(engine) as second:
            try:
                outcome.append(users_service.authenticate(second, email, PASSWORD,
                                                          "192.0.2.1"))
            except DomainError as exc:
                outcome.append(exc)
            second.commit()

    first = Session(engine)
    try:
        with pytest.raises(DomainError):  # the last allowed failure, not committed yet
            users_service.authenticate(first, email, "wrong guess", "192.0.2.2")
        thread = run_blocked_by(first, right_password_from_elsewhere)
        first.commit()
        thread.join()
        assert isinstance(outcome[0], TooManyAttempts)
    finally:
        first.close()
        with Session(engine) as cleanup:
            cleanup.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
            cleanup.execute(delete(User).where(User.email == email))
            cleanup.commit()


def test_throttle_counts_failures_from_one_address_across_accounts(dbsession, editor):
    for n in range(users_service.MAX_FAILURES):
        fail(dbsession, address=f"guess{n}@example.org")
    with pytest.raises(TooManyAttempts):
        users_service.authenticate(dbsession, "editor@example.org", PASSWORD, ADDR)
    assert users_service.authenticate(dbsession, "editor@example.org", PASSWORD,
                                      "198.51.100.1") is editor


def test_failures_older_than_the_window_do_not_count(dbsession, editor):
    old = now() - users_service.FAILURE_WINDOW - dt.timedelta(minutes=1)
    for _ in range(users_service.MAX_FAILURES):
        dbsession.add(LoginAttempt(email="editor@example.org", remote_addr=ADDR,
                                   attempted_at=old))
    dbsession.flush()
    assert users_service.recent_failures(dbsession, "editor@example.org", ADDR) == 0
    assert users_service.authenticate(dbsession, "editor@example.org", PASSWORD, ADDR)


def test_authenticate_upgrades_an_outdated_hash(dbsession, editor):
    editor.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    assert passwords.needs_rehash(editor.password_hash)
    users_service.authenticate(dbsession, "editor@example.org", PASSWORD, ADDR)
    assert not passwords.needs_rehash(editor.password_hash)
    assert passwords.verify_password(editor.password_hash, PASSWORD)


# --- changing one's password -------------------------------------------------------------


def test_change_password_needs_the_current_one(dbsession, editor):
    with pytest.raises(DomainError, match="current password is wrong"):
        users_service.change_password(dbsession, editor, "wrong guess", "new passphrase!", ADDR)
    assert passwords.verify_password(editor.password_hash, PASSWORD)
    users_service.change_password(dbsession, editor, PASSWORD, "new passphrase!", ADDR)
    assert passwords.verify_password(editor.password_hash, "new passphrase!")


def test_change_password_failures_count_towards_the_login_throttle(dbsession, editor):
    for _ in range(users_service.MAX_FAILURES):
        with pytest.raises(DomainError):
            users_service.change_password(dbsession, editor, "wrong guess", "x" * 12, ADDR)
    with pytest.raises(TooManyAttempts):
        users_service.change_password(dbsession, editor, PASSWORD, "x" * 12, ADDR)
    with pytest.raises(TooManyAttempts):
        users_service.authenticate(dbsession, "editor@example.org", PASSWORD, "198.51.100.1")


# --- reset tokens ------------------------------------------------------------------------


def token_rows(dbsession, user):
    return list(dbsession.scalars(select(PasswordResetToken).where(
        PasswordResetToken.user_id == user.id)))


def test_reset_token_is_stored_only_as_a_digest(dbsession, editor):
    reset = users_service.start_password_reset(dbsession, "EDITOR@example.org")
    (row,) = token_rows(dbsession, editor)
    assert reset.user is editor
    assert reset.token not in row.token_hash
    assert len(row.token_hash) == 64


def test_reset_for_unknown_or_inactive_account_gives_nothing(dbsession, editor, admin):
    assert users_service.start_password_reset(dbsession, "nobody@example.org") is None
    users_service.update(dbsession, editor, active=False)
    assert users_service.start_password_reset(dbsession, "editor@example.org") is None


def test_reset_token_works_once(dbsession, editor):
    reset = users_service.start_password_reset(dbsession, "editor@example.org")
    users_service.finish_password_reset(dbsession, reset.token, "new passphrase!")
    assert passwords.verify_password(editor.password_hash, "new passphrase!")
    with pytest.raises(DomainError, match="invalid or has expired"):
        users_service.finish_password_reset(dbsession, reset.token, "another passphrase")
    assert passwords.verify_password(editor.password_hash, "new passphrase!")


def test_using_one_reset_token_cancels_the_others(dbsession, editor):
    first = users_service.start_password_reset(dbsession, "editor@example.org")
    second = users_service.start_password_reset(dbsession, "editor@example.org")
    users_service.finish_password_reset(dbsession, second.token, "new passphrase!")
    with pytest.raises(DomainError):
        users_service.user_for_reset_token(dbsession, first.token)


def test_expired_reset_token_is_refused(dbsession, editor):
    reset = users_service.start_password_reset(dbsession, "editor@example.org")
    (row,) = token_rows(dbsession, editor)
    row.expires_at = now() - dt.timedelta(seconds=1)
    dbsession.flush()
    with pytest.raises(DomainError, match="invalid or has expired"):
        users_service.finish_password_reset(dbsession, reset.token, "new passphrase!")
    assert passwords.verify_password(editor.password_hash, PASSWORD)


def test_reset_token_of_a_since_deactivated_user_is_refused(dbsession, editor, admin):
    reset = users_service.start_password_reset(dbsession, "editor@example.org")
    users_service.update(dbsession, editor, active=False)
    with pytest.raises(DomainError):
        users_service.user_for_reset_token(dbsession, reset.token)


def test_short_password_leaves_reset_token_usable(dbsession, editor):
    reset = users_service.start_password_reset(dbsession, "editor@example.org")
    with pytest.raises(DomainError):
        users_service.finish_password_reset(dbsession, reset.token, "short")
    users_service.finish_password_reset(dbsession, reset.token, "new passphrase!")


def test_no_more_than_max_open_resets_at_once(dbsession, editor):
    tokens = [users_service.start_password_reset(dbsession, "editor@example.org")
              for _ in range(users_service.MAX_OPEN_RESETS + 1)]
    assert tokens[-1] is None
    assert all(tokens[:-1])
    assert len(token_rows(dbsession, editor)) == users_service.MAX_OPEN_RESETS


def test_invitation_token_lasts_longer(dbsession, editor):
    users_service.issue_reset_token(dbsession, editor, users_service.INVITATION_LIFETIME)
    (row,) = token_rows(dbsession, editor)
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(
        tzinfo=dt.timezone.utc)
    assert expires - now() > dt.timedelta(days=6)


# --- roles and the last admin ------------------------------------------------------------


def test_last_admin_cannot_be_demoted_or_deactivated(dbsession, admin, editor):
    with pytest.raises(Conflict, match="at least one active admin"):
        users_service.update(dbsession, admin, role="editor")
    with pytest.raises(Conflict):
        users_service.update(dbsession, admin, active=False)
    assert (admin.role, admin.active) == ("admin", True)


def test_an_inactive_admin_does_not_count_as_another_admin(dbsession, admin):
    other = users_service.create(dbsession, "other@example.org", PASSWORD, "admin")
    users_service.update(dbsession, other, active=False)
    with pytest.raises(Conflict):
        users_service.update(dbsession, admin, role="editor")


def test_admin_may_be_demoted_when_another_active_admin_exists(dbsession, admin):
    users_service.create(dbsession, "other@example.org", PASSWORD, "admin")
    users_service.update(dbsession, admin, role="editor", active=False)
    assert (admin.role, admin.active) == ("editor", False)


def test_update_refuses_unknown_role(dbsession, editor):
    with pytest.raises(DomainError):
        users_service.update(dbsession, editor, role="superuser")
    assert editor.role == "editor"


def test_update_with_empty_locale_clears_preference(dbsession, editor):
    users_service.update(dbsession, editor, locale="en")
    assert editor.locale == "en"
    users_service.update(dbsession, editor, locale="")
    assert editor.locale is None


def test_no_failed_attempt_is_stored_on_success(dbsession, editor):
    users_service.authenticate(dbsession, "editor@example.org", PASSWORD, ADDR)
    assert dbsession.scalar(select(func.count()).select_from(LoginAttempt)) == 0


# --- account mails -----------------------------------------------------------------------


TEXTS = mail_service.LinkMailTexts(
    subject="Choose a new password\nBcc: someone@example.org", greeting="Hello Eda,",
    intro="Someone asked to reset the password of your account. " * 4,
    validity="The link works once, within 2 hours.",
    ignore_note="If you did not ask for this, ignore this message.", signature="The office")


def test_link_mail_keeps_a_long_link_whole_on_its_own_line():
    link = "https://example.org/password/reset/" + "A" * 90
    mail = mail_service.compose_link_mail("eda@example.org", link, TEXTS)
    assert link in mail.body.splitlines()
    assert all(len(line) <= mail_service.LINE_WIDTH for line in mail.body.splitlines()
               if line != link)
    assert mail.body.startswith("Hello Eda,\n\n")
    assert mail.body.endswith("-- \nThe office\n")


def test_link_mail_subject_cannot_carry_extra_headers():
    mail = mail_service.compose_link_mail("eda@example.org", "https://example.org/x", TEXTS)
    assert "\n" not in mail.subject
    assert mail.subject == "Choose a new password Bcc: someone@example.org"
