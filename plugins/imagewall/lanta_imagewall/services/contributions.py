"""A visitor's contribution: every field checked, the file recognised by its content and
stored, and the item recorded, pending moderation and queued for processing.

The answer to the upload does only what must be said at once, and cheaply (on SQLite
the request holds the site's write lock): the sender's hourly limit first (a file
refused once its fields passed counts as an upload: it was read); the fields;
then the file: a photo's format, size and pixel count from its header (a decompression
bomb is refused before a pixel is decoded) and its whole stream read (a JPEG at an
eighth of its size) to refuse a cut file; a clip's container from its boxes' headers,
its metadata boxes (the phone's position) blanked in place (:mod:`.clip_metadata`).
When a field is refused, the file is only sniffed. The photo is written as sent under a
random name in the private ``incoming/`` folder; turning it upright and re-encoding it
without its metadata (GPS position included) is the worker's first step
(:mod:`.processing`), before anything is shown. The row and the file both exist when the
answer leaves, so a restart loses nothing. Files written by a request whose transaction
is rolled back are removed with it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterable

from PIL import Image, UnidentifiedImageError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lanta.models import Partner, utcnow
from lanta.services import uploads, videos
from lanta.services.errors import DomainError, InvalidField, TooManyAttempts
from lanta.services.partner_vocabulary import ENVIES

from ..i18n import _
from ..models import Item, RefusedUpload
from . import clip_metadata, files

MAX_PHOTO_MB_SETTING = "lanta.imagewall.max_photo_mb"
MAX_CLIP_MB_SETTING = "lanta.imagewall.max_clip_mb"
DEFAULT_MAX_PHOTO_MB = 20
DEFAULT_MAX_CLIP_MB = 100
MAX_PIXELS = 50_000_000
PER_HOUR = 20
CAPTION_MAX = 280
CREDIT_MAX = 80
PLACE_NAME_MAX = 120
EMAIL_MAX = 254
POSITION_DECIMALS = 3  # about 100 m
# One @, no spaces, a dot in the domain: enough to catch a slip of the thumb; whether
# the address is real is only known when mail reaches it.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
# The core's sentences (lanta.services.uploads), translated by the core's catalog.
NOT_AN_IMAGE = "This file is not a PNG, JPEG or WebP image."
TOO_MANY_PIXELS = "The image is too large: at most ${megapixels} million pixels."
DAMAGED = "The image is damaged and cannot be read."
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

# The licence a contributor grants, shown in full beside its checkbox. Its version is
# derived from the wording: a changed text is a new version, and each item keeps the
# version its sender accepted.
TERMS = _("By sending this picture you allow the tourist office to show it, crop it and "
          "broadcast it on its image wall, its screens, its web TV and its website, "
          "always with your name as credit. The office will not sell it or give it to "
          "anyone for commercial use. You can ask for its removal at any time.")
TERMS_VERSION = "terms-" + hashlib.sha256(str(TERMS).encode()).hexdigest()[:10]
PEOPLE_CONSENT = _("The people who can be recognised in the picture agree to its "
                   "publication (or there is nobody).")


class TooLarge(uploads.InvalidUpload):
    """The file is above the bound of its kind (HTTP 413)."""

    status = 413


class InvalidContribution(DomainError):
    """Some fields are refused; ``errors`` holds one :class:`InvalidField` per field, so
    the form shows every message at once, each beside its field."""

    def __init__(self, errors: list[InvalidField]) -> None:
        first = errors[0]
        super().__init__(first.message, **first.mapping)
        self.errors = errors
        self.status = max((error.status for error in errors), default=400)


@dataclass(frozen=True)
class Limits:
    max_photo_bytes: int = DEFAULT_MAX_PHOTO_MB * 1024 * 1024
    max_clip_bytes: int = DEFAULT_MAX_CLIP_MB * 1024 * 1024
    max_pixels: int = MAX_PIXELS
    per_hour: int = PER_HOUR


def limits_from(settings: dict[str, Any]) -> Limits:
    """The bounds from the ini (``lanta.imagewall.max_photo_mb``, ``…max_clip_mb``)."""
    return Limits(
        max_photo_bytes=videos.megabytes_setting(settings, MAX_PHOTO_MB_SETTING,
                                                 DEFAULT_MAX_PHOTO_MB),
        max_clip_bytes=videos.megabytes_setting(settings, MAX_CLIP_MB_SETTING,
                                                DEFAULT_MAX_CLIP_MB))


def client_hash(secret: str, address: str) -> str:
    """A keyed hash of a network address: the same sender gives the same value, and the
    address cannot be read back from it nor guessed without the site's secret."""
    key = hashlib.sha256(f"lanta.imagewall.client:{secret}".encode()).digest()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):.3g}"


