"""Lanta's default theme: the palette of the core's look, and no template override.

Its ``static/theme.css`` sets the colours and fonts that ``lanta:static/css/lanta.css``
reads from CSS custom properties.
"""
from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("lanta")

TITLE = _("Lanta (default)")
DESCRIPTION = _("Clear and calm: deep blue header, white pages, sans-serif type.")
