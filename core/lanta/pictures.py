"""The markup of stored pictures (:class:`lanta.models.StoredImage`), public for add-ons:
``<picture>`` with WebP and JPEG renditions, so that each browser fetches the smallest
file that fits, and the address of one rendition (JSON-LD, e-mails, a plain ``<img>``)."""
from __future__ import annotations

from markupsafe import Markup, escape

from .models import StoredImage


def picture(request, image: StoredImage | None, sizes: str = "100vw", css_class: str = "",
            lazy: bool = True) -> Markup:
    """``<picture>`` with WebP and JPEG ``srcset`` lists, the text alternative and the
    intrinsic size (no layout shift while it loads); empty without a picture."""
    if image is None:
        return Markup("")

    # One route_url per picture, not one per rendition: a wall of 48 pictures would
    # spend a third of its time generating the same prefix 500 times.
    folder = request.route_url("media.image", key=image.key, name="")

    def url(name: str) -> str:
        return folder + name

    def srcset(extension: str) -> str:
        return ", ".join(f"{url(f'{w}.{extension}')} {w}w" for w in image.widths)

    fallback = url(f"{image.widths[min(1, len(image.widths) - 1)]}.jpg")
    loading = ' loading="lazy"' if lazy else ""
    css = f' class="{escape(css_class)}"' if css_class else ""
    return Markup(
        f'<picture{css}><source type="image/webp" srcset="{escape(srcset("webp"))}" '
        f'sizes="{escape(sizes)}">'
        f'<img src="{escape(fallback)}" srcset="{escape(srcset("jpg"))}" '
        f'sizes="{escape(sizes)}" width="{image.width}" height="{image.height}" '
        f'alt="{escape(image.alt)}" decoding="async"{loading}></picture>')


def image_url(request, image: StoredImage, at_most: int = 1280, extension: str = "jpg") -> str:
    """The address of the widest rendition of ``image`` no wider than ``at_most``."""
    fitting = [w for w in image.widths if w <= at_most] or image.widths[:1]
    return request.route_url("media.image", key=image.key, name=f"{fitting[-1]}.{extension}")
