"""QR codes for the welcome points' posters: an SVG file for print shops, an SVG element
to inline in a page, and a PNG, all drawn with segno from one address."""
from __future__ import annotations

import html
import io

import segno

from ..models import Partner
from .partner_vocabulary import WELCOME_POINTS

# "m" recovers from about 15 % damage: enough for a poster behind glass, and it keeps
# the code small enough to scan from a step away. segno may raise it when that costs no
# extra module, never lower it.
ERROR_LEVEL = "m"
# The quiet zone the standard asks for: scanners need four light modules around.
BORDER = 4
# Printed size of one module in the SVG file: 3 mm puts a usual address (version 3-4,
# about 40 modules with the border) at 11-12 cm, readable from a metre or two.
PRINT_MODULE_MM = 3


def _code(url: str) -> segno.QRCode:
    # make_qr, not make: a short address could come out as a Micro QR code, which most
    # phone cameras do not read.
    return segno.make_qr(url, error=ERROR_LEVEL)


def qr_svg(url: str, *, title: str) -> str:
    """A standalone SVG document encoding ``url``, sized in millimetres for print, with
    ``title`` as its <title> (escaped here)."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=PRINT_MODULE_MM, unit="mm", border=BORDER,
                    title=title, light="#fff", dark="#000", encoding="utf-8")
    return out.getvalue().decode("utf-8")


def qr_svg_inline(url: str, *, label: str) -> str:
    """An <svg> element encoding ``url`` for an HTML5 page: no XML declaration nor
    namespace, sized by CSS through its viewBox, named ``label`` for assistive
    technologies (role="img", aria-label)."""
    svg = _code(url).svg_inline(border=BORDER, omitsize=True, light="#fff", dark="#000",
                                svgclass="qr-code", lineclass=None)
    attributes = f'<svg role="img" aria-label="{html.escape(label, quote=True)}" '
    # segno's element always starts with "<svg ": the attributes go right after it.
    return attributes + svg.removeprefix("<svg ")


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A PNG image encoding ``url``, ``scale`` pixels per module."""
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=BORDER)
    return out.getvalue()


def is_welcome_point(partner: Partner) -> bool:
    """Whether ``partner`` welcomes visitors for the office (a welcome office, an oasis
    or a shop's relay corner), and so gets a QR poster."""
    return partner.category in WELCOME_POINTS or bool(partner.relay_corner)
