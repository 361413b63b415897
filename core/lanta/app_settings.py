"""Deployment settings read from the ini file, checked once at start-up.

Site settings (name, theme, enabled add-ons…) live in the database instead; see
:mod:`lanta.services.site_settings`. A wrong setting stops the start with one sentence
naming the setting and the fix.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyramid.settings import asbool


class ConfigurationError(Exception):
    """A deployment setting is missing or wrong; the message names it and the fix."""


def _read_secret(settings: dict[str, Any]) -> str:
    if os.environ.get("LANTA_SECRET"):
        return os.environ["LANTA_SECRET"]
    if settings.get("lanta.secret"):
        return str(settings["lanta.secret"])
    path_value = settings.get("lanta.secret_file")
    if not path_value:
        raise ConfigurationError(
            "No secret is configured: set lanta.secret_file in the ini file (or the "
            "LANTA_SECRET environment variable).")
    path = Path(path_value)
    if not path.exists():
        if not asbool(settings.get("lanta.secret_file.create", False)):
            raise ConfigurationError(
                f"The secret file {path} named by lanta.secret_file does not exist; create "
                f"it with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))' > {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    secret = path.read_text().strip()
    if len(secret) < 32:
        raise ConfigurationError(f"The secret in {path} is shorter than 32 characters; "
                                 "replace it with a longer random string.")
    return secret


def _seconds(settings: dict[str, Any], name: str, default: float) -> float:
    value = settings.get(name)
    if value in (None, ""):
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise ConfigurationError(f"{name} must be a number of seconds, like 60; it is {value!r}.")
    return seconds


DEFAULT_MAP_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_MAP_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass(frozen=True)
class AppSettings:
    database_url: str
    secret: str
    var_dir: Path
    addons_allowed: str | None
    addons_strict: bool
    cookie_secure: bool
    reload_templates: bool
    session_timeout: int
    # Map tiles: the tile server's URL template and the credit its licence asks for.
    map_tiles: str = DEFAULT_MAP_TILES
    map_attribution: str = DEFAULT_MAP_ATTRIBUTION
    # lanta.page_cache: keep visitor pages for anonymous requests (lanta.page_cache), at
    # most lanta.page_cache.max_age seconds for pages that change with the clock alone.
    page_cache: bool = True
    page_cache_max_age: float = 60.0
    # lanta.search.index_dir: where the search index lives when not under var_dir.
    search_index_setting: Path | None = None
    # lanta.search.warm_up: read the search index in the background at start.
    search_warm_up: bool = True
    # lanta.background_workers: add-ons may run work in threads of the server process
    # (the imagewall's renditions, say). Tests on a shared, rolled-back connection turn
    # them off and call the work themselves.
    background_workers: bool = True

    @property
    def uploads_dir(self) -> Path:
        return self.var_dir / "uploads"

    @property
    def search_index_dir(self) -> Path:
        return self.search_index_setting or self.var_dir / "search"

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> "AppSettings":
        url = os.environ.get("LANTA_DATABASE_URL") or settings.get("sqlalchemy.url")
        if not url:
            raise ConfigurationError("sqlalchemy.url is not set in the ini file; set it to "
                                     "sqlite:///%(here)s/var/lanta.sqlite or a PostgreSQL URL.")
        var_dir = Path(settings.get("lanta.var_dir") or "var")
        return cls(
            database_url=url,
            secret=_read_secret(settings),
            var_dir=var_dir,
            addons_allowed=settings.get("lanta.addons.allowed"),
            addons_strict=asbool(settings.get("lanta.addons.strict", False)),
            cookie_secure=asbool(settings.get("lanta.cookie_secure", False)),
            reload_templates=asbool(settings.get("pyramid.reload_templates", False)),
            session_timeout=int(settings.get("lanta.session_timeout", 8 * 3600)),
            map_tiles=settings.get("lanta.map.tiles") or DEFAULT_MAP_TILES,
            map_attribution=settings.get("lanta.map.attribution") or DEFAULT_MAP_ATTRIBUTION,
            page_cache=asbool(settings.get("lanta.page_cache", True)),
            page_cache_max_age=_seconds(settings, "lanta.page_cache.max_age", 60.0),
            search_index_setting=(Path(settings["lanta.search.index_dir"])
                                  if settings.get("lanta.search.index_dir") else None),
            search_warm_up=asbool(settings.get("lanta.search.warm_up", True)),
            background_workers=asbool(settings.get("lanta.background_workers", True)),
        )

    def pyramid_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        merged = dict(settings)
        merged["sqlalchemy.url"] = self.database_url
        merged.setdefault("pyramid.default_locale_name", "fr")
        merged.setdefault("tm.manager_hook", "pyramid_tm.explicit_manager")
        merged.setdefault("retry.attempts", 3)
        if not any(k.startswith("mail.") for k in merged):
            merged["mail.default_sender"] = "no-reply@localhost"
        return merged
