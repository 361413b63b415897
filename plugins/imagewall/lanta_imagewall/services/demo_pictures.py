"""Pictures for the demo wall, drawn with Pillow: no network, no bundled photo, and
nothing anyone owns. Each is a few flat shapes over a sky gradient, enough to suggest a
mountain range, a river in its valley, a market under its awnings, a lake at dusk or a
village, in a palette of its own; a seed varies the shapes from one picture to the next.
"""
from __future__ import annotations

import io
import random
from typing import Callable

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 960, 640
Colour = tuple[int, int, int]


def _mix(a: Colour, b: Colour, share: float) -> Colour:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b))  # type: ignore[return-value]


def _sky(draw: ImageDraw.ImageDraw, top: Colour, bottom: Colour, until: int) -> None:
    for y in range(until):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / max(until - 1, 1)))


def _ridge(rng: random.Random, base: int, height: int, peaks: int) -> list[tuple[int, int]]:
    """A mountain line across the picture, closed along the bottom edge."""
    step = WIDTH / peaks
    points = [(0, base - rng.randint(0, height // 3))]
    for n in range(peaks):
        points.append((round(step * n + step / 2), base - rng.randint(height // 2, height)))
        points.append((round(step * (n + 1)), base - rng.randint(0, height // 3)))
    return points + [(WIDTH, HEIGHT), (0, HEIGHT)]


def _mountains(draw, rng, palette) -> None:
    sky_top, sky_low, far, near = palette
    _sky(draw, sky_top, sky_low, HEIGHT)
    sun = rng.randint(120, WIDTH - 120)
    draw.ellipse([sun - 45, 90, sun + 45, 180], fill=(255, 236, 180))
    far_ridge = _ridge(rng, 420, 260, 4)
    draw.polygon(far_ridge, fill=far)
    for x, y in far_ridge[1:8:2]:  # snow on the far peaks
        draw.polygon([(x, y), (x - 28, y + 40), (x + 28, y + 40)], fill=(245, 248, 252))
    draw.polygon(_ridge(rng, 560, 160, 3), fill=near)


def _river(draw, rng, palette) -> None:
    sky_top, sky_low, hills, water = palette
    _sky(draw, sky_top, sky_low, 340)
    draw.polygon(_ridge(rng, 330, 120, 3), fill=hills)
    draw.rectangle([0, 330, WIDTH, HEIGHT], fill=_mix(hills, (40, 90, 40), 0.4))
    bend = rng.randint(-120, 120)
    draw.polygon([(WIDTH // 2 - 20, 330), (WIDTH // 2 + 20, 330),
                  (WIDTH // 2 + 160 + bend, HEIGHT), (WIDTH // 2 - 160 + bend, HEIGHT)],
                 fill=water)
    for n in range(6):  # light on the water
        y = 380 + n * 40
        draw.line([(WIDTH // 2 - 30 + bend * n // 6, y), (WIDTH // 2 + 10 + bend * n // 6, y)],
                  fill=_mix(water, (255, 255, 255), 0.5), width=3)


def _market(draw, rng, palette) -> None:
    wall, ground, awning, fruit = palette
    _sky(draw, (150, 200, 235), (225, 240, 250), 200)
    draw.rectangle([0, 200, WIDTH, 420], fill=wall)
    draw.rectangle([0, 420, WIDTH, HEIGHT], fill=ground)
    for n in range(4):  # four stalls under striped awnings
        left = 30 + n * 235
        for stripe in range(6):
            colour = awning if stripe % 2 == 0 else (250, 250, 245)
            draw.rectangle([left + stripe * 33, 300, left + (stripe + 1) * 33, 350], fill=colour)
        draw.rectangle([left, 440, left + 198, 520], fill=(140, 95, 60))
        for _ in range(14):
            x, y = rng.randint(left + 10, left + 185), rng.randint(420, 450)
            tint = _mix(fruit, (255, 220, 60), rng.random() * 0.6)
            draw.ellipse([x - 11, y - 11, x + 11, y + 11], fill=tint)


def _lake(draw, rng, palette) -> None:
    sky_top, sky_low, hills, water = palette
    _sky(draw, sky_top, sky_low, 380)
    sun = rng.randint(200, WIDTH - 200)
    draw.ellipse([sun - 60, 250, sun + 60, 370], fill=(255, 200, 120))
    draw.polygon(_ridge(rng, 360, 140, 5), fill=hills)
    draw.rectangle([0, 360, WIDTH, HEIGHT], fill=water)
    for n in range(8):  # the sun's path on the water
        half = 60 - n * 6
        draw.line([(sun - half, 380 + n * 28), (sun + half, 380 + n * 28)],
                  fill=(255, 210, 150), width=4)


def _village(draw, rng, palette) -> None:
    sky_top, sky_low, roof, wall = palette
    _sky(draw, sky_top, sky_low, HEIGHT)
    draw.polygon(_ridge(rng, 380, 180, 3), fill=(95, 130, 95))
    draw.rectangle([0, 470, WIDTH, HEIGHT], fill=(120, 150, 90))
    left = 20
    while left < WIDTH - 60:
        width, height = rng.randint(90, 140), rng.randint(90, 160)
        draw.rectangle([left, 480 - height, left + width, 480], fill=wall)
        draw.polygon([(left - 10, 480 - height), (left + width // 2, 430 - height),
                      (left + width + 10, 480 - height)], fill=roof)
        draw.rectangle([left + width // 2 - 12, 440, left + width // 2 + 12, 480],
                       fill=(90, 60, 40))
        left += width + rng.randint(20, 50)


SCENES: dict[str, Callable] = {"mountains": _mountains, "river": _river,
                                "market": _market, "lake": _lake, "village": _village}


def draw_jpeg(scene: str, palette: tuple[Colour, ...], seed: int) -> bytes:
    """A JPEG of ``scene`` (a key of ``SCENES``), as a phone would send one."""
    picture = Image.new("RGB", (WIDTH, HEIGHT))
    SCENES[scene](ImageDraw.Draw(picture), random.Random(seed), palette)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()
