"""The visitor's card page through the real application (WebTest): the stay, the offers
with what was used and when, the partners, and the refusals (tampered token, blocked or
anonymised card, disabled add-on). The application's clock is the real one, so stays
are built around today."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from lanta_vip.services import cards, offers, privacy, redemptions, terminals
from lanta_vip.services.clock import OFFICE_TZ, today
from vip_support import make_partner, random_uid


def page_of(testapp, token: str, lang: str = "fr", status: int = 200):
    return testapp.get(f"/{lang}/vip/card/{token}", status=status)


def offer_item(response, offer_id: int):
    item = response.html.select_one(f'li[data-offer="{offer_id}"]')
    assert item is not None, f"offer {offer_id} is not on the page"
    return item


def test_card_page_shows_offers_and_marks_the_redeemed_one_used_with_its_date(
        testapp, vip_on, dbsession, partner, stay, live_offer, app_qr_key):
    used = live_offer(kind="gift", title={"fr": "Un café offert", "en": "A free coffee"})
    open_offer = live_offer()
    issued = stay()
    terminal, _key = terminals.add_paired_terminal(dbsession, partner.slug, "Accueil")
    at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=30)
    redemptions.redeem(dbsession, terminal, issued.qr_token, used.id, "req-1", app_qr_key,
                       redeemed_at=at)

    response = page_of(testapp, issued.qr_token)

    assert response.headers["Cache-Control"] == "no-store"
    assert response.html.select_one('meta[name="robots"]')["content"] == "noindex"
    assert "Léa" in response.html.h1.get_text()
    used_item = offer_item(response, used.id)
    assert used_item["data-state"] == "used"
    when = used_item.select_one(".vip-offer__uses time")
    assert when["datetime"] == at.isoformat()
    # The date as the visitor reads it, in the office's time zone.
    assert str(at.astimezone(OFFICE_TZ).day) in when.get_text()
    open_item = offer_item(response, open_offer.id)
    assert open_item["data-state"] == "available"
    assert open_item.select_one(".vip-offer__value").get_text().strip() == "10\xa0%"
    assert open_item.select_one(".vip-offer__uses") is None
    where = open_item.select_one(".vip-offer__where a")
    assert where["href"].endswith(f"/fr/partners/{partner.slug}")
    # Available offers come before used ones.
    states = [li["data-state"] for li in response.html.select("li[data-offer]")]
    assert states == ["available", "used"]


def test_card_page_shows_the_stay_dates(testapp, vip_on, stay):
    issued = stay()
    times = page_of(testapp, issued.qr_token).html.select(".vip-card-page__stay time")
    assert [t["datetime"] for t in times] == [
        (today() - dt.timedelta(days=1)).isoformat(),
        (today() + dt.timedelta(days=4)).isoformat()]


def test_card_page_in_english_gives_english_texts_and_switch_keeps_the_token(
        testapp, vip_on, stay, live_offer):
    offer = live_offer()
    issued = stay()
    french = page_of(testapp, issued.qr_token, "fr")
    switch = french.html.select_one('.site-languages a[hreflang="en"]')
    assert switch["href"].endswith(f"/en/vip/card/{issued.qr_token}")
    english = page_of(testapp, issued.qr_token, "en")
    assert english.html.html["lang"] == "en"
    assert offer_item(english, offer.id).h3.get_text() == "10% off the river run"
    assert offer_item(french, offer.id).h3.get_text() == "10 % sur la descente"


def test_offer_for_the_last_days_shows_from_which_day(testapp, vip_on, stay, live_offer):
    later = live_offer(kind="gift", max_days_before_departure=1,
                       title={"fr": "Cadeau de départ"})
    issued = stay()
    item = offer_item(page_of(testapp, issued.qr_token, "en"), later.id)
    assert item["data-state"] == "later"
    assert item.select_one(".vip-offer__state time")["datetime"] == \
        (today() + dt.timedelta(days=3)).isoformat()
    # No English title: the French one is marked as French.
    assert item.h3["lang"] == "fr"


def test_offers_not_meant_for_the_visitor_are_left_out(testapp, vip_on, stay, live_offer):
    aimed_elsewhere = live_offer(envies=("food",))
    for_children = live_offer(requires_children=True)
    issued = stay(envies=("thrills",))
    response = page_of(testapp, issued.qr_token, "en")
    shown = {int(li["data-offer"]) for li in response.html.select("li[data-offer]")}
    assert aimed_elsewhere.id not in shown and for_children.id not in shown
    assert "No offer fits your stay yet" in response.text


def test_unapproved_offer_is_not_shown(testapp, vip_on, dbsession, partner, stay):
    offer = offers.create_offer(dbsession, offers.OfferInput(
        partner_id=partner.id, kind="gift", title={"fr": "En attente"}))
    issued = stay()
    response = page_of(testapp, issued.qr_token)
    assert response.html.select_one(f'li[data-offer="{offer.id}"]') is None


def test_partners_of_the_offers_are_listed_and_on_the_map(testapp, vip_on, dbsession,
                                                         partner, stay, live_offer):
    partner.lat, partner.lon = 43.0, -0.5
    other = make_partner(dbsession, "cafe-test", "restaurant")
    live_offer()
    live_offer(partner_id=other.id, kind="gift", title={"fr": "Un café"})
    dbsession.flush()
    issued = stay()
    response = page_of(testapp, issued.qr_token)
    names = [a.get_text() for a in response.html.select(".vip-partner-list li > a:first-child")]
    assert sorted(names) == sorted([partner.text("name", "fr"), other.text("name", "fr")])
    points = json.loads(response.html.select_one("[data-map]")["data-points"])
    # Only the partner with coordinates is on the map; the list has both.
    assert [p["name"] for p in points] == [partner.text("name", "fr")]
    assert points[0]["url"].endswith(f"/fr/partners/{partner.slug}")


def test_tampered_token_answers_404(testapp, vip_on, stay):
    token = stay().qr_token
    number, nonce, signature = token.split(".")
    forged = f"{number}.{nonce}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    page_of(testapp, forged, status=404)
    page_of(testapp, "not-a-token", status=404)


def test_printed_number_and_uid_do_not_open_the_page(testapp, vip_on, stay):
    issued = stay()
    page_of(testapp, issued.card.number, status=404)
    page_of(testapp, issued.card.nfc_uid, status=404)


def test_unknown_language_answers_404(testapp, vip_on, stay):
    page_of(testapp, stay().qr_token, "zz", status=404)


def test_blocked_card_answers_410_and_the_new_card_works(testapp, vip_on, dbsession, stay,
                                                        app_qr_key):
    issued = stay()
    new = cards.reissue_card(dbsession, issued.card.id, random_uid(), app_qr_key)
    gone = page_of(testapp, issued.qr_token, "en", status=410)
    assert gone.headers["Cache-Control"] == "no-store"
    assert gone.html.select_one('meta[name="robots"]')["content"] == "noindex"
    assert "Léa" not in gone.text
    assert "new card" in gone.text
    assert "nouvelle carte" in page_of(testapp, issued.qr_token, status=410).text
    page_of(testapp, new.qr_token)


def test_anonymised_card_answers_410(testapp, vip_on, dbsession, stay):
    issued = stay()
    privacy.erase_visitor(dbsession, issued.card.visitor_id)
    gone = page_of(testapp, issued.qr_token, status=410)
    assert "Léa" not in gone.text


def test_ended_stay_still_shows_what_was_used_but_nothing_to_use(testapp, vip_on, stay,
                                                                live_offer):
    live_offer()
    issued = stay(arrival=today() - dt.timedelta(days=5),
                  departure=today() - dt.timedelta(days=1))
    response = page_of(testapp, issued.qr_token)
    assert response.html.select("li[data-offer]") == []
    assert response.html.select_one(".vip-card-page__header .alert-warning") is not None


def test_card_page_answers_404_while_the_addon_is_disabled(testapp, vip_on, disable_addon,
                                                           stay):
    token = stay().qr_token
    page_of(testapp, token)
    disable_addon("vip")
    page_of(testapp, token, status=404)


def test_an_offers_end_shows_its_last_valid_day(testapp, vip_on, stay, live_offer):
    last_day = today() + dt.timedelta(days=2)
    # The office's form stores the last day as the first instant of the next one.
    offer = live_offer(valid_until=dt.datetime.combine(last_day + dt.timedelta(days=1),
                                                       dt.time(), OFFICE_TZ))
    until = offer_item(page_of(testapp, stay().qr_token, "en"), offer.id) \
        .select_one(".vip-offer__until time")
    assert until["datetime"] == last_day.isoformat()
    assert str(last_day.day) in until.get_text() and "00:00" not in until.get_text()


def test_a_card_handed_to_the_next_visitor_says_the_stay_ended_not_data_deleted(
        testapp, vip_on, stay):
    finished = stay(arrival=today() - dt.timedelta(days=6),
                    departure=today() - dt.timedelta(days=1))
    stay(uid=finished.card.nfc_uid)  # the same plastic card, issued again
    gone = page_of(testapp, finished.qr_token, "en", status=410)
    assert "stay has ended" in gone.text and "deleted" not in gone.text
    assert "Léa" not in gone.text
