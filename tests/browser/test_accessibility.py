"""Pages pass axe-core's WCAG 2.1 AA rules and the Nu HTML checker, as served."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from lanta.services import addons as addons_service
from lanta.services import content, demo_content, images, partner_photos, uploads
from lanta.services.search import SearchIndex
from lanta.services.search_sync import SearchSync
from lanta.services import partners as partners_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser, vnu_errors
from lanta.testing_files import jpeg_bytes

pytestmark = pytest.mark.browser


PUBLIC_PAGES = ["/fr/", "/en/", "/login", "/password/forgot", "/fr/no-such-page",
                "/fr/partners/", "/en/partners/?category=restaurant", "/fr/partners/chez-ninou",
                "/en/partners/gite-sans-horaires", "/fr/envies?envie=food&open_now=1",
                "/fr/around", "/en/around?near=43.2951,-0.3708&radius=5",
                "/fr/around?place=atlantide", "/fr/partners/oasis-foirail/poster",
                "/fr/decouvrir", "/fr/decouvrir/chateau", "/en/decouvrir/chateau",
                "/fr/news/", "/en/news/", "/fr/agenda", "/en/agenda?period=month",
                "/fr/marche-du-samedi", "/fr/search?q=chateau", "/en/search?q=castle&type=page",
                "/fr/search?q=zzzz"]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ADMIN_PAGES = ["/admin/", "/admin/addons/", "/admin/users/", "/admin/users/add",
               "/admin/partners/", "/admin/partners/add", "/admin/partners/1",
               "/admin/settings", "/account", "/admin/content/",
               "/fr/decouvrir/chateau/@@history", "/fr/decouvrir/chateau/@@diff?from=1&to=2",
               "/fr/decouvrir/chateau/@@delete", "/admin/partners/changes", "/partner/",
               "/admin/partners/1/photos"]
# Forms with the rich-text editor: TinyMCE's own toolbar fails three axe rules (aria
# attributes it sets at run time), so these pages are checked by the HTML validator only.
EDITOR_FORMS = ["/fr/@@add?type=event", "/fr/decouvrir/chateau/@@edit"]


@pytest.fixture
def site_server(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        users_service.create(dbsession, "director@example.org", TEST_PASSWORD, "admin")
        for addon in ("banner",):
            addons_service.set_enabled(dbsession, addon, True)
        ninou = partners_service.create(dbsession, {
            "slug": "chez-ninou", "category": "restaurant",
            "name": {"fr": "Chez Ninou", "en": "Chez Ninou"},
            "summary": {"fr": "Cuisine béarnaise", "en": "Béarn cooking"},
            "description": {"fr": "Garbure.\nPoule au pot.", "en": "Garbure.\nChicken."},
            "street": "2 rue des Cordeliers", "postcode": "64000", "city": "Lanta",
            "lat": 43.2955, "lon": -0.3712, "phone": "+33 5 59 00 00 01",
            "email": "ninou@example.org", "website": "https://ninou.example",
            "price_range": 2, "envies": ["food"], "audiences": ["families"],
            "labels": ["Maître Restaurateur"], "accessibility": {"wheelchair": True},
            "opening_hours": {"periods": [{"from": "01-01", "to": "12-31", "weekly": {
                d: [["12:00", "14:00"], ["19:00", "22:30"]] for d in DAYS[1:]}}]}})
        add_photos(dbsession, ninou, site.directory / "var" / "uploads")
        partners_service.create(dbsession, {
            "slug": "oasis-foirail", "category": "oasis", "name": {"fr": "Oasis du Foirail"},
            "lat": 43.2952, "lon": -0.3702})
        partners_service.create(dbsession, {
            "slug": "gite-sans-horaires", "category": "gite", "name": {"fr": "Gîte"},
            "lat": 43.30, "lon": -0.36})
        add_demo_content(dbsession, site.directory / "var")
        dbsession.commit()
        # The rows above were written without a server: index them as `lanta reindex` does.
        index = SearchIndex(site.directory / "var" / "search")
        SearchSync(index).rebuild(dbsession)
        index.close()
    return site.start_server()


def add_photos(dbsession, partner, uploads_dir):
    """Two photos shown (the gallery, the cards of lists) and one waiting for approval."""
    for alt, credit, approved in (("La salle et sa cheminée", "Office de Lanta", True),
                                  ("Une garbure fumante", "", True),
                                  ("La terrasse", "", False)):
        clean = images.read_upload(io.BytesIO(jpeg_bytes(1400, 900)))
        partner_photos.add(dbsession, uploads_dir, partner, clean, alt=alt, credit=credit,
                           approved=approved)


def add_demo_content(dbsession, var_dir):
    """The demo office's pages, news and events, and a lead picture with a second version
    of the castle page (for the history and diff pages)."""
    demo_content.load(dbsession, None)
    castle = content.child(dbsession, "fr", content.child(dbsession, "fr", None, "decouvrir"),
                           "chateau")
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (90, 120, 60)).save(out, "JPEG")
    picture = images.store(dbsession, var_dir / "uploads", uploads.clean_image(out.getvalue()),
                           alt="La cour d'honneur du château")
    head = content.revision(dbsession, castle, None)
    content.edit(dbsession, castle, content.Texts(head.title, head.description,
                                                  head.body + "<p>Nouveau.</p>",
                                                  image_id=picture.id), author=None)
    content.transition(dbsession, castle, "publish", can_review=True)


def log_in(page, base_url):
    log_in_browser(page, base_url, "director@example.org")


def check_pages(page, base_url, paths, on_phone=False) -> dict[str, list]:
    problems = {}
    for path in paths:
        page.goto(base_url + path)
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
        if on_phone:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.viewport_size["width"]:
                problems[f"{path} (phone)"] = f"page is {width}px wide: horizontal scroll"
    return problems


def test_public_and_admin_pages_have_no_wcag_violations(browser_page, site_server):
    page = browser_page
    problems = check_pages(page, site_server.url, PUBLIC_PAGES)
    log_in(page, site_server.url)
    problems.update(check_pages(page, site_server.url, ADMIN_PAGES))
    assert problems == {}


def test_pages_fit_a_phone_screen(chromium_browser, site_server):
    context = chromium_browser.new_context(viewport={"width": 375, "height": 740},
                                           locale="fr-FR", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        problems = check_pages(page, site_server.url, PUBLIC_PAGES, on_phone=True)
        log_in(page, site_server.url)
        problems.update(check_pages(page, site_server.url, ADMIN_PAGES, on_phone=True))
    finally:
        context.close()
    assert problems == {}


def test_served_html_is_valid(browser_page, site_server, tmp_path):
    page = browser_page
    request = page.context.request
    served = {path: request.get(site_server.url + path).text() for path in PUBLIC_PAGES}
    log_in(page, site_server.url)
    served.update({path: request.get(site_server.url + path).text()
                   for path in ADMIN_PAGES + EDITOR_FORMS})
    assert vnu_errors(served, tmp_path) == []
