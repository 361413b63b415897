"""The demo office: what ``lanta demo`` (and ``make run`` on an empty site) loads."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import User
from . import demo_content, demo_partners, partners, site_settings, users
from .errors import Conflict

DEMO_ADMIN_EMAIL = "admin@lanta.example"
DEMO_EDITOR_EMAIL = "redaction@lanta.example"


@dataclass
class DemoAccounts:
    admin_email: str
    admin_password: str
    editor_email: str
    editor_password: str


def is_empty(dbsession: Session) -> bool:
    return not dbsession.scalar(select(func.count()).select_from(User))


def load_core(dbsession: Session, addon_names: list[str]) -> DemoAccounts:
    """Site settings, accounts and partner directory of the demo office, with fresh random
    passwords.

    ``addon_names`` are enabled. Refuses a site that already has users: the demo never
    overwrites an office's data.
    """
    if not is_empty(dbsession):
        raise Conflict("The site already has users; the demo loads only into an empty site.")
    site_settings.save(
        dbsession,
        name="Office de tourisme de Lanta",
        tagline="Pyrénées, gaves et châteaux : on vous accueille toute l'année.",
        languages=["fr", "en"],
        contact_email="bonjour@lanta.example",
        contact_phone="+33 5 59 00 00 00",
        address="1 place du Foirail, 64000 Lanta",
        theme="default",
        enabled_addons=sorted(addon_names),
    )
    admin_password = secrets.token_urlsafe(12)
    editor_password = secrets.token_urlsafe(12)
    users.create(dbsession, DEMO_ADMIN_EMAIL, admin_password, "admin", "Directrice")
    editor = users.create(dbsession, DEMO_EDITOR_EMAIL, editor_password, "editor",
                          "Rédaction")
    partners.load_many(dbsession, demo_partners.PARTNERS)
    demo_content.load(dbsession, editor)
    return DemoAccounts(DEMO_ADMIN_EMAIL, admin_password, DEMO_EDITOR_EMAIL, editor_password)
