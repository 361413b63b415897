"""The welcome points' QR posters: the printable page, the code as SVG and PNG, and the
link staff follow from the partner page. Codes are decoded with zxing-cpp, as a phone
would read them, never compared with a re-rendering."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from lanta.services import partners as partners_service
from lanta.services import qr_codes

SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OASIS_URL = "http://localhost/fr/around?from=oasis-du-foirail"


@pytest.fixture
def points(dbsession):
    def add(slug, category, **data):
        return partners_service.create(dbsession, {
            "slug": slug, "category": category, "city": "Lanta",
            "lat": 43.2951, "lon": -0.3708, **data})
    return {
        "oasis": add("oasis-du-foirail", "oasis",
                     name={"fr": "Oasis du Foirail", "en": "Foirail oasis"}),
        "relay": add("epicerie-relais", "shop", relay_corner=True,
                     name={"fr": "Épicerie relais"}),
        "restaurant": add("bistrot", "restaurant", name={"fr": "Le Bistrot"}),
        "draft": add("oasis-brouillon", "oasis", name={"fr": "Oasis brouillon"},
                     published=False),
    }


def decode(image: Image.Image) -> list[str]:
    """The texts of the QR codes zxing finds in ``image`` (Micro QR codes excluded)."""
    return [r.text for r in zxingcpp.read_barcodes(image)
            if r.format == zxingcpp.BarcodeFormat.QRCode]


def rasterize(path_data: str, pixels_per_module: int = 8) -> Image.Image:
    """Draws segno's dark path (``M``/``m`` moves and ``h`` runs on half-module rows)
    on white, with the four-module quiet zone the path starts after."""
    x = y = 0.0
    runs = []
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path_data):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            runs.append((x, y - 0.5, float(a)))
            x += float(a)
    assert runs, f"no module drawn in {path_data[:80]!r}"
    edge = max(max(x0 + w for x0, _y, w in runs), max(y0 + 1 for _x, y0, _w in runs))
    size = int(edge) + qr_codes.BORDER
    image = Image.new("L", (size * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(image)
    for x0, y0, width in runs:
        draw.rectangle([x0 * pixels_per_module, y0 * pixels_per_module,
                        (x0 + width) * pixels_per_module - 1,
                        (y0 + 1) * pixels_per_module - 1], fill=0)
    return image


def dark_path(svg_root: ET.Element) -> str:
    """The ``d`` of the path drawing the dark modules (the one with a stroke)."""
    paths = [p.get("d") for p in svg_root.iter(f"{SVG_NS}path") if p.get("stroke")]
    assert len(paths) == 1
    return paths[0]


# --- the poster page --------------------------------------------------------------------


def test_the_poster_of_an_oasis(testapp, points):
    page = testapp.get("/en/partners/oasis-du-foirail/poster")
    poster = page.html.select_one("article.poster")
    assert poster.h1.get_text(strip=True) == "Foirail oasis"
    assert "Scan me: what is around you, open now" in poster.get_text()
    url = "http://localhost/en/around?from=oasis-du-foirail"
    assert poster.select_one(".poster__url").get_text(strip=True) == url
    assert "save it as PDF from the print dialog" in page.text
    downloads = [a["href"] for a in page.html.select(".poster-tools__downloads a[download]")]
    assert downloads == ["http://localhost/en/partners/oasis-du-foirail/qr.svg",
                         "http://localhost/en/partners/oasis-du-foirail/qr.png"]
    stylesheets = [link["href"] for link in page.html.head.select("link[rel=stylesheet]")]
    assert any(href.endswith("/css/poster.css") for href in stylesheets)


def test_the_poster_of_a_relay_corner(testapp, points):
    page = testapp.get("/fr/partners/epicerie-relais/poster")
    assert page.html.select_one(".poster h1").get_text(strip=True) == "Épicerie relais"
    assert page.html.select_one(".poster__url").get_text(strip=True) == \
        "http://localhost/fr/around?from=epicerie-relais"


def test_the_code_on_the_poster_opens_around_me_centred_on_the_point(testapp, points):
    page = testapp.get("/fr/partners/oasis-du-foirail/poster")
    paths = [p["d"] for p in page.html.select(".poster__code svg path[stroke]")]
    assert len(paths) == 1
    assert decode(rasterize(paths[0])) == [OASIS_URL]
    around = testapp.get(OASIS_URL.removeprefix("http://localhost"))
    assert "Oasis du Foirail" in around.text


def test_the_inlined_code_has_an_accessible_name(testapp, points):
    page = testapp.get("/en/partners/oasis-du-foirail/poster")
    svg = page.html.select_one(".poster__code svg")
    assert svg["role"] == "img"
    assert svg["aria-label"] == "QR code: what is around Foirail oasis"
    # Inlined in HTML5: no XML declaration inside the page.
    assert "<?xml" not in page.text


def test_the_poster_page_has_no_duplicate_ids(testapp, points):
    page = testapp.get("/fr/partners/oasis-du-foirail/poster")
    ids = Counter(tag["id"] for tag in page.html.select("[id]"))
    assert ids and [i for i, count in ids.items() if count > 1] == []


# --- the code alone -----------------------------------------------------------------------


def test_the_svg_file(testapp, points):
    response = testapp.get("/fr/partners/oasis-du-foirail/qr.svg")
    assert response.content_type == "image/svg+xml"
    assert response.headers["Content-Disposition"] == \
        'inline; filename="qr-oasis-du-foirail-fr.svg"'
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    root = ET.fromstring(response.body)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("width").endswith("mm")  # sized for print, not for a screen
    assert root.find(f"{SVG_NS}title").text == "QR code : ce qu’il y a autour de Oasis du Foirail"
    assert decode(rasterize(dark_path(root))) == [OASIS_URL]


def test_the_png_file(testapp, points):
    response = testapp.get("/en/partners/epicerie-relais/qr.png")
    assert response.content_type == "image/png"
    assert response.body.startswith(PNG_MAGIC)
    assert response.headers["Content-Disposition"] == \
        'inline; filename="qr-epicerie-relais-en.png"'
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    image = Image.open(io.BytesIO(response.body))
    assert decode(image) == ["http://localhost/en/around?from=epicerie-relais"]


@pytest.mark.parametrize("path", ("poster", "qr.svg", "qr.png"))
@pytest.mark.parametrize("slug", ("bistrot", "nobody", "oasis-brouillon"))
def test_no_poster_but_for_a_published_welcome_point(testapp, points, path, slug):
    testapp.get(f"/fr/partners/{slug}/{path}", status=404)


def test_a_restaurant_is_told_it_is_no_welcome_point(testapp, points):
    page = testapp.get("/en/partners/bistrot/poster", status=404)
    assert "No welcome point at this address." in page.text


def test_no_poster_in_a_language_the_site_does_not_speak(testapp, points):
    testapp.get("/de/partners/oasis-du-foirail/poster", status=404)
    testapp.get("/de/partners/oasis-du-foirail/qr.png", status=404)


# --- the link on the partner page ---------------------------------------------------------


def poster_links(page):
    return [a["href"] for a in page.html.select(".partner__facts a")
            if a["href"].endswith("/poster")]


def test_editors_find_the_poster_link_on_a_welcome_point(testapp, points, login):
    login("editor")
    page = testapp.get("/en/partners/oasis-du-foirail")
    assert poster_links(page) == ["http://localhost/en/partners/oasis-du-foirail/poster"]
    assert page.html.select_one(".partner__poster a").get_text(strip=True) == \
        "Print the QR poster"
    assert poster_links(testapp.get("/en/partners/epicerie-relais")) == [
        "http://localhost/en/partners/epicerie-relais/poster"]
    assert poster_links(testapp.get("/en/partners/bistrot")) == []


def test_visitors_get_no_poster_link(testapp, points, login):
    assert poster_links(testapp.get("/en/partners/oasis-du-foirail")) == []
    login("visitor")
    assert poster_links(testapp.get("/en/partners/oasis-du-foirail")) == []


# --- the service ----------------------------------------------------------------------------


def test_a_short_address_still_makes_a_full_qr_code():
    # segno would pick a Micro QR code for so few characters; phones do not read those.
    image = Image.open(io.BytesIO(qr_codes.qr_png("http://a.fr/", scale=6)))
    assert decode(image) == ["http://a.fr/"]


def test_the_title_of_the_svg_file_is_escaped():
    svg = qr_codes.qr_svg("http://localhost/", title="<Tom & Jerry>")
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.find(f"{SVG_NS}title").text == "<Tom & Jerry>"


def test_the_label_of_the_inline_svg_is_escaped():
    svg = qr_codes.qr_svg_inline("http://localhost/", label='say "hi" <b>')
    assert svg.startswith('<svg role="img" aria-label="say &quot;hi&quot; &lt;b&gt;" ')
    assert "<?xml" not in svg and "xmlns" not in svg
