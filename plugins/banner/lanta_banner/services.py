"""Notices: validation, storage, what is current, and their public shapes (JSON, search).

Plain functions taking a ``dbsession``; no Pyramid here. Times are aware datetimes; the
office's clock is Europe/Paris, the database keeps UTC.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from lanta.addon_api import SearchDocument
from lanta.services.errors import DomainError, NotFound
from lanta.services.local_times import skipped

from .i18n import _
from .models import LEVELS, Notice, utcnow

PARIS = ZoneInfo("Europe/Paris")
TEXT_MAX = 500
LINK_MAX = 500
SEVERITY = {"alert": 0, "warning": 1, "info": 2}
_SAFE_LINK = re.compile(r"^(https?://[^\s/]+[^\s]*|/(?!/)[^\s]*|mailto:[^\s]+|tel:[+\d][\d .-]*)$",
                        re.IGNORECASE)


class InvalidNotice(DomainError):
    """A notice that cannot be stored; ``field`` names the culprit for forms."""

    def __init__(self, message: str, field: str = "", **mapping: object) -> None:
        super().__init__(message, **mapping)
        self.field = field


class UnknownLanguage(DomainError):
    status = 400


@dataclass(frozen=True)
class NoticeInput:
    """What an editor (form or command line) gives to create or change a notice."""

    level: str
    text_fr: str
    text_en: str = ""
    link: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    on_partner_pages: bool = False


# --- time --------------------------------------------------------------------------------


def parse_local_datetime(value: str) -> dt.datetime:
    """``2026-12-25 18:00`` (office time) or an ISO string with an offset, as aware."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidNotice(_("Enter a date and time like 2026-12-25 18:00."),
                            field="ends_at") from None
    if parsed.tzinfo is not None:
        return parsed
    if skipped(parsed, PARIS):
        raise InvalidNotice(_("This time does not exist: that night the clocks go forward "
                              "from 2:00 to 3:00. Choose another time."), field="ends_at")
    return parsed.replace(tzinfo=PARIS)


