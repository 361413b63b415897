"""A statement as CSV: one row per confirmed booking of the month, validated or not.

Made for Excel in France by :func:`lanta.reporting.csv_bytes` (UTF-8 with a byte order
mark, ``;``, decimal commas). The header holds stable English keys whatever the page's
language; amounts are euros with a decimal comma, the rate a percentage ("7,5"), the
day ``YYYY-MM-DD``, ``validated`` is ``yes`` or ``no``: only the rows with ``yes`` add
up to the statement's commission.
"""
from __future__ import annotations

from lanta.reporting import csv_bytes, money_cell

from .services.hotels import rate_text
from .services.statements import Statement

COLUMNS = ("hotel", "activity", "reference", "day", "participants", "amount_eur",
           "rate_percent", "commission_eur", "validated")


def statement_csv(statement: Statement) -> bytes:
    return csv_bytes(COLUMNS, (
        [line.hotel_name, line.activity_name, line.reference, line.day.isoformat(),
         str(line.participants), money_cell(line.amount_cents), rate_text(line.rate_bp),
         money_cell(line.commission_cents), "yes" if line.validated else "no"]
        for line in statement.lines))


def filename(statement: Statement, who: str = "") -> str:
    """``spectrospoke-statement-2026-07.csv`` (``who``: a partner's slug)."""
    month = statement.period.start.strftime("%Y-%m")
    return f"spectrospoke-statement-{who + '-' if who else ''}{month}.csv"
