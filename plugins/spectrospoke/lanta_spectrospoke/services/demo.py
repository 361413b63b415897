"""The add-on's part of the demo office, and its purge.

The demo: three activities of the core's demo directory (rafting, canyoning, tree-top
adventure; created when the directory lacks them) with their ticket price and slots
next week; the Hôtel du Gave as a partner hotel at 10 % (12 % on the canyoning) with
one headset, whose kiosk address is returned so the operator can open it; three
published clips in French and English playing the bundled sample video
(``lanta_spectrospoke/demo/sample-360.mp4``, 2 s); and a few views and bookings (one
confirmed and validated this month) so that the figures and the statement show
something.

Loaded once: a second run finds the demo's first clip and adds nothing.

Files follow the session's transaction: the sample copied by the demo is removed again
if the transaction is rolled back, and the purge deletes the videos only once its
transaction has committed. Both hooks get a bare session (``lanta demo`` and ``lanta
plugins purge`` commit a plain one; a web request's is joined to ``transaction`` by
zope.sqlalchemy, which commits the session too), so SQLAlchemy's own session events say
how the transaction ended.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta.models import Partner, utcnow
from lanta.services import partners as partners_service
from lanta.services.transaction_end import when_transaction_ends

from ..models import Activity, Booking, Clip, Headset, Hotel, Rate, Slot, View
from . import bookings, videos
from .clock import OFFICE_TZ, office_today
from .hotels import add_headset

SAMPLE_VIDEO = Path(__file__).resolve().parent.parent / "demo" / "sample-360.mp4"
HOTEL = ("hotel-du-gave", "hotel", "Hôtel du Gave")
# (slug, category, name, price in cents): activities of the core's demo directory.
ACTIVITIES: tuple[tuple[str, str, str, int], ...] = (
    ("ossau-rafting", "activity", "Ossau Rafting", 3500),
    ("canyons-d-ossau", "activity", "Canyons d'Ossau", 5500),
    ("parc-accro-chenes", "activity", "Parc Accro'Chênes", 2200),
)
# (slug, activity slug, title, text, envies, seasons, min age, fitness)
CLIPS: tuple[tuple, ...] = (
    ("demo-rafting-du-gave", "ossau-rafting",
     {"fr": "Rafting sur le gave d'Ossau", "en": "Rafting on the Ossau river"},
     {"fr": "Six kilomètres d'eaux vives entre Laruns et Castet, au milieu du bateau.",
      "en": "Six kilometres of white water between Laruns and Castet, in the boat."},
     ["thrills", "nature", "sport"], ["spring", "summer"], 8, "moderate"),
    ("demo-canyoning-ossau", "canyons-d-ossau",
     {"fr": "Canyoning : sauts et toboggans", "en": "Canyoning: jumps and slides"},
     {"fr": "Une descente de canyon avec un guide, des vasques turquoise aux cascades.",
      "en": "A guided canyon descent, from turquoise pools to waterfalls."},
     ["thrills", "nature"], ["summer"], 12, "demanding"),
    ("demo-accrobranche", "parc-accro-chenes",
     {"fr": "Dans les chênes, de plateforme en tyrolienne",
      "en": "Up in the oaks, from platform to zip line"},
     {"fr": "Le parcours famille vu depuis le baudrier, tyrolienne finale comprise.",
      "en": "The family course seen from the harness, final zip line included."},
     ["family", "nature"], ["spring", "summer", "autumn"], 6, "easy"),
)


def _partner(dbsession: Session, slug: str, category: str, name: str) -> Partner:
    partner = dbsession.scalars(select(Partner).where(Partner.slug == slug)).one_or_none()
    if partner is None:
        partner = partners_service.create(dbsession, {
            "slug": slug, "category": category, "name": {"fr": name, "en": name},
            "lat": 43.2951, "lon": -0.3708})
        dbsession.flush()
    return partner


def _at(day: dt.date, hour: int) -> dt.datetime:
    """``hour`` o'clock office time on ``day``, as an aware UTC instant."""
    return dt.datetime.combine(day, dt.time(hour), OFFICE_TZ).astimezone(dt.timezone.utc)


def _video(dbsession: Session, uploads_dir: Path) -> dict:
    """The clips' video: the sample, stored in the uploads folder as an upload is, and
    removed again if the demo is rolled back."""
    with SAMPLE_VIDEO.open("rb") as sample:
        stored = videos.store(uploads_dir, sample, SAMPLE_VIDEO.stat().st_size)
    when_transaction_ends(dbsession,
                          rolled_back=lambda: videos.remove(uploads_dir, stored.name))
    return {"video_file": stored.name, "video_type": stored.kind}


