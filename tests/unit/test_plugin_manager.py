"""The plugin manager: discovery, the ini's allow-list, broken add-ons, gated hook calls."""
from __future__ import annotations

import types

import pytest

from lanta.addon_api import AdminMenuEntry, PermissionGrant, hookimpl
from lanta.plugins import AddonError, build_plugin_manager


def make_addon(name: str, *, grant: str) -> types.ModuleType:
    module = types.ModuleType(f"lanta_{name}")

    @hookimpl
    def lanta_permissions():
        return [PermissionGrant(grant, ("editor",))]

    @hookimpl
    def lanta_admin_menu(request):
        return [AdminMenuEntry(name, f"/admin/{name}/", grant)]

    module.lanta_permissions = lanta_permissions
    module.lanta_admin_menu = lanta_admin_menu
    return module


def test_disabled_addon_hooks_are_skipped():
    pm = build_plugin_manager(discover=False, extra={"one": make_addon("one", grant="one.x"),
                                                    "two": make_addon("two", grant="two.x")})
    only_one = pm.hooks_for({"one"})
    granted = {g.permission for result in only_one.lanta_permissions() for g in result}
    assert "one.x" in granted and "two.x" not in granted
    both = pm.hooks_for({"one", "two"})
    granted = {g.permission for result in both.lanta_permissions() for g in result}
    assert {"one.x", "two.x"} <= granted


def test_core_hooks_run_whatever_is_enabled():
    pm = build_plugin_manager(discover=False, extra={"one": make_addon("one", grant="one.x")})
    granted = {g.permission for result in pm.hooks_for(set()).lanta_permissions()
               for g in result}
    assert "view" in granted and "admin.access" in granted


def test_subset_callers_are_cached_per_enabled_set():
    pm = build_plugin_manager(discover=False, extra={"one": make_addon("one", grant="one.x")})
    first = pm.hooks_for(set()).lanta_permissions
    assert pm.hooks_for(set()).lanta_permissions is first
    assert pm.hooks_for({"one"}).lanta_permissions is not first


def test_allow_list_blocks_other_installed_addons():
    pm = build_plugin_manager(allowed="nothing-installed")
    blocked = [a for a in pm.addons.values() if a.state == "blocked"]
    assert blocked, "the bundled add-ons should be installed in the test environment"
    assert not pm.loaded_addons()
    with pytest.raises(AddonError, match="lanta.addons.allowed"):
        pm.require_loaded(blocked[0].name)


def test_unknown_addon_is_a_clear_error():
    pm = build_plugin_manager(discover=False)
    with pytest.raises(AddonError, match="No add-on named 'nope' is installed"):
        pm.require_loaded("nope")


def test_addon_for_package_maps_views_to_their_addon():
    pm = build_plugin_manager(discover=False, extra={"one": make_addon("one", grant="one.x")})
    assert pm.addon_for_package("lanta_one.views") == "one"
    assert pm.addon_for_package("lanta.views") is None


def test_misspelt_hook_is_refused():
    module = types.ModuleType("lanta_typo")

    @hookimpl
    def lanta_admin_menus(request):  # one letter too many
        return []

    module.lanta_admin_menus = lanta_admin_menus
    with pytest.raises(Exception, match="lanta_admin_menus"):
        build_plugin_manager(discover=False, extra={"typo": module})


def install_fake_distribution(tmp_path, monkeypatch, name: str, module_source: str) -> None:
    """A real distribution on sys.path: a dist-info folder with an entry point."""
    (tmp_path / f"lanta_{name}.py").write_text(module_source)
    dist_info = tmp_path / f"lanta_{name}-0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: lanta-{name}\n"
                                        "Version: 0.1\n")
    (dist_info / "entry_points.txt").write_text(f"[lanta.plugins]\n{name} = lanta_{name}\n")
    monkeypatch.syspath_prepend(str(tmp_path))


def test_addon_failing_to_import_is_shown_broken_and_site_still_starts(tmp_path, monkeypatch):
    install_fake_distribution(tmp_path, monkeypatch, "crash",
                              "raise RuntimeError('missing dependency foo')\n")
    pm = build_plugin_manager(allowed="crash")
    addon = pm.addons["crash"]
    assert addon.state == "broken"
    assert "missing dependency foo" in addon.reason
    assert addon.version == "0.1"
    with pytest.raises(AddonError, match="failed to load"):
        pm.require_loaded("crash")


def test_strict_mode_raises_for_a_broken_addon(tmp_path, monkeypatch):
    install_fake_distribution(tmp_path, monkeypatch, "crash2",
                              "raise RuntimeError('broken on purpose')\n")
    with pytest.raises(RuntimeError, match="broken on purpose"):
        build_plugin_manager(allowed="crash2", strict=True)
