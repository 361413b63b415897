"""The add-on's part of the OpenAPI 3.1 document (``/api/v1/vip/…``)."""
from __future__ import annotations

from .models import MAX_ID

PROBLEM = {
    "type": "object",
    "required": ["status", "title"],
    "properties": {"type": {"type": "string"}, "status": {"type": "integer"},
                   "title": {"type": "string"}, "detail": {"type": "string"}},
}
AUTH_NOTE = ("Send the terminal's key as Authorization: Bearer KEY. (The scheme is not "
             "declared under components: the core does not let add-ons add to them yet.)")
OFFER = {
    "type": "object",
    "required": ["id", "kind", "value", "title", "text", "terms", "language", "valid_until",
                 "valid_until_day", "remaining"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string",
                 "enum": ["percent", "amount", "gift", "free_entry", "priority"]},
        "value": {"type": ["integer", "null"],
                  "description": "Percent for percent, cents for amount, else null"},
        "title": {"type": "string"}, "text": {"type": "string"},
        "terms": {"type": "string"},
        "language": {"type": "string", "description": "The language of the texts"},
        "valid_until": {"type": ["string", "null"], "format": "date-time",
                        "description": "The first instant the offer no longer works"},
        "valid_until_day": {"type": ["string", "null"], "format": "date",
                            "description": "The last day it works, office time "
                                           "(Europe/Paris): the one to show"},
        "remaining": {"type": ["integer", "null"],
                      "description": "Uses the limits still allow this visitor (null: no limit)"},
    },
}
REDEMPTION = {
    "type": "object",
    "required": ["id", "request_id", "offer_id", "card_number", "redeemed_at"],
    "properties": {
        "id": {"type": "integer"}, "request_id": {"type": "string"},
        "offer_id": {"type": "integer"}, "card_number": {"type": ["string", "null"]},
        "redeemed_at": {"type": "string", "format": "date-time"},
    },
}
CARD = {"type": "string", "minLength": 1, "maxLength": 200,
        "description": "The card's NFC UID (hex), its QR token or its printed number"}


def _problems(*codes: tuple[str, str]) -> dict:
    return {code: {"description": why, "content": {"application/problem+json": {
        "schema": PROBLEM}}} for code, why in codes}


def _json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


AUTH_PROBLEMS = (("400", "A body that is not the JSON asked for"),
                 ("401", "A missing, unknown or revoked terminal key"),
                 ("404", "An unknown card"),
                 ("410", "A blocked, replaced or retired card, or a stay that has ended"),
                 ("429", "Too many look-ups; see Retry-After"))


def paths() -> dict:
    return {
        "/api/v1/vip/terminals/pair": {"post": {
            "summary": "Exchange a one-time pairing code for the terminal's key",
            "operationId": "vip.pair", "tags": ["vip"],
            "requestBody": _json_body({"type": "object", "required": ["code"],
                                       "properties": {"code": {"type": "string"}}}),
            "responses": {
                "201": {"description": "The key, shown once", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["key", "terminal", "partner"],
                               "properties": {"key": {"type": "string"},
                                              "terminal": {"type": "object"},
                                              "partner": {"type": "object"}}}}}},
                **_problems(("400", "A body that is not the JSON asked for"),
                            ("404", "An unknown, spent or expired code")),
            }}},
        "/api/v1/vip/scan": {"post": {
            "summary": "The visitor's first name, language and the offers this partner may "
                       "grant now, best first",
            "operationId": "vip.scan", "tags": ["vip"], "description": AUTH_NOTE,
            "requestBody": _json_body({"type": "object", "required": ["card"], "properties": {
                "card": CARD,
                "lang": {"type": "string", "description": "Language of the offers' texts"}}}),
            "responses": {
                "200": {"description": "The card holder and the offers", "content": {
                    "application/json": {"schema": {
                        "type": "object",
                        "required": ["card_number", "first_name", "language", "offers"],
                        "properties": {"card_number": {"type": "string"},
                                       "first_name": {"type": "string"},
                                       "language": {"type": "string"},
                                       "offers": {"type": "array", "items": OFFER}}}}}},
                **_problems(*AUTH_PROBLEMS, ("409", "The card's stay has not begun")),
            }}},
        "/api/v1/vip/redemptions": {"post": {
            "summary": "Grant an offer to a card, once per request_id",
            "description": "The same request_id again answers 200 with the first "
                           "redemption's body, never a second redemption, whatever "
                           "happened since (redeemed_at out of the window, the card "
                           "retired or erased). " + AUTH_NOTE,
            "operationId": "vip.redeem", "tags": ["vip"],
            "requestBody": _json_body({
                "type": "object", "required": ["card", "offer_id", "request_id"],
                "properties": {
                    "card": CARD,
                    "offer_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    "request_id": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,64}$"},
                    "redeemed_at": {"type": "string", "format": "date-time",
                                    "description": "When an offline terminal granted it "
                                                   "(at most 72 hours ago)"}}}),
            "responses": {
                "201": {"description": "Granted", "content": {"application/json": {
                    "schema": REDEMPTION}}},
                "200": {"description": "Granted before under this request_id",
                        "content": {"application/json": {"schema": REDEMPTION}}},
                **_problems(*AUTH_PROBLEMS,
                            ("409", "Not grantable now (the detail says why), or the "
                                    "request_id was used for another redemption"),
                            ("422", "redeemed_at too old or in the future")),
            }}},
    }

