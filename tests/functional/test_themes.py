"""Themes: chosen in the site settings, applied from the next response, overriding templates
and static files of the core and of add-ons."""
from __future__ import annotations

import sys
from pathlib import Path

from pyramid.renderers import render
from pyramid.request import Request
from pyramid.scripting import prepare
from translationstring import TranslationString

from lanta.services import site_settings
from lanta.themes import Theme, discover_themes, resolve_template


def choose_theme(app, name):
    form = app.get("/admin/settings").forms["settings-form"]
    form["theme"] = name
    form.submit("save", status=302)


def test_both_bundled_themes_are_installed_with_translatable_titles():
    themes = discover_themes()
    assert {"default", "pyrenees"} <= set(themes)
    for name in ("default", "pyrenees"):
        assert isinstance(themes[name].title, TranslationString)
        assert themes[name].title.domain == "lanta"


def test_switching_theme_changes_next_response_and_back(admin_app):
    home = admin_app.get("/fr/")
    assert 'class="hero"' in home.text and "pyrenees-hero" not in home.text
    assert 'href="http://localhost/themes/default/theme.css"' in home.text

    choose_theme(admin_app, "pyrenees")
    home = admin_app.get("/fr/")
    # The theme's home template, its stylesheet and its favicon replace the core's.
    assert 'class="pyrenees-hero"' in home.text and 'class="hero"' not in home.text
    assert 'href="http://localhost/themes/pyrenees/theme.css"' in home.text
    assert 'href="http://localhost/themes/pyrenees/lanta/img/favicon.svg"' in home.text
    assert "/themes/default/theme.css" not in home.text
    # The core's stylesheet stays: the theme's is added after it.
    assert 'href="http://localhost/static/css/lanta.css"' in home.text
    stylesheet = admin_app.get("/themes/pyrenees/theme.css")
    assert ".pyrenees-hero" in stylesheet.text
    favicon = admin_app.get("/themes/pyrenees/lanta/img/favicon.svg")
    assert favicon.content_type == "image/svg+xml"

    # Pages the theme does not override get its look through the layout.
    admin = admin_app.get("/admin/settings")
    assert "/themes/pyrenees/theme.css" in admin.text
    assert admin.forms["settings-form"]["theme"].value == "pyrenees"

    choose_theme(admin_app, "default")
    home = admin_app.get("/fr/")
    assert 'class="hero"' in home.text and "pyrenees-hero" not in home.text
    assert 'href="http://localhost/static/img/favicon.svg"' in home.text
    assert "/themes/pyrenees/" not in home.text


def test_theme_that_is_not_installed_falls_back_to_core(testapp, dbsession):
    site_settings.save(dbsession, theme="uninstalled-theme")
    home = testapp.get("/fr/")
    assert 'class="hero"' in home.text
    assert "pyrenees" not in home.text


def test_settings_form_refuses_a_theme_that_is_not_installed(admin_app, dbsession):
    admin_app.set_cookie("lanta_lang", "en")  # message ids are English
    form = admin_app.get("/admin/settings").forms["settings-form"]
    form["theme"].force_value("uninstalled-theme")
    page = form.submit("save", status=400)
    assert "Choose one of the installed themes." in page.text
    assert site_settings.load(dbsession).theme == "default"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_theme_overrides_an_addon_template_and_reaches_the_original(app, dbsession, tmp_path,
                                                                     monkeypatch):
    # An add-on package shipping a template with a macro…
    addon = "lanta_themetest_addon"
    write(tmp_path / "src" / addon / "__init__.py", "")
    write(tmp_path / "src" / addon / "templates" / "panel.pt",
          '<section metal:define-macro="panel" class="original-panel">Opening hours</section>')
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    monkeypatch.delitem(sys.modules, addon, raising=False)
    # …and a theme whose file at templates/<package>/<path> overrides it, reusing the
    # original's macro through its asset spec.
    theme_root = tmp_path / "theme"
    write(theme_root / "templates" / addon / "panel.pt",
          f'<div class="themed-panel"><metal:m use-macro="ui.original_template('
          f"'{addon}:templates/panel.pt').macros['panel']\"/></div>")
    monkeypatch.setitem(app.registry.lanta_themes, "testtheme",
                        Theme("testtheme", "Test", "", "lanta_themetest_theme", theme_root))

    def render_panel() -> str:
        env = prepare(request=Request.blank("/", environ={"app.dbsession": dbsession}),
                      registry=app.registry)
        try:
            return render(f"{addon}:templates/panel.pt", {}, request=env["request"])
        finally:
            env["closer"]()

    assert 'class="themed-panel"' not in render_panel()

    site_settings.save(dbsession, theme="testtheme")
    html = render_panel()
    assert 'class="themed-panel"' in html
    assert '<section class="original-panel">Opening hours</section>' in html


def test_theme_template_and_static_override_rules(tmp_path):
    root = tmp_path / "lanta_theme_sample"
    write(root / "templates" / "lanta" / "home.pt", "<p>themed</p>")
    write(root / "templates" / "lanta_agenda" / "events" / "list.pt", "<p>themed</p>")
    write(root / "static" / "lanta" / "img" / "favicon.svg", "<svg/>")
    theme = Theme("sample", "Sample", "", "lanta_theme_sample", root)

    assert theme.template_override("lanta:templates/home.pt") == \
        root / "templates" / "lanta" / "home.pt"
    assert theme.template_override("lanta_agenda:templates/events/list.pt") == \
        root / "templates" / "lanta_agenda" / "events" / "list.pt"
    # Only files the theme holds, and only under templates/ of the original package.
    assert theme.template_override("lanta:templates/login.pt") is None
    assert theme.template_override("lanta_agenda:templates/home.pt") is None
    assert theme.template_override("lanta:static/home.pt") is None

    assert theme.static_override("lanta:static/img/favicon.svg") == \
        "lanta_theme_sample:static/lanta/img/favicon.svg"
    assert theme.static_override("lanta:static/css/lanta.css") is None
    assert theme.static_override("lanta:templates/home.pt") is None
    assert theme.stylesheet is None
    write(root / "static" / "theme.css", "body{}")
    assert theme.stylesheet == "lanta_theme_sample:static/theme.css"

    # Without an override, or without a theme, the original file renders.
    original = resolve_template("lanta:templates/login.pt", theme)
    assert original == resolve_template("lanta:templates/login.pt", None)
    assert original.parts[-3:] == ("lanta", "templates", "login.pt")
