"""The chat's figures as CSV: one row per office day and channel, for a spreadsheet.

Laid out like the other exports of Lanta, for Excel in France: UTF-8 with a byte order
mark, ``;`` between fields, a decimal comma, CRLF line ends; the header row holds stable
English keys whatever the page's language. Times are whole seconds. Every row of the
range's channels is written, days without a conversation included, so that a chart
made from the file keeps its days in place.
"""
from __future__ import annotations

import csv
import io

from .services.figures import Figures, Stats

COLUMNS = ("date", "channel", "conversations", "with_reply", "median_first_response_s",
           "median_duration_s", "ratings", "mean_rating")
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    # A channel's name comes from an add-on: a cell that starts like a formula would run
    # in the spreadsheet (CSV injection), so it is made plain text.
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _seconds(value: float | None) -> str:
    return "" if value is None else str(round(value))


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def row(day, channel: str, stats: Stats) -> list[str]:
    return [day.isoformat(), _text(channel), str(stats.conversations),
            str(stats.with_reply), _seconds(stats.median_first_response_s),
            _seconds(stats.median_duration_s), str(stats.ratings),
            _decimal(stats.mean_rating)]


def figures_csv(figures: Figures) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    empty = Stats()
    for day in figures.span.days:
        for channel in figures.channels:
            writer.writerow(row(day, channel,
                                figures.per_day_channel.get((day, channel), empty)))
    return (BOM + out.getvalue()).encode("utf-8")
