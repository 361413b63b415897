"""The visitor widget's part of the OpenAPI 3.1 document (``/api/v1/chat/…``)."""
from __future__ import annotations

from .models import BODY_MAX
from .services.messages import CLIENT_ID_MAX

PROBLEM = {
    "type": "object",
    "required": ["status", "title"],
    "properties": {"type": {"type": "string"}, "status": {"type": "integer"},
                   "title": {"type": "string"}, "detail": {"type": "string"},
                   "field": {"type": "string",
                             "description": "The refused field of the body (422)"}},
}
TOKEN = {"name": "X-Chat-Token", "in": "header", "required": True,
         "description": "The conversation's secret, given when it was started",
         "schema": {"type": "string"}}
MESSAGE = {
    "type": "object", "required": ["seq", "kind", "body", "at", "author"],
    "properties": {"seq": {"type": "integer"},
                   "kind": {"type": "string", "enum": ["visitor", "staff"]},
                   "body": {"type": "string", "description": "Plain text: escape it"},
                   "at": {"type": "string", "format": "date-time"},
                   "author": {"type": "string",
                              "description": "A staff member's first name, else empty"}},
}
TEXT = {"type": ["string", "null"]}
CLIENT_ID = {"type": "string", "minLength": 1, "maxLength": CLIENT_ID_MAX,
             "description": "The browser's own id for the message: sent again, the "
                            "message is stored once"}
BODY = {"type": "string", "minLength": 1, "maxLength": BODY_MAX}
PAGE_URL = {"type": ["string", "null"],
            "description": "The visitor's page as a path of this site (\"/fr/…?…\", at "
                           "most 500 characters); anything else is not kept"}
START_TOKEN = {"type": ["string", "null"], "pattern": "^[A-Za-z0-9_-]{43}$",
               "description": "The conversation's secret, made by the client (32 random "
                              "bytes in base64url): a start sent again with it is "
                              "recognised. The server makes one when none is sent"}
STARTED = {
    "type": "object", "required": ["token", "conversation", "messages", "cursor"],
    "properties": {
        "token": {"type": "string"},
        "conversation": {"type": "object", "required": ["id", "state", "offline"],
                         "properties": {"id": {"type": "integer"},
                                        "state": {"type": "string"},
                                        "offline": {"type": "boolean"}}},
        "messages": {"type": "array", "items": MESSAGE},
        "cursor": {"type": "integer"}}}
LANG = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string"},
        "description": "One of the site's languages (the default one otherwise)"}


def _problems(*codes: tuple[str, str]) -> dict:
    return {code: {"description": why, "content": {"application/problem+json": {
        "schema": PROBLEM}}} for code, why in codes}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


WRITE_PROBLEMS = (("400", "A body that is not a JSON object"),
                  ("415", "A body that is not JSON"),
                  ("422", "A refused field (named in field)"),
                  ("429", "Too many messages or conversations; see Retry-After"))


