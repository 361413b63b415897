"""Saved answers: the rules of the service and the pages that add, change and delete
them (``chat.manage``); and the inbox's pages are valid HTML."""
from __future__ import annotations

import pytest

from lanta.testing import vnu_errors
from lanta_chat.models import SavedAnswer
from lanta_chat.services import inbox, messages, saved_answers
from lanta_chat.services.saved_answers import InvalidAnswer

LANGS = ["fr", "en"]


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_titles_are_unique_per_language_and_fields_are_checked(dbsession):
    first = saved_answers.create(dbsession, {"language": "fr", "title": " Horaires  d'été ",
                                             "body": "De 9 h à 19 h."}, LANGS)
    assert first.title == "Horaires d'été"
    # The same title in another language is another answer.
    saved_answers.create(dbsession, {"language": "en", "title": "Horaires d'été",
                                     "body": "9 am to 7 pm."}, LANGS)
    with pytest.raises(InvalidAnswer) as refused:
        saved_answers.create(dbsession, {"language": "fr", "title": "Horaires d'été",
                                         "body": "Autre"}, LANGS)
    assert set(refused.value.errors) == {"title"}
    with pytest.raises(InvalidAnswer) as refused:
        saved_answers.create(dbsession, {"language": "xx", "title": "T" * 121,
                                         "body": "B" * 4001}, LANGS)
    assert set(refused.value.errors) == {"language", "title", "body"}
    # Changing an answer keeps its own title free to reuse.
    saved_answers.update(dbsession, first, {"language": "fr", "title": "Horaires d'été",
                                            "body": "De 9 h à 20 h."}, LANGS)
    assert first.body == "De 9 h à 20 h."
    assert [a.language for a in saved_answers.by_language(dbsession)] == ["en", "fr"]


@pytest.mark.parametrize("role", ["visitor", "partner", "editor", "reviewer"])
def test_the_pages_are_refused_to_who_does_not_manage(testapp, login, chat_on, role):
    login(role)
    testapp.get("/admin/chat/answers", status=403)
    testapp.get("/admin/chat/answers/new", status=403)


def test_add_change_and_delete_through_the_pages(testapp, login, chat_on, dbsession):
    login("staff")
    form = testapp.get("/admin/chat/answers/new").forms["chat-answer-form"]
    form["language"], form["title"], form["body"] = "en", "Parking", "Free <on> Sundays."
    listing = form.submit("save", status=302).follow()
    assert "Saved answer added." in listing.text
    answer = dbsession.query(SavedAnswer).filter_by(title="Parking").one()
    assert "Free &lt;on&gt; Sundays." in listing.text
    form = testapp.get(f"/admin/chat/answers/{answer.id}/edit").forms["chat-answer-form"]
    form["body"] = "Free every day."
    form.submit("save", status=302)
    assert answer.body == "Free every day."
    delete = listing.html.select_one(f'[data-answer="{answer.id}"] form')
    testapp.post(delete["action"], {"csrf_token": listing.html.find(
        "input", {"name": "csrf_token"})["value"]}, status=302)
    assert dbsession.get(SavedAnswer, answer.id) is None
    testapp.get(f"/admin/chat/answers/{answer.id}/edit", status=404)


def test_bad_input_is_shown_again_and_nothing_is_saved(testapp, login, chat_on, dbsession):
    kept = saved_answers.create(dbsession, {"language": "fr", "title": "Accueil",
                                            "body": "Bonjour"}, LANGS)
    login("staff")
    form = testapp.get("/admin/chat/answers/new").forms["chat-answer-form"]
    form["language"], form["title"], form["body"] = "fr", "Accueil", "   "
    page = form.submit("save", status=422)
    assert page.html.select_one("#answer-title-error").text == (
        "Another answer in this language has this title.")
    assert page.html.select_one("#answer-body-error").text == "Write the answer."
    assert page.forms["chat-answer-form"]["title"].value == "Accueil"
    assert dbsession.query(SavedAnswer).count() == 1
    form = testapp.get(f"/admin/chat/answers/{kept.id}/edit").forms["chat-answer-form"]
    form["title"] = "x" * 121
    form.submit("save", status=422)
    assert kept.title == "Accueil"
    # A language the site does not offer, posted by hand.
    token = page.html.find("input", {"name": "csrf_token"})["value"]
    refused = testapp.post("/admin/chat/answers/new", {
        "csrf_token": token, "language": "zz", "title": "T", "body": "B"}, status=422)
    assert "Choose one of the site's languages." in refused.text
    # Without the CSRF token: refused before anything.
    testapp.post("/admin/chat/answers/new", {"language": "fr", "title": "T", "body": "B"},
                 status=400)
    testapp.post(f"/admin/chat/answers/{kept.id}/delete", {}, status=400)
    assert dbsession.query(SavedAnswer).count() == 1


def test_the_staff_pages_are_valid_html(testapp, login, chat_on, dbsession, users,
                                        tmp_path):
    saved_answers.create(dbsession, {"language": "en", "title": "Hours", "body": "9-6"},
                         LANGS)
    conversation = messages.start(dbsession, token=messages.new_token(), language="en",
                                  page_url="/en/", page_title="Home")
    messages.add_message(dbsession, conversation.id, kind="visitor", body="Hi <there>")
    inbox.note(dbsession, conversation.id, users["staff"].id, "Note")
    closed = messages.start(dbsession, token=messages.new_token())
    messages.add_message(dbsession, closed.id, kind="visitor", body="Merci")
    inbox.close(dbsession, closed.id, users["staff"].id)
    closed.rating = 4
    login("staff")
    page = testapp.get(f"/admin/chat/{conversation.id}")
    form = page.forms["chat-reply-form"]
    form["body"] = ""
    refused = form.submit("send", status=400)
    pages = {"inbox": testapp.get("/admin/chat/").text, "conversation": page.text,
             "refused": refused.text, "closed": testapp.get(f"/admin/chat/{closed.id}").text,
             "answers": testapp.get("/admin/chat/answers").text,
             "answer form": testapp.post("/admin/chat/answers/new", {
                 "csrf_token": refused.html.find("input", {"name": "csrf_token"})["value"],
                 "language": "fr", "title": "", "body": ""}, status=422).text}
    assert "4 out of 5" in pages["closed"] and "rated 4/5" in pages["inbox"]
    assert vnu_errors(pages, tmp_path) == []
