"""The offers' pages through the real application: the office's form (refusals
re-displayed with nothing stored), approval and withdrawal, partners proposing for their
own listing only, who may enter, the disabled add-on, and the partner-page panel."""
from __future__ import annotations

import datetime as dt

import pytest
from pyramid.request import Request
from pyramid.scripting import prepare
from sqlalchemy import func, select

from lanta.addon_api import PartnerPanel
from lanta.services import partner_changes
from lanta_vip.models import Offer
from lanta_vip.office_offers import partner_panels
from lanta_vip.services import offers
from lanta_vip.services.clock import OFFICE_TZ, utcnow
from vip_support import make_partner

LIST = "/admin/vip/offers/"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def staff(login, vip_on):
    return login("staff")


@pytest.fixture
def own_listing(dbsession, users, partner):
    """``partner`` (ossau-rafting-test) kept by the ``partner`` account."""
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    return partner


def offer_count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Offer))


def tick(form, oid: str) -> None:
    """Tick the box of a checkbox group whose id is ``oid`` (``months-6``: July)."""
    (box,) = [f for f in form.fields["checkbox"] if f.id == oid]
    box.checked = True


def office_form(app, partner_id: int, **values):
    form = app.get("/admin/vip/offers/add").forms["vip-offer-form"]
    form["partner_id"] = str(partner_id)
    form["kind"] = "percent"
    form["value"] = "10"
    form["title_fr"] = "10 % sur la descente"
    form["title_en"] = "10% off the river run"
    form["text_fr"] = "Sur présentation de la carte."
    for key, value in values.items():
        form[key] = value
    return form


def field_error(response, field: str) -> str:
    """The message shown beside ``field`` on a form that came back refused (400)."""
    assert response.status_int == 400
    item = response.html.select_one(f".item-{field}")
    return " ".join(e.get_text(" ", strip=True) for e in item.select(".invalid-feedback"))


def top_error(response) -> str:
    assert response.status_int == 400
    return response.html.select_one("#vip-offer-form .alert-danger").get_text(" ", strip=True)


# --- the office's form -------------------------------------------------------------------


def test_office_adds_an_offer_that_waits_for_approval(staff, dbsession, partner, users):
    form = office_form(staff, partner.id, min_nights="2", max_nights="7",
                       max_days_before_departure="3", valid_from="2026-07-01",
                       valid_until="2026-08-31", limit_per_card="1", limit_per_day="20",
                       limit_total="300", terms_fr="Réservation conseillée")
    tick(form, "envies-1")  # thrills
    tick(form, "languages-1")  # en
    tick(form, "months-6")  # July
    tick(form, "months-7")  # August
    form["requires_children"] = True
    response = form.submit("save")
    assert response.status_int == 302
    (offer,) = dbsession.scalars(select(Offer)).all()
    assert (offer.status, offer.kind, offer.value) == ("proposed", "percent", 10)
    assert offer.title == {"fr": "10 % sur la descente", "en": "10% off the river run"}
    assert offer.terms == {"fr": "Réservation conseillée"}
    assert (offer.envies, offer.languages, offer.months) == (["thrills"], ["en"], [7, 8])
    assert offer.requires_children is True
    assert (offer.min_nights, offer.max_nights, offer.max_days_before_departure) == (2, 7, 3)
    assert (offer.limit_per_card, offer.limit_per_day, offer.limit_total) == (1, 20, 300)
    # The last day is included: the window ends at the first instant of the next day.
    assert offer.valid_from == dt.datetime(2026, 7, 1, tzinfo=OFFICE_TZ)
    assert offer.valid_until == dt.datetime(2026, 9, 1, tzinfo=OFFICE_TZ)
    assert offer.created_by_id == users["staff"].id
    listed = staff.get(LIST).html.find(attrs={"data-offer": str(offer.id)})
    assert listed["data-status"] == "proposed"


def test_an_amount_is_typed_in_euros_and_stored_in_cents(staff, dbsession, partner):
    office_form(staff, partner.id, kind="amount", value="5,50").submit("save", status=302)
    offer = dbsession.scalars(select(Offer)).one()
    assert (offer.kind, offer.value) == ("amount", 550)
    edit = staff.get(f"/admin/vip/offers/{offer.id}/edit").forms["vip-offer-form"]
    assert edit["value"].value == "5,50"
    assert edit["valid_until"].value == ""


@pytest.mark.parametrize("values, field, words", [
    ({"title_fr": ""}, "title_fr", "Required"),
    ({"min_nights": "5", "max_nights": "3"}, "max_nights", "longest stay cannot be shorter"),
    ({"valid_from": "2026-08-10", "valid_until": "2026-08-01"}, "valid_until",
     "end must come after the start"),
    ({"kind": "percent", "value": "12,5"}, "value", "whole number"),
    ({"kind": "amount", "value": ""}, "value", "needs its value"),
])
def test_a_refused_offer_form_comes_back_with_its_error_and_stores_nothing(
        staff, dbsession, partner, values, field, words):
    response = office_form(staff, partner.id, **values).submit("save", status=400)
    assert words in field_error(response, field)
    form = response.forms["vip-offer-form"]
    assert form["title_en"].value == "10% off the river run"  # what was typed stays
    assert offer_count(dbsession) == 0


