"""The add-on's demo, purge and migration branch."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, inspect, select

from lanta.models import SiteSetting, User
from lanta.services import site_settings, users
from lanta_reviews.models import Review, ReviewEvent, Season, Test, Tester
from lanta_reviews.services.demo import DEMO_TESTER_EMAIL


def load(plugin_manager, dbsession, tmp_path) -> list[str]:
    [told] = plugin_manager.hooks_for(["reviews"]).lanta_demo(
        dbsession=dbsession, site_settings=site_settings.load(dbsession),
        uploads_dir=tmp_path)
    return told


def test_demo_gives_a_tester_published_reviews_and_a_private_feedback(
        plugin_manager, dbsession, make_partner, tmp_path):
    for slug in ("la-garbure", "ossau-rafting", "chez-marcelle"):
        make_partner(slug)
    told = load(plugin_manager, dbsession, tmp_path)
    password = re.search(rf"{re.escape(DEMO_TESTER_EMAIL)} / (\S+);", told[0]).group(1)
    account = users.authenticate(dbsession, DEMO_TESTER_EMAIL, password, "127.0.0.1")
    assert account.role == "tester"
    [tester] = dbsession.scalars(select(Tester)).all()
    reviews = dbsession.scalars(select(Review).order_by(Review.rating)).all()
    assert [(r.rating, r.status) for r in reviews] == [
        (3, "private"), (4, "published"), (5, "published")]
    assert all(r.tester_id == tester.id for r in reviews)
    # Each review has its visit, in the season of its date, and its history.
    for review in reviews:
        test = dbsession.get(Test, review.test_id)
        assert test.partner_id == review.partner_id and test.season == test.visited_on.year
        actions = dbsession.scalars(select(ReviewEvent.action).where(
            ReviewEvent.review_id == review.id)).all()
        assert actions == (["submitted", "approved"] if review.status == "published"
                           else ["kept_private"])
    assert dbsession.scalar(select(func.count()).select_from(Season)) == 1


def test_demo_without_demo_partners_adds_the_tester_alone(plugin_manager, dbsession, tmp_path):
    load(plugin_manager, dbsession, tmp_path)
    assert dbsession.scalars(select(Review)).all() == []
    assert len(dbsession.scalars(select(Tester)).all()) == 1


def test_purge_leaves_no_row_and_no_setting(plugin_manager, dbsession, make_partner, tmp_path):
    make_partner("la-garbure")
    load(plugin_manager, dbsession, tmp_path)
    dbsession.add(SiteSetting(key="reviews.threshold", value=5, revision=1))
    dbsession.flush()
    plugin_manager.hooks_for(["reviews"]).lanta_purge(dbsession=dbsession, uploads_dir=tmp_path)
    for model in (Review, Test, Tester, Season, ReviewEvent):
        assert dbsession.scalars(select(model)).all() == []
    assert dbsession.get(SiteSetting, "reviews.threshold") is None
    # The accounts stay: they belong to the core (a tester may be a partner too).
    assert dbsession.scalar(select(User).where(User.email == DEMO_TESTER_EMAIL)) is not None


def test_reviews_branch_downgrades_alone_and_upgrades_again(live_site_factory, run_lanta):
    site = live_site_factory()
    site.session().close()
    engine = site.engine
    before = set(inspect(engine).get_table_names())
    purged = run_lanta(site, "plugins", "purge", "reviews", "--yes")
    assert purged.returncode == 0, purged.stderr
    engine.dispose()
    after = set(inspect(engine).get_table_names())
    assert before - after == {t for t in before if t.startswith("reviews_")}
    assert len(before - after) == 8
    upgraded = run_lanta(site, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    engine.dispose()
    assert set(inspect(engine).get_table_names()) == before


def test_hook_lanta_account_links(testapp, login, reviews_on, tester, disable_addon):
    login("tester")
    header = testapp.get("/en/", headers={"Accept-Language": "en"}).html.select_one(
        "nav.site-tools")
    link = header.find("a", string="My tests")
    assert link is not None and link["href"] == "http://localhost/reviews/my/"
    disable_addon("reviews")
    header = testapp.get("/en/").html.select_one("nav.site-tools")
    assert not header.find("a", href="http://localhost/reviews/my/")


def test_account_links_need_a_tester(testapp, login, reviews_on):
    login("tester")  # the role, but never accepted: nothing to do yet
    header = testapp.get("/en/").html.select_one("nav.site-tools")
    assert not header.find("a", href="http://localhost/reviews/my/")


def test_a_tester_whose_role_ended_keeps_a_link_to_the_profile(testapp, login, reviews_on,
                                                                tester):
    tester.active = False
    login("tester")
    header = testapp.get("/en/", headers={"Accept-Language": "en"}).html.select_one(
        "nav.site-tools")
    assert not header.find("a", href="http://localhost/reviews/my/")
    link = header.find("a", href="http://localhost/reviews/my/profile")
    assert link is not None and link.get_text() == "My tester profile"


def test_a_receipted_test_offers_its_claim_once(testapp, login, reviews_on, tester, partner,
                                                dbsession):
    from lanta_reviews import models

    claimable = models.Test(tester_id=tester.id, partner_id=partner.id, season=2026,
                            visited_on=dt.date(2026, 5, 2), what="Dîner", amount_cents=4000,
                            receipt_name="r" * 32 + ".pdf")
    free = models.Test(tester_id=tester.id, partner_id=partner.id, season=2025,
                       visited_on=dt.date(2025, 5, 2), what="Visite", amount_cents=0)
    dbsession.add_all([claimable, free])
    dbsession.flush()
    # A claim needs the test's review, whatever it says.
    dbsession.add(models.Review(test_id=claimable.id, tester_id=tester.id,
                                partner_id=partner.id, rating=2, title="Bof",
                                text="Service lent, plats tièdes.", language="fr",
                                status="private"))
    dbsession.flush()
    login("tester")
    page = testapp.get("/reviews/my/")
    forms = page.html.select("td.reviews-claim form")
    assert [f["action"] for f in forms] == [
        f"http://localhost/reviews/my/tests/{claimable.id}/claim"]
    page.forms[[k for k, f in page.forms.items()
                if f.action.endswith(f"/{claimable.id}/claim")][0]].submit("claim", status=302)
    assert claimable.claim_status == "submitted"
    assert not testapp.get("/reviews/my/").html.select("td.reviews-claim form")
