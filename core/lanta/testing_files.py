"""Real files for tests of uploads (the core's and add-ons'): made with Pillow, so that
they are what a camera or an editor's computer would send, not bytes that look alike."""
from __future__ import annotations

import io

from PIL import Image


def jpeg_bytes(width: int = 1000, height: int = 600,
               colour: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    """A plain JPEG photo of that size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()