def local(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(PARIS) if value is not None else None


def format_local(value: dt.datetime | None) -> str:
    return value.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") if value is not None else ""


# --- validation and storage ---------------------------------------------------------------


def is_safe_link(link: str) -> bool:
    """Web addresses, site paths, mailto: and tel: only (never ``javascript:``)."""
    return bool(_SAFE_LINK.match(link))


def validate(data: NoticeInput) -> NoticeInput:
    """The input cleaned, or :class:`InvalidNotice` naming the first wrong field."""
    level = (data.level or "").strip()
    if level not in LEVELS:
        raise InvalidNotice(_("Choose a level: info, warning or alert."), field="level")
    text_fr = (data.text_fr or "").strip()
    text_en = (data.text_en or "").strip()
    if not text_fr:
        raise InvalidNotice(_("The French text is required."), field="text_fr")
    for name, text in (("text_fr", text_fr), ("text_en", text_en)):
        if len(text) > TEXT_MAX:
            raise InvalidNotice(_("Keep the text under ${max} characters."), field=name,
                                max=TEXT_MAX)
    link = (data.link or "").strip()
    if link and (len(link) > LINK_MAX or not is_safe_link(link)):
        raise InvalidNotice(_("The link must be a web address (https://…) or a page of this "
                              "site (/fr/…)."), field="link")
    starts_at = data.starts_at or utcnow()
    for value in (starts_at, data.ends_at):
        if value is not None and value.tzinfo is None:
            raise ValueError("notice times must be aware datetimes")
    if data.ends_at is not None and data.ends_at <= starts_at:
        raise InvalidNotice(_("The end must come after the start."), field="ends_at")
    return NoticeInput(level, text_fr, text_en, link, starts_at, data.ends_at,
                       bool(data.on_partner_pages))


def create(dbsession: Session, data: NoticeInput) -> Notice:
    clean = validate(data)
    notice = Notice(level=clean.level, text_fr=clean.text_fr, text_en=clean.text_en,
                    link=clean.link, starts_at=clean.starts_at, ends_at=clean.ends_at,
                    on_partner_pages=clean.on_partner_pages, created_at=utcnow())
    dbsession.add(notice)
    dbsession.flush()
    return notice


def get(dbsession: Session, notice_id: int) -> Notice:
    notice = dbsession.get(Notice, notice_id)
    if notice is None:
        raise NotFound(_("There is no notice number ${id}."), id=notice_id)
    return notice


def update(dbsession: Session, notice_id: int, data: NoticeInput) -> Notice:
    notice = get(dbsession, notice_id)
    clean = validate(data)
    for name in ("level", "text_fr", "text_en", "link", "starts_at", "ends_at",
                 "on_partner_pages"):
        setattr(notice, name, getattr(clean, name))
    dbsession.flush()
    return notice


def remove(dbsession: Session, notice_id: int) -> None:
    dbsession.delete(get(dbsession, notice_id))
    dbsession.flush()


def purge(dbsession: Session) -> int:
    """Delete every notice (``lanta plugins purge banner``); returns how many."""
    result = dbsession.execute(delete(Notice))
    dbsession.flush()
    return result.rowcount or 0


def as_input(notice: Notice) -> NoticeInput:
    return NoticeInput(notice.level, notice.text_fr, notice.text_en, notice.link,
                       notice.starts_at, notice.ends_at, notice.on_partner_pages)


# --- reading --------------------------------------------------------------------------------


def list_all(dbsession: Session) -> list[Notice]:
    return list(dbsession.scalars(select(Notice).order_by(Notice.starts_at.desc(),
                                                          Notice.id.desc())))


def _current_clause(now: dt.datetime):
    return (Notice.starts_at <= now) & or_(Notice.ends_at.is_(None), Notice.ends_at > now)


def current(dbsession: Session, now: dt.datetime | None = None,
            partner_pages: bool = False) -> list[Notice]:
    """Notices in force at ``now``, most severe first, then the most recent."""
    query = select(Notice).where(_current_clause(now or utcnow()))
    if partner_pages:
        query = query.where(Notice.on_partner_pages.is_(True))
    notices = list(dbsession.scalars(query))
    return sorted(notices, key=lambda n: (SEVERITY[n.level], -n.starts_at.timestamp(), -n.id))


def count_current(dbsession: Session, now: dt.datetime | None = None) -> int:
    return dbsession.scalar(select(func.count()).select_from(Notice)
                            .where(_current_clause(now or utcnow()))) or 0


def status(notice: Notice, now: dt.datetime | None = None) -> str:
    """``upcoming``, ``current`` or ``ended``."""
    now = now or utcnow()
    if notice.starts_at > now:
        return "upcoming"
    if notice.ends_at is not None and notice.ends_at <= now:
        return "ended"
    return "current"


def check_language(lang: str | None, languages: Iterable[str]) -> str:
    languages = list(languages) or ["fr"]
    if not lang:
        return languages[0]
    if lang not in languages:
        raise UnknownLanguage(_("The language ${lang} is not offered by this site."),
                              lang=lang)
    return lang


def as_json(notice: Notice, lang: str) -> dict[str, Any]:
    text, text_lang = notice.text_for(lang)
    return {
        "id": notice.id,
        "level": notice.level,
        "text": text,
        "language": text_lang,
        "link": notice.link or None,
        "starts_at": local(notice.starts_at).isoformat(),
        "ends_at": local(notice.ends_at).isoformat() if notice.ends_at else None,
    }


def search_documents(dbsession: Session, languages: Iterable[str]) -> list[SearchDocument]:
    """One document per current notice and site language (French text as fallback)."""
    documents = []
    for notice in current(dbsession):
        for lang in languages:
            text, _text_lang = notice.text_for(lang)
            title = text if len(text) <= 80 else text[:79].rstrip() + "…"
            documents.append(SearchDocument(
                id=f"banner:{notice.id}:{lang}", type="banner", title=title, text=text,
                url=f"/{lang}/banner/#notice-{notice.id}", language=lang,
                tags=("banner", notice.level)))
    return documents


# --- demo ---------------------------------------------------------------------------------


def load_demo(dbsession: Session, now: dt.datetime | None = None) -> list[Notice]:
    """Two notices an office really publishes: a closure and a road warning."""
    now = local(now or utcnow())
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return [
        create(dbsession, NoticeInput(
            level="info",
            text_fr="Fermeture exceptionnelle du BIT de la place du Foirail le 25 décembre : "
                    "le relais de la maison de la presse vous accueille de 9 h à 12 h.",
            text_en="The Foirail welcome office is closed on 25 December: the relay corner "
                    "at the newsagent's welcomes you from 9 am to noon.",
            starts_at=today, ends_at=today + dt.timedelta(days=14))),
        create(dbsession, NoticeInput(
            level="warning",
            text_fr="Route du col d'Aubisque fermée à la circulation jusqu'à nouvel ordre "
                    "(chutes de pierres). Déviation par Laruns.",
            text_en="The Aubisque pass road is closed until further notice (rockfall). "
                    "Detour through Laruns.",
            link="https://routes.lanta.example/aubisque",
            starts_at=today, ends_at=None, on_partner_pages=True)),
    ]
