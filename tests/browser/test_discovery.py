"""A visitor on a phone: "Autour de moi…" from the browser's position (faked) and
"J'ai envie de…" by tapping choices."""
from __future__ import annotations

import pytest

from lanta.services import partners as partners_service

pytestmark = pytest.mark.browser

HERE = (43.2951, -0.3708)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS_OPEN = {"periods": [{"from": "01-01", "to": "12-31",
                            "weekly": {d: [["00:00", "24:00"]] for d in DAYS}}]}


@pytest.fixture
def server(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        # 0.0123 degrees of longitude is about 1 km here.
        for slug, km, envies in (("bistrot", 0.8, ["food"]), ("spa", 0.3, ["relax"]),
                                 ("rafting", 3.0, ["thrills", "nature"]),
                                 ("canyon", 12.0, ["thrills"]),
                                 ("musee", 1.6, ["culture"])):
            partners_service.create(dbsession, {
                "slug": slug, "category": "activity", "name": {"fr": slug.title()},
                "lat": HERE[0], "lon": HERE[1] + 0.0123 * km, "envies": envies,
                "opening_hours": ALWAYS_OPEN if slug != "canyon" else None})
        dbsession.commit()
    return site.start_server()


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
        locale="fr-FR", geolocation={"latitude": HERE[0], "longitude": HERE[1]},
        permissions=["geolocation"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def listed(page) -> list[str]:
    return page.locator(".partner-cards li").evaluate_all(
        "items => items.map(li => li.dataset.slug)")


def test_around_me_from_the_phone_position(phone, server):
    phone.goto(server.url + "/fr/around")
    phone.select_option("#around-radius", "5.0")
    phone.get_by_role("button", name="Utiliser ma position").click()
    phone.wait_for_url("**/fr/around?near=*")
    assert listed(phone) == ["spa", "bistrot", "musee", "rafting"]
    assert phone.locator(".partner-card__distance").first.inner_text() == "Distance : 300 m"
    assert "near=43.295100%2C-0.370800" in phone.url


def test_around_me_when_the_position_is_refused(chromium_browser, server):
    context = chromium_browser.new_context(locale="fr-FR")  # no geolocation permission
    page = context.new_page()
    try:
        page.goto(server.url + "/fr/around")
        page.get_by_role("button", name="Utiliser ma position").click()
        page.locator("#around-status").get_by_text("tapez plutôt un lieu").wait_for()
        assert page.evaluate("document.activeElement.id") == "around-place"
    finally:
        context.close()


def test_i_feel_like_thrills(phone, server):
    phone.goto(server.url + "/fr/")
    phone.get_by_role("link", name="J’ai envie de…").first.click()
    phone.get_by_label("Sensations fortes").check()
    phone.get_by_label("Nature").check()
    # The results come with a new page: read them only once it has loaded, or
    # the list is read from the form page that is going away.
    phone.get_by_role("button", name="Montrez-moi").click()
    phone.wait_for_url("**/fr/envies?envie=thrills&envie=nature*")
    assert listed(phone) == ["rafting", "canyon"]
    phone.get_by_label("Ouvert maintenant").check()
    phone.get_by_role("button", name="Montrez-moi").click()
    phone.wait_for_url("**open_now=1*")
    assert listed(phone) == ["rafting"]
