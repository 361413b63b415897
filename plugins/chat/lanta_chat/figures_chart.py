"""Bar charts of the chat's figures as plain geometry, drawn as inline SVG by the
template: no script and no chart library. Each chart has a table of the same figures
beside it, for screen readers and for copying."""
from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 480, 180
LEFT, RIGHT, TOP, BOTTOM = 36, 6, 12, 28
MAX_LABELS = 4  # axis labels under the bars: few enough never to overlap on a phone


@dataclass(frozen=True)
class Point:
    """One bar: ``short`` under the axis (when picked), ``title`` as its tooltip."""

    short: str
    title: str
    value: int


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class AxisLabel:
    x: float
    anchor: str
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    baseline: int
    bars: list[Bar]
    grid: list[Gridline]
    labels: list[AxisLabel]
    total: int


def nice_top(value: int) -> int:
    """The axis' top: the first of 1, 2, 5, 10, 20, 50… that holds ``value``."""
    top = 1
    while True:
        for factor in (1, 2, 5):
            if top * factor >= value:
                return top * factor
        top *= 10


def _picked(count: int) -> list[int]:
    if count <= MAX_LABELS:
        return list(range(count))
    return sorted({round(n * (count - 1) / (MAX_LABELS - 1)) for n in range(MAX_LABELS)})


def bar_chart(points: list[Point]) -> Chart:
    top = nice_top(max((p.value for p in points), default=0))
    inner_width, inner_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + inner_height
    step = inner_width / max(1, len(points))
    gap = min(step * 0.2, 4)
    bars = []
    for index, point in enumerate(points):
        height = inner_height * point.value / top
        bars.append(Bar(round(LEFT + index * step + gap / 2, 2), round(baseline - height, 2),
                        round(max(step - gap, 1), 2), round(height, 2), point.title))
    # Gridlines at 0, the middle (when a whole number) and the top.
    grid = [Gridline(round(baseline - inner_height * n / 2, 2), str(top * n // 2))
            for n in (0, 1, 2) if n != 1 or top % 2 == 0]
    labels = []
    last = len(points) - 1
    for index in _picked(len(points)):
        centre = LEFT + index * step + step / 2
        if last and index == 0:
            x, anchor = LEFT, "start"
        elif last and index == last:
            x, anchor = WIDTH - RIGHT, "end"
        else:
            x, anchor = centre, "middle"
        labels.append(AxisLabel(round(x, 2), anchor, points[index].short))
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, bars, grid, labels,
                 sum(p.value for p in points))