# --- the fields ---------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _coordinate(value: Any) -> float | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    number = float(text)  # ValueError for the caller
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _check_place(dbsession: Session, partner_id: Any, lat: Any, lon: Any,
                 errors: list[InvalidField]) -> tuple[int | None, float | None, float | None]:
    partner = None
    if partner_id not in (None, ""):
        try:
            partner = dbsession.get(Partner, int(partner_id))
        except (TypeError, ValueError):
            partner = None
        if partner is None or not partner.published:
            errors.append(InvalidField(_("Choose a place from the list."), on="partner_id"))
    try:
        latitude, longitude = _coordinate(lat), _coordinate(lon)
    except ValueError:
        errors.append(InvalidField(_("The position is not a pair of numbers."), on="lat"))
        return (partner.id if partner else None), None, None
    if (latitude is None) != (longitude is None):
        errors.append(InvalidField(_("The position needs both a latitude and a longitude."),
                                   on="lat"))
    elif latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        errors.append(InvalidField(_("The position is outside the map."), on="lat"))
    elif latitude is not None:
        # The point is shown with the picture: about a hundred metres is enough to say
        # where, and does not pin the sender's doorstep.
        latitude, longitude = round(latitude, POSITION_DECIMALS), round(longitude,
                                                                       POSITION_DECIMALS)
    return (partner.id if partner else None), latitude, longitude


def _check_fields(dbsession: Session, *, caption: Any, credit: Any, email: Any,
                  tags: Iterable[str], partner_id: Any, lat: Any, lon: Any,
                  place_name: Any, accepted_terms: bool, people_consent: bool
                  ) -> tuple[dict[str, Any], list[InvalidField]]:
    errors: list[InvalidField] = []
    values: dict[str, Any] = {"caption": _text(caption), "credit": _text(credit),
                              "place_name": _text(place_name)}
    if not values["caption"]:
        errors.append(InvalidField(_("Write a caption: what, where, when."), on="caption"))
    elif len(values["caption"]) > CAPTION_MAX:
        errors.append(InvalidField(_("The caption is longer than ${n} characters."),
                                   on="caption", n=CAPTION_MAX))
    if not values["credit"]:
        errors.append(InvalidField(_("Give the name to show as credit."), on="credit"))
    elif len(values["credit"]) > CREDIT_MAX:
        errors.append(InvalidField(_("The name is longer than ${n} characters."),
                                   on="credit", n=CREDIT_MAX))
    address = str(email or "").strip().lower()
    if address and (len(address) > EMAIL_MAX or not EMAIL.match(address)):
        errors.append(InvalidField(_("This e-mail address is not valid; correct it or "
                                     "leave it empty."), on="email"))
    values["email"] = address or None
    chosen = list(dict.fromkeys(str(tag) for tag in tags or ()))
    if any(tag not in ENVIES for tag in chosen):
        errors.append(InvalidField(_("Choose activities from the list."), on="tags"))
    values["tags"] = [tag for tag in ENVIES if tag in chosen]  # the list's order
    if len(values["place_name"]) > PLACE_NAME_MAX:
        errors.append(InvalidField(_("The place name is longer than ${n} characters."),
                                   on="place_name", n=PLACE_NAME_MAX))
    values["partner_id"], values["lat"], values["lon"] = _check_place(
        dbsession, partner_id, lat, lon, errors)
    if not accepted_terms:
        errors.append(InvalidField(_("Accept the terms of use to send a picture."),
                                   on="accepted_terms"))
    if not people_consent:
        errors.append(InvalidField(_("Confirm that the people shown agree."),
                                   on="people_consent"))
    return values, errors


