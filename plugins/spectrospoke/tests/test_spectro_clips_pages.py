"""The office's clip pages: adding a clip with its video and poster through the real
form, editing it (errors re-shown with the values typed, a new upload replacing the
video), the list's filters, deletion (refused with bookings, unpublishing offered),
who may reach them, the menu entry and the dashboard widget."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from webtest import Upload

from lanta.testing import jpeg_bytes
from lanta_spectrospoke.models import Booking, Clip
from lanta_spectrospoke.services import slots, videos

from spectro_testing import make_partner

DATA = Path(__file__).parent / "data"
LIST = "/admin/spectrospoke/clips/"
ADD = "/admin/spectrospoke/clips/add"
FORM = "spectrospoke-clip-form"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the French catalog says.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def editor(testapp, login, spectro_on):
    login("editor")
    return testapp


def uploads_dir(testapp) -> Path:
    return testapp.app.registry.lanta_settings.uploads_dir


def fill(form, activity, **values):
    defaults = {"title_fr": "Canyon du pic", "slug": "canyon-du-pic", "duration": "2:05",
                "partner_id": str(activity.id), "clip-projection": "360_stereo_tb"}
    for name, value in {**defaults, **values}.items():
        form[name] = value
    return form


def test_add_with_video_and_poster(editor, activity, dbsession):
    form = fill(editor.get(ADD).forms[FORM], activity, title_en="Peak canyon",
                poster_alt="Rafts in the rapids", min_age="10", valid_until="2026-09-30")
    form.set("upload", Upload("clip.mp4", (DATA / "clip.mp4").read_bytes()), index=0)
    form.set("upload", Upload("poster.jpg", jpeg_bytes()), index=1)
    form.get("checkbox", index=0).checked = True  # the first envie
    form["published"] = True
    saved = form.submit("save", status=302)
    clip = dbsession.scalar(select(Clip).where(Clip.slug == "canyon-du-pic"))
    assert saved.location.endswith(f"#clip-{clip.id}")
    assert clip.video_type == "mp4" and clip.duration_s == 125
    assert clip.projection == "360_stereo_tb" and clip.min_age == 10
    assert clip.valid_until == dt.date(2026, 9, 30) and clip.published
    assert clip.poster_id is not None and clip.envies == ["relax"]
    stored = videos.stored_path(uploads_dir(editor), clip.video_file)
    assert stored.read_bytes() == (DATA / "clip.mp4").read_bytes()
    row = editor.get(LIST).html.find(id=f"clip-{clip.id}")
    assert "Peak canyon" in row.th.text and "2:05" in row.text
    assert row.find("img")["alt"] == "Rafts in the rapids"
    assert row.find(attrs={"data-published": True})["data-published"] == "yes"
    stored.unlink()


def test_errors_redisplay_the_form_with_the_values_typed(editor, activity, dbsession):
    form = fill(editor.get(ADD).forms[FORM], activity, min_age="120")
    form.set("upload", Upload("notes.mp4", b"not a video, only notes"), index=0)
    refused = form.submit("save", status=400)
    assert "This file is not an MP4 or WebM video." in refused.text
    again = refused.forms[FORM]
    assert again["title_fr"].value == "Canyon du pic"
    assert again["min_age"].value == "120"
    assert refused.html.select(".is-invalid, .has-error, [aria-invalid=true]") or \
        "120 is greater than maximum value 99" in refused.text
    form = fill(refused.forms[FORM], activity, min_age="", valid_from="2026-08-01",
                valid_until="2026-07-01", video_url="https://videos.example/x.mp4")
    window = form.submit("save", status=400)
    assert "The last day comes before the first day." in window.text
    assert window.forms[FORM]["valid_from"].value == "2026-08-01"
    assert dbsession.scalar(select(Clip)) is None


def test_service_refusal_shown_beside_its_field(editor, activity, clip, dbsession):
    form = fill(editor.get(ADD).forms[FORM], activity, slug=clip.slug,
                video_url="https://videos.example/x.mp4")
    refused = form.submit("save", status=400)
    error = refused.html.find(id="error-deformField3") or refused.html
    assert "Another clip has the address name rafting-gave." in error.text
    assert refused.forms[FORM]["video_url"].value == "https://videos.example/x.mp4"
    form = fill(editor.get(ADD).forms[FORM], activity)
    missing = form.submit("save", status=400)
    assert "Upload the video file, or give its https address." in missing.text


def test_oversized_video_refused(editor, activity, dbsession, monkeypatch):
    monkeypatch.setitem(editor.app.registry.settings, videos.MAX_MB_SETTING, "0.01")
    form = fill(editor.get(ADD).forms[FORM], activity)
    form.set("upload", Upload("clip.mp4", (DATA / "clip.mp4").read_bytes()), index=0)
    refused = form.submit("save", status=400)
    assert "The video is larger than 0.01 MB." in refused.text
    assert dbsession.scalar(select(Clip)) is None


def test_edit_replaces_the_video_and_keeps_what_is_not_changed(editor, activity, clip,
                                                               dbsession):
    page = editor.get(f"/admin/spectrospoke/clips/{clip.id}/edit")
    form = page.forms[FORM]
    assert form["title_fr"].value == "Rafting sur le gave"
    assert form["duration"].value == "1:35"
    assert form["video_url"].value == "https://videos.example/rafting.mp4"
    form["video_url"] = ""
    form["title_en"] = "Rafting down the gave"
    form.set("upload", Upload("clip.webm", (DATA / "clip.webm").read_bytes()), index=0)
    form.submit("save", status=302)
    dbsession.refresh(clip)
    assert clip.video_type == "webm" and clip.video_url == ""
    assert clip.title["en"] == "Rafting down the gave" and clip.min_age == 8
    served = editor.get(f"/spectrospoke/videos/{clip.video_file}")
    assert served.content_type == "video/webm"
    videos.remove(uploads_dir(editor), clip.video_file)


def test_poster_can_be_removed(editor, activity, dbsession, clip):
    form = editor.get(f"/admin/spectrospoke/clips/{clip.id}/edit").forms[FORM]
    form.set("upload", Upload("poster.jpg", jpeg_bytes()), index=1)
    form["poster_alt"] = "Rafts"
    form.submit("save", status=302)
    dbsession.refresh(clip)
    assert clip.poster_id is not None
    page = editor.get(f"/admin/spectrospoke/clips/{clip.id}/edit")
    assert page.html.select_one(".spectrospoke-clip-current__poster img")["alt"] == "Rafts"
    form = page.forms[FORM]
    form["remove_poster"] = True
    form.submit("save", status=302)
    dbsession.refresh(clip)
    assert clip.poster_id is None


def test_unknown_clip_is_404(editor):
    editor.get("/admin/spectrospoke/clips/999999/edit", status=404)
    editor.get("/admin/spectrospoke/clips/99999999999999/delete", status=404)


def test_list_filters(editor, activity, clip, dbsession):
    other = make_partner(dbsession, "cimes", "activity", "Cimes")
    dbsession.add(Clip(slug="parapente", title={"fr": "Parapente"}, partner_id=other.id,
                       duration_s=60, video_url="https://videos.example/p.mp4",
                       seasons=["winter"], envies=["nature"], published=False))
    dbsession.flush()

    def shown(query: str) -> list[str]:
        table = editor.get(LIST + query).html.find(id="spectrospoke-clips-table")
        return [row["data-clip"] for row in table.tbody("tr")] if table else []
    assert shown("") == ["parapente", "rafting-gave"]
    assert shown("?envie=thrills") == ["rafting-gave"]
    assert shown("?season=winter") == ["parapente"]
    assert shown(f"?partner={other.id}") == ["parapente"]
    assert shown("?published=no") == ["parapente"]
    assert shown("?published=yes&season=winter") == []
    # Unknown filter values are ignored rather than failing.
    assert shown("?envie=boredom&partner=abc&published=maybe") == ["parapente",
                                                                   "rafting-gave"]


def test_delete_asks_then_deletes(editor, clip, dbsession):
    page = editor.get(f"/admin/spectrospoke/clips/{clip.id}/delete")
    page.forms["spectrospoke-clip-delete"].submit("delete", status=302)
    assert dbsession.get(Clip, clip.id) is None


def test_delete_refused_with_bookings_offers_unpublishing(editor, clip, activity,
                                                         dbsession):
    dbsession.add(Booking(reference="SPK-BBBB22", clip_id=clip.id, activity_id=activity.id,
                          day=dt.date(2026, 8, 1), participants=2, contact_name="Ana"))
    dbsession.flush()
    confirm = editor.get(f"/admin/spectrospoke/clips/{clip.id}/delete")
    assert "it can be unpublished" in confirm.text
    token = confirm.forms["spectrospoke-clip-delete"]["csrf_token"].value
    refused = editor.post(f"/admin/spectrospoke/clips/{clip.id}/delete",
                          {"csrf_token": token, "delete": "1"}, status=409)
    assert "Unpublish it instead" in refused.html.find(id="spectrospoke-delete-refusal").text
    assert dbsession.get(Clip, clip.id) is not None
    refused.forms["spectrospoke-clip-delete"].submit("unpublish", status=302)
    dbsession.refresh(clip)
    assert not clip.published


def test_post_without_csrf_token_is_refused(editor, clip, dbsession):
    editor.post(f"/admin/spectrospoke/clips/{clip.id}/delete", {"delete": "1"}, status=400)
    assert dbsession.get(Clip, clip.id) is not None


@pytest.mark.parametrize("role", ["partner", "tester", "visitor"])
def test_only_editors_and_staff_reach_the_pages(testapp, login, spectro_on, clip, role):
    login(role)
    for path in (LIST, ADD, f"/admin/spectrospoke/clips/{clip.id}/edit",
                 f"/admin/spectrospoke/clips/{clip.id}/delete"):
        testapp.get(path, status=403)


def test_anonymous_is_sent_to_login(testapp, spectro_on):
    answer = testapp.get(LIST, expect_errors=True)
    assert answer.status_int in (302, 403)
    assert answer.status_int == 403 or "/login" in answer.location


def test_staff_reach_the_list(testapp, login, spectro_on):
    login("staff")
    testapp.get(LIST, status=200)


def test_menu_entry_and_dashboard_widget(editor, clip, dbsession):
    clip.valid_until = slots.office_today() + dt.timedelta(days=10)
    dbsession.flush()
    dashboard = editor.get("/admin/").html
    assert dashboard.find("a", href=lambda h: h and h.endswith(LIST)) is not None
    assert dashboard.find(attrs={"data-spectrospoke-published": "1"}) is not None
    expiring = dashboard.find(attrs={"data-spectrospoke-expiring": "1"})
    assert "Rafting on the river" in expiring.text


def test_pages_404_while_addon_disabled(testapp, login, clip):
    login("editor")
    testapp.get(LIST, status=404)


def test_pages_are_valid_html(editor, activity, clip, dbsession, tmp_path):
    from lanta.testing import vnu_errors

    form = editor.get(f"/admin/spectrospoke/clips/{clip.id}/edit").forms[FORM]
    form.set("upload", Upload("poster.jpg", jpeg_bytes()), index=1)
    form["poster_alt"] = "Rafts"
    form.submit("save", status=302)
    pages = {"list": editor.get(LIST).text,
             "edit": editor.get(f"/admin/spectrospoke/clips/{clip.id}/edit").text,
             "delete": editor.get(f"/admin/spectrospoke/clips/{clip.id}/delete").text}
    refused = fill(editor.get(ADD).forms[FORM], activity, slug="Pas Bon")
    pages["refused"] = refused.submit("save", status=400).text
    assert vnu_errors(pages, tmp_path) == []
