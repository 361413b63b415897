"""Themes: packages that override the templates and static files of the core and add-ons.

A theme is a distribution with an entry point in the group ``lanta.themes`` pointing at a
module that defines ``TITLE`` (a translation string) and, optionally, ``DESCRIPTION``.
Next to that module it holds::

    templates/<package>/<path>.pt   overrides <package>:templates/<path>.pt
    static/<package>/<path>         overrides <package>:static/<path>
    static/theme.css                added after the core's stylesheet, when present

The active theme is the site setting ``theme``, read per request, so a change applies at
once. A theme that is not installed falls back to the templates of the core and add-ons.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from pyramid.path import AssetResolver

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "lanta.themes"


@dataclass(frozen=True)
class Theme:
    name: str
    title: object
    description: object
    package: str
    root: Path

    def template_override(self, spec: str) -> Path | None:
        package, _, path = spec.partition(":")
        if not path.startswith("templates/"):
            return None
        candidate = self.root / "templates" / package / path[len("templates/"):]
        return candidate if candidate.is_file() else None

    def static_override(self, spec: str) -> str | None:
        package, _, path = spec.partition(":")
        if not path.startswith("static/"):
            return None
        relative = f"static/{package}/{path[len('static/'):]}"
        return f"{self.package}:{relative}" if (self.root / relative).is_file() else None

    @property
    def stylesheet(self) -> str | None:
        return f"{self.package}:static/theme.css" \
            if (self.root / "static" / "theme.css").is_file() else None


def discover_themes() -> dict[str, Theme]:
    themes: dict[str, Theme] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            module = ep.load()
        except Exception:
            log.exception("theme %s failed to load", ep.name)
            continue
        root = Path(module.__file__).resolve().parent
        themes[ep.name] = Theme(ep.name, getattr(module, "TITLE", ep.name),
                                getattr(module, "DESCRIPTION", ""),
                                module.__name__.split(".")[0], root)
    return themes


def resolve_template(spec: str, theme: Theme | None) -> Path:
    """The file that renders ``spec`` under ``theme``: the theme's override or the original."""
    if theme is not None:
        override = theme.template_override(spec)
        if override is not None:
            return override
    return Path(AssetResolver().resolve(spec).abspath())
