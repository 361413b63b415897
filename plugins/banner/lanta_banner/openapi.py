"""The add-on's part of the OpenAPI 3.1 document (``/api/v1/banner/…``)."""
from __future__ import annotations

NOTICE = {
    "type": "object",
    "required": ["id", "level", "text", "language", "link", "starts_at", "ends_at"],
    "properties": {
        "id": {"type": "integer"},
        "level": {"type": "string", "enum": ["info", "warning", "alert"]},
        "text": {"type": "string", "description": "In the language asked, else French"},
        "language": {"type": "string", "description": "The language the text is in"},
        "link": {"type": ["string", "null"]},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

PROBLEM = {
    "type": "object",
    "required": ["status", "title"],
    "properties": {"type": {"type": "string"}, "status": {"type": "integer"},
                   "title": {"type": "string"}, "detail": {"type": "string"}},
}


def paths() -> dict:
    return {
        "/api/v1/banner/current": {
            "get": {
                "summary": "Practical notices in force now, most severe first",
                "operationId": "banner.current",
                "tags": ["banner"],
                "parameters": [{
                    "name": "lang", "in": "query", "required": False,
                    "description": "A language of the site (default: its first one)",
                    "schema": {"type": "string", "pattern": "^[a-z]{2}$"},
                }],
                "responses": {
                    "200": {"description": "The current notices", "content": {
                        "application/json": {"schema": {
                            "type": "object", "required": ["items"],
                            "properties": {"items": {"type": "array", "items": NOTICE}}}}}},
                    "400": {"description": "A language the site does not offer",
                            "content": {"application/problem+json": {"schema": PROBLEM}}},
                },
            }
        }
    }
