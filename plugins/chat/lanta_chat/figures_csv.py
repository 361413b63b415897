"""The chat's figures as CSV: one row per office day and channel, for a spreadsheet.

Laid out like the other exports of Lanta by :func:`lanta.reporting.csv_bytes`, for Excel
in France: UTF-8 with a byte order mark, ``;`` between fields, a decimal comma, CRLF line
ends, a channel's name starting like a formula made plain text (channels come from
add-ons); the header row holds stable English keys whatever the page's language. Times
are whole seconds. Every row of the range's channels is written, days without a
conversation included, so that a chart made from the file keeps its days in place.
"""
from __future__ import annotations

from lanta.reporting import csv_bytes

from .services.figures import Figures, Stats

COLUMNS = ("date", "channel", "conversations", "with_reply", "median_first_response_s",
           "median_duration_s", "ratings", "mean_rating")


def _seconds(value: float | None) -> str:
    return "" if value is None else str(round(value))


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def row(day, channel: str, stats: Stats) -> list[str]:
    """The cells of one day and channel, in the order of :data:`COLUMNS`."""
    return [day.isoformat(), channel, str(stats.conversations),
            str(stats.with_reply), _seconds(stats.median_first_response_s),
            _seconds(stats.median_duration_s), str(stats.ratings),
            _decimal(stats.mean_rating)]


def figures_csv(figures: Figures) -> bytes:
    """The whole file, header row first."""
    empty = Stats()
    return csv_bytes(COLUMNS, (
        row(day, channel, figures.per_day_channel.get((day, channel), empty))
        for day in figures.span.days for channel in figures.channels))
