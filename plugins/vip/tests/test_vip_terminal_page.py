"""The terminal page through the real application (WebTest): its texts in the request's
language, the API addresses the script calls, its static files, and its absence while
the add-on is disabled. What the script does is tested in Chromium
(test_vip_browser.py)."""
from __future__ import annotations

from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories

from lanta_vip.i18n import _

TEXT_ATTRIBUTES = ("data-network", "data-queued", "data-sent-later", "data-granted",
                   "data-kept", "data-unexpected", "data-camera-failed", "data-paired",
                   "data-forget-confirm", "data-forget-queue", "data-uses-left",
                   "data-until", "data-kind-gift", "data-kind-free_entry",
                   "data-kind-priority", "data-no-card")


def translated(app, lang: str, msgid: str) -> str:
    """``msgid`` as the application's catalogs give it in ``lang``."""
    directories = app.registry.queryUtility(ITranslationDirectories) or []
    return make_localizer(lang, directories).translate(_(msgid))


def terminal_page(testapp, language: str, status: int = 200):
    return testapp.get("/vip/terminal", headers={"Accept-Language": language},
                       status=status)


def test_terminal_page_speaks_the_request_language(app, testapp, vip_on):
    for lang, accept in (("fr", "fr-FR,fr;q=0.9"), ("en", "en-GB,en;q=0.9")):
        page = terminal_page(testapp, accept).html
        assert page.html["lang"] == lang
        assert page.h1.get_text() == translated(app, lang, "VIP card terminal")
        root = page.select_one("#vip-terminal")
        assert root["data-lang"] == lang
        assert page.select_one('label[for="vip-card-input"]').get_text() == translated(
            app, lang, "Hold the card to the reader, or type its number")
        texts = page.select_one("#vip-terminal-texts")
        assert texts["data-kind-free_entry"] == translated(app, lang, "Free entry")
        assert texts["data-queued"] == translated(
            app, lang, "No network: this redemption is kept on this tablet and will be "
                       "sent as soon as the network is back.")


def test_terminal_page_defaults_to_french(testapp, vip_on):
    page = testapp.get("/vip/terminal").html
    assert page.html["lang"] == "fr"
    # The core layout's own words are French too.
    assert page.select_one(".skip-link").get_text() == "Aller au contenu"


def test_terminal_page_hands_every_sentence_to_the_script(testapp, vip_on):
    texts = terminal_page(testapp, "en").html.select_one("#vip-terminal-texts")
    assert texts.has_attr("hidden")
    empty = [name for name in TEXT_ATTRIBUTES if not texts.get(name, "").strip()]
    assert not empty


def test_terminal_page_points_the_script_at_the_terminal_api(testapp, vip_on):
    page = terminal_page(testapp, "fr").html
    root = page.select_one("#vip-terminal")
    assert root["data-pair-url"] == "/api/v1/vip/terminals/pair"
    assert root["data-scan-url"] == "/api/v1/vip/scan"
    assert root["data-redeem-url"] == "/api/v1/vip/redemptions"
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(src.endswith("/vip/static/terminal.js") for src in scripts)
    # Until the script runs, neither the pairing nor the scan screen shows.
    assert page.select_one("#vip-pairing").has_attr("hidden")
    assert page.select_one("#vip-scan").has_attr("hidden")
    assert page.select_one("#vip-alert")["role"] == "alert"
    assert page.select_one("#vip-card-input")["autocomplete"] == "off"


def test_terminal_page_is_never_stored(testapp, vip_on):
    response = terminal_page(testapp, "fr")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.html.select_one('meta[name="robots"]')["content"] == "noindex"


def test_static_files_are_served(testapp, vip_on):
    for name in ("terminal.js", "terminal.camera.js", "terminal.css", "card.css"):
        response = testapp.get(f"/vip/static/{name}", status=200)
        assert response.body


def test_terminal_page_answers_404_while_the_addon_is_disabled(testapp, vip_on,
                                                               disable_addon):
    terminal_page(testapp, "fr")
    disable_addon("vip")
    terminal_page(testapp, "fr", status=404)
