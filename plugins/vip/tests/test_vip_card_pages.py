"""The office's card pages through the real application: issuing (refused and accepted),
the card's page and its sheet with the QR code, re-issuing and blocking, a visitor's
export, erasure and consents, the retention settings, the dashboard widget, and who may
see them."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from sqlalchemy import func, select

from lanta_vip.models import Card, Consent, Visitor
from lanta_vip.office_cards_forms import CONSENT_WORDINGS
from lanta_vip.services import cards, privacy
from lanta_vip.services import secrets as vip_secrets
from lanta_vip.services.clock import today
from vip_support import random_uid

ISSUE_URL = "/admin/vip/cards/issue"


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


@pytest.fixture
def staff(vip_on, login, testapp):
    # The pages in English, so that messages read as their msgids whatever the catalogs.
    testapp.set_cookie("lanta_lang", "en")
    return login("staff")


def tick(form, name: str, value: str) -> None:
    """Tick the box of ``value`` among deform's checkboxes called ``name``."""
    for field in form.fields[name]:
        if field._value == value:
            field.checked = True
            return
    raise AssertionError(f"no box {value!r}")


def issue_form(testapp, **values):
    form = testapp.get(ISSUE_URL).forms["vip-issue-form"]
    defaults = {"first_name": "Léa", "last_name": "Martin", "vip-language": "en",
                "arrival": today().isoformat(),
                "departure": (today() + dt.timedelta(days=5)).isoformat(),
                "uid": random_uid()}
    defaults.update(values)
    for name, value in defaults.items():
        form[name] = value
    return form


def wording_in(app, purpose: str, lang: str) -> str:
    directories = app.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(lang, directories).translate(CONSENT_WORDINGS[purpose])


# --- issuing -----------------------------------------------------------------------------


def test_issue_refuses_missing_first_name_and_stores_nothing(testapp, staff, dbsession):
    before = count(dbsession, Visitor)
    response = issue_form(testapp, first_name="").submit("issue", status=400)
    assert response.forms["vip-issue-form"]["last_name"].value == "Martin"
    error = response.html.find(id="error-deformField" + _oid(response, "first_name"))
    assert error is not None and error.text.strip()
    assert response.headers["Cache-Control"] == "no-store"
    assert count(dbsession, Visitor) == before


def test_issue_refuses_departure_before_arrival_on_its_field(testapp, staff, dbsession):
    before = count(dbsession, Visitor)
    response = issue_form(testapp, departure=(today() - dt.timedelta(days=1)).isoformat()
                          ).submit("issue", status=400)
    error = response.html.find(id="error-deformField" + _oid(response, "departure"))
    assert error is not None and "departure cannot come before" in error.text
    assert count(dbsession, Visitor) == before


def _oid(response, name: str) -> str:
    """deform's number in the id of a field's input (``deformField7``)."""
    field = response.html.find(attrs={"name": name})
    return field["id"].removeprefix("deformField")


def test_issue_refuses_a_uid_in_use_and_leaves_no_visitor_behind(testapp, staff, dbsession,
                                                                 stay):
    holder = stay()
    before = (count(dbsession, Visitor), count(dbsession, Card))
    response = issue_form(testapp, uid=holder.card.nfc_uid.lower()).submit("issue",
                                                                            status=400)
    assert "already in use" in response.text
    assert vip_secrets.format_card_number(holder.card.number) in response.text
    assert (count(dbsession, Visitor), count(dbsession, Card)) == before


def test_issue_refuses_consent_without_contact(testapp, staff, dbsession):
    before = count(dbsession, Visitor)
    form = issue_form(testapp)
    form["consent_offers"] = True
    response = form.submit("issue", status=400)
    assert "Give an e-mail address or a phone number" in response.text
    assert count(dbsession, Visitor) == before


