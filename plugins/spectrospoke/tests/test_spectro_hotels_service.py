"""Partner hotels as a service: rates typed as percentages, which listings may become
hotels, per-activity rates, and headsets whose kiosk secret is only kept hashed."""
from __future__ import annotations

import datetime as dt

import pytest

from spectro_testing import make_partner
from lanta.services.errors import InvalidField, NotFound
from lanta_spectrospoke.models import Hotel, Rate
from lanta_spectrospoke.services import hotels as service
from lanta_spectrospoke.services.bookings import commission_rate
from lanta_spectrospoke.services.kiosks import headset_for_token, token_hash


@pytest.mark.parametrize(("typed", "basis_points"), [
    ("10", 1000), ("7,5", 750), ("7.5", 750), (" 12,25 % ", 1225), ("0", 0), ("100", 10000),
    ("0,05", 5)])
def test_a_rate_typed_as_a_percentage_is_kept_in_basis_points(typed, basis_points):
    assert service.parse_rate(typed) == basis_points


@pytest.mark.parametrize("typed", ["", "ten", "-5", "7,125", "100,01", "150", "1e2", "7,"])
def test_a_rate_that_is_no_percentage_is_refused(typed):
    with pytest.raises(InvalidField) as refused:
        service.parse_rate(typed, on="default_rate")
    assert refused.value.on == "default_rate"


@pytest.mark.parametrize(("basis_points", "text"), [(1000, "10"), (750, "7,5"),
                                                    (1225, "12,25"), (705, "7,05"), (0, "0")])
def test_a_rate_is_shown_as_it_is_typed(basis_points, text):
    assert service.rate_text(basis_points) == text
    assert service.parse_rate(text) == basis_points


def test_only_published_accommodation_not_yet_signed_up_can_become_a_hotel(
        dbsession, hotel, activity):
    gite = make_partner(dbsession, "gite-candidate", "gite", "Gîte")
    hidden = make_partner(dbsession, "camping-hidden", "campsite", "Camping")
    hidden.published = False
    dbsession.flush()

    slugs = {p.slug for p in service.candidates(dbsession)}

    assert "gite-candidate" in slugs
    assert not slugs & {hotel.slug, activity.slug, hidden.slug}
    for refused in (hotel.id, activity.id, hidden.id, None, 999_999):
        with pytest.raises(InvalidField) as error:
            service.add_hotel(dbsession, refused, 1000)
        assert error.value.on == "partner_id"
    added = service.add_hotel(dbsession, gite.id, 750, "  Two headsets at the desk ")
    assert (added.default_rate_bp, added.note) == (750, "Two headsets at the desk")


def test_a_per_activity_rate_wins_over_the_default_until_removed(
        dbsession, hotel, activity):
    assert commission_rate(dbsession, hotel.id, activity.id) == 1000
    service.set_rate(dbsession, hotel.id, activity.id, 1500)
    service.set_rate(dbsession, hotel.id, activity.id, 1200)  # replaces, never doubles
    assert commission_rate(dbsession, hotel.id, activity.id) == 1200
    assert [(p.slug, r.rate_bp) for p, r in service.rates_of(dbsession, hotel.id)] == [
        (activity.slug, 1200)]
    service.remove_rate(dbsession, hotel.id, activity.id)
    assert commission_rate(dbsession, hotel.id, activity.id) == 1000
    assert dbsession.get(Rate, (hotel.id, activity.id)) is None


def test_a_rate_needs_an_activity_partner(dbsession, hotel):
    with pytest.raises(InvalidField) as refused:
        service.set_rate(dbsession, hotel.id, hotel.id, 1500)
    assert refused.value.on == "activity_id"


def test_a_new_headset_keeps_only_the_hash_of_its_secret(dbsession, hotel):
    headset, token = service.add_headset(dbsession, hotel.id, " Room 12 ")

    assert headset.label == "Room 12"
    assert headset.token_hash == token_hash(token) != token
    assert token not in {str(v) for v in vars(headset).values()}
    assert headset_for_token(dbsession, token).id == headset.id


def test_renewing_a_headset_stops_its_old_address_at_once(dbsession, hotel):
    headset, old = service.add_headset(dbsession, hotel.id, "Lobby")

    renewed, new = service.renew_headset(dbsession, headset.id)

    assert renewed.id == headset.id and new != old
    assert headset_for_token(dbsession, old) is None
    assert headset_for_token(dbsession, new).id == headset.id


def test_a_removed_headset_stops_but_stays_the_hotels(dbsession, hotel):
    headset, token = service.add_headset(dbsession, hotel.id, "Lobby")

    service.remove_headset(dbsession, headset.id)

    assert headset_for_token(dbsession, token) is None
    assert headset.hotel_id == hotel.id
    assert service.headsets_of(dbsession, hotel.id) == []
    with pytest.raises(NotFound):
        service.renew_headset(dbsession, headset.id)


@pytest.mark.parametrize("label", ["", "   ", "x" * 81])
def test_a_headset_needs_a_short_name(dbsession, hotel, label):
    with pytest.raises(InvalidField):
        service.add_headset(dbsession, hotel.id, label)


def test_the_overview_counts_active_headsets(dbsession, hotel, headset):
    removed, _token = service.add_headset(dbsession, hotel.id, "Old one")
    service.remove_headset(dbsession, removed.id)
    now = dt.datetime.now(dt.timezone.utc)

    rows = service.overview(dbsession, now - dt.timedelta(days=1), now)

    assert [(row.partner.slug, row.headsets) for row in rows] == [(hotel.slug, 1)]
    assert isinstance(rows[0].hotel, Hotel)
