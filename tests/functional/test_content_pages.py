"""The content tree through the web: adding, the workflow from editor to reviewer, drafts
of live pages, history with diff and revert, translations, folders, news and its feeds,
and what visitors may see."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from lanta.models import ContentItem, ContentRevision
from lanta.services import content as content_service
from lanta.testing import login_through_form
from lanta.testing_files import jpeg_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def add(app, where="/fr/", kind="page", status="*", **values):
    form = app.get(f"{where}@@add?type={kind}").forms["content-form"]
    for name, value in values.items():
        form[name] = value
    return form.submit("save", status=status)


def csrf_of(page) -> str:
    return next(f["csrf_token"].value for f in page.forms.values() if "csrf_token" in f.fields)


def step(app, url, transition, status=302):
    page = app.get(url)
    form = [f for f in page.forms.values()
            if f.action.endswith("@@workflow") and f["transition"].value == transition][0]
    return form.submit(status=status)


def item_at(dbsession, language, path) -> ContentItem:
    return dbsession.scalar(select(ContentItem).where(ContentItem.language == language,
                                                      ContentItem.path == path))


def test_an_editor_adds_a_private_page_visitors_cannot_see(testapp, users, dbsession, login):
    login("editor")
    response = add(testapp, title="Nos balades", description="Trois boucles faciles",
                   body="<p>Partez du <strong>château</strong>.</p><script>alert(1)</script>")
    assert response.status_int == 302
    assert response.location.endswith("/fr/nos-balades")
    page = response.follow()
    assert page.html.h1.text == "Nos balades"
    assert page.html.find(id="item-state")["data-state"] == "private"
    body = page.html.find(class_="rich-text")
    assert body.strong.text == "château" and body.script is None
    testapp.post("/logout", {"csrf_token": csrf_of(page)})
    testapp.get("/fr/nos-balades", status=404)


def test_editor_submits_reviewer_publishes_and_it_reaches_navigation(testapp, users, login,
                                                                      dbsession):
    login("editor")
    add(testapp, title="Histoire de Lanta", body="<p>Depuis 1066.</p>")
    step(testapp, "/fr/histoire-de-lanta", "submit")
    assert item_at(dbsession, "fr", "/histoire-de-lanta").state == "pending"
    page = testapp.get("/fr/histoire-de-lanta")
    # An editor has no publish button and is refused if the request is forged.
    steps = {f["transition"].value for f in page.forms.values() if "transition" in f.fields}
    assert steps == {"withdraw"}
    forged = testapp.post("/fr/histoire-de-lanta/@@workflow",
                          {"transition": "publish", "csrf_token": csrf_of(page)},
                          status=403)
    assert item_at(dbsession, "fr", "/histoire-de-lanta").state == "pending"
    login("reviewer")
    step(testapp, "/fr/histoire-de-lanta", "publish")
    item = item_at(dbsession, "fr", "/histoire-de-lanta")
    assert (item.state, item.live_number) == ("published", 1)
    testapp.reset()
    page = testapp.get("/fr/histoire-de-lanta")
    assert "Depuis 1066." in page.text
    menu = page.html.find("nav", class_="site-nav")
    assert ("Histoire de Lanta", "http://localhost/fr/histoire-de-lanta") in [
        (a.text, a["href"]) for a in menu.find_all("a")]
    assert page.html.find(class_="editor-bar") is None


def publish_directly(dbsession, users, title, body="<p>v1</p>", language="fr", parent=None,
                     kind="page", **kw):
    item = content_service.create(
        dbsession, language=language, parent=parent, type=kind,
        slug=content_service.slugify(title),
        texts=content_service.Texts(title=title, body=body), author=users["editor"], **kw)
    content_service.transition(dbsession, item, "publish", can_review=True)
    return item


def test_editing_a_published_page_makes_a_draft_until_it_is_published(testapp, users, login,
                                                                       dbsession):
    publish_directly(dbsession, users, "Marché", body="<p>Le samedi.</p>",
                     language="en")
    login("editor")
    form = testapp.get("/en/marche/@@edit").forms["content-form"]
    form["body"] = "<p>Le samedi et le mercredi.</p>"
    form["note"] = "Second jour"
    saved = form.submit("save").follow()
    assert "Le samedi et le mercredi." in saved.text  # the editor previews the draft
    assert "Visitors see version" in saved.text
    testapp.reset()
    assert "Le samedi.</p>" in testapp.get("/en/marche").text
    assert "mercredi" not in testapp.get("/en/marche").text
    login("reviewer")
    step(testapp, "/en/marche", "publish")
    testapp.reset()
    assert "mercredi" in testapp.get("/en/marche").text


def test_history_diff_and_revert(testapp, users, login, dbsession):
    item = publish_directly(dbsession, users, "Tarifs", body="<p>Entrée cinq euros.</p>")
    content_service.edit(dbsession, item, content_service.Texts(
        title="Tarifs", body="<p>Entrée six euros.</p>", note="Hausse"), author=users["editor"])
    login("editor")
    history = testapp.get("/fr/tarifs/@@history")
    rows = history.html.find(id="history").tbody.find_all("tr")
    assert [r["data-number"] for r in rows] == ["2", "1"]
    assert "Hausse" in rows[0].text
    diff = history.click(href="from=1").html
    body = diff.find("section", attrs={"data-field": "body"})
    assert body.find("del").text.strip() == "cinq" and body.find("ins").text.strip() == "six"
    assert diff.find("section", attrs={"data-field": "title"}) is None
    form = [f for f in history.forms.values() if f.action.endswith("@@revert")][0]
    assert form["number"].value == "1"
    form.submit().follow()
    dbsession.refresh(item)
    assert item.head_number == 3
    assert content_service.revision(dbsession, item, 3).body == "<p>Entrée cinq euros.</p>"


def test_refusals_redisplay_the_form_and_save_nothing(testapp, users, login, dbsession):
    login("editor")
    before = dbsession.scalar(select(func.count()).select_from(ContentRevision))
    response = add(testapp, where="/en/", title="Photos", body='<p><img src="/a.jpg"></p>', status=400)
    assert "Every image needs a text alternative" in response.text
    response = add(testapp, where="/en/", title="Partenaires", slug="partners")
    assert response.status_int == 400
    assert "is used by the site itself" in response.text
    publish_directly(dbsession, users, "Accès", language="en")
    response = add(testapp, where="/en/", title="Accès")
    assert response.status_int == 400 and "already has the address name acces" in response.text
    response = add(testapp, where="/en/", title="Fête", effective_at="2026-07-14T10:00",
                   expires_at="2026-07-13T10:00")
    assert response.status_int == 400 and "expiry date must come after" in response.text
    response = add(testapp, where="/en/", title="", body="<p>x</p>")
    assert response.status_int == 400
    after = dbsession.scalar(select(func.count()).select_from(ContentRevision))
    assert after == before + 1  # only the directly published "Accès"


def test_publication_window_hides_scheduled_and_expired_pages(testapp, users, dbsession):
    now = dt.datetime.now(dt.timezone.utc)
    publish_directly(dbsession, users, "Bientôt", effective_at=now + dt.timedelta(days=2))
    publish_directly(dbsession, users, "Hier", expires_at=now - dt.timedelta(hours=1))
    publish_directly(dbsession, users, "Maintenant", effective_at=now - dt.timedelta(days=1),
                     expires_at=now + dt.timedelta(days=1))
    testapp.get("/fr/bientot", status=404)
    testapp.get("/fr/hier", status=404)
    menu = testapp.get("/fr/maintenant").html.find("nav", class_="site-nav").text
    assert "Maintenant" in menu and "Bientôt" not in menu and "Hier" not in menu


def test_folders_hold_items_with_breadcrumbs(testapp, users, dbsession):
    folder = publish_directly(dbsession, users, "Découvrir", kind="folder")
    publish_directly(dbsession, users, "Le château", parent=folder)
    hidden = content_service.create(
        dbsession, language="fr", parent=folder, type="page", slug="brouillon",
        texts=content_service.Texts(title="Brouillon"), author=users["editor"])
    page = testapp.get("/fr/decouvrir/le-chateau")
    crumbs = [a.text for a in page.html.find("nav", class_="breadcrumbs").find_all("li")]
    assert crumbs[1:] == ["Découvrir", "Le château"]  # after the home link
    listing = testapp.get("/fr/decouvrir").html.find(class_="folder-contents").text
    assert "Le château" in listing and "Brouillon" not in listing
    testapp.get("/fr/decouvrir/brouillon", status=404)
    testapp.get(f"/fr/decouvrir/le-chateau/@@add?type=page", status=302)  # to the login
    assert hidden.state == "private"


def test_translation_links_languages(testapp, users, login, dbsession):
    item = publish_directly(dbsession, users, "Venir à Lanta")
    login("editor")
    page = testapp.get("/fr/venir-a-lanta")
    form = [f for f in page.forms.values() if f.action.endswith("@@translate")][0]
    assert form["language"].value == "en"
    edit = form.submit().follow()
    assert edit.request.path == "/en/venir-a-lanta/@@edit"
    edit.forms["content-form"]["title"] = "Getting to Lanta"
    edit.forms["content-form"].submit("save")
    english = item_at(dbsession, "en", "/venir-a-lanta")
    assert english.translation_group == item.translation_group
    content_service.transition(dbsession, english, "publish", can_review=True)
    testapp.reset()
    page = testapp.get("/fr/venir-a-lanta").html
    switch = {a["hreflang"]: a["href"] for a in page.find("nav", class_="site-languages")("a")}
    assert switch["en"] == "http://localhost/en/venir-a-lanta"
    alternates = {link["hreflang"] for link in page.find_all("link", rel="alternate")}
    assert alternates == {"fr", "en"}


def test_news_list_and_feeds(testapp, users, dbsession):
    older = publish_directly(dbsession, users, "Ouverture du musée", kind="news")
    older.first_published_at = dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)
    news = publish_directly(dbsession, users, "Fête de la musique", kind="news")
    news.live_description = "Concerts partout"
    publish_directly(dbsession, users, "Page ordinaire")
    dbsession.flush()
    listing = testapp.get("/fr/news/").html
    titles = [h.text for h in listing.find_all("h2", class_="card__title")]
    assert titles == ["Fête de la musique", "Ouverture du musée"]
    atom = ET.fromstring(testapp.get("/fr/news/feed.atom").body)
    assert [e.find(f"{ATOM}title").text for e in atom.findall(f"{ATOM}entry")] == titles
    response = testapp.get("/fr/news/feed.rss")
    assert response.content_type == "application/rss+xml"
    rss = ET.fromstring(response.body)
    assert [i.find("title").text for i in rss.iter("item")] == titles
    page = testapp.get("/fr/fete-de-la-musique").html
    assert '"NewsArticle"' in page.find("script", type="application/ld+json").text


def test_only_reviewers_delete(testapp, users, login, dbsession):
    folder = publish_directly(dbsession, users, "Archives", kind="folder")
    publish_directly(dbsession, users, "Vieux", parent=folder)
    login("editor")
    testapp.get("/fr/archives/@@delete", status=403)
    login("reviewer")
    confirm = testapp.get("/fr/archives/@@delete")
    assert "Vieux" in confirm.text
    [f for f in confirm.forms.values() if f.action.endswith("@@delete")][0].submit().follow()
    assert item_at(dbsession, "fr", "/archives") is None
    assert item_at(dbsession, "fr", "/archives/vieux") is None


def test_admin_content_lists_pending_first(testapp, users, login, dbsession):
    publish_directly(dbsession, users, "Publiée")
    waiting = content_service.create(
        dbsession, language="fr", parent=None, type="page", slug="en-attente",
        texts=content_service.Texts(title="En attente"), author=users["editor"])
    content_service.transition(dbsession, waiting, "submit", can_review=False)
    login("editor")
    page = testapp.get("/admin/content/").html
    rows = page.find(id="content-table").tbody.find_all("tr")
    assert rows[0]["data-path"] == "fr/en-attente"
    assert "Items waiting for review: 1" in page.text
    only = testapp.get("/admin/content/?state=published").html
    assert [r["data-path"] for r in only.find(id="content-table").tbody("tr")] == ["fr/publiee"]
    login("partner")
    testapp.get("/admin/content/", status=403)


def jpeg(width=1000, height=600) -> bytes:
    return jpeg_bytes(width, height)


def test_a_lead_picture_is_uploaded_versioned_and_served_in_sizes(testapp, users, login,
                                                                  dbsession):
    from webtest import Upload

    from lanta.models import StoredImage

    login("editor")
    refused = add(testapp, where="/en/", title="Castle", status=400,
                  upload=Upload("castle.jpg", jpeg()))
    assert "Describe the picture" in refused.text
    assert dbsession.scalar(select(func.count()).select_from(StoredImage)) == 0
    fake = add(testapp, where="/en/", title="Castle", image_alt="The keep", status=400,
               upload=Upload("castle.jpg", b"not an image at all"))
    assert "not a PNG, JPEG or WebP image" in fake.text
    add(testapp, where="/en/", title="Castle", image_alt="The keep at sunset",
        upload=Upload("castle.jpg", jpeg()), status=302)
    item = item_at(dbsession, "en", "/castle")
    image = dbsession.get(StoredImage, content_service.revision(dbsession, item, 1).image_id)
    page = testapp.get("/en/castle").html
    img = page.select_one(".lead-picture img")
    assert img["alt"] == "The keep at sunset"
    assert (img["width"], img["height"]) == ("1000", "600")
    webp = page.select_one(".lead-picture source")["srcset"]
    assert webp.endswith("/1000.webp 1000w") and "/640.webp 640w" in webp
    served = testapp.get(f"/media/images/{image.key}/640.webp")
    assert served.content_type == "image/webp" and "immutable" in served.headers["Cache-Control"]
    testapp.get(f"/media/images/{image.key}/4000.webp", status=404)
    # Visitors see the picture once published, and news cards carry it too.
    content_service.transition(dbsession, item, "publish", can_review=True)
    assert item.live_image_id == image.id
    testapp.reset()
    assert testapp.get("/en/castle").html.select_one(".lead-picture img")["alt"] == \
        "The keep at sunset"


def test_a_new_text_alternative_is_a_new_revision_that_waits_for_review(
        testapp, users, login, dbsession):
    from webtest import Upload

    from lanta.models import StoredImage

    login("editor")
    add(testapp, where="/en/", title="Keep", image_alt="The keep",
        upload=Upload("keep.jpg", jpeg()), status=302)
    item = item_at(dbsession, "en", "/keep")
    content_service.transition(dbsession, item, "publish", can_review=True)
    form = testapp.get("/en/keep/@@edit").forms["content-form"]
    assert form["image_alt"].value == "The keep"
    form["image_alt"] = "The keep at dawn"
    form.submit("save", status=302)
    assert item.head_number == 2 and item.has_draft
    first = dbsession.get(StoredImage, content_service.revision(dbsession, item, 1).image_id)
    second = dbsession.get(StoredImage, content_service.revision(dbsession, item, 2).image_id)
    assert (first.alt, second.alt) == ("The keep", "The keep at dawn")
    testapp.reset()
    assert testapp.get("/en/keep").html.select_one(".lead-picture img")["alt"] == "The keep"
    assert testapp.get(f"/media/images/{second.key}/640.jpg").content_type == "image/jpeg"


def test_only_reviewers_change_the_publication_dates_of_a_published_item(
        testapp, users, login, dbsession):
    item = publish_directly(dbsession, users, "Expo", language="en")
    login("editor")
    form = testapp.get("/en/expo/@@edit").forms["content-form"]
    form["expires_at"] = "2020-01-01T00:00"
    refused = form.submit("save", status=400)
    assert "Only a reviewer can change the publication dates" in refused.text
    assert item.expires_at is None
    login("reviewer")
    form = testapp.get("/en/expo/@@edit").forms["content-form"]
    form["expires_at"] = "2020-01-01T00:00"
    form.submit("save", status=302)
    testapp.reset()
    testapp.get("/en/expo", status=404)
