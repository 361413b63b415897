"""The moderation queue through the real application: tabs, quick buttons, bulk actions
over several items (all or none), the rejection mails in each contributor's language,
who may reach the pages, the menu entry and the dashboard widget."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.models import utcnow
from lanta.testing import mail_text
from lanta_imagewall.models import Item

from wall_testing import make_photo, make_webcam

QUEUE = "/admin/imagewall/"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the French catalog says.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def editor(testapp, login, imagewall_on):
    login("editor")
    return testapp


def rows(page) -> list[int]:
    queue = page.html.find(id="imagewall-queue")
    return [int(row["data-item"]) for row in queue.find_all("li", recursive=False)] \
        if queue else []


def bulk(page, action: str, ids, **fields):
    form = page.forms["imagewall-bulk"]
    for box in form.fields.get("item", []):
        box.checked = int(box._value) in ids
    form["action"] = action
    for name, value in fields.items():
        form[name] = value
    return form


def test_queue_shows_waiting_items_oldest_first(editor, dbsession, uploads_dir, place):
    new = make_photo(dbsession, uploads_dir, status="pending", caption="Nouveau",
                     email="anne@example.org", partner=place, tags=("food",))
    old = make_photo(dbsession, uploads_dir, status="pending", caption="Ancien",
                     when=utcnow() - dt.timedelta(days=2))
    shown = make_photo(dbsession, uploads_dir, caption="Déjà sur le mur")
    page = editor.get(QUEUE)
    assert rows(page) == [old.id, new.id]
    row = page.html.find(id=f"item-{new.id}")
    assert "anne@example.org" in row.text and "Café des Pyrénées" in row.text
    assert "Good food" in row.text and row.find("img") is not None
    assert rows(editor.get(QUEUE + "?tab=approved")) == [shown.id]
    current = editor.get(QUEUE + "?tab=approved").html.find(class_="iw-tabs").find(
        "a", attrs={"aria-current": "page"})
    assert current["data-tab"] == "approved"


def test_webcam_address_is_not_loaded_in_the_queue(editor, dbsession):
    cam = make_webcam(dbsession, status="pending")
    row = editor.get(QUEUE).html.find(id=f"item-{cam.id}")
    assert row.find("img") is None and "https://webcams.example/pau.jpg" in row.text


def test_quick_approve_and_feature(editor, dbsession, uploads_dir):
    item = make_photo(dbsession, uploads_dir, status="pending")
    page = editor.get(QUEUE)
    done = page.forms["imagewall-bulk"].submit("quick", value=f"approve:{item.id}",
                                                status=303)
    assert done.follow().html.find(class_="flash").text.strip() == "Items approved: 1."
    assert item.status == "approved" and item.moderated_by is not None
    page = editor.get(QUEUE + "?tab=approved")
    page.forms["imagewall-bulk"].submit("quick", value=f"feature:{item.id}", status=303)
    assert item.featured


def test_bulk_approve_several(editor, dbsession, uploads_dir):
    items = [make_photo(dbsession, uploads_dir, status="pending", caption=f"Photo {n}")
             for n in range(3)]
    page = editor.get(QUEUE)
    bulk(page, "approve", {items[0].id, items[2].id}).submit(status=303)
    assert [item.status for item in items] == ["approved", "pending", "approved"]


def test_bulk_approve_refused_while_one_is_processing(editor, dbsession, uploads_dir):
    ready = make_photo(dbsession, uploads_dir, status="pending")
    busy = make_photo(dbsession, uploads_dir, status="pending", caption="En cours")
    busy.processing = "processing"
    dbsession.flush()
    page = editor.get(QUEUE)
    assert page.html.find(id=f"item-{busy.id}").find(
        attrs={"data-processing-state": "processing"}) is not None
    refused = bulk(page, "approve", {ready.id, busy.id}).submit(status=409)
    assert f"#{busy.id}" in refused.html.find(id="imagewall-error").text
    assert ready.status == "pending" and busy.status == "pending"
    # The boxes stay ticked, so the moderator unticks the one in the way.
    form = refused.forms["imagewall-bulk"]
    assert {int(box._value) for box in form.fields["item"] if box.checked} == \
        {ready.id, busy.id}


def test_bulk_reject_mails_each_contributor_in_their_language(editor, dbsession,
                                                              uploads_dir, outbox):
    french = make_photo(dbsession, uploads_dir, status="pending", caption="Les arènes",
                        email="jeanne@example.org")
    english = make_photo(dbsession, uploads_dir, status="pending", caption="The castle",
                         email="john@example.org")
    english.contributor_lang = "en"
    silent = make_photo(dbsession, uploads_dir, status="pending", caption="Sans adresse")
    dbsession.flush()
    outbox.new()
    page = editor.get(QUEUE)
    bulk(page, "reject", {french.id, english.id, silent.id},
         reason="The photo shows a car's number plate.").submit(status=303)
    assert {item.status for item in (french, english, silent)} == {"rejected"}
    mails = {mail["To"]: mail for mail in outbox.new()}
    assert set(mails) == {"jeanne@example.org", "john@example.org"}
    text = mail_text(mails["john@example.org"])
    assert "The photo shows a car's number plate." in text and "“The castle”" in text
    assert "The office chose not to show it" in text
    # Each in the contributor's language (the French words come with the catalog).
    assert mails["john@example.org"]["Content-Language"] == "en"
    assert mails["jeanne@example.org"]["Content-Language"] == "fr"
    french_text = mail_text(mails["jeanne@example.org"])
    assert "The photo shows a car's number plate." in french_text
    assert "Les arènes" in french_text  # quoted the French way, « … »


def test_bulk_reject_without_reason_changes_nothing(editor, dbsession, uploads_dir, outbox):
    item = make_photo(dbsession, uploads_dir, status="pending", email="a@example.org")
    outbox.new()
    refused = bulk(editor.get(QUEUE), "reject", {item.id}).submit(status=400)
    assert "Give the reason" in refused.html.find(id="imagewall-error").text
    assert item.status == "pending" and outbox.new() == []


def test_bulk_delete_needs_confirmation_then_removes_rows_and_files(
        editor, dbsession, uploads_dir):
    items = [make_photo(dbsession, uploads_dir, status="pending") for _n in range(2)]
    ids = [item.id for item in items]
    folders = [uploads_dir / "images" / item.image.key for item in items]
    refused = bulk(editor.get(QUEUE), "delete", set(ids)).submit(status=400)
    assert "Tick the box confirming the deletion" in refused.text
    assert all(dbsession.get(Item, i) is not None for i in ids)
    form = bulk(editor.get(QUEUE), "delete", set(ids))
    form["confirm"] = True
    form.submit(status=303)
    dbsession.expire_all()
    assert all(dbsession.get(Item, i) is None for i in ids)
    # The files wait for the commit (testapp's requests leave it to the test): a
    # rollback would need them again.
    assert all(folder.is_dir() for folder in folders)
    dbsession.commit()
    assert not any(folder.exists() for folder in folders)


def test_bulk_without_items_or_action(editor, dbsession, uploads_dir):
    item = make_photo(dbsession, uploads_dir, status="pending")
    page = editor.get(QUEUE)
    assert "Tick at least one item." in bulk(page, "approve", set()).submit(status=400).text
    assert "Choose what to do" in bulk(page, "", {item.id}).submit(status=400).text


def test_retry_from_the_queue(editor, dbsession, uploads_dir):
    item = make_photo(dbsession, uploads_dir, status="pending")
    item.processing, item.processing_error = "failed", "The image could not be decoded."
    dbsession.flush()
    page = editor.get(QUEUE + "?tab=failed")
    assert "The image could not be decoded." in page.html.find(id=f"item-{item.id}").text
    page.forms["imagewall-bulk"].submit("quick", value=f"retry:{item.id}", status=303)
    assert item.processing == "queued" and item.processing_error == ""


def test_post_without_csrf_token_is_refused(editor, dbsession, uploads_dir):
    item = make_photo(dbsession, uploads_dir, status="pending")
    editor.post("/admin/imagewall/bulk", {"quick": f"approve:{item.id}"}, status=400)
    assert item.status == "pending"


def test_anonymous_is_sent_to_login(testapp, imagewall_on):
    answer = testapp.get(QUEUE, expect_errors=True)
    assert answer.status_int in (302, 403)
    assert answer.status_int == 403 or "/login" in answer.location


@pytest.mark.parametrize("role", ["partner", "tester", "visitor"])
def test_only_editors_and_staff_moderate(testapp, login, imagewall_on, dbsession,
                                         uploads_dir, role):
    item = make_photo(dbsession, uploads_dir, status="pending")
    login(role)
    for path in (QUEUE, f"/admin/imagewall/items/{item.id}", "/admin/imagewall/contributors",
                 "/admin/imagewall/webcams/add"):
        testapp.get(path, status=403)


def test_staff_moderate_too(testapp, login, imagewall_on):
    login("staff")
    testapp.get(QUEUE, status=200)


def test_menu_entry_and_dashboard_widget(editor, dbsession, uploads_dir):
    for _n in range(2):
        make_photo(dbsession, uploads_dir, status="pending")
    dashboard = editor.get("/admin/").html
    assert dashboard.find("a", href=lambda h: h and h.endswith(QUEUE)) is not None
    widget = dashboard.find(attrs={"data-imagewall-waiting": "2"})
    assert "Image wall: 2 waiting for moderation" in widget.text


def test_pages_404_while_addon_disabled(testapp, login):
    login("editor")
    testapp.get(QUEUE, status=404)
