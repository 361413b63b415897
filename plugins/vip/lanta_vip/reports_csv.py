"""The CSV file an office sends a partner to invoice the VIP offers it granted: one row
per redemption, so that each line can be checked against the partner's own till.

Made for Excel in France, which most offices and partners open it with: UTF-8 with a
byte order mark (without it Excel reads the accents as Latin-1), ``;`` between fields
and a decimal comma in amounts (what French Excel expects), CRLF line ends. The header
row holds stable English keys, the same whatever the page's language, so that an
office's invoicing spreadsheet or script keeps working. The card number is written as
printed on the card (``123 456 789``): the partner finds it at a glance, and Excel keeps
it as text.
"""
from __future__ import annotations

import csv
import io

from .services.clock import OFFICE_TZ
from .services.secrets import format_card_number
from .services.reports import RedemptionLine

COLUMNS = ("date", "time", "partner", "partner_slug", "offer_id", "offer", "kind",
           "value", "unit", "card_number", "terminal")
BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    # Partners write offer titles: a cell starting like a formula would run in the
    # office's spreadsheet (CSV injection), so it is made plain text.
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _value(kind: str, value: int | None) -> tuple[str, str]:
    if value is None:
        return "", ""
    if kind == "percent":
        return str(value), "%"
    if kind == "amount":
        euros, cents = divmod(value, 100)
        return f"{euros},{cents:02d}", "EUR"
    return str(value), ""


def row(line: RedemptionLine) -> list[str]:
    at = line.redeemed_at.astimezone(OFFICE_TZ)
    value, unit = _value(line.offer.kind, line.offer.value)
    return [at.strftime("%Y-%m-%d"), at.strftime("%H:%M"),
            _text(line.partner.text("name", "fr")), line.partner.slug, str(line.offer.id),
            _text(line.offer.text_for("title", "fr")), line.offer.kind, value, unit,
            format_card_number(line.card_number), _text(line.terminal_label)]


def redemptions_csv(lines: list[RedemptionLine]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(line) for line in lines)
    return (BOM + out.getvalue()).encode("utf-8")