# --- the file -------------------------------------------------------------------------


@dataclass
class CheckedFile:
    kind: str  # "photo" or "clip"
    # A photo: its bytes as sent (still with their metadata) and what they are; the
    # worker turns it upright and re-encodes it without metadata before anything shows.
    photo: uploads.CleanImage | None = None


def _is_image(head: bytes) -> bool:
    return (head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"))


def sniff_file(upload: BinaryIO | None, limits: Limits) -> str:
    """The kind the upload announces by its first bytes ("photo" or "clip"), its size
    within that kind's bound; nothing decoded. Refused with a sentence otherwise."""
    if upload is None:
        raise uploads.InvalidUpload(_("Choose a photo or a video to send."))
    size = videos.size_of(upload)
    if size == 0:
        raise uploads.InvalidUpload(_("The file is empty."))
    head = upload.read(videos.HEAD_BYTES)
    upload.seek(0)
    if videos.looks_like_video(head):
        if size > limits.max_clip_bytes:
            raise TooLarge(_("The video is larger than ${size} MB: send a shorter clip."),
                           size=_megabytes(limits.max_clip_bytes))
        return "clip"
    if _is_image(head):
        if size > limits.max_photo_bytes:
            raise TooLarge(_("The photo is larger than ${size} MB: send a smaller one."),
                           size=_megabytes(limits.max_photo_bytes))
        return "photo"
    raise uploads.InvalidUpload(_("This file is neither a photo (JPEG, PNG, WebP) nor a "
                                  "video (MP4, WebM)."))


def check_file(upload: BinaryIO | None, limits: Limits) -> CheckedFile:
    """What the upload is, decided by its bytes: a photo (checked and cleaned) or a clip
    (its container checked); anything else is refused with a sentence."""
    kind = sniff_file(upload, limits)
    if kind == "clip":
        videos.check(upload, limits.max_clip_bytes)
        return CheckedFile("clip")
    data = uploads.read_bounded(upload, limits.max_photo_bytes)
    return CheckedFile("photo", check_photo(data, limits.max_pixels))


def check_photo(data: bytes, max_pixels: int) -> uploads.CleanImage:
    """Whether ``data`` is a whole PNG, JPEG or WebP picture within ``max_pixels``,
    told cheaply: the size from the header (a bomb is refused before a pixel is
    decoded), and the whole stream read to its end, a JPEG at an eighth of its size
    (what shows a file cut short). The sentences are the core's (its catalog
    translates them). Returns the bytes as sent, with their format and size."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=list(uploads.FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise uploads.InvalidUpload(NOT_AN_IMAGE) from None
    with picture:
        width, height = picture.size
        if width < 1 or height < 1 or width * height > max_pixels:
            raise _too_many_pixels(max_pixels)
        fmt = picture.format
        try:
            if fmt == "JPEG":
                picture.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                picture.load()
            elif fmt == "PNG":
                picture.verify()  # every chunk read and its checksum checked
            else:
                picture.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise uploads.InvalidUpload(DAMAGED) from None
    extension, media_type = uploads.FORMATS[fmt]
    return uploads.CleanImage(data, extension, media_type, width, height)


def _too_many_pixels(max_pixels: int) -> uploads.InvalidUpload:
    return uploads.InvalidUpload(TOO_MANY_PIXELS, megapixels=round(max_pixels / 1_000_000))


def _remove_if_rolled_back(tm, path: Path) -> None:
    current = videos.transaction_of(tm)
    if current is not None:
        current.addAfterAbortHook(lambda: path.unlink(missing_ok=True))
        current.addAfterCommitHook(
            lambda committed: None if committed else path.unlink(missing_ok=True))


def _store(uploads_dir: Path, upload: BinaryIO, checked: CheckedFile, limits: Limits,
           tm) -> dict[str, Any]:
    if checked.kind == "photo":
        # Kept private, as sent, until the worker has cleaned it (incoming/ is never
        # served).
        folder = files.incoming_dir(uploads_dir)
        name = uploads.store_image(folder, checked.photo)
        _remove_if_rolled_back(tm, folder / name)
        return {"incoming_name": name}
    folder = files.videos_dir(uploads_dir)
    stored = videos.store(folder, upload, limits.max_clip_bytes, tm)
    # Before the row exists, so no moderator can approve a clip that still tells where
    # its sender stood.
    clip_metadata.strip(folder / stored.name, stored.kind)
    return {"video_name": stored.name, "video_type": stored.kind}


# --- the contribution -----------------------------------------------------------------


def recent_uploads(dbsession: Session, sender: str, now: dt.datetime) -> int:
    """The sender's uploads of the last hour: contributions and files refused after
    they were read through."""
    since = now - dt.timedelta(hours=1)
    items = select(func.count(Item.id)).where(Item.client_hash == sender,
                                              Item.created_at > since).scalar_subquery()
    refused = select(func.count(RefusedUpload.id)).where(
        RefusedUpload.client_hash == sender, RefusedUpload.created_at > since
    ).scalar_subquery()
    return dbsession.scalar(select(items + refused)) or 0


def _count_refused_file(dbsession: Session, sender: str, now: dt.datetime) -> None:
    """Keep a refused file against its sender for an hour (the answer is a page, which
    commits), dropping those older than that."""
    dbsession.execute(delete(RefusedUpload).where(
        RefusedUpload.created_at <= now - dt.timedelta(hours=1)))
    dbsession.add(RefusedUpload(client_hash=sender, created_at=now))
    dbsession.flush()


def contribute(dbsession: Session, uploads_dir: Path, *, upload: BinaryIO | None,
               filename: str = "", caption: Any = "", credit: Any = "", email: Any = "",
               tags: Iterable[str] = (), partner_id: Any = None, lat: Any = None,
               lon: Any = None, place_name: Any = "", lang: str = "fr",
               accepted_terms: bool = False, people_consent: bool = False,
               user_id: int | None = None, client_hash: str | None = None,
               limits: Limits = Limits(), tm=None) -> Item:
    """Record a contribution, pending moderation and queued for processing.

    ``filename`` is ignored (the content decides); ``tm`` is the request's transaction
    manager, so that the stored file goes if the transaction is rolled back. Raises
    :class:`InvalidContribution` (each field's sentence), :class:`TooLarge` within it
    (413) or :class:`~lanta.services.errors.TooManyAttempts` (429)."""
    now = utcnow()
    if client_hash and recent_uploads(dbsession, client_hash, now) >= limits.per_hour:
        raise TooManyAttempts(_("You have sent ${n} pictures in the last hour: wait a "
                                "little before sending more."), n=limits.per_hour)
    values, errors = _check_fields(
        dbsession, caption=caption, credit=credit, email=email, tags=tags,
        partner_id=partner_id, lat=lat, lon=lon, place_name=place_name,
        accepted_terms=accepted_terms, people_consent=people_consent)
    checked = None
    try:
        # A form refused for its fields must be sent again anyway: its file is only
        # sniffed, never decoded, so a refused request costs little.
        checked = check_file(upload, limits) if not errors else sniff_file(upload, limits)
    except uploads.InvalidUpload as exc:
        refusal = InvalidField(exc.message, on="upload", **exc.mapping)
        refusal.status = exc.status
        errors.insert(0, refusal)
        if client_hash and not errors[1:]:  # the fields passed, the file did not
            _count_refused_file(dbsession, client_hash, now)
    if errors:
        raise InvalidContribution(errors)
    stored = _store(uploads_dir, upload, checked, limits, tm)
    item = Item(kind=checked.kind, status="pending", processing="queued",
                caption=values["caption"], credit=values["credit"],
                contributor_email=values["email"], tags=values["tags"],
                partner_id=values["partner_id"], lat=values["lat"], lon=values["lon"],
                place_name=values["place_name"], contributor_user_id=user_id,
                contributor_lang=(lang or "fr")[:8], client_hash=client_hash,
                terms_accepted_at=now, terms_version=TERMS_VERSION, people_consent=True,
                created_at=now, **stored)
    dbsession.add(item)
    dbsession.flush()
    return item
