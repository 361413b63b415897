"""The clip catalogue: what a headset may show on a given day, and the editors' changes
to it (create, update, delete), each value checked with a sentence for the editor.

The kiosk asks :func:`catalogue` and :func:`published_clip`; both take the office's day
(``today``, Europe/Paris) from the caller so that a clip's validity window is read the
same way on every page. Video files themselves are in :mod:`.videos`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lanta.models import Partner, StoredImage, User, row_by_id
from lanta.services import images
from lanta.services.errors import Conflict, InvalidField, NotFound
from lanta.services.partner_vocabulary import ENVIES
from lanta.services.uploads import CleanImage, InvalidUpload

from ..i18n import _
from ..models import FITNESS, PROJECTIONS, SEASONS, Booking, Clip
from . import videos

# Astronomical seasons, with the dates they usually start on in the northern hemisphere
# (the solstices and equinoxes move by a day at most; a catalogue does not care).
_SEASON_STARTS: tuple[tuple[tuple[int, int], str], ...] = (
    ((3, 20), "spring"), ((6, 21), "summer"), ((9, 23), "autumn"), ((12, 21), "winter"))
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
DURATION = re.compile(r"^(?:(\d{1,3}):([0-5]\d)|(\d{1,5}))$")
MAX_DURATION_S = 3 * 3600  # a catalogue clip lasts minutes; hours is a mistake


def current_season(day: dt.date) -> str:
    """The season of ``day``: spring from 20 March to 20 June, summer to 22 September,
    autumn to 20 December, winter to 19 March."""
    season = "winter"
    for (month, first_day), name in _SEASON_STARTS:
        if (day.month, day.day) >= (month, first_day):
            season = name
    return season


def _shown_on(today: dt.date):
    """The clips a headset may show on ``today``: published, within their window, of a
    published activity partner."""
    return (select(Clip).join(Partner, Partner.id == Clip.partner_id)
            .where(Clip.published.is_(True), Partner.published.is_(True),
                   or_(Clip.valid_from.is_(None), Clip.valid_from <= today),
                   or_(Clip.valid_until.is_(None), Clip.valid_until >= today)))


def catalogue(dbsession: Session, *, envie: str | None = None, season: str | None = None,
              today: dt.date) -> list[Clip]:
    """The clips shown on ``today``, newest first, those matching ``envie`` and
    ``season`` when given (a clip with no season at all suits every season)."""
    clips = dbsession.scalars(
        _shown_on(today).order_by(Clip.created_at.desc(), Clip.id.desc())).all()
    # JSON lists are filtered here: the same query then works on SQLite and PostgreSQL,
    # and a catalogue holds tens of clips, not thousands.
    return [clip for clip in clips
            if (not envie or envie in (clip.envies or []))
            and (not season or not clip.seasons or season in clip.seasons)]


def published_clip(dbsession: Session, slug: str, today: dt.date) -> Clip | None:
    """The clip ``slug`` when a headset may show it on ``today``, else None."""
    return dbsession.scalars(_shown_on(today).where(Clip.slug == slug)).first()


def video_src(request, clip: Clip) -> str:
    """The address a player loads: the stored file (route ``spectrospoke.video``), or
    the clip's video address."""
    if clip.video_file:
        return request.route_url("spectrospoke.video", name=clip.video_file)
    return clip.video_url


def video_media_type(clip: Clip) -> str:
    """The media type of the clip's video (``video/mp4`` or ``video/webm``)."""
    return videos.MEDIA_TYPES.get(clip.video_type, "video/mp4")


# --- the editors' changes -------------------------------------------------------------


@dataclass
class ClipInput:
    """What an editor gives for a clip; the service checks every value."""

    slug: str
    title: dict[str, str]
    partner_id: int | None
    duration: str | int
    projection: str = "360_mono"
    text: dict[str, str] = field(default_factory=dict)
    video_url: str = ""
    envies: tuple[str, ...] = ()
    seasons: tuple[str, ...] = ()
    min_age: int | None = None
    fitness: str = "easy"
    narration_language: str = ""
    rights: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    published: bool = False


@dataclass
class Media:
    """The files of a save: a new video (an uploaded file, checked here), a new poster
    (already cleaned by :func:`lanta.services.images.read_upload`) with its text
    alternative, or the poster removed."""

    video: BinaryIO | None = None
    poster: CleanImage | None = None
    poster_alt: str = ""
    remove_poster: bool = False


@dataclass(frozen=True)
class Storage:
    """Where files go, how large a video may be, and the request's transaction manager
    (files no longer used are removed once it commits)."""

    uploads_dir: Path
    tm: Any
    max_video_bytes: int = videos.DEFAULT_MAX_MB * 1024 * 1024
    author: User | None = None


def parse_duration(value: str | int) -> int:
    """Seconds from ``95``, ``1:35`` or ``01:35``."""
    if isinstance(value, int):
        seconds = value
    else:
        match = DURATION.match((value or "").strip())
        if match is None:
            raise InvalidField(_("Give the duration as minutes and seconds, like 1:35, or "
                                 "as seconds, like 95."), on="duration")
        minutes, secs, plain = match.groups()
        seconds = int(plain) if plain is not None else int(minutes) * 60 + int(secs)
    if not 1 <= seconds <= MAX_DURATION_S:
        raise InvalidField(_("The duration must be between 1 second and 3 hours."),
                           on="duration")
    return seconds


