"""The baseline of bench_vip.py: the least a Pyramid JSON API does, a view that reads a
JSON body and answers JSON, with no database, no security policy and no tweens."""
from __future__ import annotations

from pyramid.config import Configurator


def echo(request):
    body = request.json_body
    return {"ok": True, "card": body.get("card") if isinstance(body, dict) else None}


def ready(request):
    return {"ok": True}


def make_app():
    with Configurator() as config:
        config.add_route("json", "/json")
        config.add_view(echo, route_name="json", renderer="json", request_method="POST")
        config.add_route("ready", "/")
        config.add_view(ready, route_name="ready", renderer="json")
        return config.make_wsgi_app()
