"""The figures' page (staff), its CSV, and the dashboard widget (editors and staff)."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.models import utcnow
from lanta.testing import vnu_errors

from test_imagewall_figures_service import item

FIGURES = "/admin/imagewall/figures"
UTC = dt.timezone.utc
JULY = {"from": "2026-07-01", "to": "2026-07-31"}


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def staff(imagewall_on, login):
    return login("staff")


def figure(page, name: str) -> str:
    return page.html.select_one(f'#wall-figures-totals [data-figure="{name}"]').get_text(
        strip=True)


def test_the_page_shows_the_period_figures(staff, dbsession, place):
    at = dt.datetime(2026, 7, 10, 10, tzinfo=UTC)
    for _ in range(2):
        item(dbsession, at=at, partner=place, tags=("food",))
    item(dbsession, at=at, status="rejected", kind="clip")
    item(dbsession, at=at, status="pending")

    page = staff.get(FIGURES, JULY)

    assert page.html.select_one("h1").get_text(strip=True) == "Image wall figures"
    assert [figure(page, n) for n in ("contributions", "approved", "rejected", "waiting")
            ] == ["4", "2", "1", "1"]
    assert figure(page, "rate") == "66.7%"
    assert page.html.select_one("svg.lanta-chart") is not None
    day = page.html.select_one('#wall-figures-per-day tr[data-day="2026-07-10"]')
    assert day.select_one("td").get_text() == "4"
    assert len(page.html.select("#wall-figures-per-day tbody tr")) == 31
    kinds = {row["data-kind"]: row.get_text(" ", strip=True)
             for row in page.html.select("#wall-figures-per-kind tbody tr")}
    assert kinds == {"photo": "Photos 3", "clip": "Clips 1"}
    assert page.html.select_one("#wall-figures-top-places tbody tr").get_text(
        " ", strip=True) == "Café des Pyrénées 2"
    assert page.html.select_one('#wall-figures-top-tags tr[data-tag="food"]').get_text(
        " ", strip=True) == "Good food 2"


def test_a_place_less_item_reads_no_place_and_no_decision_reads_a_dash(staff, dbsession):
    item(dbsession, at=dt.datetime(2026, 7, 10, 10, tzinfo=UTC), status="approved",
         decided=dt.datetime(2026, 7, 10, 11, tzinfo=UTC))
    page = staff.get(FIGURES, JULY)
    assert "No place" in page.html.select_one("#wall-figures-top-places").get_text()

    empty = staff.get(FIGURES, {"from": "2026-05-01", "to": "2026-05-31"})
    assert figure(empty, "rate") == "—"
    assert empty.html.select_one("#wall-figures-top-places") is None


def test_a_backwards_period_is_refused_with_its_sentence(staff):
    page = staff.get(FIGURES, {"from": "2026-07-31", "to": "2026-07-01"}, status=400)

    assert "cannot come before" in page.html.select_one("#wall-figures-error").get_text()
    assert page.html.select_one("#wall-figures-to")["aria-invalid"] == "true"


def test_the_csv_gives_one_row_per_day(staff, dbsession):
    item(dbsession, at=dt.datetime(2026, 7, 2, 10, tzinfo=UTC))
    page = staff.get(FIGURES, JULY)

    csv = staff.get(page.html.select_one("#wall-figures-csv")["href"])

    assert csv.content_type == "text/csv"
    lines = csv.body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Day;Contributions"
    assert lines[1:3] == ["2026-07-01;0", "2026-07-02;1"]
    assert len(lines) == 32


def test_the_csv_refuses_a_bad_date(staff):
    staff.get(FIGURES, {"from": "14/07/2026", "format": "csv"}, status=400)


@pytest.mark.parametrize("role", ["editor", "partner", "visitor"])
def test_only_staff_see_the_figures(imagewall_on, login, role):
    login(role).get(FIGURES, status=403)


def test_the_staff_menu_links_the_figures(staff):
    menu = staff.get("/admin/").html
    assert menu.select_one(f'a[href$="{FIGURES}"]') is not None


def test_the_widget_counts_the_week_the_month_and_the_places(staff, dbsession, place):
    now = utcnow()
    item(dbsession, at=now - dt.timedelta(hours=1), partner=place)
    item(dbsession, at=now - dt.timedelta(days=3), status="rejected")
    item(dbsession, at=now - dt.timedelta(days=12), place_name="Laruns")
    item(dbsession, at=now - dt.timedelta(minutes=5), status="pending")

    widget = staff.get("/admin/").html.select_one(".wall-figures-widget")

    assert widget.select_one('[data-figure="contributions"]').get_text(strip=True) == "3"
    assert widget.select_one('[data-figure="rate"]').get_text(strip=True) == "66.7%"
    assert widget.select_one('[data-figure="waiting"]') is None  # the queue's own widget
    assert [li.get_text(" ", strip=True) for li in widget.select("li")] == [
        "Café des Pyrénées (1)", "Laruns (1)"]
    assert widget.select_one(f'a[href$="{FIGURES}"]') is not None


def test_editors_get_the_widget_with_the_queue_instead_of_the_figures(imagewall_on, login):
    widget = login("editor").get("/admin/").html.select_one(".wall-figures-widget")

    assert widget is not None
    assert widget.select_one(f'a[href$="{FIGURES}"]') is None
    assert widget.select_one('a[href$="/admin/imagewall/"]') is not None


def test_partners_get_no_widget(imagewall_on, login):
    page = login("partner").get("/admin/", expect_errors=True)
    assert ".wall-figures-widget" not in page.text and "wall-figures-widget" not in page.text


def test_the_figures_pages_are_valid_html(staff, dbsession, place, tmp_path):
    item(dbsession, at=dt.datetime(2026, 7, 10, 10, tzinfo=UTC), partner=place,
         tags=("nature",))
    item(dbsession, at=dt.datetime(2026, 7, 11, 10, tzinfo=UTC), status="rejected")
    item(dbsession, at=utcnow(), place_name="Laruns")
    pages = {
        "figures": staff.get(FIGURES, JULY).text,
        "empty": staff.get(FIGURES, {"from": "2026-05-01", "to": "2026-05-02"}).text,
        "refused": staff.get(FIGURES, {"from": "2026-07-31", "to": "2026-07-01"},
                             status=400).text,
        "dashboard": staff.get("/admin/").text,
    }

    assert vnu_errors(pages, tmp_path) == []
