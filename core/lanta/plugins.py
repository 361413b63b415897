"""The plugin manager: add-on discovery, the three add-on states, and gated hook calls.

An add-on is a distribution exposing an entry point in the group ``lanta.plugins`` whose
name is the add-on's name. Its state is one of:

- ``blocked``: the ini setting ``lanta.addons.allowed`` leaves it out; never imported;
- ``broken``: importing or registering it failed; the reason is kept and shown;
- ``disabled`` / ``enabled``: loaded and wired; the site setting ``addons.enabled`` says
  which are enabled, read on every request, so a change made by any process applies at once.

The manager is built by :func:`build_plugin_manager` and lives on the Pyramid registry
(``registry.lanta_plugins``); there is no module-level instance.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any, Iterable

import pluggy

from . import hookspecs

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "lanta.plugins"
CORE_PLUGIN_NAMES = ("lanta.core",)


class AddonError(Exception):
    """A request about add-ons that cannot be honoured (unknown name, blocked, broken)."""


@dataclass
class Addon:
    """What the core knows of one installed add-on."""

    name: str
    version: str
    package: str
    state: str  # "loaded", "blocked" or "broken"
    reason: str = ""
    module: ModuleType | None = None
    hooks: tuple[str, ...] = ()

    @property
    def loaded(self) -> bool:
        return self.state == "loaded"


def _parse_allowed(value: str | None) -> set[str] | None:
    if value is None or not value.strip() or value.strip() == "*":
        return None
    return set(value.replace(",", " ").split())


def _dist_version(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return dist.version if dist is not None else "?"


class LantaPluginManager(pluggy.PluginManager):
    """pluggy's manager plus the add-on inventory and cached subset callers."""

    def __init__(self) -> None:
        super().__init__("lanta")
        self.add_hookspecs(hookspecs)
        self.addons: dict[str, Addon] = {}
        self._subset_cache: dict[tuple[str, frozenset[str]], Any] = {}
        self._package_to_addon: dict[str, str] = {}

    # inventory ------------------------------------------------------------------------
    def loaded_addons(self) -> list[Addon]:
        return [a for a in self.addons.values() if a.loaded]

    def addon_for_package(self, package_name: str | None) -> str | None:
        """The add-on that owns a dotted package name, or None for the core."""
        if not package_name:
            return None
        root = package_name.split(".", 1)[0]
        return self._package_to_addon.get(root)

    def require_loaded(self, name: str) -> Addon:
        addon = self.addons.get(name)
        if addon is None:
            known = ", ".join(sorted(self.addons)) or "none"
            raise AddonError(f"No add-on named {name!r} is installed (installed: {known}).")
        if addon.state == "blocked":
            raise AddonError(
                f"The add-on {name!r} is not allowed by the setting lanta.addons.allowed "
                "in the ini file; add it there first."
            )
        if addon.state == "broken":
            raise AddonError(f"The add-on {name!r} failed to load: {addon.reason}")
        return addon

    def register_addon(self, name: str, module: ModuleType, version: str = "?") -> Addon:
        self.register(module, name=name)
        package = module.__name__.split(".", 1)[0]
        hooks = tuple(sorted(h.name for h in self.get_hookcallers(module) or ()))
        addon = Addon(name, version, package, "loaded", module=module, hooks=hooks)
        self.addons[name] = addon
        self._package_to_addon[package] = name
        self._subset_cache.clear()
        return addon

    # gated calls ----------------------------------------------------------------------
    def hooks_for(self, enabled: Iterable[str]) -> "HookRelay":
        """Hook callers that skip every loaded add-on not in ``enabled``."""
        disabled = frozenset(a.name for a in self.loaded_addons()) - frozenset(enabled)
        return HookRelay(self, disabled)

    def subset_caller(self, hook_name: str, disabled: frozenset[str]) -> Any:
        key = (hook_name, disabled)
        caller = self._subset_cache.get(key)
        if caller is None:
            modules = [self.get_plugin(n) for n in disabled]
            caller = self.subset_hook_caller(hook_name, [m for m in modules if m is not None])
            self._subset_cache[key] = caller
        return caller


class HookRelay:
    """``relay.lanta_admin_menu(request=...)`` calls the hook on enabled add-ons only."""

    def __init__(self, pm: LantaPluginManager, disabled: frozenset[str]) -> None:
        self._pm = pm
        self.disabled = disabled

    def __getattr__(self, hook_name: str) -> Any:
        if not hook_name.startswith("lanta_"):
            raise AttributeError(hook_name)
        return self._pm.subset_caller(hook_name, self.disabled)


def build_plugin_manager(
    allowed: str | None = None,
    strict: bool = False,
    extra: dict[str, ModuleType] | None = None,
    discover: bool = True,
) -> LantaPluginManager:
    """Register the core's own hooks, then every allowed add-on found by entry point.

    ``allowed`` is the ini value ``lanta.addons.allowed`` (names separated by spaces or
    commas; empty or ``*`` allows all). With ``strict`` an add-on that fails to load raises
    instead of being shown as broken (the test suite runs strict). ``extra`` registers
    modules by name without an entry point (tests, embedding).
    """
    from . import core_hooks

    pm = LantaPluginManager()
    pm.register(core_hooks, name=CORE_PLUGIN_NAMES[0])
    allowed_names = _parse_allowed(allowed)

    eps = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name) if discover else []
    for ep in eps:
        if ep.name in pm.addons:
            continue
        version = _dist_version(ep)
        if allowed_names is not None and ep.name not in allowed_names:
            pm.addons[ep.name] = Addon(ep.name, version, ep.module.split(".")[0],
                                       "blocked", reason="not in lanta.addons.allowed")
            continue
        try:
            module = ep.load()
            pm.register_addon(ep.name, module, version)
        except Exception as exc:  # an add-on's bug must not take the site down
            if strict:
                raise
            log.exception("add-on %s failed to load", ep.name)
            pm.addons[ep.name] = Addon(ep.name, version, ep.module.split(".")[0], "broken",
                                       reason=f"{type(exc).__name__}: {exc}")
    for name, module in (extra or {}).items():
        pm.register_addon(name, module)
    pm.check_pending()
    return pm


def package_of(module: ModuleType) -> ModuleType:
    """The top-level package of ``module`` (an add-on's views are configured from there)."""
    return sys.modules[module.__name__.split(".", 1)[0]]
