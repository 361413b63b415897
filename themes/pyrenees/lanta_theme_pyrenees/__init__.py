"""The Pyrénées theme: a dark mountain-green header, serif headings and its own home page.

It overrides the core's home page (``templates/lanta/home.pt``) and favicon
(``static/lanta/img/favicon.svg``), and adds ``static/theme.css`` after the core's stylesheet.
"""
from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("lanta")

TITLE = _("Pyrenees")
DESCRIPTION = _("Mountain look: dark forest-green header, serif headings, wide home page "
                "with a skyline.")