def test_issue_stores_the_stay_and_consents_and_shows_the_qr_code(testapp, staff, dbsession,
                                                                  hotel, app, app_qr_key,
                                                                  users):
    form = issue_form(testapp, email="lea@example.org", phone="+33 6 12 34 56 78",
                      accommodation_id=str(hotel.id), adults="2", children_ages="4, 7",
                      pets="1", number="")
    form["consent_follow_up"] = True
    form["welcome_bag"] = True
    tick(form, "checkbox", "thrills")
    tick(form, "checkbox", "families")
    assert form["uid"].attrs.get("data-vip-wedge") == ""
    response = form.submit("issue", status=302)

    card = dbsession.scalars(select(Card).order_by(Card.id.desc())).first()
    visitor = card.visitor
    assert response.location.endswith(f"/admin/vip/cards/{card.id}/sheet")
    assert (visitor.first_name, visitor.last_name, visitor.language) == ("Léa", "Martin", "en")
    assert (visitor.adults, visitor.children_ages, visitor.children, visitor.pets) == \
        (2, [4, 7], 2, 1)
    assert visitor.envies == ["thrills"] and visitor.audiences == ["families"]
    assert visitor.accommodation_id == hotel.id and visitor.welcome_bag is True
    assert visitor.issued_by_id == users["staff"].id
    assert vip_secrets.luhn_digit(card.number[:-1]) == card.number[-1]
    # The consent ticked, in the visitor's language, with its date; the other not given.
    [consent] = visitor.consents
    assert consent.purpose == "follow_up"
    assert consent.wording == wording_in(app, "follow_up", "en")
    assert consent.given_at is not None and consent.withdrawn_at is None

    sheet = response.follow()
    assert sheet.headers["Cache-Control"] == "no-store"
    assert sheet.html.find(attrs={"data-card-number": card.number}) is not None
    svg = sheet.html.find("svg")
    assert svg is not None and svg["role"] == "img" and svg.find("path") is not None
    link = sheet.html.find(id="vip-card-url")["href"]
    assert f"/en/vip/card/{cards.qr_token(card, app_qr_key)}" in link


def test_issue_form_shows_each_consent_in_every_site_language(testapp, staff, app):
    page = testapp.get(ISSUE_URL)
    for lang in ("fr", "en"):
        wording = wording_in(app, "offers", lang)
        assert page.html.find(attrs={"lang": lang}, string=wording) is not None


def test_issue_form_offers_only_accommodations(testapp, staff, hotel, partner):
    select_ = testapp.get(ISSUE_URL).forms["vip-issue-form"]["accommodation_id"]
    values = [value for value, _selected, _text in select_.options]
    assert str(hotel.id) in values and str(partner.id) not in values


# --- who may see them --------------------------------------------------------------------


@pytest.mark.parametrize("role, status", [("editor", 403), ("partner", 403),
                                          ("staff", 200), ("admin", 200)])
def test_card_pages_need_vip_issue(testapp, vip_on, login, role, status):
    login(role)
    for path in ("/admin/vip/cards/", ISSUE_URL):
        testapp.get(path, status=status)


def test_card_pages_ask_anonymous_visitors_to_log_in(testapp, vip_on):
    response = testapp.get("/admin/vip/cards/", status="*")
    assert response.status_int in (302, 303, 403)
    if response.status_int != 403:
        assert "/login" in response.location


def test_card_pages_answer_404_when_the_addon_is_disabled(testapp, staff, disable_addon,
                                                          stay):
    issued = stay()
    disable_addon("vip")
    testapp.get("/admin/vip/cards/", status=404)
    testapp.get(f"/admin/vip/cards/{issued.card.id}", status=404)


# --- the list, a card's page, re-issuing and blocking ------------------------------------


def test_list_finds_cards_by_number_name_and_accommodation(testapp, staff, stay, hotel):
    lea = stay(accommodation_id=hotel.id)
    tom = stay(first_name="Tom", last_name="Durand")

    def found(q: str) -> set[str]:
        page = testapp.get("/admin/vip/cards/", {"q": q})
        return {row["data-card"] for row in page.html.select("#vip-cards-table tbody tr")}

    assert found("") >= {lea.card.number, tom.card.number}
    assert found(vip_secrets.format_card_number(lea.card.number)) == {lea.card.number}
    assert found("durand") == {tom.card.number}
    assert found("hotel test") == {lea.card.number}
    assert found("nobody-here") == set()


