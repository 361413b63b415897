"""The geometry of the reports' bar charts, drawn as inline SVG by the template: no chart
library and no script, so the chart shows wherever the page does. The figures are also
in a table beside each chart, for screen readers and for copying."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_skeleton

WIDTH, HEIGHT = 440, 170
LEFT, RIGHT, TOP, BOTTOM = 34, 4, 10, 26


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # "14 juil. : 3", the bar's tooltip


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    day_labels: list[tuple[float, str, str]]  # x, anchor, text
    total: int


def _ceiling(value: int) -> int:
    """A round top for the axis (1, 2, 5, 10, 20, 50…), at least the highest bar."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def _label_place(index: int, last: int, slot: float) -> tuple[float, str]:
    """Where a day's label goes: the first and the last lean inwards, so that they stay
    inside the picture."""
    if last and index == 0:
        return LEFT, "start"
    if last and index == last:
        return WIDTH - RIGHT, "end"
    return round(LEFT + index * slot + slot / 2, 2), "middle"


def bar_chart(values: list[tuple[dt.date, int]], locale: str) -> Chart:
    """One bar per day; the axis shows 0, half and the top; at most three day labels
    (first, middle, last) so that they never overlap on a phone."""
    top = _ceiling(max((v for _d, v in values), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    slot = plot_width / max(1, len(values))
    bars = []
    for index, (day, value) in enumerate(values):
        height = plot_height * value / top
        short = format_skeleton("MMMd", day, locale=locale)
        bars.append(Bar(x=round(LEFT + index * slot + slot * 0.15, 2),
                        y=round(baseline - height, 2), width=round(slot * 0.7, 2),
                        height=round(height, 2), label=f"{short} : {value}"
                        if locale.startswith("fr") else f"{short}: {value}"))
    ticks = [Tick(round(baseline - plot_height * share, 2), str(round(top * share)))
             for share in (0, 0.5, 1) if share == 0 or top * share == int(top * share)]
    picked = sorted({0, len(values) // 2, len(values) - 1}) if values else []
    day_labels = [(*_label_place(i, len(values) - 1, slot),
                   format_skeleton("MMMd", values[i][0], locale=locale)) for i in picked]
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, bars, ticks, day_labels,
                 sum(v for _d, v in values))