def paths(request=None) -> dict:
    return {
        "/api/v1/chat/status": {"get": {
            "summary": "Whether a person can answer now, and the office's hours this week",
            "operationId": "chat.status", "tags": ["chat"], "parameters": [LANG],
            "responses": {"200": _json("The office's status", {
                "type": "object", "required": ["online", "opens_at", "hours"],
                "properties": {
                    "online": {"type": "boolean"},
                    "opens_at": {"type": ["string", "null"], "format": "date-time"},
                    "hours": {"type": "array", "items": {
                        "type": "object", "required": ["day", "date", "slots"],
                        "properties": {"day": {"type": "string"},
                                       "date": {"type": "string", "format": "date"},
                                       "slots": {"type": "array",
                                                 "items": {"type": "string"}}}}}}})}}},
        "/api/v1/chat/conversations": {"post": {
            "summary": "Start a conversation with its first message",
            "description": "When nobody can answer now, the message is left for an answer "
                           "by e-mail (offline: true) and email is required. Sent again "
                           "with the same token, it answers 200 with the conversation "
                           "that token started, and counts against no limit.",
            "operationId": "chat.start", "tags": ["chat"],
            "requestBody": _body({
                "type": "object", "required": ["message", "client_id", "language"],
                "properties": {"message": BODY, "client_id": CLIENT_ID,
                               "language": {"type": "string"}, "name": TEXT,
                               "email": TEXT, "page_url": PAGE_URL,
                               "page_title": TEXT, "token": START_TOKEN}}),
            "responses": {
                "201": _json("The conversation, its secret and its first message", STARTED),
                "200": _json("Started before with this token: the same answer", STARTED),
                **_problems(*WRITE_PROBLEMS)}}},
        "/api/v1/chat/messages": {
            "get": {
                "summary": "The conversation's messages after a cursor (at most 100)",
                "operationId": "chat.read", "tags": ["chat"],
                "parameters": [TOKEN, {"name": "after", "in": "query", "required": False,
                                       "schema": {"type": "integer", "minimum": 0,
                                                  "maximum": 999999999}}],
                "responses": {
                    "200": _json("New messages and when to ask again", {
                        "type": "object",
                        "required": ["messages", "cursor", "state", "online", "rating",
                                     "poll_ms"],
                        "properties": {
                            "messages": {"type": "array", "items": MESSAGE},
                            "cursor": {"type": "integer"},
                            "state": {"type": "string",
                                      "enum": ["waiting", "open", "closed"]},
                            "online": {"type": "boolean"},
                            "rating": {"type": ["integer", "null"]},
                            "poll_ms": {"type": "integer"}}}),
                    **_problems(("400", "after is not a whole number"),
                                ("404", "An unknown token"))}},
            "post": {
                "summary": "The visitor's next message",
                "description": "The same client_id again answers 200 with the message "
                               "stored the first time.",
                "operationId": "chat.write", "tags": ["chat"], "parameters": [TOKEN],
                "requestBody": _body({
                    "type": "object", "required": ["body", "client_id"],
                    "properties": {"body": BODY, "client_id": CLIENT_ID,
                                   "page_url": TEXT, "page_title": TEXT}}),
                "responses": {
                    "201": _json("Stored", MESSAGE),
                    "200": _json("Stored before under this client_id", MESSAGE),
                    **_problems(*WRITE_PROBLEMS, ("404", "An unknown token"),
                                ("409", "The conversation is closed"))}}},
        "/api/v1/chat/rating": {"post": {
            "summary": "Rate a closed conversation from 1 to 5 (again to change it)",
            "operationId": "chat.rate", "tags": ["chat"], "parameters": [TOKEN],
            "requestBody": _body({"type": "object", "required": ["rating"], "properties": {
                "rating": {"type": "integer", "minimum": 1, "maximum": 5}}}),
            "responses": {
                "200": _json("Rated", {"type": "object", "required": ["rating"],
                                       "properties": {"rating": {"type": "integer"}}}),
                **_problems(*WRITE_PROBLEMS[:3], ("404", "An unknown token"),
                            ("409", "The conversation is not closed yet"))}}},
        "/api/v1/chat/suggestions": {"get": {
            "summary": "Up to three pages, partners or events of the site answering a "
                       "question",
            "operationId": "chat.suggestions", "tags": ["chat"],
            "parameters": [{"name": "q", "in": "query", "required": False,
                            "schema": {"type": "string"}}, LANG],
            "responses": {"200": _json("Suggestions, best first", {
                "type": "object", "required": ["suggestions"],
                "properties": {"suggestions": {"type": "array", "maxItems": 3, "items": {
                    "type": "object", "required": ["title", "url", "kind"],
                    "properties": {"title": {"type": "string"}, "url": {"type": "string"},
                                   "kind": {"type": "string"}}}}}})}}},
    }
