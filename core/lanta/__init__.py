"""Lanta: a pluggable CMS distribution for tourist offices, built on Pyramid.

:func:`main` is the PasteDeploy application factory (``use = egg:lanta``).
"""
from __future__ import annotations

import logging
import threading
import warnings
from typing import Any

# Pyramid resolves asset specs through pkg_resources, whose import warns on setuptools
# 80.9 and later. The warning is for Pyramid's maintainers, not for an office's operator:
# keep it out of every command's output and every server's log.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

from pyramid.config import Configurator  # noqa: E402

from .app_settings import AppSettings  # noqa: E402
from .page_cache import wrap  # noqa: E402

__all__ = ["main", "make_configurator"]


def make_configurator(settings: dict[str, Any], **kw: Any) -> Configurator:
    """A Configurator with the whole application wired, before ``make_wsgi_app``."""
    app_settings = AppSettings.from_settings(settings)
    settings = app_settings.pyramid_settings(settings)
    config = Configurator(settings=settings, **kw)
    config.registry.lanta_settings = app_settings
    config.include(".wiring")
    return config


def main(global_config: dict[str, Any] | None, **settings: Any):
    """The WSGI application for the settings of an ini file's ``[app:main]`` section."""
    app = make_configurator(settings).make_wsgi_app()
    if app.registry.lanta_settings.search_warm_up:
        threading.Thread(target=_warm_search, args=(app.registry.lanta_search_index,),
                         name="lanta-search-warm-up", daemon=True).start()
    return wrap(app)


def _warm_search(index) -> None:
    try:
        index.warm()
    except Exception:  # the first query will then say what is wrong, where it is seen
        logging.getLogger(__name__).exception("Could not warm the search index up")
