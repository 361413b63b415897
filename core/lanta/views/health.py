"""``GET /healthz``: is the application up and its database reachable."""
from __future__ import annotations

import logging

from pyramid.view import view_config
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)


@view_config(route_name="health", renderer="json", permission="view",
             request_method="GET")
def healthz(request):
    # Own connection, outside the request's session: the answer must not depend on
    # anything the request already loaded (site settings, identity).
    try:
        with request.registry.lanta_engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        request.response.status = 503
        return {"status": "error", "database": "unreachable"}
    return {"status": "ok", "database": "ok"}