def test_an_unknown_partner_is_refused(staff, dbsession, partner):
    form = office_form(staff, partner.id)
    form["partner_id"].force_value("999999")
    response = form.submit("save", status=400)
    assert "partner does not exist" in field_error(response, "partner_id")
    assert offer_count(dbsession) == 0


def test_approve_then_withdraw(staff, dbsession, add_offer, users):
    offer = add_offer(approve=False)
    row = staff.get(LIST).html.find(attrs={"data-offer": str(offer.id)})
    assert row["data-status"] == "proposed"
    page = staff.get(LIST)
    approve = next(f for f in page.forms.values()
                   if f.action.endswith(f"/admin/vip/offers/{offer.id}/approve"))
    assert approve.submit().status_int == 302
    dbsession.refresh(offer)
    assert (offer.status, offer.approved_by_id) == ("approved", users["staff"].id)
    page = staff.get(LIST)
    withdraw = next(f for f in page.forms.values()
                    if f.action.endswith(f"/admin/vip/offers/{offer.id}/withdraw"))
    withdraw.submit(status=302)
    dbsession.refresh(offer)
    assert offer.status == "withdrawn"


def test_approving_without_the_csrf_token_is_refused(staff, dbsession, add_offer):
    offer = add_offer(approve=False)
    staff.post(f"/admin/vip/offers/{offer.id}/approve", status=400)
    dbsession.refresh(offer)
    assert offer.status == "proposed"


def test_editing_an_approved_offer_sends_it_back_for_approval(staff, dbsession, add_offer):
    offer = add_offer(kind="percent", value=10,
                      title={"fr": "10 % sur la descente", "en": "10% off"})
    page = staff.get(f"/admin/vip/offers/{offer.id}/edit")
    assert page.html.find(id="vip-offer-reapproval") is not None  # the page says so
    form = page.forms["vip-offer-form"]
    assert form["value"].value == "10"
    form["value"] = "15"
    done = form.submit("save").follow()
    assert "sent it back for approval" in done.text
    dbsession.refresh(offer)
    assert (offer.status, offer.value, offer.approved_at) == ("proposed", 15, None)


def test_save_and_approve_puts_the_change_live_at_once(staff, dbsession, add_offer):
    offer = add_offer(kind="percent", value=10)
    form = staff.get(f"/admin/vip/offers/{offer.id}/edit").forms["vip-offer-form"]
    form["value"] = "20"
    form.submit("save_approve", status=302)
    dbsession.refresh(offer)
    assert (offer.status, offer.value) == ("approved", 20)


def test_the_list_shows_waiting_offers_first_and_filters(staff, dbsession, partner, hotel,
                                                         add_offer):
    live = add_offer()
    waiting = add_offer(approve=False, partner_id=hotel.id)
    gone = add_offer()
    offers.withdraw_offer(dbsession, gone.id)
    rows = staff.get(LIST).html.select("#vip-offers-table tbody tr")
    assert [r["data-offer"] for r in rows] == [str(waiting.id), str(live.id), str(gone.id)]
    only = staff.get(LIST, {"status": "approved"}).html.select("#vip-offers-table tbody tr")
    assert [r["data-offer"] for r in only] == [str(live.id)]
    of_hotel = staff.get(LIST, {"partner": str(hotel.id)}).html.select(
        "#vip-offers-table tbody tr")
    assert [r["data-offer"] for r in of_hotel] == [str(waiting.id)]


# --- partners' own offers ----------------------------------------------------------------


def test_a_partner_proposes_an_offer_for_its_own_listing(login, vip_on, dbsession,
                                                         own_listing, users):
    app = login("partner")
    page = app.get(f"/partner/{own_listing.slug}/vip-offers")
    form = page.forms["vip-offer-form"]
    assert "partner_id" not in form.fields
    form["kind"] = "gift"
    form["title_fr"] = "Photo souvenir offerte"
    form.submit("save", status=302)
    offer = dbsession.scalars(select(Offer)).one()
    assert (offer.partner_id, offer.status) == (own_listing.id, "proposed")
    assert offer.created_by_id == users["partner"].id
    row = app.get(f"/partner/{own_listing.slug}/vip-offers").html.find(
        attrs={"data-offer": str(offer.id)})
    assert row["data-status"] == "proposed"
    assert row.find(attrs={"data-uses": "0"}) is not None


def test_a_refused_proposal_comes_back_with_its_error(login, vip_on, dbsession, own_listing):
    app = login("partner")
    form = app.get(f"/partner/{own_listing.slug}/vip-offers").forms["vip-offer-form"]
    form["kind"] = "gift"
    form["title_fr"] = ""
    form.submit("save", status=400)
    assert offer_count(dbsession) == 0