def test_card_page_shows_the_visitor_consents_and_no_store(testapp, staff, stay):
    issued = stay(email="lea@example.org", consents=(
        cards.ConsentInput("offers", "I agree, said Léa."),))
    page = testapp.get(f"/admin/vip/cards/{issued.card.id}")
    assert page.headers["Cache-Control"] == "no-store"
    assert "lea@example.org" in page.text
    consent = page.html.select_one('#vip-consents li[data-purpose="offers"]')
    assert "I agree, said Léa." in consent.text


def test_reissue_blocks_the_old_card_and_refuses_a_second_time(testapp, staff, dbsession,
                                                               stay):
    old = stay()
    form = testapp.get(f"/admin/vip/cards/{old.card.id}/reissue").forms["vip-reissue-form"]
    assert form["uid"].attrs.get("autofocus") == "autofocus"
    form["uid"] = random_uid()
    response = form.submit("reissue", status=302)
    dbsession.refresh(old.card)
    assert old.card.status == "blocked" and old.card.replaced_by_id is not None
    new = dbsession.get(Card, old.card.replaced_by_id)
    assert new.status == "active" and new.visitor_id == old.card.visitor_id
    assert response.location.endswith(f"/admin/vip/cards/{new.id}/sheet")
    # The old card's page no longer offers a replacement, and the service refuses one.
    page = testapp.get(f"/admin/vip/cards/{old.card.id}")
    assert f"/admin/vip/cards/{old.card.id}/reissue" not in page.text
    again = testapp.get(f"/admin/vip/cards/{old.card.id}/reissue").forms["vip-reissue-form"]
    again["uid"] = random_uid()
    again.submit("reissue", status=410)
    assert count(dbsession, Card) == 2


def test_reissue_with_a_uid_in_use_keeps_the_old_card_working(testapp, staff, dbsession,
                                                              stay):
    old, other = stay(), stay()
    form = testapp.get(f"/admin/vip/cards/{old.card.id}/reissue").forms["vip-reissue-form"]
    form["uid"] = other.card.nfc_uid
    response = form.submit("reissue", status=400)
    assert "already in use" in response.text
    dbsession.refresh(old.card)
    assert old.card.status == "active" and old.card.replaced_by_id is None


def test_block_button_blocks_the_card(testapp, staff, dbsession, stay):
    issued = stay()
    page = testapp.get(f"/admin/vip/cards/{issued.card.id}")
    form = next(f for f in page.forms.values() if f.action.endswith("/block"))
    form.submit(status=302)
    dbsession.refresh(issued.card)
    assert issued.card.status == "blocked" and issued.card.blocked_at is not None


# --- a visitor's rights --------------------------------------------------------------------


def test_export_downloads_everything_stored_as_json(testapp, staff, stay):
    issued = stay(email="lea@example.org", children_ages=(4,),
                  consents=(cards.ConsentInput("offers", "Oui aux offres."),))
    response = testapp.get(f"/admin/vip/visitors/{issued.card.visitor_id}/export")
    assert response.content_type == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.body)
    assert data["visitor"]["last_name"] == "Martin"
    assert data["visitor"]["email"] == "lea@example.org"
    assert data["visitor"]["children_ages"] == [4]
    assert data["consents"][0]["wording"] == "Oui aux offres."
    assert data["cards"][0]["number"] == issued.card.number