def load_demo(dbsession: Session, uploads_dir: Path,
              now: dt.datetime | None = None) -> list[str]:
    """Activities, slots, a hotel with a headset, three clips, views and bookings; the
    lines telling the operator how to try them (the kiosk address)."""
    if dbsession.scalars(select(Clip.id).where(Clip.slug == CLIPS[0][0])).first():
        return ["Spectrospoke: the demo is already loaded; nothing was added."]
    now = now or utcnow()
    today = office_today(now)
    activities = {}
    for slug, category, name, price in ACTIVITIES:
        partner = _partner(dbsession, slug, category, name)
        if dbsession.get(Activity, partner.id) is None:
            dbsession.add(Activity(partner_id=partner.id, price_cents=price,
                                   accepts_days=True))
        activities[slug] = partner
        for offset in (7, 8, 10):
            dbsession.add(Slot(partner_id=partner.id, capacity=8, booked=0,
                               starts_at=_at(today + dt.timedelta(days=offset), 10)))
    hotel = _partner(dbsession, *HOTEL)
    if dbsession.get(Hotel, hotel.id) is None:
        dbsession.add(Hotel(partner_id=hotel.id, default_rate_bp=1000,
                            note="Deux casques prêtés à la réception."))
    dbsession.flush()
    if dbsession.get(Rate, (hotel.id, activities["canyons-d-ossau"].id)) is None:
        dbsession.add(Rate(hotel_id=hotel.id, activity_id=activities["canyons-d-ossau"].id,
                           rate_bp=1200))
    headset, token = add_headset(dbsession, hotel.id, "Casque de la réception (démo)")
    video = _video(dbsession, uploads_dir)
    clips = []
    for slug, activity, title, text, envies, seasons, min_age, fitness in CLIPS:
        clips.append(Clip(slug=slug, title=title, text=text,
                          partner_id=activities[activity].id, duration_s=2,
                          projection="360_mono", envies=envies, seasons=seasons,
                          min_age=min_age, fitness=fitness, narration_language="fr",
                          rights="Office de tourisme de Lanta (démo)", published=True,
                          **video))
    dbsession.add_all(clips)
    dbsession.flush()
    _views_and_bookings(dbsession, clips, headset, now, today)
    return [f"Spectrospoke: the kiosk of the demo headset of {HOTEL[2]} is "
            f"/spectrospoke/kiosk/{token}/ (keep it: it is shown only now); hotels and "
            "headsets on /admin/spectrospoke/hotels/, the month's statement on "
            "/admin/spectrospoke/statements."]


def _views_and_bookings(dbsession: Session, clips: list[Clip], headset: Headset,
                        now: dt.datetime, today: dt.date) -> None:
    """A fortnight of views on the headset, and three bookings: one validated today,
    one confirmed for next week, one waiting for the partner."""
    for days_ago in range(14):
        for index, clip in enumerate(clips):
            if (days_ago + index) % 3 == 0:
                continue
            dbsession.add(View(clip_id=clip.id, hotel_id=headset.hotel_id,
                               headset_id=headset.id, completed=days_ago % 2 == 0,
                               viewed_at=now - dt.timedelta(days=days_ago, hours=index)))
    rafting, canyoning = clips[0], clips[1]
    # A guest who came today: booked a day (no slot) a week ago, validated on arrival.
    rate = bookings.commission_rate(dbsession, headset.hotel_id, rafting.partner_id)
    price = dbsession.get(Activity, rafting.partner_id).price_cents
    dbsession.add(Booking(
        reference=bookings.new_reference(), clip_id=rafting.id,
        activity_id=rafting.partner_id, hotel_id=headset.hotel_id, headset_id=headset.id,
        day=today, participants=3, contact_name="Famille Durand", language="fr",
        state="confirmed", unit_price_cents=price, amount_cents=3 * price,
        commission_rate_bp=rate, commission_cents=bookings.commission_cents(3 * price, rate),
        created_at=now - dt.timedelta(days=7), decided_at=now - dt.timedelta(days=6),
        voucher_sent_at=now - dt.timedelta(days=6), validated_at=now))
    slots = {slot.partner_id: slot for slot in dbsession.scalars(
        select(Slot).where(Slot.starts_at > now).order_by(Slot.starts_at.desc()))}
    confirmed = bookings.book(
        dbsession, clip=canyoning, activity_id=canyoning.partner_id,
        slot_id=slots[canyoning.partner_id].id, participants=2, contact_name="Sam Taylor",
        contact_email="sam.taylor@example.com", language="en", headset=headset,
        request_id=None, now=now - dt.timedelta(hours=20))
    bookings.confirm(dbsession, confirmed, None, now=now - dt.timedelta(hours=18))
    bookings.book(dbsession, clip=rafting, activity_id=rafting.partner_id,
                  slot_id=slots[rafting.partner_id].id, participants=4,
                  contact_name="Claire Martin", contact_phone="+33 6 00 00 00 00",
                  language="fr", headset=headset, request_id=None,
                  now=now - dt.timedelta(hours=2))
    dbsession.flush()


def purge(dbsession: Session, uploads_dir: Path) -> None:
    """Delete every row of the add-on, children first, and, once that is committed, the
    clips' stored videos (a purge rolled back keeps clips that still play)."""
    names = list(dbsession.scalars(select(Clip.video_file).where(
        Clip.video_file.is_not(None))))
    for model in (Booking, View, Headset, Rate, Hotel, Slot, Clip, Activity):
        dbsession.execute(delete(model))
    dbsession.flush()

    def remove_files() -> None:
        for name in names:
            videos.remove(uploads_dir, name)
    when_transaction_ends(dbsession, committed=remove_files)
