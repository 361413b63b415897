"""The content tree's rules without HTTP: workflow steps, drafts of live items, revisions,
diffs, translations, publication windows and sanitised rich text."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.services import content, rich_text
from lanta.services.errors import Conflict, DomainError, InvalidField

UTC = dt.timezone.utc


def new(dbsession, title="Page", *, language="fr", parent=None, kind="page", body="<p>a</p>",
        **kw):
    return content.create(dbsession, language=language, parent=parent, type=kind,
                          slug=content.slugify(title), texts=content.Texts(title, body=body),
                          author=None, **kw)


def test_slugify_folds_accents_and_punctuation():
    assert content.slugify("Église Saint-Martin, l'été !") == "eglise-saint-martin-l-ete"
    assert content.slugify("Œuvres & cœur") == "oeuvres-coeur"


@pytest.mark.parametrize("state, can_review, expected", [
    ("private", False, ["submit"]),
    ("pending", False, ["withdraw"]),
    ("private", True, ["submit", "publish"]),
    ("pending", True, ["withdraw", "publish", "reject"]),
])
def test_allowed_transitions(dbsession, state, can_review, expected):
    item = new(dbsession)
    item.state = state
    assert content.allowed_transitions(item, can_review=can_review) == expected


def test_workflow_refuses_steps_out_of_turn_and_without_the_right(dbsession):
    item = new(dbsession)
    with pytest.raises(content.NotAllowed):
        content.transition(dbsession, item, "publish", can_review=False)
    with pytest.raises(Conflict):
        content.transition(dbsession, item, "reject", can_review=True)  # not pending
    content.transition(dbsession, item, "submit", can_review=False)
    content.transition(dbsession, item, "publish", can_review=True)
    assert (item.state, item.live_number, item.live_title) == ("published", 1, "Page")
    with pytest.raises(Conflict):
        content.transition(dbsession, item, "publish", can_review=True)
    content.transition(dbsession, item, "unpublish", can_review=True)
    assert (item.state, item.live_number) == ("private", None)


def test_an_edit_of_a_live_item_is_a_draft_and_settings_alone_make_no_revision(dbsession):
    item = new(dbsession, body="<p>un</p>")
    content.transition(dbsession, item, "publish", can_review=True)
    assert content.edit(dbsession, item, content.Texts("Page", body="<p>un</p>"),
                        author=None, in_navigation=False) is None
    assert item.head_number == 1 and item.state == "published" and not item.in_navigation
    draft = content.edit(dbsession, item, content.Texts("Page", body="<p>deux</p>"),
                         author=None)
    assert draft.number == 2
    assert (item.state, item.live_number, item.has_draft) == ("private", 1, True)
    assert content.live_revision(dbsession, item).body == "<p>un</p>"


def test_revert_adds_a_revision_and_keeps_history(dbsession):
    item = new(dbsession, body="<p>un</p>")
    content.edit(dbsession, item, content.Texts("Page", body="<p>deux</p>"), author=None)
    with pytest.raises(Conflict):
        content.revert(dbsession, item, 2, author=None)
    back = content.revert(dbsession, item, 1, author=None)
    assert (back.number, back.body, back.note) == (3, "<p>un</p>", "Reverted to version 1")
    assert [r.number for r in content.history(dbsession, item)] == [3, 2, 1]


def test_diff_marks_words(dbsession):
    item = new(dbsession, body="<p>Entrée cinq euros.</p>")
    content.edit(dbsession, item, content.Texts("Page", body="<p>Entrée six euros.</p>"),
                 author=None)
    changes = {c.field: c for c in content.diff(content.revision(dbsession, item, 1),
                                                content.revision(dbsession, item, 2))}
    assert not changes["title"].changed
    assert changes["body"].segments == [("equal", "Entrée "), ("delete", "cinq "),
                                        ("insert", "six "), ("equal", "euros.")]


def test_translation_goes_in_the_translated_folder(dbsession):
    folder = new(dbsession, "Découvrir", kind="folder")
    page = new(dbsession, "Château", parent=folder)
    with pytest.raises(DomainError, match="Translate the folder"):
        content.translate(dbsession, page, "en", author=None)
    folder_en = content.translate(dbsession, folder, "en", author=None)
    page_en = content.translate(dbsession, page, "en", author=None)
    assert (page_en.language, page_en.path, page_en.parent_id) == ("en", "/decouvrir/chateau",
                                                                   folder_en.id)
    assert page_en.state == "private"
    assert set(content.translations(dbsession, page)) == {"fr", "en"}
    with pytest.raises(Conflict):
        content.translate(dbsession, page, "en", author=None)


def test_only_folders_hold_items_and_languages_match(dbsession):
    page = new(dbsession, "Seule")
    with pytest.raises(DomainError, match="Only folders"):
        new(dbsession, "Dedans", parent=page)
    folder = new(dbsession, "Dossier", kind="folder")
    with pytest.raises(DomainError, match="language of its folder"):
        new(dbsession, "Inside", parent=folder, language="en")


def test_visibility_follows_the_publication_window(dbsession):
    start = dt.datetime(2026, 7, 1, tzinfo=UTC)
    end = dt.datetime(2026, 7, 31, tzinfo=UTC)
    item = new(dbsession, effective_at=start, expires_at=end)
    assert not item.is_visible(dt.datetime(2026, 7, 10, tzinfo=UTC))  # not published yet
    content.transition(dbsession, item, "publish", can_review=True)
    assert not item.is_visible(start - dt.timedelta(seconds=1))
    assert item.is_visible(start)
    assert not item.is_visible(end)
    listed = content.visible(dbsession, dt.datetime(2026, 7, 10, tzinfo=UTC), language="fr")
    assert item in listed
    assert item not in content.visible(dbsession, end, language="fr")
    with pytest.raises(InvalidField) as refused:
        new(dbsession, "Autre", effective_at=end, expires_at=start)
    assert refused.value.on == "expires_at"


def test_rich_text_is_sanitised_and_read_as_text():
    dirty = ('<h1>Titre</h1><p style="color:red" onclick="x()">Un <a href="javascript:'
             'alert(1)">lien</a> <a href="https://lanta.example">site</a></p>'
             '<script>alert(1)</script><iframe src="https://evil.example"></iframe>')
    clean = rich_text.sanitise(dirty)
    assert "<h1" not in clean and "script" not in clean and "iframe" not in clean
    assert "onclick" not in clean and "style" not in clean and "javascript" not in clean
    assert '<a href="https://lanta.example" rel="noopener noreferrer">site</a>' in clean
    assert rich_text.plain_text("<h2>A</h2><p>b <em>c</em></p><ul><li>d</li></ul>") == "A\nb c\nd"


def test_images_need_a_text_alternative():
    rich_text.check_images('<p><img src="/a.jpg" alt="Le château"><img src="/b.jpg" alt=""></p>')
    with pytest.raises(InvalidField) as refused:
        rich_text.check_images('<p><img src="/a.jpg"></p>')
    assert refused.value.on == "body"
