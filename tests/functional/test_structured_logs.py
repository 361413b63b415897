"""Logs are JSON lines that carry the request's id, method, path, status and duration."""
from __future__ import annotations

import json
import logging

from lanta.logging_tween import JsonFormatter


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def capture_access_log():
    handler = ListHandler()
    logger = logging.getLogger("lanta.access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger, handler


def test_access_log_is_one_json_line_per_request(testapp):
    logger, handler = capture_access_log()
    try:
        response = testapp.get("/healthz", headers={"X-Request-Id": "abc-123"})
    finally:
        logger.removeHandler(handler)
    assert response.headers["X-Request-Id"] == "abc-123"
    lines = [json.loads(JsonFormatter().format(r)) for r in handler.records]
    entry = [line for line in lines if line.get("path") == "/healthz"][-1]
    assert entry["request_id"] == "abc-123"
    assert entry["method"] == "GET"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["level"] == "INFO"


def test_untrusted_request_id_is_replaced(testapp):
    response = testapp.get("/healthz", headers={"X-Request-Id": "bad id\nforged line"})
    assert response.headers["X-Request-Id"] != "bad id\nforged line"
    assert len(response.headers["X-Request-Id"]) == 32


def test_json_formatter_includes_traceback():
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        import sys
        record = logging.LogRecord("lanta", logging.ERROR, __file__, 1, "failed %s", ("x",),
                                   sys.exc_info())
    entry = json.loads(formatter.format(record))
    assert entry["message"] == "failed x"
    assert "ValueError: boom" in entry["exception"]


def test_access_log_masks_the_token_of_a_reset_link(testapp):
    token = "s3cret-reset-token-that-must-not-be-logged"
    logger, handler = capture_access_log()
    try:
        testapp.get(f"/password/reset/{token}", status=400)
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(JsonFormatter().format(r)) for r in handler.records]
    assert lines, "the request was not logged"
    assert all(token not in json.dumps(line) for line in lines)
    assert any(line.get("path") == "/password/reset/***" for line in lines)
