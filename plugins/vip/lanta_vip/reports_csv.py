"""The CSV file an office sends a partner to invoice the VIP offers it granted: one row
per redemption, so that each line can be checked against the partner's own till.

Laid out for Excel in France by :func:`lanta.reporting.csv_bytes` (byte order mark,
``;``, decimal comma, CRLF; a partner's text starting like a formula made plain text).
The header row holds stable English keys, the same whatever the page's language, so that
an office's invoicing spreadsheet or script keeps working. The card number is written as
printed on the card (``123 456 789``): the partner finds it at a glance, and Excel keeps
it as text.
"""
from __future__ import annotations

from lanta.reporting import OFFICE_TZ, csv_bytes, money_cell

from .services.reports import RedemptionLine
from .services.secrets import format_card_number

COLUMNS = ("date", "time", "partner", "partner_slug", "offer_id", "offer", "kind",
           "value", "unit", "card_number", "terminal")


def _value(kind: str, value: int | None) -> tuple[str, str]:
    if value is None:
        return "", ""
    if kind == "percent":
        return str(value), "%"
    if kind == "amount":
        return money_cell(value), "EUR"
    return str(value), ""


def row(line: RedemptionLine) -> list[str]:
    """The cells of one redemption, in the order of :data:`COLUMNS`."""
    at = line.redeemed_at.astimezone(OFFICE_TZ)
    value, unit = _value(line.offer.kind, line.offer.value)
    return [at.strftime("%Y-%m-%d"), at.strftime("%H:%M"), line.partner.text("name", "fr"),
            line.partner.slug, str(line.offer.id), line.offer.text_for("title", "fr"),
            line.offer.kind, value, unit, format_card_number(line.card_number),
            line.terminal_label]


def redemptions_csv(lines: list[RedemptionLine]) -> bytes:
    """The whole file, header row first."""
    return csv_bytes(COLUMNS, (row(line) for line in lines))
