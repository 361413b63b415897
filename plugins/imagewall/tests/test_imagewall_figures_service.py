"""The wall's figures: contributions per office day and per kind, the approval rate of
the period's decisions, the queue, the top places and activities of approved items."""
from __future__ import annotations

import datetime as dt

from lanta import reporting
from lanta_imagewall.models import Item
from lanta_imagewall.services import moderation
from lanta_imagewall.services.figures import figures

from wall_testing import make_partner, make_webcam

UTC = dt.timezone.utc
JULY = reporting.period(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
JUNE = reporting.period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
MID_JULY = dt.datetime(2026, 7, 14, 9, tzinfo=UTC)


def item(dbsession, *, at=MID_JULY, kind="photo", status="approved", decided=None,
         partner=None, place_name="", tags=()) -> Item:
    """An upload's row as moderation leaves it (no files: the figures read rows only)."""
    decided = decided or at
    row = Item(kind=kind, status=status, caption="Vue", credit="Anne", tags=list(tags),
               partner_id=partner.id if partner else None, place_name=place_name,
               processing="ready", created_at=at,
               moderated_at=decided if status != "pending" else None,
               approved_at=decided if status == "approved" else None)
    dbsession.add(row)
    dbsession.flush()
    return row


def test_contributions_are_counted_per_office_day_and_per_kind(dbsession):
    item(dbsession, at=dt.datetime(2026, 7, 3, 8, tzinfo=UTC))
    item(dbsession, at=dt.datetime(2026, 7, 3, 20, tzinfo=UTC), kind="clip",
         status="pending")
    item(dbsession, at=dt.datetime(2026, 7, 5, 12, tzinfo=UTC), status="rejected")
    make_webcam(dbsession)  # added by the office today: not a contribution

    result = figures(dbsession, JULY)

    assert result.per_day == {dt.date(2026, 7, 3): 2, dt.date(2026, 7, 5): 1}
    assert result.per_kind == {"photo": 2, "clip": 1}
    assert result.contributions == 3


def test_days_are_paris_days_and_the_period_bounds_hold(dbsession):
    # 22:30 UTC on 30 June is already 1 July in Paris; 22:30 UTC on 31 July is August.
    item(dbsession, at=dt.datetime(2026, 6, 30, 22, 30, tzinfo=UTC))
    item(dbsession, at=dt.datetime(2026, 7, 31, 22, 30, tzinfo=UTC))
    item(dbsession, at=dt.datetime(2026, 6, 30, 21, 30, tzinfo=UTC))

    result = figures(dbsession, JULY)

    assert result.per_day == {dt.date(2026, 7, 1): 1}


def test_the_approval_rate_counts_the_decisions_of_the_period(dbsession):
    for _ in range(2):
        item(dbsession, status="approved")
    item(dbsession, status="rejected")
    # Sent in June, decided in July: a July decision.
    item(dbsession, at=dt.datetime(2026, 6, 20, tzinfo=UTC), status="approved",
         decided=dt.datetime(2026, 7, 2, tzinfo=UTC))
    # Sent in July, decided in August: not yet.
    item(dbsession, status="rejected", decided=dt.datetime(2026, 8, 2, tzinfo=UTC))
    item(dbsession, status="pending")

    result = figures(dbsession, JULY)

    assert (result.approved, result.rejected) == (3, 1)
    assert result.approval_rate == 0.75


def test_featuring_is_not_a_decision_and_leaves_the_rate(dbsession, users):
    june = dt.datetime(2026, 6, 20, tzinfo=UTC)
    star, other = (item(dbsession, at=june, status="approved") for _ in range(2))
    refused = item(dbsession, at=june, status="rejected")
    editor = users["editor"].id

    moderation.feature(dbsession, [star, other], editor, MID_JULY, on=True)
    moderation.feature(dbsession, [other], editor, MID_JULY, on=False)

    july, june_figures = figures(dbsession, JULY), figures(dbsession, JUNE)
    assert star.featured and not other.featured and not refused.featured
    assert july.approval_rate is None and (july.approved, july.rejected) == (0, 0)
    assert (june_figures.approved, june_figures.rejected) == (2, 1)


def test_no_decision_means_no_rate(dbsession):
    item(dbsession, status="pending")

    result = figures(dbsession, JULY)

    assert result.approval_rate is None


def test_waiting_counts_the_queue_now_whatever_the_period(dbsession):
    item(dbsession, status="pending", at=dt.datetime(2025, 1, 5, tzinfo=UTC))
    item(dbsession, status="pending")
    item(dbsession, status="approved")

    assert figures(dbsession, JULY).waiting == 2


def test_top_places_rank_partners_then_names_then_no_place(dbsession, place):
    gave = make_partner(dbsession, "ossau-rafting", "activity", "Ossau Rafting")
    for _ in range(3):
        item(dbsession, partner=place, place_name="Terrasse")  # the listing wins
    item(dbsession, partner=gave)
    for _ in range(2):
        item(dbsession, place_name="Lac de  Fabrèges")
    item(dbsession, place_name="Lac de Fabrèges")
    item(dbsession)
    item(dbsession, partner=gave, status="rejected")
    item(dbsession, place_name="Laruns", status="pending")

    result = figures(dbsession, JULY, "en")

    assert [(p.name, p.count) for p in result.places] == [
        ("Café des Pyrénées", 3), ("Lac de Fabrèges", 3), ("Ossau Rafting", 1), ("", 1)]
    assert result.places[0].partner_id == place.id


def test_top_activities_count_approved_items_of_the_period(dbsession):
    item(dbsession, tags=("nature", "thrills"))
    item(dbsession, tags=("nature",))
    item(dbsession, tags=("food", "food"))
    item(dbsession, tags=("food",), status="rejected")
    item(dbsession, tags=("food",), decided=dt.datetime(2026, 8, 1, 12, tzinfo=UTC))

    result = figures(dbsession, JULY, top=2)

    assert result.tags == [("nature", 2), ("food", 1)]
