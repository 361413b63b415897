"""The tester's whole path in Chromium, on a real server: a resident applies, the office
accepts, she chooses her password from the e-mail, declares a test with its receipt,
writes a review, the office approves it and visitors read it on the partner's page; a
low-rated review reaches only the office's feedback screen. Then every page of the
add-on against axe-core (WCAG 2.1 AA), a phone's width and the Nu HTML checker."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from lanta.services import addons as addons_service
from lanta.services import partners as partners_service
from lanta.services import users as users_service
from lanta.testing import (TEST_PASSWORD, axe_violations, jpeg_bytes, log_in_browser, mail_text,
                           read_mail, vnu_errors)


pytestmark = pytest.mark.browser

NEW_PASSWORD = "Un-gave-bien-frais-2026"
GOOD = "Une garbure qui réchauffe"
LOW = "Attente interminable"


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "reviews", True)
        for slug, name in (("la-garbure", "La Garbure"), ("chez-marcelle", "Chez Marcelle")):
            partners_service.create(dbsession, {"slug": slug, "category": "restaurant",
                                                "name": {"fr": name}})
        users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD, "staff")
        dbsession.commit()
    site.url = site.start_server().url
    return site


def new_page(browser, width: int = 1024):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def last_mail_to(site, address: str) -> str:
    folder = Path(site.directory) / "mail"
    for path in sorted(folder.rglob("*"), key=lambda p: p.stat().st_mtime, reverse=True):
        if path.is_file():
            message = read_mail(path)
            if message["To"] == address:
                return mail_text(message)
    raise AssertionError(f"no mail to {address} in {folder}")


def declare_and_review(page, url: str, partner: str, rating: str, title: str,
                       receipt: Path) -> None:
    page.goto(url + "/reviews/my/tests/add")
    page.select_option("select[name=partner_id]", label=partner)
    page.fill("input[name=visited_on]", (dt.date.today() - dt.timedelta(days=2)).isoformat())
    page.fill("input[name=what]", "Déjeuner pour deux")
    page.fill("input[name=amount]", "38,50")
    page.set_input_files("input[name=upload]", str(receipt))
    page.click("button[name=declare]")
    page.wait_for_url(re.compile(r"/reviews/my/tests/\d+/review$"))
    page.select_option("select[name=rating]", rating)
    page.fill("input[name=title]", title)
    page.fill("textarea[name=text]", "Accueil souriant, plat du jour copieux et pain de campagne.")
    page.click("button[name=send]")
    page.wait_for_url(re.compile(r"/reviews/my/#test-\d+$"))


def test_apply_accept_test_review_moderate_then_visitors_read_it(
        chromium_browser, site, tmp_path):
    url = site.url
    # A resident applies from her phone.
    phone = new_page(chromium_browser, width=375)
    phone.goto(url + "/fr/reviews/apply")
    phone.fill("input[name=name]", "Léa Martin")
    phone.fill("input[name=email]", "lea@example.org")
    phone.check("input[name=kind][value=resident]")
    phone.check("#interests-3")
    phone.fill("textarea[name=motivation]", "J'aime faire découvrir la vallée d'Ossau.")
    phone.check("input[name=consent]")
    phone.click("button[name=send]")
    phone.wait_for_url(re.compile(r"/fr/reviews/apply/thanks$"))

    # The welcome desk accepts her.
    desk = new_page(chromium_browser)
    log_in_browser(desk, url, "accueil@example.org")
    desk.goto(url + "/admin/reviews/applications")
    desk.locator("form[id^=accept-] button").first.click()
    desk.wait_for_load_state()

    # She chooses her password from the e-mail and logs in.
    link = re.search(r"https?://\S+/password/reset/\S+", last_mail_to(site, "lea@example.org"))
    phone.goto(link.group(0))
    phone.fill("input[name=password]", NEW_PASSWORD)
    phone.fill("input[name=password_again]", NEW_PASSWORD)
    phone.click("button[name=save]")
    phone.wait_for_load_state()
    log_in_browser(phone, url, "lea@example.org", NEW_PASSWORD)
    phone.goto(url + "/fr/")
    phone.click("nav.site-tools >> text=Mes tests")
    phone.wait_for_url(url + "/reviews/my/")

    receipt = tmp_path / "ticket.jpg"
    receipt.write_bytes(jpeg_bytes(600, 900))
    declare_and_review(phone, url, "La Garbure", "5", GOOD, receipt)
    declare_and_review(phone, url, "Chez Marcelle", "2", LOW, receipt)
    statuses = phone.locator("#reviews-my-tests tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.reviewStatus).sort()")
    assert statuses == ["pending", "private"]
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"'My tests' is {width}px wide on a phone"

    # Not shown before the office approves it.
    visitor = new_page(chromium_browser)
    visitor.goto(url + "/fr/partners/la-garbure")
    assert GOOD not in visitor.content()

    desk.goto(url + "/admin/reviews/")
    assert LOW not in desk.content()
    desk.locator("form[id^=decide-] button[value=approve]").first.click()
    desk.wait_for_load_state()
    desk.goto(url + "/admin/reviews/feedback")
    assert LOW in desk.content() and GOOD not in desk.content()

    visitor.goto(url + "/fr/partners/la-garbure")
    panel = visitor.locator("text=Les coups de cœur de nos testeurs")
    assert panel.count() >= 1
    assert GOOD in visitor.content() and "Léa Martin" in visitor.content()
    types = visitor.evaluate("""() => [...document.querySelectorAll(
        'script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent)['@type'])""")
    assert "Review" in types
    visitor.goto(url + "/fr/partners/chez-marcelle")
    assert LOW not in visitor.content()
    visitor.goto(url + "/fr/reviews/")
    assert GOOD in visitor.content() and LOW not in visitor.content()
    assert axe_violations(visitor) == []


PUBLIC_PAGES = ("/fr/reviews/", "/en/reviews/", "/fr/reviews/about", "/fr/reviews/apply",
                "/en/reviews/apply", "/fr/reviews/testers/", "/fr/reviews/testers/manon-b",
                "/fr/reviews/1", "/fr/partners/la-garbure")
OFFICE_PAGES = ("/admin/reviews/", "/admin/reviews/feedback", "/admin/reviews/published",
                "/admin/reviews/reports", "/admin/reviews/1", "/admin/reviews/settings",
                "/admin/reviews/applications", "/admin/reviews/testers",
                "/admin/reviews/costs", "/admin/")
TESTER_PAGES = ("/reviews/my/", "/reviews/my/tests/add", "/reviews/my/tests/1/review",
                "/reviews/my/profile")


@pytest.fixture
def demo_site(live_site_factory):
    """The add-on's demo (Manon B. and her reviews), a pending application, and her
    password known to the test."""
    site = live_site_factory()
    with site.session() as dbsession:
        from lanta.models import User
        from lanta_reviews.services import applications
        from lanta_reviews.services.demo import DEMO_TESTER_EMAIL, load_demo
        from sqlalchemy import select

        addons_service.set_enabled(dbsession, "reviews", True)
        for slug in ("la-garbure", "ossau-rafting", "chez-marcelle"):
            partners_service.create(dbsession, {"slug": slug, "category": "restaurant",
                                                "name": {"fr": slug.replace("-", " ")}})
        load_demo(dbsession)
        tester = dbsession.scalars(select(User).where(User.email == DEMO_TESTER_EMAIL)).one()
        users_service.set_password(dbsession, tester, TEST_PASSWORD)
        users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD, "staff")
        applications.submit(dbsession, applications.ApplicationInput(
            name="Paul Durand", email="paul@example.org", kind="professional",
            interests=("food",), languages=("fr",), motivation="Guide de pays.",
            consent=True))
        dbsession.commit()
    site.url = site.start_server().url
    return site


def test_pages_pass_axe_fit_a_phone_and_are_valid_html(chromium_browser, demo_site, tmp_path):
    from lanta_reviews.services.demo import DEMO_TESTER_EMAIL

    url, problems, served = demo_site.url, {}, {}
    for account, paths in ((None, PUBLIC_PAGES), ("accueil@example.org", OFFICE_PAGES),
                           (DEMO_TESTER_EMAIL, TESTER_PAGES)):
        for width in (1280, 375):
            page = new_page(chromium_browser, width)
            if account:
                log_in_browser(page, url, account)
            for path in paths:
                response = page.goto(url + path)
                assert response.status == 200, (path, response.status)
                violations = axe_violations(page)
                if violations:
                    problems[f"{path} at {width}px"] = violations
                scrolled = page.evaluate("document.documentElement.scrollWidth")
                if scrolled > width:
                    problems[f"{path} at {width}px"] = f"{scrolled}px wide"
                if width == 1280:
                    served[path] = page.context.request.get(url + path).text()
            page.context.close()
    assert problems == {}
    errors = vnu_errors(served, tmp_path)
    assert errors == [], "\n".join(map(str, errors))
