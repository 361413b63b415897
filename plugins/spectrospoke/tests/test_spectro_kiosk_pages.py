"""The headset kiosk's pages: the token's headset, the catalogue's filters, the player
page, the kiosk's headers and its own "not found" page."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.reporting import today as office_today
from lanta_spectrospoke.models import Clip
from lanta_spectrospoke.services.clips import current_season

from spectro_testing import make_partner

pytestmark = pytest.mark.usefixtures("spectro_on")


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French: the
    # pages of an address without a language follow the browser's (/en/ pages are
    # English anyway).
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"

GONE = "This headset's address is no longer valid. Please ask the reception."


@pytest.fixture
def token(headset):
    return headset[1]


def add_clip(dbsession, activity, slug, **values):
    values = {"title": {"fr": f"Titre {slug}", "en": f"Title {slug}"},
              "partner_id": activity.id, "video_url": "https://videos.example/a.mp4",
              "published": True, **values}
    row = Clip(slug=slug, **values)
    dbsession.add(row)
    dbsession.flush()
    return row


def card_titles(page) -> list[str]:
    return [a.text for a in page.html.select(".kiosk-card__link")]


def test_the_kiosk_address_leads_to_the_catalogue_in_the_browsers_language(testapp, token):
    english = testapp.get(f"/spectrospoke/kiosk/{token}/",
                          headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.status_int == 302
    assert english.location.endswith(f"/spectrospoke/kiosk/{token}/en/")
    other = testapp.get(f"/spectrospoke/kiosk/{token}/", headers={"Accept-Language": "de"})
    assert other.location.endswith(f"/spectrospoke/kiosk/{token}/fr/")


@pytest.mark.parametrize("path", ["/", "/en/", "/en/clips/rafting-gave",
                                  "/en/clips/rafting-gave/book", "/en/bookings/ABCD-1234"])
def test_an_unknown_token_gets_the_kiosks_not_found_page(testapp, clip, path):
    page = testapp.get(f"/spectrospoke/kiosk/{'x' * 43}{path}", status=404)
    assert GONE in page.text
    assert page.html.select("nav.site-nav, form[role=search]") == []
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["X-Robots-Tag"] == "noindex"


def test_a_revoked_headset_gets_the_not_found_page(testapp, dbsession, headset, clip):
    device, token = headset
    device.active = False
    dbsession.flush()
    page = testapp.get(f"/spectrospoke/kiosk/{token}/en/", status=404)
    assert GONE in page.text
    french = testapp.get(f"/spectrospoke/kiosk/{token}/fr/", status=404)
    assert french.html.html["lang"] == "fr"


def test_kiosk_pages_are_never_stored_nor_indexed_nor_referred(testapp, token, clip):
    for path in ("/fr/", "/fr/clips/rafting-gave", "/fr/clips/rafting-gave/book"):
        page = testapp.get(f"/spectrospoke/kiosk/{token}{path}")
        assert page.headers["Cache-Control"] == "no-store"
        # Not "no-referrer": browsers would then post forms with "Origin: null".
        assert page.headers["Referrer-Policy"] == "same-origin"
        assert page.html.select_one('meta[name="referrer"]')["content"] == "same-origin"
        assert page.headers["X-Robots-Tag"] == "noindex"


def test_the_catalogue_shows_the_clip_its_partner_and_the_hotel(testapp, token, clip):
    page = testapp.get(f"/spectrospoke/kiosk/{token}/fr/")
    assert page.html.html["lang"] == "fr"
    assert card_titles(page) == ["Rafting sur le gave"]
    card = page.html.select_one(".kiosk-card")
    assert "Eaux Vives" in card.text and "2 min" in card.text and "8" in card.text
    assert "Hôtel du Gave" in page.html.select_one(".kiosk-offered").text
    english = testapp.get(f"/spectrospoke/kiosk/{token}/en/")
    assert english.html.html["lang"] == "en"
    assert card_titles(english) == ["Rafting on the river"]
    assert "Offered by Hôtel du Gave" in english.text


@pytest.mark.parametrize("path", ["/de/", "/de/clips/rafting-gave",
                                  "/de/clips/rafting-gave/book", "/de/bookings/ABCD-1234"])
def test_an_unknown_kiosk_language_is_not_found(testapp, token, clip, path):
    page = testapp.get(f"/spectrospoke/kiosk/{token}{path}", status=404)
    assert page.headers["Cache-Control"] == "no-store"


def test_the_catalogue_filters_by_envie(testapp, dbsession, activity, token, clip):
    add_clip(dbsession, activity, "spa", envies=["relax"])
    assert sorted(card_titles(testapp.get(f"/spectrospoke/kiosk/{token}/fr/"))) == \
        ["Rafting sur le gave", "Titre spa"]
    page = testapp.get(f"/spectrospoke/kiosk/{token}/en/", {"envie": "relax"})
    assert card_titles(page) == ["Title spa"]
    current = [a.text.strip() for a in page.html.select('.kiosk-chip[aria-current="true"]')]
    assert current == ["English", "Relax", "All year"]
    # Only envies that some clip offers get a chip.
    chips = [a["href"] for a in page.html.select(".kiosk-chip")]
    assert any("envie=thrills" in href for href in chips)
    assert not any("envie=food" in href for href in chips)


def test_the_catalogue_filters_by_season_with_a_chip_for_now(testapp, dbsession, activity,
                                                             token, clip):
    add_clip(dbsession, activity, "ski", seasons=["winter"])
    add_clip(dbsession, activity, "any-time", seasons=[])
    winter = testapp.get(f"/spectrospoke/kiosk/{token}/en/", {"season": "winter"})
    assert sorted(card_titles(winter)) == ["Title any-time", "Title ski"]
    summer = testapp.get(f"/spectrospoke/kiosk/{token}/en/", {"season": "summer"})
    assert sorted(card_titles(summer)) == ["Rafting on the river", "Title any-time"]
    everything = testapp.get(f"/spectrospoke/kiosk/{token}/en/")
    assert len(card_titles(everything)) == 3
    now = everything.html.select_one(".kiosk-chip__now").parent
    assert f"season={current_season(office_today())}" in now["href"]


def test_the_catalogue_hides_clips_outside_their_window_and_drafts(testapp, dbsession,
                                                                   activity, token):
    today = office_today()
    add_clip(dbsession, activity, "ended", valid_until=today - dt.timedelta(days=1))
    add_clip(dbsession, activity, "later", valid_from=today + dt.timedelta(days=1))
    add_clip(dbsession, activity, "draft", published=False)
    add_clip(dbsession, activity, "shown", valid_from=today, valid_until=today)
    assert card_titles(testapp.get(f"/spectrospoke/kiosk/{token}/en/")) == ["Title shown"]
    page = testapp.get(f"/spectrospoke/kiosk/{token}/en/clips/ended", status=404)
    assert "This clip is no longer shown." in page.text
    assert page.html.select_one(f'a[href$="/spectrospoke/kiosk/{token}/en/"]') is not None


def test_the_player_page_holds_a_plain_video_and_the_booking_link(testapp, token, clip):
    page = testapp.get(f"/spectrospoke/kiosk/{token}/en/clips/rafting-gave")
    player = page.html.select_one("#kiosk-player")
    assert player["data-projection"] == "360_mono"
    source = page.html.select_one("video[controls] source")
    assert source["src"] == "https://videos.example/rafting.mp4"
    assert source["type"] == "video/mp4"
    assert player["data-viewed-url"].endswith(
        f"/spectrospoke/kiosk/{token}/en/clips/rafting-gave/viewed")
    book = page.html.select(".kiosk-book")
    assert {a["href"] for a in book} == {
        f"http://localhost/spectrospoke/kiosk/{token}/en/clips/rafting-gave/book"}
    assert "Down the white water." in page.text
    assert page.html.select_one('meta[name="csrf-token"]')["content"]
    assert page.html.select('script[type="module"]')


def test_a_clip_of_a_partner_taking_no_bookings_shows_no_booking_button(testapp, dbsession,
                                                                        token):
    # A partner without activity settings (no ticket price): the booking form would be a
    # dead end.
    guide = make_partner(dbsession, "guide", "activity", "Guide")
    add_clip(dbsession, guide, "balade")
    page = testapp.get(f"/spectrospoke/kiosk/{token}/en/clips/balade")
    assert page.html.select(".kiosk-book") == []
    assert page.html.select_one("#kiosk-end [data-replay]") is not None
    # The form's address, kept from before, gets the kiosk's page back to the clip.
    gone = testapp.get(f"/spectrospoke/kiosk/{token}/en/clips/balade/book", status=404)
    assert "This activity cannot be booked here." in gone.text
    assert gone.headers["Cache-Control"] == "no-store"
    assert gone.html.select_one(
        f'a[href$="/spectrospoke/kiosk/{token}/en/clips/balade"]') is not None


def test_kiosk_pages_answer_404_while_the_addon_is_disabled(testapp, disable_addon, token):
    disable_addon("spectrospoke")
    testapp.get(f"/spectrospoke/kiosk/{token}/fr/", status=404)
