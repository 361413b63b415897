"""The OpenAPI 3.1 description of the playlists' feed (merged by :mod:`.openapi`)."""
from __future__ import annotations

from .models import KINDS, ORDERS

_PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
_LANG = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Language of the texts and addresses (default: the site's first)"}
_ETAG = {"ETag": {"description": "Send it back in If-None-Match to get a 304 when "
                                 "nothing changed", "schema": {"type": "string"}}}
_NOT_MODIFIED = {"description": "Nothing changed since the ETag sent in If-None-Match",
                 "headers": _ETAG}
_RULES = {"type": "object", "properties": {
    "slug": {"type": "string"}, "name": {"type": "string"},
    "photo_seconds": {"type": "integer", "minimum": 3, "maximum": 600},
    "featured_only": {"type": "boolean"},
    "recent_days": {"type": "integer", "minimum": 0,
                    "description": "0: any age; else items approved within these days, "
                                   "plus featured items and webcams of any age"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "partner_ids": {"type": "array", "items": {"type": "integer"}},
    "kinds": {"type": "array", "items": {"type": "string", "enum": list(KINDS)}},
    "max_items": {"type": "integer", "minimum": 1, "maximum": 500},
    "order": {"type": "string", "enum": list(ORDERS)}}}

PATHS: dict = {
    "/api/v1/imagewall/playlists": {"get": {
        "summary": "The playlists of the screens and the web TV",
        "operationId": "imagewall.playlists.list", "tags": ["imagewall"],
        "parameters": [_LANG],
        "responses": {
            "200": {"description": "Every playlist, by name", "headers": _ETAG,
                    "content": {"application/json": {"schema": {
                        "type": "object", "required": ["items"],
                        "properties": {"items": {"type": "array", "items": {
                            "type": "object",
                            "required": ["slug", "name", "photo_seconds", "url",
                                         "screen_url"],
                            "properties": {
                                "slug": {"type": "string"}, "name": {"type": "string"},
                                "photo_seconds": {"type": "integer"},
                                "url": {"type": "string", "format": "uri",
                                        "description": "The playlist's feed"},
                                "screen_url": {"type": "string", "format": "uri",
                                               "description": "The full-screen player"}}}}}}}}},
            "304": _NOT_MODIFIED,
            "400": {"description": "A language the site does not speak", **_PROBLEM}}}},
    "/api/v1/imagewall/playlists/{slug}": {"get": {
        "summary": "What a playlist plays now, in order",
        "description": "Poll it every poll_seconds with If-None-Match; play photos for "
                       "photo_seconds, clips to their end, webcams' images refreshed "
                       "every refresh_s seconds.",
        "operationId": "imagewall.playlists.one", "tags": ["imagewall"],
        "parameters": [{"name": "slug", "in": "path", "required": True,
                        "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,59}$"}},
                       _LANG],
        "responses": {
            "200": {"description": "The playlist's rules and items", "headers": _ETAG,
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["playlist", "items", "generated_at", "poll_seconds"],
                        "properties": {
                            "playlist": _RULES,
                            "items": {"type": "array", "items": {
                                "type": "object", "description": "An item, as in "
                                "/api/v1/imagewall/items/{id}"}},
                            "generated_at": {"type": "string", "format": "date-time"},
                            "poll_seconds": {"type": "integer"}}}}}},
            "304": _NOT_MODIFIED,
            "400": {"description": "A language the site does not speak", **_PROBLEM},
            "404": {"description": "No playlist has this address name", **_PROBLEM}}}},
}
