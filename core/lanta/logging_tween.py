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


def make_request_id(offered: str) -> str:
    """A proxy's request id is kept so that logs join up; anything odd is replaced."""
    return offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def log_request(method: str, path: str, status: int, request_id: str,
                started: float) -> None:
    log.info("%s %s %s", method, path, status, extra={
        "request_id": request_id, "method": method, "path": path, "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1)})


def access_log_tween_factory(handler, registry):
    def access_log_tween(request):
        request_id = make_request_id(request.headers.get("X-Request-Id", ""))
        request.environ["lanta.request_id"] = request_id
        start = time.perf_counter()
        status = 500
        try:
            response = handler(request)
            status = response.status_int
            response.headers.setdefault("X-Request-Id", request_id)
            return response
        finally:
            log_request(request.method, loggable_path(request), status, request_id, start)

    return access_log_tween


def includeme(config) -> None:
    config.add_tween("lanta.logging_tween.access_log_tween_factory")
