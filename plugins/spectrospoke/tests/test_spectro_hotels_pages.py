"""The office's hotel and headset pages: signing up a hotel, rates, and a headset's kiosk
address shown once (hashed in the database), renewed or removed."""
from __future__ import annotations

import re

import pytest

from spectro_testing import make_partner
from lanta_spectrospoke.models import Headset, Hotel, Rate
from lanta_spectrospoke.services.kiosks import headset_for_token, token_hash

LIST = "/admin/spectrospoke/hotels/"
KIOSK = re.compile(r"/spectrospoke/kiosk/([A-Za-z0-9_-]{32,64})/")


@pytest.fixture
def staff(spectro_on, login):
    return login("staff")


def edit_url(hotel) -> str:
    return f"/admin/spectrospoke/hotels/{hotel.id}"


def test_staff_signs_up_a_gite_with_a_decimal_rate(staff, dbsession):
    gite = make_partner(dbsession, "gite-pages", "gite", "Gîte des Pages")
    form = staff.get(LIST).forms["spectro-hotel-form"]
    form["partner_id"] = str(gite.id)
    form["rate"] = "7,5"

    response = form.submit("add", status=302)

    assert response.location.endswith(edit_url(gite))
    assert dbsession.get(Hotel, gite.id).default_rate_bp == 750
    listed = staff.get(LIST).html.select_one('[data-hotel="gite-pages"] [data-figure="rate"]')
    assert listed.get_text(strip=True) in ("7,5\u00a0%", "7.5%")


def test_a_bad_rate_is_shown_again_with_its_message_and_nothing_stored(staff, dbsession):
    gite = make_partner(dbsession, "gite-pages", "gite", "Gîte des Pages")
    form = staff.get(LIST).forms["spectro-hotel-form"]
    form["partner_id"] = str(gite.id)
    form["rate"] = "seven"

    response = form.submit("add", status=400)

    assert dbsession.get(Hotel, gite.id) is None
    assert response.html.select_one("#spectro-hotel-rate-error").get_text(strip=True)
    assert response.html.select_one("#spectro-hotel-rate")["value"] == "seven"
    assert response.html.select_one("#spectro-hotel-rate")["aria-invalid"] == "true"


def test_rates_per_activity_are_set_and_removed(staff, dbsession, hotel, activity):
    form = staff.get(edit_url(hotel)).forms["spectro-rate-form"]
    form["activity_id"] = str(activity.id)
    form["rate"] = "12"
    form.submit("set_rate", status=302)
    assert dbsession.get(Rate, (hotel.id, activity.id)).rate_bp == 1200

    page = staff.get(edit_url(hotel))
    assert page.html.select_one(f'[data-activity="{activity.slug}"]') is not None
    removal = next(f for f in page.forms.values() if "remove_rate" in f.fields)
    removal.submit("remove_rate", status=302)
    assert dbsession.get(Rate, (hotel.id, activity.id)) is None


def test_a_refused_setting_changes_nothing(staff, dbsession, hotel):
    form = staff.get(edit_url(hotel)).forms["spectro-settings-form"]
    form["default_rate"] = "15"
    form["note"] = "x" * 501

    response = form.submit("save", status=400)

    assert dbsession.get(Hotel, hotel.id).default_rate_bp == 1000
    assert response.html.select_one("#spectro-hotel-note-error") is not None
    assert response.html.select_one("#spectro-default-rate")["value"] == "15"


def test_a_new_headset_shows_its_kiosk_address_once_and_stores_only_its_hash(
        staff, dbsession, hotel):
    form = staff.get(edit_url(hotel)).forms["spectro-headset-form"]
    form["label"] = "Lobby"

    response = form.submit()

    assert response.headers["Cache-Control"] == "no-store"
    token = KIOSK.search(response.html.select_one("#spectro-kiosk-url")["href"]).group(1)
    assert response.html.select_one(".spectro-kiosk-qr svg[role=img]") is not None
    headset = dbsession.query(Headset).filter_by(label="Lobby").one()
    assert headset.token_hash == token_hash(token)
    assert token not in staff.get(edit_url(hotel)).text
    assert token not in staff.get(LIST).text


def test_renewing_a_headset_stops_the_old_address(staff, dbsession, hotel, headset):
    device, old = headset
    page = staff.get(edit_url(hotel))
    renew = next(f for f in page.forms.values()
                 if f.action.endswith(f"/headsets/{device.id}/renew"))

    response = renew.submit()

    new = KIOSK.search(response.html.select_one("#spectro-kiosk-url")["href"]).group(1)
    assert new != old
    assert headset_for_token(dbsession, old) is None
    assert headset_for_token(dbsession, new).id == device.id


def test_removing_a_headset_deactivates_it(staff, dbsession, hotel, headset):
    device, token = headset
    page = staff.get(edit_url(hotel))
    remove = next(f for f in page.forms.values()
                  if f.action.endswith(f"/headsets/{device.id}/remove"))

    remove.submit(status=302)

    assert dbsession.get(Headset, device.id).active is False
    assert headset_for_token(dbsession, token) is None
    assert staff.post(f"/admin/spectrospoke/headsets/{device.id}/renew",
                      {"csrf_token": page.forms["spectro-headset-form"]["csrf_token"].value},
                      status=404)


def test_a_post_without_the_csrf_token_is_refused(staff, dbsession, hotel):
    staff.post(f"/admin/spectrospoke/hotels/{hotel.id}/headsets", {"label": "Sneaky"},
               status=400)
    assert dbsession.query(Headset).filter_by(label="Sneaky").count() == 0


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_only_staff_manage_hotels(spectro_on, login, hotel, role):
    app = login(role)
    app.get(LIST, status=403)
    app.get(edit_url(hotel), status=403)


def test_an_unknown_hotel_is_not_found(staff):
    staff.get("/admin/spectrospoke/hotels/999999", status=404)


def test_the_admin_menu_links_the_hotels(staff):
    menu = staff.get("/admin/").html
    assert menu.select_one(f'a[href$="{LIST}"]') is not None
