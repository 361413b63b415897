"""The application answers its basic pages."""


def test_root_redirects_to_visitor_language(testapp):
    response = testapp.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}, status=302)
    assert response.location.endswith("/en/")


def test_home_page_in_french_by_default(testapp):
    response = testapp.get("/fr/")
    assert response.text.startswith("<!DOCTYPE html>")
    assert '<html lang="fr"' in response.text.replace("\n      ", " ")


def test_healthz_reports_database(testapp):
    assert testapp.get("/healthz").json == {"status": "ok", "database": "ok"}


def test_admin_logs_in_through_form(admin_app):
    response = admin_app.get("/admin/")
    assert "data-menu=\"admin.users\"" in response.text
