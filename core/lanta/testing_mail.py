"""The mails a test makes the site send: the ``outbox`` fixture reads what the mailer
wrote to ``mail_dir`` (``lanta.mail.folder``) since the test began."""
from __future__ import annotations

import email
import email.message
from email import policy
from pathlib import Path

import pytest


class Outbox:
    """The mails written to ``folder`` since this object was made (the folder is shared
    by the whole test session)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen = set(folder.iterdir())

    def new(self) -> list[email.message.EmailMessage]:
        """The mails written since the last call (or since the start), oldest first."""
        files = sorted(set(self.folder.iterdir()) - self.seen, key=lambda f: f.stat().st_mtime)
        self.seen.update(files)
        return [read_mail(f) for f in files]


def read_mail(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def mail_text(message: email.message.Message) -> str:
    """The plain-text body of ``message``, decoded from its own charset."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("the mail has no text/plain part")


@pytest.fixture
def outbox(mail_dir) -> Outbox:
    return Outbox(mail_dir)