def test_erase_asks_first_then_removes_personal_data_and_keeps_counts(testapp, staff,
                                                                      dbsession, stay):
    issued = stay(email="lea@example.org", phone="0612345678", children_ages=(4,),
                  consents=(cards.ConsentInput("offers", "Oui."),))
    visitor_id = issued.card.visitor_id
    before = privacy.statistics(dbsession)
    page = testapp.get(f"/admin/vip/visitors/{visitor_id}/erase")
    assert page.headers["Cache-Control"] == "no-store"
    assert issued.card.visitor.first_name == "Léa"  # nothing erased by asking
    form = next(f for f in page.forms.values() if f.action.endswith("/erase"))
    form.submit(status=302)
    visitor = dbsession.get(Visitor, visitor_id)
    dbsession.refresh(visitor)
    assert (visitor.first_name, visitor.last_name, visitor.email, visitor.phone) == \
        ("", "", "", "")
    assert visitor.children_ages == [] and visitor.anonymised_at is not None
    assert dbsession.scalar(select(func.count()).select_from(Consent)
                            .where(Consent.visitor_id == visitor_id)) == 0
    assert privacy.statistics(dbsession) == before
    page = testapp.get(f"/admin/vip/cards/{issued.card.id}")
    assert "lea@example.org" not in page.text


def test_privacy_actions_need_vip_manage(testapp, vip_on, login, stay):
    issued = stay()
    login("editor")
    testapp.get(f"/admin/vip/visitors/{issued.card.visitor_id}/export", status=403)
    testapp.get(f"/admin/vip/visitors/{issued.card.visitor_id}/erase", status=403)
    testapp.get("/admin/vip/settings", status=403)


def test_withdrawing_a_consent_dates_it(testapp, staff, dbsession, stay):
    issued = stay(email="lea@example.org", consents=(
        cards.ConsentInput("offers", "Oui."), cards.ConsentInput("follow_up", "Oui.")))
    page = testapp.get(f"/admin/vip/cards/{issued.card.id}")
    form = next(f for f in page.forms.values()
                if f.action.endswith("/withdraw") and f["purpose"].value == "offers")
    form.submit(status=302)
    by_purpose = {c.purpose: c for c in issued.card.visitor.consents}
    for consent in by_purpose.values():
        dbsession.refresh(consent)
    assert by_purpose["offers"].withdrawn_at is not None
    assert by_purpose["follow_up"].withdrawn_at is None


# --- retention --------------------------------------------------------------------------


def test_retention_form_saves_and_refuses_out_of_range(testapp, staff, dbsession):
    form = testapp.get("/admin/vip/settings").forms["vip-retention-form"]
    assert form["retention_days"].value == str(privacy.DEFAULT_RETENTION_DAYS)
    form["retention_days"] = "-1"
    refused = form.submit("save", status=400)
    assert privacy.retention_days(dbsession) == privacy.DEFAULT_RETENTION_DAYS
    form = refused.forms["vip-retention-form"]
    form["retention_days"] = "10"
    form.submit("save", status=302)
    assert privacy.retention_days(dbsession) == 10


def test_anonymise_now_reports_how_many(testapp, staff, dbsession, stay):
    left = stay(arrival=today() - dt.timedelta(days=60),
                departure=today() - dt.timedelta(days=40))
    stay()  # still here
    page = testapp.get("/admin/vip/settings")
    response = page.forms["vip-anonymise-form"].submit(status=302).follow()
    assert "1" in response.html.select_one(".flash").text
    dbsession.refresh(left.card.visitor)
    assert left.card.visitor.anonymised_at is not None


# --- the dashboard and the menu ----------------------------------------------------------


def test_dashboard_widget_counts_cards_for_staff_only(testapp, vip_on, login, stay):
    stay()
    stay(arrival=today() - dt.timedelta(days=30), departure=today() - dt.timedelta(days=20))
    login("staff")
    page = testapp.get("/admin/")
    counts = {tag["data-vip-count"]: int(tag.text)
              for tag in page.html.select("[data-vip-count]")}
    assert counts == {"today": 2, "week": 2, "active": 1}
    assert page.html.select_one('[data-menu="vip.cards"]') is not None
    assert page.html.select_one('[data-menu="vip.terminals"]') is not None


def test_dashboard_shows_no_card_widget_to_editors(testapp, vip_on, login, stay):
    stay()
    login("editor")
    page = testapp.get("/admin/")
    assert page.html.select("[data-vip-count]") == []
    assert page.html.select_one('[data-menu="vip.cards"]') is None
