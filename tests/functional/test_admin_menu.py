"""The admin menu: its links grouped under their sections' headings."""
from __future__ import annotations


def sections(page) -> list[tuple[str | None, list[str]]]:
    """(heading, the links' data-menu names) of each group, in order; every heading
    labels its list."""
    found = []
    for group in page.html.select("nav.admin-menu > ul > li"):
        heading = group.select_one(":scope > .admin-menu__heading")
        links = group.select_one(":scope > ul")
        if heading is not None:
            assert links["aria-labelledby"] == heading["id"]
        else:
            assert not links.has_attr("aria-labelledby")
        found.append((heading.text if heading is not None else None,
                       [a["data-menu"] for a in links.select("a")]))
    return found


def test_the_admins_menu_groups_the_cores_pages_and_each_addons(login, enable_addon):
    enable_addon("vip")
    enable_addon("banner")
    page = login("admin").get("/admin/", headers={"Accept-Language": "en"})
    groups = sections(page)
    # Links without a section stay together where the first of them falls.
    assert groups[0] == (None, ["admin.dashboard", "banner.admin"])
    assert groups[1] == ("Site", ["admin.content", "admin.partners",
                                  "admin.partners.changes"])
    # An add-on's links stay together, even those far apart by their order.
    assert ("VIP card", ["vip.offers", "vip.reports", "vip.cards", "vip.terminals"]) in groups
    assert groups[-1] == ("Accounts and settings", ["admin.users", "admin.addons",
                                                    "admin.settings"])
    headings = [heading for heading, _links in groups if heading]
    assert len(headings) == len(set(headings))
    ids = [h["id"] for h in page.html.select(".admin-menu__heading")]
    assert len(ids) == len(set(ids))


def test_sections_are_translated_and_hold_only_what_the_user_may_open(login):
    page = login("editor").get("/admin/")
    groups = dict(sections(page))
    assert groups["Site"] == ["admin.content", "admin.partners", "admin.partners.changes"]
    assert "Comptes et réglages" not in groups  # the admin's pages only: no empty heading
