"""The rules of tests and reviews, on the services: the threshold, the conflict of
interest, one test per place and season (also when two sessions race), the receipts'
checks, and the review's editing window."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import Partner
from lanta.services import partner_changes, uploads
from lanta.services import users as users_service
from lanta.services.errors import Conflict, InvalidField, NotFound
from lanta.testing import jpeg_bytes

from lanta_reviews import models
from lanta_reviews.services import moderation, receipts, reviews, settings, tests

from reviews_support import in_own_session

TODAY = dt.date(2026, 7, 14)
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")


def visit(partner, **values) -> tests.VisitInput:
    fields = dict(partner_id=partner.id, visited_on=TODAY - dt.timedelta(days=2),
                  what="Dîner pour deux", amount_cents=0, receipt=None)
    fields.update(values)
    return tests.VisitInput(**fields)


def review_input(rating: int, **values) -> reviews.ReviewInput:
    fields = dict(rating=rating, title="Une belle table",
                  text="Accueil chaleureux, cuisine du marché et terrasse ombragée.",
                  language="fr", audiences=("couples",))
    fields.update(values)
    return reviews.ReviewInput(**fields)


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


@pytest.fixture
def declare(dbsession, tmp_path, tester, partner):
    def _declare(**values):
        return tests.declare(dbsession, tmp_path, tester, visit(partner, **values),
                             today=TODAY)
    return _declare


@pytest.fixture
def write(dbsession, tmp_path, tester):
    def _write(test, rating, **values):
        return reviews.write(dbsession, tmp_path, tester, test.id,
                             review_input(rating, **values), languages=["fr", "en"])
    return _write


def actions(dbsession, review) -> list[str]:
    return [event.action for event in moderation.history(dbsession, review)]


# --- the threshold ------------------------------------------------------------------------


def test_threshold_defaults_to_four_and_is_bounded(dbsession):
    assert settings.threshold(dbsession) == 4
    assert settings.set_threshold(dbsession, 5) == 5
    assert settings.threshold(dbsession) == 5
    for wrong in (0, 6, "4", True, None):
        with pytest.raises(InvalidField) as refused:
            settings.set_threshold(dbsession, wrong)
        assert refused.value.on == "threshold"
    assert settings.threshold(dbsession) == 5


def test_a_three_stays_private_and_is_never_published(dbsession, declare, write):
    review = write(declare(), 3)
    assert review.status == "private"
    assert review.published_at is None
    assert actions(dbsession, review) == ["kept_private"]


def test_a_four_goes_to_moderation_not_to_publication(dbsession, declare, write, users):
    review = write(declare(), 4)
    assert review.status == "pending"
    assert review.published_at is None
    assert actions(dbsession, review) == ["submitted"]
    event = moderation.history(dbsession, review)[0]
    assert event.actor_id == users["tester"].id


def test_raising_the_threshold_to_five_makes_a_four_private(dbsession, declare, write):
    settings.set_threshold(dbsession, 5)
    review = write(declare(), 4)
    assert review.status == "private"
    assert actions(dbsession, review) == ["kept_private"]


def test_a_pending_review_may_change_a_decided_one_may_not(dbsession, declare, write):
    test = declare()
    review = write(test, 5)
    changed = write(test, 4, title="Encore mieux")
    assert changed.id == review.id and changed.title == "Encore mieux"
    assert count(dbsession, models.Review) == 1
    assert actions(dbsession, review) == ["submitted", "submitted"]
    review.status = "published"
    dbsession.flush()
    with pytest.raises(Conflict):
        write(test, 5, title="Après publication")
    assert dbsession.get(models.Review, review.id).title == "Encore mieux"


def test_a_private_review_is_not_changed_into_a_published_one(dbsession, declare, write):
    test = declare()
    write(test, 2)
    with pytest.raises(Conflict):
        write(test, 5)


def test_review_values_are_checked(dbsession, declare, write):
    test = declare()
    for rating in (0, 6, None):
        with pytest.raises(InvalidField) as refused:
            write(test, rating)
        assert refused.value.on == "rating"
    with pytest.raises(InvalidField) as refused:
        write(test, 4, title="   ")
    assert refused.value.on == "title"
    with pytest.raises(InvalidField) as refused:
        write(test, 4, text="x" * (reviews.MAX_TEXT + 1))
    assert refused.value.on == "text"
    with pytest.raises(InvalidField) as refused:
        write(test, 4, language="de")
    assert refused.value.on == "language"
    with pytest.raises(InvalidField) as refused:
        write(test, 4, audiences=("vampires",))
    assert refused.value.on == "audiences"
    assert count(dbsession, models.Review) == 0


def test_photos_are_stored_with_their_alt_and_bounded(dbsession, declare, write):
    test = declare()
    photo = reviews.PhotoInput(uploads.clean_image(jpeg_bytes(400, 300)), "La terrasse")
    with pytest.raises(InvalidField):
        write(test, 4, photos=(photo, reviews.PhotoInput(photo.clean, "  ")))
    assert count(dbsession, models.Review) == 0  # nothing half-written
    review = write(test, 4, photos=(photo,) * 4)
    stored = reviews.photos_of(dbsession, review)
    assert [image.alt for _photo, image in stored] == ["La terrasse"] * 4
    with pytest.raises(InvalidField) as refused:
        write(test, 4, photos=(photo,) * 3)
    assert refused.value.on == "photos"
    assert len(reviews.photos_of(dbsession, review)) == 4


def test_another_testers_test_cannot_be_reviewed(dbsession, tmp_path, declare, users):
    test = declare()
    other_user = users_service.create(dbsession, "other@example.org", "a-long-password-1",
                                      "tester")
    other = models.Tester(user_id=other_user.id, display_name="Paul", slug="paul",
                          kind="resident")
    dbsession.add(other)
    dbsession.flush()
    with pytest.raises(NotFound):
        reviews.write(dbsession, tmp_path, other, test.id, review_input(5),
                      languages=["fr"])


# --- declaring a test ---------------------------------------------------------------------


def test_a_test_is_declared_with_its_season(declare, partner, tester):
    test = declare(visited_on=dt.date(2026, 1, 2), amount_cents=4250,
                   receipt=receipts.check(PDF))
    assert (test.tester_id, test.partner_id, test.season) == (tester.id, partner.id, 2026)
    assert test.amount_cents == 4250 and test.claim_status == "none"


def test_conflict_of_interest_is_refused(dbsession, declare, partner, users, tester):
    partner_changes.set_members(dbsession, partner, [users["tester"]])
    with pytest.raises(Conflict) as refused:
        declare()
    assert "team" in str(refused.value)
    assert count(dbsession, models.Test) == 0


def test_same_place_same_season_refused_next_season_allowed(dbsession, declare):
    declare(visited_on=dt.date(2026, 3, 1))
    with pytest.raises(Conflict) as refused:
        declare(visited_on=dt.date(2026, 7, 1))
    assert "2026" in str(refused.value)
    assert declare(visited_on=dt.date(2025, 12, 31)).season == 2025
    assert count(dbsession, models.Test) == 2


def test_unique_constraint_gives_the_clear_error(dbsession, declare, tester, partner,
                                                 tmp_path, monkeypatch):
    """Even when the first check misses the other declaration (a race), the database's
    constraint refuses it with the same message, and the session stays usable."""
    declare()
    # The check that cannot see a declaration another request has not committed yet.
    monkeypatch.setattr(tests, "already_tested", lambda *args: False)
    with pytest.raises(Conflict):
        tests.declare(dbsession, tmp_path, tester, visit(partner, amount_cents=100,
                                                         receipt=receipts.check(PDF)),
                      today=TODAY)
    assert count(dbsession, models.Test) == 1
    assert list((tmp_path / receipts.FOLDER).iterdir()) == []  # the receipt is gone


def test_declaration_values_are_checked(dbsession, declare, make_partner):
    hidden = make_partner("cache")
    hidden.published = False
    cases = [(dict(partner_id=None), "partner_id"), (dict(partner_id=hidden.id), "partner_id"),
             (dict(partner_id=2**40), "partner_id"),
             (dict(visited_on=TODAY + dt.timedelta(days=1)), "visited_on"),
             (dict(visited_on=TODAY - dt.timedelta(days=400)), "visited_on"),
             (dict(visited_on=None), "visited_on"),
             (dict(what="  "), "what"), (dict(what="x" * 301), "what"),
             (dict(amount_cents=-1), "amount_cents"),
             (dict(amount_cents=tests.MAX_AMOUNT_CENTS + 1), "amount_cents"),
             (dict(amount_cents=1000), "receipt")]
    for values, field in cases:
        with pytest.raises(InvalidField) as refused:
            declare(**values)
        assert refused.value.on == field, values
    assert count(dbsession, models.Test) == 0


def test_an_ended_tester_declares_nothing(dbsession, declare, tester):
    tester.active = False
    with pytest.raises(tests.NotAllowed):
        declare()
    # An account never accepted is told how to become a tester (nothing forbidden).
    with pytest.raises(tests.NotATester):
        tests.declare(dbsession, "/nowhere", None, visit(dbsession.scalars(
            select(Partner)).first()), today=TODAY)


# --- receipts -----------------------------------------------------------------------------


def test_a_real_jpeg_receipt_is_kept_without_its_metadata(tmp_path):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    Image.new("RGB", (300, 200), (10, 20, 30)).save(out, "JPEG", exif=exif.tobytes())
    receipt = receipts.check(out.getvalue())
    assert receipt.extension == "jpg" and b"SpyCam" not in receipt.data
    name = receipts.store(tmp_path, receipt)
    assert receipts.NAME.match(name)
    assert (tmp_path / receipts.FOLDER / name).read_bytes() == receipt.data


def test_a_real_pdf_receipt_is_kept(tmp_path):
    receipt = receipts.check(PDF)
    assert (receipt.extension, receipt.media_type) == ("pdf", "application/pdf")


@pytest.mark.parametrize("data", [
    b"Just a text file, renamed receipt.pdf\n",
    b"%PDF-1.4\nno end marker, a cut upload",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    b"",
])
def test_anything_else_is_refused(data):
    with pytest.raises(uploads.InvalidUpload):
        receipts.check(data)


def test_a_receipt_too_large_is_refused():
    with pytest.raises(uploads.InvalidUpload):
        receipts.read(io.BytesIO(b"%PDF-" + b"0" * receipts.MAX_BYTES + b"%%EOF"))


def test_receipt_path_finds_only_our_files(tmp_path, declare):
    test = declare(amount_cents=100, receipt=receipts.check(PDF))
    path = receipts.receipt_path(tmp_path, test)
    assert path is not None and path.read_bytes() == PDF
    test.receipt_name = "../../etc/passwd"
    assert receipts.receipt_path(tmp_path, test) is None


# --- the race (PostgreSQL) ----------------------------------------------------------------


@pytest.mark.concurrent_writers
def test_two_sessions_racing_for_the_same_test_one_gets_the_clear_error(
        engine, db_backend, run_blocked_by, committed_tester, tmp_path):
    ids = committed_tester
    outcome: list[object] = []

    second = in_own_session(engine, outcome, lambda other: tests.declare(
        other, tmp_path, other.get(models.Tester, ids["tester"]),
        tests.VisitInput(ids["partner"], TODAY, "Déjeuner", 0), today=TODAY))

    first = Session(engine)
    try:
        tests.declare(first, tmp_path, first.get(models.Tester, ids["tester"]),
                      tests.VisitInput(ids["partner"], TODAY, "Dîner", 0), today=TODAY)
        thread = run_blocked_by(first, second)  # waits on the unique index's entry
        first.commit()
        thread.join()
        assert isinstance(outcome[0], Conflict)
        with Session(engine) as check:
            assert check.scalar(select(func.count()).select_from(models.Test).where(
                models.Test.tester_id == ids["tester"])) == 1
    finally:
        first.close()