def test_a_partner_edits_its_approved_offer_which_goes_back_for_approval(
        login, vip_on, dbsession, own_listing, add_offer):
    offer = add_offer()
    app = login("partner")
    form = app.get(f"/partner/{own_listing.slug}/vip-offers/{offer.id}/edit") \
        .forms["vip-offer-form"]
    assert "save_approve" not in form.fields  # only the office approves
    form["title_fr"] = "Deux cafés offerts"
    form.submit("save", status=302)
    dbsession.refresh(offer)
    assert (offer.status, offer.title["fr"]) == ("proposed", "Deux cafés offerts")


def test_a_partner_cannot_reach_another_listing_nor_approve(login, vip_on, dbsession,
                                                            own_listing, hotel, add_offer):
    theirs = add_offer(approve=False, partner_id=hotel.id)
    app = login("partner")
    app.get(f"/partner/{hotel.slug}/vip-offers", status=404)
    page = app.get(f"/partner/{own_listing.slug}/vip-offers")
    app.get(f"/partner/{own_listing.slug}/vip-offers/{theirs.id}/edit", status=404)
    token = page.forms["vip-offer-form"]["csrf_token"].value
    app.post(f"/admin/vip/offers/{theirs.id}/approve", {"csrf_token": token}, status=403)
    dbsession.refresh(theirs)
    assert theirs.status == "proposed"


# --- who may enter -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_editors_and_partners_get_403_on_the_office_pages(login, vip_on, role, add_offer):
    offer = add_offer()
    app = login(role)
    for path in (LIST, "/admin/vip/offers/add", f"/admin/vip/offers/{offer.id}/edit",
                 "/admin/vip/reports", "/admin/vip/reports.csv"):
        app.get(path, status=403)


def test_a_disabled_addon_answers_404(login, vip_on, disable_addon, own_listing, add_offer):
    offer = add_offer()
    disable_addon("vip")
    app = login("admin")
    for path in (LIST, "/admin/vip/offers/add", f"/admin/vip/offers/{offer.id}/edit",
                 "/admin/vip/reports", "/admin/vip/reports.csv",
                 f"/partner/{own_listing.slug}/vip-offers"):
        app.get(path, status=404)
    assert app.get("/admin/").html.find(attrs={"data-menu": "vip.offers"}) is None


def test_the_menu_and_the_dashboard_widget(staff, dbsession, add_offer):
    add_offer(approve=False)
    add_offer(approve=False)
    dashboard = staff.get("/admin/")
    assert dashboard.html.find(attrs={"data-menu": "vip.offers"}) is not None
    assert dashboard.html.find(attrs={"data-menu": "vip.reports"}) is not None
    assert dashboard.html.find(attrs={"data-vip-waiting": "2"}) is not None
    assert dashboard.html.find(attrs={"data-vip-week": "0"}) is not None


# --- the partner-page panel --------------------------------------------------------------


@pytest.fixture
def make_request(app, dbsession):
    """A real request of the application (registry, extensions, this test's session)."""
    closers = []

    def _make(path: str = "/fr/", lang: str = "fr") -> Request:
        request = Request.blank(path, environ={"app.dbsession": dbsession,
                                               "HTTP_HOST": "localhost"},
                                headers={"Accept-Language": lang})
        closers.append(prepare(request=request, registry=app.registry)["closer"])
        return request

    yield _make
    for close in reversed(closers):
        close()


def test_the_panel_shows_approved_valid_offers_only(make_request, vip_on, partner,
                                                    add_offer, dbsession):
    now = utcnow()
    live = add_offer(title={"fr": "Un café offert", "en": "A free coffee"},
                     text={"fr": "Au comptoir.", "en": "At the bar."}, limit_total=5,
                     terms={"fr": "Conditions secrètes"})
    gone = add_offer(title={"fr": "Offre retirée"})
    offers.withdraw_offer(dbsession, gone.id)
    add_offer(title={"fr": "Offre expirée"}, valid_from=now - dt.timedelta(days=9),
              valid_until=now - dt.timedelta(days=2))
    add_offer(title={"fr": "Offre à venir"}, valid_from=now + dt.timedelta(days=2))
    add_offer(title={"fr": "Offre proposée"}, approve=False)
    (panel,) = partner_panels(make_request("/en/", "en"), partner)
    assert isinstance(panel, PartnerPanel)
    assert "A free coffee" in panel.body and "At the bar." in panel.body
    for hidden in ("Offre retirée", "Offre expirée", "Offre à venir", "Offre proposée",
                   "Conditions secrètes"):
        assert hidden not in panel.body
    assert f'data-vip-offer="{live.id}"' in panel.body


def test_the_panel_is_absent_without_live_offers(make_request, vip_on, partner, add_offer,
                                                 dbsession):
    gone = add_offer()
    offers.withdraw_offer(dbsession, gone.id)
    assert partner_panels(make_request(), partner) == []
    assert partner_panels(make_request(), make_partner(dbsession, "sans-offre")) == []