def duration_text(seconds: int) -> str:
    """``95`` as ``1:35``."""
    minutes, secs = divmod(seconds or 0, 60)
    return f"{minutes}:{secs:02d}"


def _texts(values: dict[str, str], on: str, max_length: int) -> dict[str, str]:
    cleaned = {lang: " ".join(str(text).split()) if on == "title" else str(text).strip()
               for lang, text in (values or {}).items() if str(text or "").strip()}
    if any(not LANGUAGE.match(lang) for lang in cleaned):
        raise InvalidField(_("Languages are given as two letters, like fr or en."), on=on)
    if any(len(text) > max_length for text in cleaned.values()):
        raise InvalidField(_("This text is longer than ${max} characters."), on=on,
                           max=max_length)
    return cleaned


def activity_partners(dbsession: Session) -> list[Partner]:
    """The published activity partners a clip may show, by address name."""
    return list(dbsession.scalars(select(Partner).where(
        Partner.category == "activity", Partner.published.is_(True)).order_by(Partner.slug)))


def _check_video_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if (parts.scheme != "https" or not parts.hostname or len(url) > 500
            or any(c.isspace() for c in url)):
        raise InvalidField(_("Give the video's address as https://…, at most 500 "
                             "characters."), on="video_url")
    return url


def _checked(dbsession: Session, data: ClipInput, clip_id: int | None) -> dict[str, Any]:
    """The clip's columns from ``data``, each value checked; nothing is written."""
    slug = (data.slug or "").strip()
    if not SLUG.match(slug) or len(slug) > 120:
        raise InvalidField(_("The address name is made of lower-case letters and digits, "
                             "words joined by hyphens, like rafting-gave."), on="slug")
    taken = dbsession.scalar(select(Clip.id).where(Clip.slug == slug))
    if taken is not None and taken != clip_id:
        raise InvalidField(_("Another clip has the address name ${slug}."), on="slug",
                           slug=slug)
    title = _texts(data.title, "title", 120)
    if not title.get("fr"):
        raise InvalidField(_("Give the clip's title in French."), on="title")
    partner = row_by_id(dbsession, Partner, data.partner_id) if data.partner_id else None
    if partner is None or partner.category != "activity" or not partner.published:
        raise InvalidField(_("Choose the published activity partner the clip shows."),
                           on="partner_id")
    if data.projection not in PROJECTIONS:
        raise InvalidField(_("Choose how the picture is laid out (its projection)."),
                           on="projection")
    if any(envie not in ENVIES for envie in data.envies):
        raise InvalidField(_("Choose envies from the list."), on="envies")
    if any(season not in SEASONS for season in data.seasons):
        raise InvalidField(_("Choose seasons from the list."), on="seasons")
    if data.min_age is not None and not 0 <= data.min_age <= 99:
        raise InvalidField(_("The minimum age is a number of years from 0 to 99."),
                           on="min_age")
    if data.fitness not in FITNESS:
        raise InvalidField(_("Choose the fitness the activity asks for."), on="fitness")
    language = (data.narration_language or "").strip()
    if language and not LANGUAGE.match(language):
        raise InvalidField(_("Give the narration's language as two letters, like fr or "
                             "en, or none."), on="narration_language")
    rights = (data.rights or "").strip()
    if len(rights) > 1000:
        raise InvalidField(_("The rights are longer than 1,000 characters."), on="rights")
    if data.valid_from and data.valid_until and data.valid_from > data.valid_until:
        raise InvalidField(_("The last day comes before the first day."), on="valid_until")
    return {"slug": slug, "title": title, "text": _texts(data.text, "text", 4000),
            "partner_id": partner.id, "duration_s": parse_duration(data.duration),
            "projection": data.projection, "video_url": _check_video_url(data.video_url),
            "envies": [e for e in ENVIES if e in data.envies],
            "seasons": [s for s in SEASONS if s in data.seasons],
            "min_age": data.min_age, "fitness": data.fitness,
            "narration_language": language, "rights": rights,
            "valid_from": data.valid_from, "valid_until": data.valid_until,
            "published": bool(data.published)}


def _check_alt(alt: str) -> None:
    # The core checks it too, but words its message in its own catalog.
    alt = " ".join((alt or "").split())
    if not alt:
        raise InvalidField(_("Describe the poster in a few words for those who cannot see "
                             "it (its text alternative)."), on="poster_alt")
    if len(alt) > 300:
        raise InvalidField(_("The text alternative is longer than 300 characters."),
                           on="poster_alt")


