"""The add-on's part of the OpenAPI 3.1 document: the items' feed here, the playlists'
from :mod:`.playlists_openapi`."""
from __future__ import annotations

from lanta.services.partner_vocabulary import ENVIES

from .models import KINDS
from .services.wall import MAX_LIMIT

PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ETAG = {"ETag": {"description": "Send it back in If-None-Match to get a 304 when nothing "
                                "changed", "schema": {"type": "string"}}}
NOT_MODIFIED = {"description": "Nothing changed since the ETag sent in If-None-Match",
                "headers": ETAG}
URI = {"type": "string", "format": "uri"}
RENDITION = {"type": "object", "required": ["jpeg", "webp"],
             "properties": {"jpeg": URI, "webp": URI}}
ITEM = {
    "type": "object",
    "required": ["id", "kind", "caption", "credit", "tags", "featured", "approved_at", "url",
                 "place", "image", "video", "webcam"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "caption": {"type": "string"},
        "credit": {"type": "string", "description": "The name to show beside the picture"},
        "tags": {"type": "array", "items": {"type": "string"},
                 "description": "Activity codes (the directory's envies)"},
        "featured": {"type": "boolean"},
        "approved_at": {"type": ["string", "null"], "format": "date-time"},
        "url": {**URI, "description": "The item's page on the wall"},
        "place": {"type": ["object", "null"], "properties": {
            "name": {"type": ["string", "null"]},
            "partner_id": {"type": ["integer", "null"]},
            "partner_url": {"type": ["string", "null"], "format": "uri"},
            "lat": {"type": ["number", "null"]}, "lon": {"type": ["number", "null"]}}},
        "image": {"type": ["object", "null"],
                  "description": "A photo's renditions, or a clip's poster frame",
                  "properties": {"thumbnail": RENDITION, "tile": RENDITION, "full": RENDITION,
                                 "width": {"type": "integer"}, "height": {"type": "integer"},
                                 "alt": {"type": "string"}}},
        "video": {"type": ["object", "null"], "properties": {
            "url": URI, "type": {"type": "string"},
            "duration_s": {"type": ["number", "null"]}}},
        "webcam": {"type": ["object", "null"], "properties": {
            "url": {"type": "string"},
            "refresh_s": {"type": ["integer", "null"],
                          "description": "Fetch the image again every so many seconds "
                                         "(null: a live stream)"}}},
    },
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


LANG = _query("lang", {"type": "string"},
              "Language of the places' names and addresses (default: the site's first)")


def items_paths() -> dict:
    return {
        "/api/v1/imagewall/items": {"get": {
            "summary": "The wall's items, newest approved first, a page at a time",
            "description": "Follow next_cursor (null on the last page) as cursor for the "
                           "next page: pages neither repeat nor skip an item when new ones "
                           "are approved meanwhile.",
            "operationId": "imagewall.items.list", "tags": ["imagewall"],
            "parameters": [
                _query("tag", {"type": "string", "enum": list(ENVIES)}, "One activity"),
                _query("partner_id", {"type": "integer", "minimum": 1,
                                      "maximum": 2**31 - 1}, "One listing's items"),
                _query("kind", {"type": "string", "enum": list(KINDS)}, "One kind"),
                LANG,
                _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                                 "default": 24}, "Page size"),
                _query("cursor", {"type": "string"},
                       "next_cursor of the previous page (opaque)"),
            ],
            "responses": {
                "200": {"description": "A page of items", "headers": ETAG,
                        "content": {"application/json": {"schema": {
                            "type": "object", "required": ["items", "next_cursor"],
                            "properties": {"items": {"type": "array", "items": ITEM},
                                           "next_cursor": {"type": ["string", "null"]}}}}}},
                "304": NOT_MODIFIED,
                "400": {"description": "A parameter that cannot be understood", **PROBLEM},
            }}},
        "/api/v1/imagewall/items/{id}": {"get": {
            "summary": "One item of the wall",
            "operationId": "imagewall.items.one", "tags": ["imagewall"],
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "integer", "minimum": 1}}, LANG],
            "responses": {
                "200": {"description": "The item", "headers": ETAG,
                        "content": {"application/json": {"schema": ITEM}}},
                "304": NOT_MODIFIED,
                "400": {"description": "A language the site does not speak", **PROBLEM},
                "404": {"description": "No item on the wall has this id (never sent, "
                                       "waiting, refused or removed)", **PROBLEM},
            }}},
    }


def paths() -> dict:
    from .playlists_openapi import PATHS

    return {**items_paths(), **PATHS}
