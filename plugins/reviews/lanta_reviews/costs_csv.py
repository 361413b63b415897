"""The CSV of a season's claims for the office's accounting: one row per claim.

Same conventions as the VIP add-on's invoicing export, since the same office opens both
in French Excel: UTF-8 with a byte order mark, ``;`` between fields, decimal comma,
CRLF line ends, stable English keys in the header. Testers choose their display name
and partners their listing's name: a cell that starts like a formula is made plain text
(CSV injection).
"""
from __future__ import annotations

import csv
import io

from .services.cost_report import ClaimLine
from .services.seasons import OFFICE_TZ, format_euros

COLUMNS = ("test_id", "visit_date", "tester", "partner", "partner_slug", "amount_eur",
           "office_share_eur", "status", "claimed_on", "paid_on")
BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _day(at) -> str:
    return at.astimezone(OFFICE_TZ).strftime("%Y-%m-%d") if at is not None else ""


def row(line: ClaimLine) -> list[str]:
    test = line.test
    # A share is owed only once approved; a waiting or refused claim owes nothing.
    share = format_euros(test.office_share_cents) \
        if test.claim_status in ("approved", "paid") else ""
    return [str(test.id), test.visited_on.isoformat(), _text(line.tester_name),
            _text(line.partner.text("name", "fr")), line.partner.slug,
            format_euros(test.amount_cents), share, test.claim_status,
            _day(test.claimed_at), _day(test.paid_at)]


def claims_csv(lines: list[ClaimLine]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(line) for line in lines)
    return (BOM + out.getvalue()).encode("utf-8")
