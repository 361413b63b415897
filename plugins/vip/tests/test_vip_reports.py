"""The VIP reports: the figures per day, per partner and per offer over office days
(Europe/Paris), the page with its charts and tables, the CSV for invoicing parsed back,
and refused periods."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from lanta import reporting
from lanta.services.errors import InvalidField
from lanta_vip.services import errors, redemptions, reports, terminals
from lanta_vip.services.clock import OFFICE_TZ
from lanta_vip.services.secrets import format_card_number
from lanta_vip.services.throttle import RateLimits
from vip_support import NOW

ROOMY = RateLimits(per_terminal=1000, per_card=1000)
DAY_1, DAY_2 = dt.date(2026, 7, 13), dt.date(2026, 7, 14)
SPAN = {"from": "2026-07-13", "to": "2026-07-14"}


def paris(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), OFFICE_TZ)


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def seeded(dbsession, issue, add_offer, terminal, hotel, qr_key):
    """Two office days, two partners. The cards, scans and redemptions just before or
    after midnight count on the Paris day, not on the UTC one."""
    rafting_terminal = terminal[0]
    hotel_terminal = terminals.add_paired_terminal(dbsession, hotel.slug, "Réception",
                                                   now=NOW)[0]
    percent = add_offer(kind="percent", value=10, title={"fr": "10 % sur la descente"})
    gift = add_offer(kind="gift", title={"fr": "=Photo offerte"})
    amount = add_offer(kind="amount", value=550, partner_id=hotel.id,
                       title={"fr": "5,50 € sur le dîner"})
    a = issue(now=paris(DAY_1, 9)).card
    b = issue(now=paris(DAY_1, 23, 30)).card       # 21:30 UTC on day 1
    c = issue(now=paris(DAY_2, 0, 30)).card        # 22:30 UTC on day 1: counts on day 2
    d = issue(now=paris(DAY_1 - dt.timedelta(days=1), 9)).card  # before the period

    def scan(term, card, at):
        redemptions.scan(dbsession, term, card.number, qr_key, now=at, limits=ROOMY)

    def redeem(term, card, offer, request_id, at):
        redemptions.redeem(dbsession, term, card.number, offer.id, request_id, qr_key,
                           now=at, limits=ROOMY)

    scan(rafting_terminal, a, paris(DAY_1, 10))
    redeem(rafting_terminal, a, percent, "r1", paris(DAY_1, 10, 5))
    scan(rafting_terminal, b, paris(DAY_2, 10))
    redeem(rafting_terminal, b, percent, "r2", paris(DAY_2, 10, 5))
    scan(rafting_terminal, c, paris(DAY_2, 11))
    redeem(rafting_terminal, c, gift, "r3", paris(DAY_2, 11, 5))
    scan(hotel_terminal, a, paris(DAY_2, 0, 15))
    redeem(hotel_terminal, a, amount, "h1", paris(DAY_2, 0, 20))
    redeem(rafting_terminal, d, percent, "r0", paris(DAY_1 - dt.timedelta(days=1), 15))
    with pytest.raises(errors.UnknownCard):  # an unknown card is not a scan
        redemptions.scan(dbsession, rafting_terminal, "000000000", qr_key,
                         now=paris(DAY_2, 12), limits=ROOMY)
    return {"percent": percent, "gift": gift, "amount": amount,
            "cards": {"a": a, "b": b, "c": c, "d": d}}


# --- the figures -------------------------------------------------------------------------


def test_per_day_counts_on_paris_days(dbsession, seeded):
    days = reports.per_day(dbsession, reporting.period(DAY_1, DAY_2))
    assert [(d.day, d.cards, d.scans, d.redemptions) for d in days] == [
        (DAY_1, 2, 1, 1), (DAY_2, 1, 3, 3)]


def test_days_without_activity_count_zero(dbsession, seeded):
    later = reporting.period(dt.date(2026, 8, 1), dt.date(2026, 8, 3))
    assert [(d.cards, d.scans, d.redemptions) for d in reports.per_day(dbsession, later)] \
        == [(0, 0, 0)] * 3


def test_per_partner_and_per_offer(dbsession, seeded, partner, hotel):
    span = reporting.period(DAY_1, DAY_2)
    assert [(f.partner.slug, f.scans, f.redemptions)
            for f in reports.per_partner(dbsession, span)] == [
        (partner.slug, 3, 3), (hotel.slug, 1, 1)]
    assert [(f.offer.id, f.partner.slug, f.redemptions)
            for f in reports.per_offer(dbsession, span)] == [
        (seeded["percent"].id, partner.slug, 2), (seeded["amount"].id, hotel.slug, 1),
        (seeded["gift"].id, partner.slug, 1)]


def test_week_and_period_totals(dbsession, seeded):
    # NOW is Tuesday 14 July: the week began on Monday 13.
    week = reporting.this_week(NOW)
    assert (week.start, week.end) == (DAY_1, DAY_2)
    assert reports.redemptions_count(dbsession, week) == 4
    assert reports.redemptions_count(dbsession, reporting.period(DAY_2, DAY_2)) == 3


def test_last_days_ends_today():
    span = reporting.last_days(30, NOW)
    assert (span.start, span.end, len(span.days)) == (dt.date(2026, 6, 15), DAY_2, 30)


@pytest.mark.parametrize("start, end, words", [
    (DAY_2, DAY_1, "cannot come before"),
    (dt.date(2025, 1, 1), DAY_2, "at most 366 days"),
])
def test_a_backward_or_too_long_period_is_refused(start, end, words):
    with pytest.raises(InvalidField) as refused:
        reporting.period(start, end)
    assert words in str(refused.value)


# --- the page ----------------------------------------------------------------------------


def test_the_report_page_shows_the_figures(login, vip_on, seeded, partner, hotel):
    page = login("staff").get("/admin/vip/reports", SPAN)
    html = page.html
    assert page.headers["Cache-Control"] == "no-store"
    totals = {dd["data-total"]: dd.get_text() for dd in html.select("[data-total]")}
    assert totals == {"cards": "3", "scans": "4", "redemptions": "4"}
    rows = html.select("#vip-report-per-day tbody tr")
    assert [(r["data-day"], r.find(attrs={"data-cards": True})["data-cards"],
             r.find(attrs={"data-scans": True})["data-scans"],
             r.find(attrs={"data-redemptions": True})["data-redemptions"]) for r in rows] == [
        ("2026-07-13", "2", "1", "1"), ("2026-07-14", "1", "3", "3")]
    assert [r["data-partner"] for r in html.select("#vip-report-per-partner tbody tr")] == \
        [partner.slug, hotel.slug]
    per_offer = {r["data-offer"]: r.find(attrs={"data-redemptions": True})["data-redemptions"]
                 for r in html.select("#vip-report-per-offer tbody tr")}
    assert per_offer == {str(seeded["percent"].id): "2", str(seeded["gift"].id): "1",
                         str(seeded["amount"].id): "1"}
    charts = html.select(".vip-chart svg.lanta-chart")
    assert len(charts) == 3 and all(len(svg.select("rect")) == 2 for svg in charts)
    assert all(svg.get("role") == "img" for svg in charts)
    # The chart's accessible name (its first <title>) and each bar's tooltip.
    assert charts[0].title.get_text() == "Cards issued per day. Total: 3."
    assert [t.get_text() for t in charts[0].select("rect title")] == [
        "Jul 13, 2026: 2", "Jul 14, 2026: 1"]
    csv_link = html.select_one("#vip-report-csv")["href"]
    assert "from=2026-07-13" in csv_link and "to=2026-07-14" in csv_link


def test_the_report_defaults_to_the_last_30_days(login, vip_on):
    app = login("staff")
    before = reporting.last_days()
    form = app.get("/admin/vip/reports").forms["vip-report-period"]
    after = reporting.last_days()
    assert (form["from"].value, form["to"].value) in {
        (p.start.isoformat(), p.end.isoformat()) for p in (before, after)}


@pytest.mark.parametrize("query, words", [
    ({"from": "2026-07-14", "to": "2026-07-13"}, "cannot come before"),
    ({"from": "14/07/2026", "to": "2026-07-14"}, "YYYY-MM-DD"),
    ({"from": "2024-01-01", "to": "2026-07-14"}, "at most 366 days"),
])
def test_a_wrong_period_is_refused_on_the_page(login, vip_on, query, words):
    app = login("staff")
    page = app.get("/admin/vip/reports", query, status=400)
    assert words in page.html.select_one("#vip-report-error").get_text()
    assert page.html.select_one("#vip-report-per-day") is None
    app.get("/admin/vip/reports.csv", query, status=400)


# --- the CSV -----------------------------------------------------------------------------


def parse(response) -> list[list[str]]:
    assert response.body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"), newline=""),
                           delimiter=";"))


def test_the_csv_has_one_row_per_redemption(login, vip_on, seeded, partner, hotel):
    response = login("staff").get("/admin/vip/reports.csv", SPAN)
    assert response.content_type == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert 'filename="vip-redemptions-2026-07-13-2026-07-14.csv"' in \
        response.headers["Content-Disposition"]
    cards = {k: format_card_number(c.number) for k, c in seeded["cards"].items()}
    ids = {k: str(seeded[k].id) for k in ("percent", "gift", "amount")}
    assert parse(response) == [
        ["date", "time", "partner", "partner_slug", "offer_id", "offer", "kind", "value",
         "unit", "card_number", "terminal"],
        ["2026-07-13", "10:05", "Ossau Rafting Test", partner.slug, ids["percent"],
         "10 % sur la descente", "percent", "10", "%", cards["a"], "Accueil"],
        ["2026-07-14", "00:20", "Hotel Test", hotel.slug, ids["amount"],
         "5,50 € sur le dîner", "amount", "5,50", "EUR", cards["a"], "Réception"],
        ["2026-07-14", "10:05", "Ossau Rafting Test", partner.slug, ids["percent"],
         "10 % sur la descente", "percent", "10", "%", cards["b"], "Accueil"],
        # A title starting like a formula is made plain text for the spreadsheet.
        ["2026-07-14", "11:05", "Ossau Rafting Test", partner.slug, ids["gift"],
         "'=Photo offerte", "gift", "", "", cards["c"], "Accueil"],
    ]
    assert b"\r\n" in response.body


def test_the_csv_of_one_partner(login, vip_on, seeded, hotel):
    response = login("staff").get("/admin/vip/reports.csv", dict(SPAN, partner=hotel.id))
    rows = parse(response)
    assert [r[3] for r in rows[1:]] == [hotel.slug]
    assert f"-{hotel.slug}.csv" in response.headers["Content-Disposition"]
    login("staff").get("/admin/vip/reports.csv", dict(SPAN, partner="x"), status=400)
