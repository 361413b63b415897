"""Partners keep their own listing: they propose changes, an editor approves or rejects
them, and visitors see them only once approved."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lanta.models import PartnerChange
from lanta.services import partner_changes
from lanta.services import partners as partners_service


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def gave(dbsession, users):
    partner = partners_service.create(dbsession, {
        "slug": "hotel-du-gave", "category": "hotel",
        "name": {"fr": "Hôtel du Gave", "en": "Gave Hotel"},
        "summary": {"fr": "Au bord de l'eau", "en": "By the river"}, "city": "Lanta",
        "lat": 43.2951, "lon": -0.3708, "phone": "+33 5 59 00 00 10"})
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    return partner


@pytest.fixture
def other(dbsession):
    return partners_service.create(dbsession, {
        "slug": "autre", "category": "bar", "name": {"fr": "Autre"}, "city": "Pau"})


def propose(testapp, **values):
    form = testapp.get("/partner/hotel-du-gave/edit").forms["partner-form"]
    for name, value in values.items():
        form[name] = value
    return form.submit("save", status="*")


def test_a_partner_proposes_and_visitors_see_it_only_once_approved(
        testapp, login, users, gave, dbsession, mail_dir):
    login("partner")
    home = testapp.get("/partner/")
    assert home.html.find(attrs={"data-partner": "hotel-du-gave"}) is not None
    sent = propose(testapp, summary_en="Rooms by the river, breakfast on the terrace",
                   phone="+33 5 59 00 00 11")
    assert sent.status_int == 302
    assert testapp.get("/partner/").html.find(attrs={"data-state": "pending"}) is not None
    assert "breakfast" not in testapp.get("/en/partners/hotel-du-gave").text
    change = dbsession.scalar(select(PartnerChange))
    assert change.data == {"summary": {"fr": "Au bord de l'eau",
                                       "en": "Rooms by the river, breakfast on the terrace"},
                           "phone": "+33 5 59 00 00 11"}
    login("editor")
    queue = testapp.get("/admin/partners/changes")
    section = queue.html.find(attrs={"data-change": str(change.id)})
    assert "breakfast on the terrace" in section.text and "+33 5 59 00 00 10" in section.text
    form = [f for f in queue.forms.values() if f.action.endswith(f"/changes/{change.id}")][0]
    form.submit("decision", value="approve").follow()
    assert "breakfast on the terrace" in testapp.get("/en/partners/hotel-du-gave").text
    assert gave.phone == "+33 5 59 00 00 11"
    assert change.state == "approved"


def test_a_rejection_needs_a_reason_which_the_partner_reads(
        testapp, login, users, gave, dbsession):
    login("partner")
    propose(testapp, website="https://gave.example")
    change = dbsession.scalar(select(PartnerChange))
    login("editor")
    page = testapp.get("/admin/partners/changes")
    form = [f for f in page.forms.values() if f.action.endswith(f"/changes/{change.id}")][0]
    form.submit("decision", value="reject").follow()
    assert change.state == "pending"  # no reason given: nothing decided
    form["reason"] = "This address does not answer."
    form.submit("decision", value="reject").follow()
    assert (change.state, change.reason) == ("rejected", "This address does not answer.")
    assert gave.website == ""
    login("partner")
    assert "This address does not answer." in testapp.get("/partner/").text


def test_a_partner_cannot_reach_another_listing_nor_office_fields(
        testapp, login, users, gave, other):
    login("partner")
    testapp.get("/partner/autre/edit", status=404)
    form = testapp.get("/partner/hotel-du-gave/edit").forms["partner-form"]
    assert "name_fr" not in form.fields and "published" not in form.fields
    assert "lat" not in form.fields and "category" not in form.fields
    login("staff")
    testapp.get("/partner/", status=403)


def test_refused_values_and_empty_proposals_redisplay_the_form(testapp, login, users, gave,
                                                               dbsession):
    login("partner")
    refused = propose(testapp, opening_hours='{"periods": [{"from": "13-01"}]}')
    assert refused.status_int == 400
    assert "The opening hours are not valid" in refused.text
    unchanged = propose(testapp)
    assert unchanged.status_int == 400
    assert "Nothing differs from the published listing." in unchanged.text
    assert dbsession.scalar(select(PartnerChange)) is None


def test_a_new_proposal_replaces_the_one_waiting(testapp, login, users, gave, dbsession):
    login("partner")
    propose(testapp, phone="+33 5 59 00 00 12")
    form = testapp.get("/partner/hotel-du-gave/edit").forms["partner-form"]
    assert form["phone"].value == "+33 5 59 00 00 12"  # goes on from what waits
    propose(testapp, phone="+33 5 59 00 00 13")
    states = dbsession.scalars(select(PartnerChange.state).order_by(PartnerChange.id)).all()
    assert states == ["superseded", "pending"]


def test_the_office_links_accounts_in_the_partner_form(testapp, login, users, gave,
                                                       dbsession):
    login("editor")
    form = testapp.get(f"/admin/partners/{gave.id}").forms["partner-form"]
    assert form["members"].value == "partner@example.org"
    form["members"] = "partner@example.org\nstaff@example.org"
    refused = form.submit("save", status=400)
    assert "does not have the partner role" in refused.text
    assert [u.email for u in partner_changes.members(dbsession, gave)] == [
        "partner@example.org"]
    form = refused.forms["partner-form"]
    form["members"] = ""
    form.submit("save", status=302)
    assert partner_changes.members(dbsession, gave) == []


def test_sending_the_published_values_back_withdraws_the_waiting_change(
        testapp, login, users, gave, dbsession):
    login("partner")
    propose(testapp, phone="+33 5 59 00 00 12")
    propose(testapp, phone="+33 5 59 00 00 10")  # the published number again
    states = dbsession.scalars(select(PartnerChange.state)).all()
    assert states == ["superseded"]
    assert partner_changes.waiting(dbsession, gave) is None
