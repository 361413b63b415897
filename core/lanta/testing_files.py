"""Real files for tests of uploads (the core's and add-ons'): made with Pillow, so that
they are what a camera or an editor's computer would send, not bytes that look alike."""
from __future__ import annotations

import functools
import io

from PIL import Image


def jpeg_bytes(width: int = 1000, height: int = 600,
               colour: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    """A plain JPEG photo of that size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo_like(width: int, height: int, seed: int = 1) -> Image.Image:
    """An RGB picture with gradients and grain, which compresses like a photo (a flat
    colour would make every size look cheap)."""
    horizontal = Image.linear_gradient("L").resize((width, height))
    vertical = horizontal.transpose(Image.Transpose.ROTATE_90).resize((width, height))
    grain = Image.effect_noise((width, height), 40 + seed % 20)
    return Image.merge("RGB", (horizontal, vertical, grain))


GPS_LATITUDE = 43.2951  # Pau: where the test photos say they were taken


def gps_exif(orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: a camera make, an orientation when given, and a GPS
    position (near Pau)."""
    exif = Image.Exif()
    exif[0x010F] = "Lanta test camera"  # Make
    if orientation is not None:
        exif[0x0112] = orientation  # Orientation
    gps = {1: "N", 2: (43.0, 17.0, 42.36), 3: "W", 4: (0.0, 22.0, 14.88),
           5: 0, 6: 207.0}  # latitude, longitude, altitude
    exif[0x8825] = gps  # the GPS IFD
    return exif


def jpeg_with_gps(width: int = 1200, height: int = 800) -> bytes:
    """A JPEG whose EXIF holds a camera make and a GPS position (as phones write)."""
    return _saved(photo_like(width, height), "JPEG", exif=gps_exif(), quality=90)


def jpeg_rotated(width: int = 1200, height: int = 800) -> bytes:
    """A JPEG stored ``width`` × ``height`` whose EXIF orientation (6) says: turn it a
    quarter clockwise to show it (a phone held upright)."""
    return _saved(photo_like(width, height, seed=2), "JPEG", exif=gps_exif(6), quality=90)


def png_bytes(width: int = 900, height: int = 600) -> bytes:
    """A PNG with transparency."""
    image = photo_like(width, height, seed=3).convert("RGBA")
    image.putalpha(200)
    return _saved(image, "PNG")


def webp_bytes(width: int = 900, height: int = 600) -> bytes:
    return _saved(photo_like(width, height, seed=4), "WEBP", quality=80)


def decompression_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG of a few hundred bytes that announces ``width`` × ``height`` pixels: its
    IHDR chunk is rewritten (CRC included) over a one-pixel image, so that only a reader
    that trusts the header would try to allocate the bitmap."""
    import struct
    import zlib

    data = bytearray(_saved(Image.new("L", (1, 1)), "PNG"))
    ihdr_at = data.index(b"IHDR")
    body = struct.pack(">II", width, height) + bytes(data[ihdr_at + 12:ihdr_at + 17])
    data[ihdr_at + 4:ihdr_at + 17] = body
    crc = zlib.crc32(b"IHDR" + body) & 0xFFFFFFFF
    data[ihdr_at + 17:ihdr_at + 21] = struct.pack(">I", crc)
    return bytes(data)


def truncated_jpeg(width: int = 800, height: int = 600) -> bytes:
    """A JPEG cut half-way through its picture data (an upload interrupted)."""
    whole = _saved(photo_like(width, height, seed=5), "JPEG", quality=90)
    return whole[:len(whole) // 2]


@functools.lru_cache(maxsize=4)
def mp4_bytes(seconds: float = 1.0, size: str = "160x120") -> bytes:
    """A real H.264 MP4 clip drawn by ffmpeg's test source (``ffmpeg`` must be on PATH:
    Debian's package); its ``moov`` box comes first so players start at once. Made once
    per size and length in a test run."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    program = shutil.which("ffmpeg")
    if program is None:
        raise RuntimeError("ffmpeg is not installed: install Debian's ffmpeg package.")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "clip.mp4"
        subprocess.run([program, "-v", "error", "-f", "lavfi", "-i",
                        f"testsrc=duration={seconds}:size={size}:rate=10",
                        "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(target)],
                       check=True, timeout=60, capture_output=True)
        return target.read_bytes()
