"""The statements' pages and CSV files: the office's month, a bad month, and a partner
who sees only its own statement."""
from __future__ import annotations

import datetime as dt

import pytest

from spectro_testing import make_partner
from lanta.services import partner_changes
from lanta_spectrospoke.models import Hotel
from test_spectro_statements_totals import book

OFFICE = "/admin/spectrospoke/statements"


@pytest.fixture
def staff(spectro_on, login):
    return login("staff")


@pytest.fixture
def july(dbsession, activity, hotel):
    """Three confirmed July bookings of the rafting at the Hôtel du Gave and one at
    another hotel; one of the three not validated yet."""
    other = make_partner(dbsession, "camping-test", "campsite", "Camping des Pins")
    dbsession.add(Hotel(partner_id=other.id, default_rate_bp=500))
    dbsession.flush()
    return {
        "counted": [book(dbsession, activity, hotel, day=dt.date(2026, 7, 3)),
                    book(dbsession, activity, hotel, participants=4,
                         day=dt.date(2026, 7, 20))],
        "waiting": book(dbsession, activity, hotel, day=dt.date(2026, 7, 21),
                        validated=False),
        "elsewhere": book(dbsession, activity, other, day=dt.date(2026, 7, 22)),
        "other": other}


def test_the_office_statement_adds_up_the_month(staff, july, hotel):
    page = staff.get(OFFICE, {"month": "2026-07"})

    totals = page.html.select_one("#spectro-statement-totals")
    # 70 € + 140 € at 10 %, and 70 € at 5 % elsewhere.
    assert totals.select_one('[data-figure="commission"]')["data-cents"] == str(700 + 1400 + 350)
    assert totals.select_one('[data-figure="bookings"]').get_text(strip=True) == "3"
    gave = page.html.select_one(f'#spectro-hotels-totals tbody[data-hotel="{hotel.id}"]')
    assert gave.select_one('[data-figure="commission"]')["data-cents"] == "2100"
    waiting = page.html.select("#spectro-lines-not-validated-table [data-reference]")
    assert [row["data-reference"] for row in waiting] == [july["waiting"].reference]
    assert page.headers["Cache-Control"] == "no-store"


def test_another_month_is_empty(staff, july):
    page = staff.get(OFFICE, {"month": "2026-08"})
    assert page.html.select_one(
        '#spectro-statement-totals [data-figure="commission"]')["data-cents"] == "0"


@pytest.mark.parametrize("month", ["2026-13", "july", "2026-7", "1999-12"])
def test_a_bad_month_is_refused_clearly(staff, month):
    page = staff.get(OFFICE, {"month": month}, status=400)
    assert page.html.select_one("#spectro-month-error").get_text(strip=True)
    assert page.html.select_one("#spectro-month")["value"] == ""
    staff.get(OFFICE + ".csv", {"month": month}, status=400)


def test_the_csv_has_one_row_per_booking_for_french_excel(staff, july, hotel):
    response = staff.get(OFFICE + ".csv", {"month": "2026-07"})

    assert response.content_type == "text/csv"
    assert "spectrospoke-statement-2026-07.csv" in response.headers["Content-Disposition"]
    assert response.body.startswith("\ufeff".encode())
    rows = [line.split(";") for line in response.body.decode("utf-8-sig").split("\r\n")
            if line]
    assert rows[0] == ["hotel", "activity", "reference", "day", "participants",
                       "amount_eur", "rate_percent", "commission_eur", "validated"]
    by_reference = {row[2]: row for row in rows[1:]}
    assert len(by_reference) == 4
    assert by_reference[july["counted"][1].reference] == [
        "Hôtel du Gave", "Eaux Vives", july["counted"][1].reference, "2026-07-20", "4",
        "140,00", "10", "14,00", "yes"]
    assert by_reference[july["waiting"].reference][-1] == "no"


def test_a_hotel_sees_only_its_own_commissions(spectro_on, login, dbsession, users, july,
                                               hotel):
    partner_changes.set_members(dbsession, hotel, [users["partner"]])
    app = login("partner")

    page = app.get(f"/partner/{hotel.slug}/spectrospoke/statement", {"month": "2026-07"})

    assert page.html.select_one(
        '#spectro-statement-totals [data-figure="commission"]')["data-cents"] == "2100"
    assert july["elsewhere"].reference not in page.text
    assert "Camping des Pins" not in page.text
    rows = app.get(f"/partner/{hotel.slug}/spectrospoke/statement.csv",
                   {"month": "2026-07"}).body.decode("utf-8-sig").split("\r\n")
    assert not any(july["elsewhere"].reference in row for row in rows)
    # Not its listing: as if it did not exist.
    app.get(f"/partner/{july['other'].slug}/spectrospoke/statement", status=404)
    app.get(f"/partner/{july['other'].slug}/spectrospoke/statement.csv", status=404)


def test_an_activity_partner_sees_what_it_owes_to_each_hotel(
        spectro_on, login, dbsession, users, july, activity, hotel):
    partner_changes.set_members(dbsession, activity, [users["partner"]])
    app = login("partner")

    page = app.get(f"/partner/{activity.slug}/spectrospoke/statement", {"month": "2026-07"})

    owed = page.html.select_one(f'#spectro-activities-totals tbody[data-activity="{activity.id}"]')
    per_hotel = {row["data-hotel"]: row.select_one('[data-figure="commission"]')["data-cents"]
                 for row in owed.select("tr[data-hotel]")}
    assert per_hotel == {str(hotel.id): "2100", str(july["other"].id): "350"}
    assert page.html.select_one("#spectro-hotels-totals") is None


def test_a_listing_that_sells_nothing_has_no_statement(spectro_on, login, dbsession,
                                                       users):
    shop = make_partner(dbsession, "shop-test", "shop", "Boutique")
    partner_changes.set_members(dbsession, shop, [users["partner"]])
    login("partner").get(f"/partner/{shop.slug}/spectrospoke/statement", status=404)


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_only_staff_see_the_office_statement(spectro_on, login, role):
    login(role).get(OFFICE, status=403)
    login(role).get(OFFICE + ".csv", status=403)



def test_partners_find_their_statement_on_their_space(spectro_on, login, dbsession, users,
                                                      activity, hotel):
    shop = make_partner(dbsession, "shop-link", "shop", "Boutique")
    partner_changes.set_members(dbsession, hotel, [users["partner"]])
    partner_changes.set_members(dbsession, activity, [users["partner"]])
    partner_changes.set_members(dbsession, shop, [users["partner"]])
    app = login("partner")
    app.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"

    links = {a["href"].split("localhost", 1)[-1]
             for a in app.get("/partner/").html.select("a[href]")}

    assert {f"/partner/{hotel.slug}/spectrospoke/statement",
            f"/partner/{activity.slug}/spectrospoke/statement"} <= links
    assert f"/partner/{shop.slug}/spectrospoke/statement" not in links
    assert f"/partner/{hotel.slug}/spectrospoke/bookings" not in links
    app.get(f"/partner/{hotel.slug}/spectrospoke/statement")  # and the link works
