"""Chameleon rendering with per-request theme lookup.

Views name templates by asset spec (``renderer="lanta:templates/home.pt"``); this renderer
resolves the spec against the active theme at each request, so switching themes needs no
restart. Every template receives ``layout`` (the themed ``lanta:templates/layout.pt``) and
``ui`` (helpers for the layout: menu, slots, asset URLs).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from chameleon import PageTemplateFile
from pyramid.i18n import get_localizer
from pyramid.threadlocal import get_current_request
from translationstring import ChameleonTranslate

from .themes import resolve_template

LAYOUT_SPEC = "lanta:templates/layout.pt"


def _translator(message):
    request = get_current_request()
    if request is None:
        return message.interpolate() if hasattr(message, "interpolate") else message
    return get_localizer(request).translate(message)


# Builds a TranslationString from Chameleon's i18n arguments, then asks the localizer.
_translate = ChameleonTranslate(_translator)


class TemplateCache:
    """Compiled templates by file path, shared by all requests of the process."""

    def __init__(self, auto_reload: bool = False) -> None:
        self.auto_reload = auto_reload
        self._templates: dict[Path, PageTemplateFile] = {}
        self._lock = threading.Lock()

    def get(self, path: Path) -> PageTemplateFile:
        template = self._templates.get(path)
        if template is None:
            with self._lock:
                template = self._templates.get(path)
                if template is None:
                    template = PageTemplateFile(str(path), auto_reload=self.auto_reload,
                                                translate=_translate)
                    self._templates[path] = template
        return template

    def for_request(self, spec: str, request) -> PageTemplateFile:
        return self.get(resolve_template(spec, getattr(request, "theme", None)))


class ThemedTemplateRenderer:
    def __init__(self, info) -> None:
        spec = info.name
        if ":" not in spec:
            package = info.package.__name__ if info.package else "lanta"
            spec = f"{package}:{spec}"
        self.spec = spec
        self.registry = info.registry

    def __call__(self, value: dict[str, Any], system: dict[str, Any]) -> str:
        request = system.get("request")
        cache: TemplateCache = self.registry.lanta_templates
        template = cache.for_request(self.spec, request)
        namespace = dict(system)
        namespace.update(value)
        namespace.setdefault("layout", cache.for_request(LAYOUT_SPEC, request))
        namespace.setdefault("ui", request.ui if request is not None else None)
        html = template(**namespace)
        # A doctype before a use-macro is dropped by Chameleon: restore it for full pages.
        if html.lstrip().startswith("<html"):
            html = "<!DOCTYPE html>\n" + html.lstrip()
        return html


def renderer_factory(info) -> ThemedTemplateRenderer:
    return ThemedTemplateRenderer(info)
