"""The office's pages facing what no form would send: ids beyond the database's integers,
a page number past any list, months and days outside the calendar, far report periods,
and the sheet of a card that no longer works. Each answers 400, 404 or 410 with a
sentence, never a 500."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lanta_vip.models import Offer
from lanta_vip.services import cards
from lanta_vip.services.clock import today
from vip_support import random_uid

HUGE = str(10**20)


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def staff(vip_on, login):
    return login("staff")


@pytest.fixture
def issued(dbsession, app_qr_key):
    return cards.issue_card(dbsession, cards.CardInput(
        uid=random_uid(), first_name="Léa", language="en", arrival=today(),
        departure=today() + dt.timedelta(days=3)), app_qr_key)


@pytest.mark.parametrize("path", [
    f"/admin/vip/cards/{HUGE}", f"/admin/vip/cards/{2**31}/sheet",
    f"/admin/vip/cards/{HUGE}/reissue", f"/admin/vip/visitors/{HUGE}/export",
    f"/admin/vip/terminals/{HUGE}/revoke", f"/admin/vip/offers/{HUGE}/edit",
])
def test_an_id_beyond_the_database_integers_answers_404(staff, path):
    staff.get(path, status=404)


def test_a_page_number_past_any_list_shows_the_last_page(staff, issued):
    page = staff.get("/admin/vip/cards/", {"page": HUGE}, status=200)
    assert issued.card.number in page.text.replace(" ", "")


@pytest.mark.parametrize("partner", [HUGE, str(2**31), "²"])
def test_the_csv_refuses_a_partner_no_row_can_be(staff, partner):
    staff.get("/admin/vip/reports.csv", {"partner": partner}, status=400)


@pytest.mark.parametrize("query", [
    {"from": "9999-12-30", "to": "9999-12-31"}, {"from": "0001-01-01", "to": "0001-01-02"},
])
def test_a_report_of_far_years_is_refused_on_the_page(staff, query):
    page = staff.get("/admin/vip/reports", query, status=400)
    assert "from the year 2000 to the year 2100" in \
        page.html.select_one("#vip-report-error").get_text()
    staff.get("/admin/vip/reports.csv", query, status=400)


def offer_form(app, partner_id: int):
    form = app.get("/admin/vip/offers/add").forms["vip-offer-form"]
    form["partner_id"] = str(partner_id)
    form["kind"] = "gift"
    form["title_fr"] = "Un café offert"
    return form


def offer_count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Offer))


@pytest.mark.parametrize("field, value, words", [
    ("valid_until", "9999-12-31", "from the year 2000 to the year 2100"),
    ("valid_from", "0001-01-01", "from the year 2000 to the year 2100"),
])
def test_an_offer_day_outside_the_calendar_is_refused_on_its_field(staff, dbsession,
                                                                   partner, field, value,
                                                                   words):
    form = offer_form(staff, partner.id)
    form[field] = value
    response = form.submit("save", status=400)
    assert words in response.html.select_one(f".item-{field}").get_text()
    assert offer_count(dbsession) == 0


@pytest.mark.parametrize("name, value, words", [
    ("months", "13", "Months go from 1 to 12."), ("months", "june", "Months go from 1 to 12."),
    ("languages", "<b>", "two letters"),
])
def test_ticked_values_no_box_offers_are_refused_on_their_field(staff, dbsession, partner,
                                                                name, value, words):
    form = offer_form(staff, partner.id)
    body = list(form.submit_fields())
    # Where the months' (or languages') boxes sit in deform's sequence of fields.
    start = body.index(("__start__", f"{name}:sequence"))
    body.insert(start + 1, ("checkbox", value))
    body.append(("save", "save"))
    response = staff.post("/admin/vip/offers/add", body, status=400)
    assert words in response.html.select_one(f".item-{name}").get_text()
    assert offer_count(dbsession) == 0


def test_the_sheet_of_a_blocked_card_answers_410_without_its_qr_code(staff, dbsession,
                                                                     issued):
    cards.block_card(dbsession, issued.card.id)
    sheet = staff.get(f"/admin/vip/cards/{issued.card.id}/sheet", status=410)
    assert sheet.headers["Cache-Control"] == "no-store"
    assert "nothing to print" in sheet.html.find(id="vip-sheet-gone").get_text()
    assert sheet.html.find("svg") is None and sheet.html.find(id="vip-card-url") is None
    assert issued.qr_token not in sheet.text
