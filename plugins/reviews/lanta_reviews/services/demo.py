"""The add-on's part of the demo office (a tester, her reviews, this season's budget) and
its purge."""
from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lanta.models import Partner, SiteSetting, StoredImage
from lanta.services import users

from ..models import (Application, Report, Review, ReviewEvent, ReviewPhoto, Season, Test,
                      Tester, utcnow)

DEMO_TESTER_EMAIL = "testeuse@lanta.example"
SETTING_PREFIX = "reviews."
# (partner slug, days before today, amount in cents, rating, title, text, audiences).
# A 3 stays private feedback: the demo shows both sides of the rule.
DEMO_REVIEWS: tuple[tuple[str, int, int, int, str, str, tuple[str, ...]], ...] = (
    ("la-garbure", 12, 4200, 5, "La garbure comme chez ma grand-mère",
     "Une garbure épaisse, du pain de campagne et un accueil qui donne envie de revenir. "
     "Le confit était fondant ; gardez de la place pour le gâteau à la broche.",
     ("families", "couples")),
    ("ossau-rafting", 20, 3500, 4, "Une descente du gave qui réveille",
     "Guides patients et drôles, combinaisons propres, une heure trente de rires. Les "
     "enfants dès 8 ans s'amusent autant que les parents.", ("families", "groups")),
    ("chez-marcelle", 5, 2800, 3, "Correct, sans plus",
     "Le plat du jour était bon mais l'attente fut longue un samedi midi.", ()),
)


def _partner(dbsession: Session, slug: str) -> Partner | None:
    return dbsession.scalars(select(Partner).where(Partner.slug == slug)).one_or_none()


def load_demo(dbsession: Session, now: dt.datetime | None = None) -> list[str]:
    """A tester with two published reviews and one private feedback on the demo partners
    that exist, and this season's share and budget; how to log in as her."""
    now = now or utcnow()
    password = secrets.token_urlsafe(12)
    user = users.create(dbsession, DEMO_TESTER_EMAIL, password, "tester", "Manon Biscay")
    tester = Tester(user_id=user.id, display_name="Manon B.", slug="manon-b",
                    kind="resident", interests=["food", "thrills"], languages=["fr"],
                    bio="Béarnaise de naissance, je teste les bonnes tables et les sorties "
                        "en famille du pays.", joined_at=now - dt.timedelta(days=60))
    dbsession.add(tester)
    dbsession.add(Season(year=now.year, share_percent=50, cap_cents=3000,
                         budget_cents=200000))
    dbsession.flush()
    for slug, ago, amount, rating, title, text, audiences in DEMO_REVIEWS:
        partner = _partner(dbsession, slug)
        if partner is None:
            continue
        visited = (now - dt.timedelta(days=ago)).date()
        test = Test(tester_id=tester.id, partner_id=partner.id, visited_on=visited,
                    season=visited.year, what="Repas" if rating != 4 else "Descente",
                    amount_cents=amount)
        dbsession.add(test)
        dbsession.flush()
        published = rating >= 4
        written = now - dt.timedelta(days=ago - 1)
        review = Review(test_id=test.id, tester_id=tester.id, partner_id=partner.id,
                        rating=rating, title=title, text=text, language="fr",
                        audiences=list(audiences),
                        status="published" if published else "private",
                        created_at=written, published_at=now if published else None)
        dbsession.add(review)
        dbsession.flush()
        dbsession.add(ReviewEvent(review_id=review.id, at=written,
                                  action="submitted" if published else "kept_private"))
        if published:
            dbsession.add(ReviewEvent(review_id=review.id, action="approved", at=now))
    dbsession.flush()
    return [f"Tester (add-on reviews): {DEMO_TESTER_EMAIL} / {password}; her reviews are on "
            "/fr/reviews/ and the office's queue at /admin/reviews/."]


def purge(dbsession: Session) -> None:
    """Delete every row of the add-on, the pictures its reviews and profiles held, and
    its settings kept in the core's table.

    The receipts' files stay, in ``<uploads_dir>/reviews-receipts/`` (see
    :mod:`.receipts`): the core's ``lanta_purge`` hook passes only the session, so the
    purge cannot know where the uploads folder is. The operator deletes that folder (the
    README says so); removing it here would need the core to pass its settings."""
    pictures = set(dbsession.scalars(select(ReviewPhoto.image_id)))
    pictures |= {n for n in dbsession.scalars(select(Tester.photo_id)) if n is not None}
    for model in (Report, ReviewEvent, ReviewPhoto, Review, Test, Application):
        dbsession.execute(delete(model))
    dbsession.execute(update(Tester).values(photo_id=None))
    dbsession.execute(delete(Tester))
    dbsession.execute(delete(Season))
    if pictures:
        dbsession.execute(delete(StoredImage).where(StoredImage.id.in_(pictures)))
    dbsession.execute(delete(SiteSetting).where(SiteSetting.key.startswith(SETTING_PREFIX)))
    dbsession.flush()
