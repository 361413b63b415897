"""Route and view introspection shared by the guards of tests/meta (not a test module)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pyramid.interfaces import IException
from pyramid.security import NO_PERMISSION_REQUIRED

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)|\*([A-Za-z_]\w*)")


@dataclass
class ViewInfo:
    """One registered view, as the guards see it."""

    route_name: str | None
    description: str
    permission: str | None
    methods: tuple[str, ...] | None  # None: every method
    require_csrf: Any
    exception: bool
    name: str = ""  # a traversal view's name (``@@edit``), "" for the default view

    def accepts(self, method: str) -> bool:
        return self.methods is None or method in self.methods


@dataclass
class RouteInfo:
    """One route with its views."""

    name: str
    pattern: str
    route: Any
    views: list[ViewInfo]

    @property
    def placeholders(self) -> set[str]:
        return {a or b for a, b in PLACEHOLDER.findall(self.pattern)}

    @property
    def static(self) -> bool:
        return self.name.startswith("__")


def _methods(value) -> tuple[str, ...] | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def _is_exception_view(intr) -> bool:
    context = intr["context"]
    if intr["exception_only"]:
        return True
    if isinstance(context, type):
        return issubclass(context, BaseException)
    # Pyramid's own default view for HTTP exceptions is registered for an interface.
    return hasattr(context, "isOrExtends") and context.isOrExtends(IException)


def views_of(registry) -> list[ViewInfo]:
    """Every view of the configuration, with the permission it declares (or None)."""
    found = []
    for entry in registry.introspector.get_category("views"):
        intr = entry["introspectable"]
        permissions = [r["value"] for r in entry["related"]
                       if r.category_name == "permissions"]
        permission = permissions[0] if permissions else None
        found.append(ViewInfo(
            route_name=intr["route_name"], description=str(intr.title),
            permission=permission, methods=_methods(intr["request_methods"]),
            require_csrf=intr["require_csrf"], exception=_is_exception_view(intr),
            name=intr["name"] or ""))
    return found


def routes_of(registry) -> list[RouteInfo]:
    views = views_of(registry)
    routes = []
    for entry in registry.introspector.get_category("routes"):
        intr = entry["introspectable"]
        routes.append(RouteInfo(intr["name"], intr["pattern"], intr["object"],
                                [v for v in views if v.route_name == intr["name"]]))
    return sorted(routes, key=lambda r: r.name)


def views_without_permission(registry) -> list[str]:
    """A line per view that names no permission (exception views excepted)."""
    missing = []
    for view in views_of(registry):
        if view.exception:
            continue
        if view.permission in (None, NO_PERMISSION_REQUIRED):
            missing.append(f"route {view.route_name or '(none)'}: {view.description}")
    return missing