def _poster_id(dbsession: Session, media: Media, storage: Storage,
               current: int | None) -> int | None:
    """The poster after this save: a new upload, none, the current one, or the current
    one under a new text alternative (a new picture row, as the core does)."""
    if media.poster is not None:
        return images.store(dbsession, storage.uploads_dir, media.poster,
                            alt=media.poster_alt, author=storage.author).id
    image = dbsession.get(StoredImage, current) if current is not None else None
    if media.remove_poster or image is None:
        return None
    if " ".join(media.poster_alt.split()) != image.alt:
        return images.with_alt(dbsession, storage.uploads_dir, image, media.poster_alt,
                               author=storage.author).id
    return current


def _save(dbsession: Session, clip: Clip, data: ClipInput, media: Media,
          storage: Storage) -> Clip:
    values = _checked(dbsession, data, clip.id)
    if media.poster is not None or (clip.poster_id and not media.remove_poster):
        _check_alt(media.poster_alt)  # before any file is written
    old_file = clip.video_file
    if media.video is not None:
        try:
            stored = videos.store(storage.uploads_dir, media.video,
                                  storage.max_video_bytes, storage.tm)
        except InvalidUpload as exc:
            raise InvalidField(exc.message, on="video", **exc.mapping) from None
        values.update(video_file=stored.name, video_type=stored.kind, video_url="")
    elif values["video_url"]:
        values.update(video_file=None, video_type=_url_type(values["video_url"]))
    elif not old_file:
        raise InvalidField(_("Upload the video file, or give its https address."),
                           on="video")
    values["poster_id"] = _poster_id(dbsession, media, storage, clip.poster_id)
    for name, value in values.items():
        setattr(clip, name, value)
    if clip.id is None:
        dbsession.add(clip)
    dbsession.flush()
    if old_file and old_file != clip.video_file:
        videos.remove_after_commit(storage.tm, storage.uploads_dir, old_file)
    return clip


def _url_type(url: str) -> str:
    return "webm" if urlsplit(url).path.lower().endswith(".webm") else "mp4"


def create(dbsession: Session, data: ClipInput, media: Media, storage: Storage) -> Clip:
    """A new clip; :class:`InvalidField` (nothing written) when a value is refused."""
    return _save(dbsession, Clip(), data, media, storage)


def update(dbsession: Session, clip_id: int, data: ClipInput, media: Media,
           storage: Storage) -> Clip:
    """The clip changed; a new video replaces the stored one, whose file is removed once
    the change is committed."""
    return _save(dbsession, get(dbsession, clip_id), data, media, storage)


def get(dbsession: Session, clip_id: int) -> Clip:
    clip = row_by_id(dbsession, Clip, clip_id)
    if clip is None:
        raise NotFound(_("There is no such clip."))
    return clip


def bookings_count(dbsession: Session, clip_id: int) -> int:
    return dbsession.scalar(select(func.count()).select_from(Booking)
                            .where(Booking.clip_id == clip_id)) or 0


def delete(dbsession: Session, clip_id: int, storage: Storage) -> None:
    """Delete a clip that has no booking (its views go with it) and, once committed, its
    video file. A clip with bookings is kept: the bookings name it."""
    clip = get(dbsession, clip_id)
    if bookings_count(dbsession, clip.id):
        raise Conflict(_("This clip has bookings, so it cannot be deleted. Unpublish it "
                         "instead: headsets stop showing it and its bookings keep it."))
    video_file = clip.video_file
    dbsession.delete(clip)
    dbsession.flush()
    videos.remove_after_commit(storage.tm, storage.uploads_dir, video_file)


def set_published(dbsession: Session, clip_id: int, published: bool) -> Clip:
    clip = get(dbsession, clip_id)
    clip.published = published
    dbsession.flush()
    return clip


# --- the office's list and dashboard ---------------------------------------------------


def list_for_office(dbsession: Session, *, envie: str = "", season: str = "",
                    partner_id: int | None = None,
                    published: bool | None = None) -> list[Clip]:
    """Every clip matching the filters, by title slug."""
    query = select(Clip).order_by(Clip.slug)
    if partner_id is not None:
        query = query.where(Clip.partner_id == partner_id)
    if published is not None:
        query = query.where(Clip.published.is_(published))
    return [clip for clip in dbsession.scalars(query)
            if (not envie or envie in (clip.envies or []))
            and (not season or season in (clip.seasons or []))]


def posters(dbsession: Session, clips: list[Clip]) -> dict[int, StoredImage]:
    """The posters of ``clips``, by picture id, in one query."""
    ids = {clip.poster_id for clip in clips if clip.poster_id is not None}
    if not ids:
        return {}
    return {image.id: image for image in dbsession.scalars(
        select(StoredImage).where(StoredImage.id.in_(ids)))}


def published_count(dbsession: Session) -> int:
    return dbsession.scalar(select(func.count()).select_from(Clip)
                            .where(Clip.published.is_(True))) or 0


def expiring(dbsession: Session, today: dt.date, days: int = 30) -> list[Clip]:
    """Published clips whose last day falls within ``days`` days from ``today``."""
    return list(dbsession.scalars(select(Clip).where(
        Clip.published.is_(True), Clip.valid_until >= today,
        Clip.valid_until <= today + dt.timedelta(days=days)).order_by(Clip.valid_until)))
