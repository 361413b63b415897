"""The JSON API's description: ``GET /api/v1/openapi.json`` (OpenAPI 3.1).

The core's paths and those of every enabled add-on (``lanta_openapi_paths`` hook).
"""
from __future__ import annotations

import logging

from pyramid.view import view_config

from .api_partners import openapi_paths as partner_paths

log = logging.getLogger(__name__)

PROBLEM = {
    "type": "object",
    "required": ["status", "title"],
    "properties": {"type": {"type": "string"}, "status": {"type": "integer"},
                   "title": {"type": "string"}, "detail": {"type": "string"}},
}


def core_paths(languages: list[str]) -> dict:
    return {
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "core.openapi",
                "responses": {"200": {"description": "The OpenAPI document",
                                      "content": {"application/json": {
                                          "schema": {"type": "object"}}}}},
            }
        },
        **partner_paths(languages),
    }


def build_document(request) -> dict:
    paths = core_paths(request.site.languages or ["fr"])
    for contribution in request.hooks.lanta_openapi_paths(request=request):
        for path, item in (contribution or {}).items():
            if path in paths:
                log.error("OpenAPI path %s declared twice; the later one is dropped", path)
                continue
            paths[path] = item
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{request.site.name} API", "version": "1",
                 "description": "Lanta's public JSON API. Errors are application/problem+json "
                                "(RFC 9457)."},
        "servers": [{"url": request.application_url}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": {"Problem": PROBLEM}},
    }


@view_config(route_name="api.openapi", renderer="json", permission="view",
             request_method="GET")
def openapi_document(request):
    return build_document(request)
