"""Enabling and disabling add-ons: a site setting, honoured by every process at once."""
from __future__ import annotations

from sqlalchemy.orm import Session

from . import site_settings


def enabled_names(dbsession: Session) -> list[str]:
    return list(site_settings.load(dbsession).enabled_addons)


def set_enabled(dbsession: Session, name: str, enabled: bool) -> list[str]:
    """Enable or disable ``name`` (checked against the plugin manager by the caller)."""
    names = list(site_settings.read_for_update(dbsession, "enabled_addons") or [])
    if enabled and name not in names:
        names.append(name)
    elif not enabled and name in names:
        names.remove(name)
    site_settings.save(dbsession, enabled_addons=sorted(names))
    return names
