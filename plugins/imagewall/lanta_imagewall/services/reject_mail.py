"""The mail telling a contributor that the office did not put their photo or clip on
the wall, and why: composition only, in plain text (the caller gives a ``translate``
function for the contributor's language and hands the result to its mailer)."""
from __future__ import annotations

import textwrap
from typing import Callable

from lanta.services.mail import LINE_WIDTH, OutgoingMail

from ..i18n import _
from ..models import Item

Translate = Callable[[object], str]


def _paragraph(text: str) -> str:
    return textwrap.fill(text, LINE_WIDTH, break_long_words=False, break_on_hyphens=False)


def rejection_mail(translate: Translate, item: Item, *, site: str) -> OutgoingMail | None:
    """To the contributor of ``item`` (rejected): its caption and the reason. None when
    they left no e-mail."""
    if not item.contributor_email:
        return None
    names = {"site": site, "caption": item.caption}
    what = _("your photo") if item.kind == "photo" else _("your video")
    subject = translate(_("${site}: ${what} is not on the image wall",
                          mapping={**names, "what": translate(what)}))
    paragraphs = [
        translate(_("Hello,")),
        _paragraph(translate(_("Thank you for sending “${caption}” to the image wall of "
                               "${site}. The office chose not to show it, for this reason:",
                               mapping=names))),
        _paragraph(item.reject_reason),
        _paragraph(translate(_("You are welcome to send another one."))),
        "-- \n" + site,
    ]
    # A header with a line break would let a crafted caption or site name add headers.
    return OutgoingMail(recipient=item.contributor_email, subject=" ".join(subject.split()),
                        body="\n\n".join(paragraphs) + "\n")
