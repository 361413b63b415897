"""The terminal API through the real WSGI application (WebTest): pairing, scanning,
redeeming, its problem+json answers, and its absence while the add-on is disabled."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lanta_vip.models import Redemption
from lanta_vip.services import cards, offers, privacy, terminals
from lanta_vip.services.clock import start_of_office_day, today
from vip_support import random_uid

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def english(testapp):
    """The sentences below are the English ones; the site speaks French by default."""
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def key(dbsession, partner) -> str:
    return terminals.add_paired_terminal(dbsession, partner.slug, "Accueil")[1]


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_scan_answers_first_name_language_and_offers_best_first(testapp, vip_on, stay,
                                                                live_offer, key):
    general = live_offer()
    aimed = live_offer(kind="gift", envies=("thrills",), limit_per_card=2,
                       title={"fr": "Photo offerte", "en": "A free photo"})
    issued = stay(envies=("thrills",))
    response = testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token, "lang": "en"},
                                 headers=bearer(key))
    assert response.status_int == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    assert body["first_name"] == "Léa" and body["language"] == "en"
    assert body["card_number"] == issued.card.number
    assert [o["id"] for o in body["offers"]] == [aimed.id, general.id]
    assert body["offers"][0]["title"] == "A free photo" and body["offers"][0]["remaining"] == 2
    assert body["offers"][1]["value"] == 10 and body["offers"][1]["remaining"] is None
    assert "last_name" not in body and "email" not in body


def test_scan_by_typed_number_and_uid(testapp, vip_on, stay, key):
    issued = stay()
    for value in (issued.card.number, issued.card.nfc_uid.lower()):
        body = testapp.post_json("/api/v1/vip/scan", {"card": value}, headers=bearer(key)).json
        assert body["card_number"] == issued.card.number


def test_redeem_then_replay_same_request_id(testapp, vip_on, dbsession, stay, live_offer,
                                            key):
    offer = live_offer(limit_per_card=1)
    issued = stay()
    payload = {"card": issued.qr_token, "offer_id": offer.id, "request_id": "6f1c-01"}
    first = testapp.post_json("/api/v1/vip/redemptions", payload, headers=bearer(key))
    assert first.status_int == 201
    again = testapp.post_json("/api/v1/vip/redemptions", payload, headers=bearer(key))
    assert again.status_int == 200 and again.json == first.json
    assert first.json["offer_id"] == offer.id and first.json["request_id"] == "6f1c-01"
    assert dbsession.scalar(select(func.count()).select_from(Redemption)) == 1
    # A new request for the same card is refused with the reason: the limit is reached.
    refused = testapp.post_json("/api/v1/vip/redemptions", dict(payload, request_id="6f1c-02"),
                                headers=bearer(key), status=409)
    assert refused.content_type == PROBLEM
    assert refused.json["detail"] == ("This visitor has already used this offer as often "
                                      "as allowed.")


def test_offline_redemption_with_its_time(testapp, vip_on, stay, live_offer, key):
    offer = live_offer()
    issued = stay()
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)
    body = testapp.post_json("/api/v1/vip/redemptions", {
        "card": issued.qr_token, "offer_id": offer.id, "request_id": "q-1",
        "redeemed_at": when.isoformat()}, headers=bearer(key), status=201).json
    assert dt.datetime.fromisoformat(body["redeemed_at"]) == when
    stale = testapp.post_json("/api/v1/vip/redemptions", {
        "card": issued.qr_token, "offer_id": offer.id, "request_id": "q-2",
        "redeemed_at": (when - dt.timedelta(days=4)).isoformat()},
        headers=bearer(key), status=422)
    assert "72 hours" in stale.json["detail"]


def test_missing_or_revoked_key_answers_401(testapp, vip_on, dbsession, partner, stay):
    issued = stay()
    missing = testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, status=401)
    assert missing.content_type == PROBLEM and missing.headers["Cache-Control"] == "no-store"
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert missing.json["status"] == 401 and missing.json["title"] and missing.json["detail"]
    device, key = terminals.add_paired_terminal(dbsession, partner.slug)
    testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, headers=bearer(key),
                      status=200)
    terminals.revoke_terminal(dbsession, device.id)
    revoked = testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token},
                                headers=bearer(key), status=401)
    assert revoked.json["detail"] == "This terminal was revoked; pair the terminal again."


def test_unknown_card_answers_404_and_tampered_token_too(testapp, vip_on, stay, key):
    issued = stay()
    unknown = testapp.post_json("/api/v1/vip/scan", {"card": "04A1B2C3D4E5F6"},
                                headers=bearer(key), status=404)
    assert unknown.content_type == PROBLEM
    tampered = issued.qr_token[:-1] + ("A" if issued.qr_token[-1] != "A" else "B")
    testapp.post_json("/api/v1/vip/scan", {"card": tampered}, headers=bearer(key), status=404)


def test_blocked_card_answers_410(testapp, vip_on, dbsession, stay, live_offer, key,
                                  app_qr_key):
    offer = live_offer()
    lost = stay()
    new = cards.reissue_card(dbsession, lost.card.id, random_uid(), app_qr_key)
    refused = testapp.post_json("/api/v1/vip/redemptions", {
        "card": lost.qr_token, "offer_id": offer.id, "request_id": "b-1"},
        headers=bearer(key), status=410)
    assert refused.json["detail"] == "This card was blocked; the visitor has a new one."
    testapp.post_json("/api/v1/vip/redemptions", {
        "card": new.qr_token, "offer_id": offer.id, "request_id": "b-2"},
        headers=bearer(key), status=201)


def test_unapproved_offer_answers_409_and_foreign_offer_404(testapp, vip_on, dbsession,
                                                            partner, hotel, stay, key):
    issued = stay()
    proposed = offers.create_offer(dbsession, offers.OfferInput(
        partner_id=partner.id, kind="gift", title={"fr": "Pas encore"}))
    refused = testapp.post_json("/api/v1/vip/redemptions", {
        "card": issued.qr_token, "offer_id": proposed.id, "request_id": "u-1"},
        headers=bearer(key), status=409)
    assert refused.json["detail"] == "This offer is not approved by the office yet."
    foreign = offers.approve_offer(dbsession, offers.create_offer(dbsession, offers.OfferInput(
        partner_id=hotel.id, kind="gift", title={"fr": "Ailleurs"})).id)
    testapp.post_json("/api/v1/vip/redemptions", {
        "card": issued.qr_token, "offer_id": foreign.id, "request_id": "u-2"},
        headers=bearer(key), status=404)


def test_card_scanned_too_often_answers_429_with_retry_after(testapp, vip_on, stay, key):
    issued = stay()
    for _attempt in range(6):  # the default limit: six look-ups of one card a minute
        testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, headers=bearer(key),
                          status=200)
    refused = testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token},
                                headers=bearer(key), status=429)
    assert refused.content_type == PROBLEM
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_the_ini_file_sets_the_look_up_limits(testapp, app, vip_on, stay, key, monkeypatch):
    monkeypatch.setitem(app.registry.settings, "vip.scans_per_card_per_minute", "2")
    monkeypatch.setattr(app.registry, "lanta_vip_rate_limits", None, raising=False)
    issued = stay()
    for _attempt in range(2):
        testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, headers=bearer(key),
                          status=200)
    testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, headers=bearer(key),
                      status=429)


@pytest.mark.parametrize("payload", [
    {}, {"card": ""}, {"card": 42}, ["card"],
    {"card": "x", "offer_id": "1", "request_id": "r"},
    {"card": "x", "offer_id": 10**20, "request_id": "r"},
    {"card": "x", "offer_id": 2**31, "request_id": "r"},
    {"card": "x", "offer_id": 1, "request_id": "has spaces"},
    {"card": "x", "offer_id": 1, "request_id": "r", "redeemed_at": "yesterday"},
])
def test_malformed_bodies_answer_400(testapp, vip_on, key, payload):
    path = "/api/v1/vip/redemptions" if isinstance(payload, dict) and "offer_id" in payload \
        else "/api/v1/vip/scan"
    response = testapp.post_json(path, payload, headers=bearer(key), status=400)
    assert response.content_type == PROBLEM and response.json["detail"]


def test_pairing_through_the_api(testapp, vip_on, dbsession, partner):
    _device, code = terminals.create_terminal(dbsession, partner.id, "Bar")
    paired = testapp.post_json("/api/v1/vip/terminals/pair", {"code": code}, status=201)
    assert paired.json["partner"]["slug"] == partner.slug
    assert paired.json["terminal"]["label"] == "Bar"
    key = paired.json["key"]
    testapp.post_json("/api/v1/vip/scan", {"card": "04A1B2C3D4E5F6"}, headers=bearer(key),
                      status=404)  # authenticated: the card is what is unknown
    again = testapp.post_json("/api/v1/vip/terminals/pair", {"code": code}, status=404)
    assert again.content_type == PROBLEM


def test_api_needs_no_csrf_token_but_the_key(testapp, vip_on, users, login, stay, key):
    """Logged in through the form (a session cookie, a CSRF token in it), a request
    without the token is still accepted: the bearer key authenticates, not the cookie."""
    login("staff")
    issued = stay()
    testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, headers=bearer(key),
                      status=200)
    # The session alone does not make a terminal.
    testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, status=401)


def test_other_methods_answer_405_with_allow(testapp, vip_on):
    response = testapp.get("/api/v1/vip/scan", status=405)
    assert response.headers["Allow"] == "POST" and response.content_type == PROBLEM


def test_paths_answer_404_while_disabled(testapp, vip_on, disable_addon, stay, key):
    issued = stay()
    testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, headers=bearer(key),
                      status=200)
    disable_addon("vip")
    for path in ("/api/v1/vip/scan", "/api/v1/vip/redemptions",
                 "/api/v1/vip/terminals/pair"):
        testapp.post_json(path, {"card": issued.qr_token}, headers=bearer(key), status=404)


def test_problems_speak_the_visitors_language_french_by_default(testapp, vip_on):
    del testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"]
    refused = testapp.post_json("/api/v1/vip/scan", {"card": "123456789"}, status=401)
    assert refused.json["detail"].startswith("Cette requête demande une clé de terminal")


def test_an_offer_id_beyond_the_database_integers_answers_400(testapp, vip_on, stay, key):
    response = testapp.post_json("/api/v1/vip/redemptions", {
        "card": stay().card.number, "offer_id": 10**20, "request_id": "big"},
        headers=bearer(key), status=400)
    assert response.json["detail"] == "offer_id must be a whole number from 1 to 2147483647."


def test_scan_gives_the_last_valid_day_of_an_offer(testapp, vip_on, stay, live_offer, key):
    last_day = today() + dt.timedelta(days=2)
    # The office's form stores the last day as the first instant of the next one.
    live_offer(valid_until=start_of_office_day(last_day + dt.timedelta(days=1)))
    live_offer(title={"fr": "Sans fin"})
    body = testapp.post_json("/api/v1/vip/scan", {"card": stay().card.number},
                             headers=bearer(key)).json
    days = sorted(o["valid_until_day"] or "" for o in body["offers"])
    assert days == ["", last_day.isoformat()]


def test_replay_after_the_visitor_was_erased_answers_200_with_the_first_body(
        testapp, vip_on, dbsession, stay, live_offer, key):
    offer = live_offer()
    issued = stay()
    payload = {"card": issued.card.number, "offer_id": offer.id, "request_id": "gone-1"}
    first = testapp.post_json("/api/v1/vip/redemptions", payload, headers=bearer(key),
                              status=201)
    privacy.erase_visitor(dbsession, issued.card.visitor_id)
    again = testapp.post_json("/api/v1/vip/redemptions", payload, headers=bearer(key),
                              status=200)
    assert again.json == first.json
