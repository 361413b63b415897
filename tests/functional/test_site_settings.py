"""The site settings screen: what the admin changes shows on the site; mistakes change nothing."""
from __future__ import annotations

import io
import os

from PIL import ExifTags, Image
from webtest import Upload

from lanta.services import site_settings


def english(app):
    """Message ids are English: read the admin in English so that catalogs change nothing."""
    app.set_cookie("lanta_lang", "en")
    return app


def settings_form(app):
    return english(app).get("/admin/settings").forms["settings-form"]


def set_languages(form, codes):
    for box in form.fields["checkbox"]:
        box.checked = box._value in codes


def image_bytes(fmt="PNG", size=(40, 20), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 0).save(buffer, fmt, **save)
    return buffer.getvalue()


def uploads_dir(testapp):
    return testapp.app.registry.lanta_settings.uploads_dir


def test_admin_changes_name_and_contact_and_home_page_shows_them(admin_app, dbsession):
    form = settings_form(admin_app)
    form["name"] = "Office de tourisme du Val d'Azun"
    form["tagline"] = "Le balcon des Pyrénées"
    form["contact_email"] = "accueil@azun.example"
    form["contact_phone"] = "+33 5 62 97 49 49"
    form["address"] = "Place du Village, 65400 Arrens"
    saved = form.submit("save", status=302).follow()
    assert "Site settings saved." in saved.text

    home = admin_app.get("/fr/")
    assert "<h1>Office de tourisme du Val d'Azun</h1>" in home.text
    assert "Le balcon des Pyrénées" in home.text
    assert 'href="mailto:accueil@azun.example"' in home.text
    assert "Place du Village, 65400 Arrens" in home.text
    site = site_settings.load(dbsession)
    assert (site.name, site.contact_phone) == ("Office de tourisme du Val d'Azun",
                                               "+33 5 62 97 49 49")


def test_settings_form_shows_current_values(admin_app, dbsession):
    site_settings.save(dbsession, name="Office de Gavarnie", languages=["fr"])
    form = settings_form(admin_app)
    assert form["name"].value == "Office de Gavarnie"
    assert [box.checked for box in form.fields["checkbox"]] == [True, False]


def test_languages_are_stored_french_first(admin_app, dbsession):
    form = settings_form(admin_app)
    set_languages(form, {"en"})
    form.submit("save", status=302)
    assert site_settings.load(dbsession).languages == ["en"]

    form = settings_form(admin_app)
    set_languages(form, {"en", "fr"})
    form.submit("save", status=302)
    assert site_settings.load(dbsession).languages == ["fr", "en"]


def test_invalid_email_redisplays_form_with_error_and_saves_nothing(admin_app, dbsession):
    before = site_settings.load(dbsession)
    form = settings_form(admin_app)
    form["name"] = "A new name that must not be saved"
    form["contact_email"] = "not an address"
    page = form.submit("save", status=400)
    assert "Enter a valid e-mail address" in page.text
    assert "There was a problem with your submission" in page.text
    # The form comes back with what the admin typed, to correct it.
    assert page.forms["settings-form"]["contact_email"].value == "not an address"
    assert site_settings.load(dbsession) == before


def test_empty_language_list_redisplays_form_with_error_and_saves_nothing(admin_app, dbsession):
    before = site_settings.load(dbsession)
    form = settings_form(admin_app)
    form["name"] = "Another name that must not be saved"
    set_languages(form, set())
    page = form.submit("save", status=400)
    assert "Offer at least one language." in page.text
    assert site_settings.load(dbsession) == before


def test_logo_that_is_not_an_image_is_refused(admin_app, dbsession):
    form = settings_form(admin_app)
    form["upload"] = Upload("logo.png", b"<svg onload='alert(1)'></svg>", "image/png")
    page = form.submit("save", status=400)
    assert "This file is not a PNG, JPEG or WebP image." in page.text
    assert site_settings.load(dbsession).logo == ""


def test_oversized_logo_is_refused(admin_app, dbsession):
    form = settings_form(admin_app)
    big = image_bytes("PNG") + os.urandom(2 * 1024 * 1024)  # a valid start, too many bytes
    form["upload"] = Upload("logo.png", big, "image/png")
    # WebTest's body is already seekable; saying so stops pyramid_retry from copying a
    # large body into a temporary file that nobody closes (a ResourceWarning, an error here).
    page = form.submit("save", status=400, extra_environ={"webob.is_body_seekable": True})
    assert "The file is larger than 2 MB." in page.text
    assert site_settings.load(dbsession).logo == ""


def test_decompression_bomb_logo_is_refused(admin_app, dbsession):
    # A few kilobytes that would expand to 36 million pixels.
    bomb = image_bytes("PNG", size=(6000, 6000), mode="1")
    assert len(bomb) < 100_000
    form = settings_form(admin_app)
    form["upload"] = Upload("logo.png", bomb, "image/png")
    page = form.submit("save", status=400)
    assert "The image is too large" in page.text
    assert site_settings.load(dbsession).logo == ""


def test_jpeg_logo_with_gps_exif_is_stored_without_exif(admin_app, dbsession):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 17.0, 42.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 22.0, 10.0)
    photo = image_bytes("JPEG", size=(120, 60), exif=exif)
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    form = settings_form(admin_app)
    form["upload"] = Upload("my holiday.jpg", photo, "image/jpeg")
    form.submit("save", status=302)

    name = site_settings.load(dbsession).logo
    assert name.endswith(".jpg") and "holiday" not in name
    stored = (uploads_dir(admin_app) / name).read_bytes()
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size) == ("JPEG", (120, 60))
    assert not image.getexif()

    served = admin_app.get("/site/logo")
    assert served.content_type == "image/jpeg"
    assert served.body == stored
    assert f'src="http://localhost/site/logo?v={name}"' in admin_app.get("/fr/").text


def test_logo_can_be_removed(admin_app, dbsession):
    form = settings_form(admin_app)
    form["upload"] = Upload("logo.webp", image_bytes("WEBP"), "image/webp")
    form.submit("save", status=302)
    assert site_settings.load(dbsession).logo.endswith(".webp")

    form = settings_form(admin_app)
    form["remove_logo"] = True
    form.submit("save", status=302)
    assert site_settings.load(dbsession).logo == ""
    admin_app.get("/site/logo", status=404)


def test_editor_is_refused_the_settings(login, dbsession):
    editor = english(login("editor"))
    editor.get("/admin/settings", status=403)
    token = editor.get("/admin/").forms[0]["csrf_token"].value
    editor.post("/admin/settings", {"csrf_token": token, "name": "Taken over",
                                    "save": "save"}, status=403)
    assert site_settings.load(dbsession).name != "Taken over"


def test_visitor_is_sent_to_login(testapp):
    response = testapp.get("/admin/settings", status=302)
    assert "/login" in response.location
