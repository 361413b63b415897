"""Structured logs: one JSON line per request, and a JSON formatter for the ini file."""
from __future__ import annotations

import json
import logging
import re
import time
import uuid

log = logging.getLogger("lanta.access")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Route placeholders whose value is a secret (a password reset link's token): logs are
# read by more people, and kept longer, than such a secret may be known.
SECRET_PLACEHOLDERS = ("token",)
MASK = "***"


def loggable_path(request) -> str:
    """``request.path`` with the secrets that travel in it masked."""
    path = request.path
    matchdict = getattr(request, "matchdict", None) or {}
    for key in SECRET_PLACEHOLDERS:
        value = matchdict.get(key)
        if value:
            path = path.replace(value, MASK)
    return path


class JsonFormatter(logging.Formatter):
    """``[formatter_json] class = lanta.logging_tween.JsonFormatter`` in the ini file."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "method", "path", "status", "duration_ms", "user_id"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def access_log_tween_factory(handler, registry):
    def access_log_tween(request):
        # A proxy's id is kept so that logs join up; anything odd is replaced, not logged.
        request_id = request.headers.get("X-Request-Id", "")
        if not REQUEST_ID.fullmatch(request_id):
            request_id = uuid.uuid4().hex
        request.environ["lanta.request_id"] = request_id
        start = time.perf_counter()
        status = 500
        try:
            response = handler(request)
            status = response.status_int
            response.headers.setdefault("X-Request-Id", request_id)
            return response
        finally:
            path = loggable_path(request)
            log.info("%s %s %s", request.method, path, status, extra={
                "request_id": request_id, "method": request.method, "path": path,
                "status": status,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1)})

    return access_log_tween


def includeme(config) -> None:
    config.add_tween("lanta.logging_tween.access_log_tween_factory")
