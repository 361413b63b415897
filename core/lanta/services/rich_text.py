"""Editors' rich text: sanitised with nh3 before it is stored, and read back as plain text
for search, summaries and revision diffs.

Only the structure an article needs survives: no scripts, styles, event handlers, frames
or forms, links limited to web, mail and phone addresses. ``<h1>`` is refused (its text is
kept) because the page title is the page's one ``<h1>``.
"""
from __future__ import annotations

from html.parser import HTMLParser

import nh3

from .errors import InvalidField

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr",
    "th", "td", "caption", "hr", "code", "pre", "abbr",
}
ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "*": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements whose content goes with them (the text of a script is no article text).
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript"}
BLOCKS = {"p", "br", "h2", "h3", "h4", "li", "tr", "blockquote", "figcaption", "pre", "hr",
          "caption", "td", "th"}


def sanitise(html: str) -> str:
    """The HTML an editor sent, reduced to the allowed elements, attributes and links."""
    return nh3.clean(html or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     clean_content_tags=DROPPED_WITH_CONTENT).strip()


def check_images(html: str, field: str = "body") -> None:
    """Every image needs a text alternative (WCAG 1.1.1); an empty one marks it decorative."""
    parser = _Reader()
    parser.feed(html)
    if parser.images_without_alt:
        raise InvalidField(
            "Every image needs a text alternative: describe what it shows, or leave the "
            "description empty only for a purely decorative image.", on=field)


def plain_text(html: str) -> str:
    """The text of sanitised HTML, one line per block, for search and diffs."""
    parser = _Reader()
    parser.feed(html or "")
    lines = ("".join(parser.parts)).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images_without_alt = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img" and "alt" not in dict(attrs):
            self.images_without_alt += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)
