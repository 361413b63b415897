"""The figures' page and the dashboard widget: conversion per clip and per hotel, charts
with their table, and a refused period."""
from __future__ import annotations

import datetime as dt

import pytest

from test_spectro_figures_service import booking, view

FIGURES = "/admin/spectrospoke/figures"
UTC = dt.timezone.utc


@pytest.fixture
def staff(spectro_on, login):
    return login("staff")


def test_the_page_shows_conversion_per_clip_and_per_hotel(staff, dbsession, clip, headset,
                                                          hotel):
    device, _token = headset
    at = dt.datetime(2026, 7, 10, 10, tzinfo=UTC)
    for n in range(8):
        view(dbsession, clip, device, at, completed=n % 2 == 0)
    booking(dbsession, clip, hotel.id, at)
    booking(dbsession, clip, hotel.id, at, "cancelled")
    dbsession.flush()

    page = staff.get(FIGURES, {"from": "2026-07-01", "to": "2026-07-31"})

    row = page.html.select_one(f'#spectro-figures-clips tr[data-id="{clip.id}"]')
    assert [row.select_one(f'[data-figure="{name}"]').get_text(strip=True)
            for name in ("views", "completed", "bookings")] == ["8", "4", "1"]
    assert row.select_one('[data-figure="conversion"]').get_text(strip=True).startswith("12,5")
    hotel_row = page.html.select_one(f'#spectro-figures-hotels tr[data-id="{hotel.id}"]')
    assert hotel_row.select_one('[data-figure="bookings"]').get_text(strip=True) == "1"
    assert len(page.html.select("svg.lanta-chart")) == 2
    day = page.html.select_one('#spectro-figures-per-day tr[data-day="2026-07-10"]')
    assert [td.get_text() for td in day.select("td")] == ["8", "1"]


def test_a_backwards_period_is_refused_with_its_sentence(staff):
    page = staff.get(FIGURES, {"from": "2026-07-31", "to": "2026-07-01"}, status=400)
    assert page.html.select_one("#spectro-figures-error").get_text(strip=True)
    assert page.html.select_one("#spectro-figures-to")["aria-invalid"] == "true"


def test_the_dashboard_widget_counts_the_last_30_days(staff, dbsession, clip, headset,
                                                      hotel):
    device, _token = headset
    now = dt.datetime.now(UTC)
    view(dbsession, clip, device, now)
    view(dbsession, clip, device, now)
    view(dbsession, clip, device, now - dt.timedelta(days=40))
    booking(dbsession, clip, hotel.id, now)
    dbsession.flush()

    widget = staff.get("/admin/").html.select_one(".spectro-figures-widget")

    assert widget.select_one('[data-figure="views"]').get_text(strip=True) == "2"
    assert widget.select_one('[data-figure="bookings"]').get_text(strip=True) == "1"
    assert widget.select_one("svg.lanta-chart") is not None


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_only_staff_see_the_figures(spectro_on, login, role):
    login(role).get(FIGURES, status=403)


@pytest.mark.parametrize(("views", "bookings", "locale", "shown"), [
    (8, 1, "fr", "12,5\u00a0%"), (8, 1, "en", "12.5%"), (3, 1, "fr", "33,3\u00a0%"),
    (0, 0, "fr", "–")])
def test_the_conversion_reads_as_each_language_writes_a_percentage(views, bookings, locale,
                                                                    shown):
    from lanta_spectrospoke.figures import share
    from lanta_spectrospoke.services.figures import Conversion

    assert share(Conversion(1, "Rafting", views=views, bookings=bookings), locale) == shown
