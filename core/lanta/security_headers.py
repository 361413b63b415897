"""Headers that make browsers refuse what the site never does: be framed by another site,
guess content types, or leak full addresses to other sites.

A view may set its own value first (a page meant to be embedded by partners, say): these
are defaults, never overrides.
"""
from __future__ import annotations

DEFAULT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Clickjacking: frame-ancestors for current browsers, X-Frame-Options for older ones.
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def security_headers_tween_factory(handler, registry):
    def tween(request):
        response = handler(request)
        for name, value in DEFAULT_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
    return tween


def includeme(config) -> None:
    config.add_tween("lanta.security_headers.security_headers_tween_factory")
