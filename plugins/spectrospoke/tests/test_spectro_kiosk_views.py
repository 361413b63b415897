"""Views of clips on the headsets: the player's "began" records one for the headset's
hotel, a reload is the same view, the player's end marks it watched to the end; the
pages themselves (GET) never write."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from lanta.models import utcnow
from lanta_spectrospoke.models import Headset, Hotel, View
from lanta_spectrospoke.services import views as views_service
from lanta_spectrospoke.services.kiosks import new_token, token_hash

from spectro_testing import make_partner

pytestmark = pytest.mark.usefixtures("spectro_on")


def views_of(dbsession, clip) -> list[View]:
    return list(dbsession.scalars(select(View).where(View.clip_id == clip.id)
                                  .order_by(View.id)))


@pytest.fixture
def other_headset(dbsession):
    """A headset of another hotel, "Les Pins"."""
    hotel = make_partner(dbsession, "les-pins", "hotel", "Les Pins")
    dbsession.add(Hotel(partner_id=hotel.id))
    dbsession.flush()
    token = new_token()
    device = Headset(hotel_id=hotel.id, label="Casque A", token_hash=token_hash(token))
    dbsession.add(device)
    dbsession.flush()
    return device, token


def open_clip(testapp, token: str, slug: str = "rafting-gave"):
    """Opens the player page and posts its "began", as player.js does."""
    page = testapp.get(f"/spectrospoke/kiosk/{token}/fr/clips/{slug}")
    csrf = page.html.select_one('meta[name="csrf-token"]')["content"]
    url = page.html.select_one("#kiosk-player")["data-started-url"]
    answer = testapp.post(url, headers={"X-CSRF-Token": csrf}, status=204)
    assert answer.headers["Cache-Control"] == "no-store"
    return page


def test_opening_a_clip_records_a_view_for_the_headsets_hotel(testapp, dbsession, headset,
                                                             other_headset, clip, hotel):
    device, token = headset
    open_clip(testapp, token)
    open_clip(testapp, other_headset[1])
    views = views_of(dbsession, clip)
    assert [(v.hotel_id, v.headset_id, v.completed) for v in views] == [
        (hotel.id, device.id, False),
        (other_headset[0].hotel_id, other_headset[0].id, False)]
    dbsession.refresh(device)
    assert device.last_seen_at is not None


def test_a_reload_does_not_count_twice(testapp, dbsession, headset, clip):
    token = headset[1]
    for _ in range(2):
        open_clip(testapp, token)
    assert len(views_of(dbsession, clip)) == 1


def test_kiosk_pages_never_write(testapp, dbsession, headset, clip, activity):
    # On SQLite a GET's transaction is begun for reading, and a write in it fails with
    # "database is locked" once another request has committed meanwhile.
    device, token = headset
    writes: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    connection = dbsession.connection()
    event.listen(connection, "before_cursor_execute", note)
    try:
        for path in ("/", "/fr/", "/fr/clips/rafting-gave", "/fr/clips/rafting-gave/book"):
            testapp.get(f"/spectrospoke/kiosk/{token}{path}", status=(200, 302))
    finally:
        event.remove(connection, "before_cursor_execute", note)
    assert writes == []
    assert views_of(dbsession, clip) == []
    dbsession.refresh(device)
    assert device.last_seen_at is None


def test_the_players_began_without_the_csrf_token_is_refused(testapp, dbsession, headset,
                                                            clip):
    testapp.post(f"/spectrospoke/kiosk/{headset[1]}/fr/clips/rafting-gave/started",
                 status=400)
    assert views_of(dbsession, clip) == []


def test_a_headset_adds_one_view_per_clip_in_ten_minutes(dbsession, headset, clip):
    device = headset[0]
    start = utcnow()
    first = views_service.record_view(dbsession, clip, device, now=start)
    again = views_service.record_view(dbsession, clip, device,
                                      now=start + dt.timedelta(minutes=9, seconds=59))
    later = views_service.record_view(dbsession, clip, device,
                                      now=start + dt.timedelta(minutes=10))
    assert again.id == first.id
    assert later.id != first.id
    assert len(views_of(dbsession, clip)) == 2


def test_the_players_end_marks_the_latest_view_completed(testapp, dbsession, headset, clip):
    token = headset[1]
    page = open_clip(testapp, token)
    csrf = page.html.select_one('meta[name="csrf-token"]')["content"]
    url = page.html.select_one("#kiosk-player")["data-viewed-url"]
    answer = testapp.post(url, headers={"X-CSRF-Token": csrf}, status=204)
    assert answer.headers["Cache-Control"] == "no-store"
    assert [v.completed for v in views_of(dbsession, clip)] == [True]


def test_the_players_end_without_the_csrf_token_is_refused(testapp, dbsession, headset, clip):
    token = headset[1]
    open_clip(testapp, token)
    testapp.post(f"/spectrospoke/kiosk/{token}/fr/clips/rafting-gave/viewed", status=400)
    assert [v.completed for v in views_of(dbsession, clip)] == [False]


def test_the_players_end_with_an_unknown_token_is_not_found(testapp, dbsession, headset,
                                                           clip):
    page = open_clip(testapp, headset[1])
    csrf = page.html.select_one('meta[name="csrf-token"]')["content"]
    testapp.post(f"/spectrospoke/kiosk/{new_token()}/fr/clips/rafting-gave/viewed",
                 headers={"X-CSRF-Token": csrf}, status=404)
    assert [v.completed for v in views_of(dbsession, clip)] == [False]


def test_the_end_over_https_passes_with_the_pages_origin(testapp, dbsession, headset, clip):
    # Under the kiosk's "Referrer-Policy: same-origin" the player's post sends its
    # origin; over HTTPS the CSRF check compares it with the site's.
    token = headset[1]
    https = {"wsgi.url_scheme": "https", "HTTP_HOST": "localhost"}
    page = testapp.get(f"/spectrospoke/kiosk/{token}/fr/clips/rafting-gave",
                       extra_environ=https)
    csrf = page.html.select_one('meta[name="csrf-token"]')["content"]
    url = f"/spectrospoke/kiosk/{token}/fr/clips/rafting-gave/viewed"
    testapp.post(url, headers={"X-CSRF-Token": csrf, "Origin": "null"},
                 extra_environ=https, status=400)
    testapp.post(url, headers={"X-CSRF-Token": csrf, "Origin": "https://localhost"},
                 extra_environ=https, status=204)
    assert [v.completed for v in views_of(dbsession, clip)] == [True]
