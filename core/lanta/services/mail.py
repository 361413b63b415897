"""The plain-text mails the core sends about accounts: composition only.

No Pyramid and no mailer here: the caller translates the sentences into the recipient's
language (message ids live beside the ``_`` marker in the views), hands them over, and
gives the result to its mailer. Keeping the layout here makes every account mail look
the same and lets it be tested without a request.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

LINE_WIDTH = 72


@dataclass(frozen=True)
class OutgoingMail:
    recipient: str
    subject: str
    body: str


@dataclass(frozen=True)
class LinkMailTexts:
    """The translated sentences of a mail whose point is one link."""

    subject: str
    greeting: str
    intro: str
    validity: str
    ignore_note: str
    signature: str


def _paragraph(text: str) -> str:
    return textwrap.fill(text, LINE_WIDTH, break_long_words=False, break_on_hyphens=False)


def compose_link_mail(recipient: str, link: str, texts: LinkMailTexts) -> OutgoingMail:
    """A short plain-text mail: greeting, why, the link alone on its line, how long it
    works, what to do if unexpected, signature.

    The link is never wrapped, so that every mail client keeps it clickable.
    """
    parts = [texts.greeting, _paragraph(texts.intro), link, _paragraph(texts.validity),
             _paragraph(texts.ignore_note), "-- \n" + texts.signature]
    body = "\n\n".join(p for p in parts if p) + "\n"
    # A header with a line break would let a crafted site name add headers.
    subject = " ".join(texts.subject.split())
    return OutgoingMail(recipient=recipient, subject=subject, body=body)
