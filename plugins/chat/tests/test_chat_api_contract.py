"""The widget's API keeps to its OpenAPI document (schemathesis, generated requests
valid and not, every check), with a real conversation's token and the office online."""
from __future__ import annotations

from schemathesis.specs.openapi.checks import positive_data_acceptance

from lanta.testing import check_every_operation
from lanta_chat.services import hours, messages, presence

CHAT_OPERATIONS = {"GET /api/v1/chat/status", "POST /api/v1/chat/conversations",
                   "GET /api/v1/chat/messages", "POST /api/v1/chat/messages",
                   "POST /api/v1/chat/rating", "GET /api/v1/chat/suggestions"}


def test_the_widget_api_keeps_to_its_document(chat_on, api_schema, dbsession, users):
    hours.save(dbsession, {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS})
    presence.heartbeat(dbsession, users["staff"].id)
    token = messages.new_token()
    conversation = messages.start(dbsession, token=token)
    messages.add_message(dbsession, conversation.id, kind="visitor", body="Bonjour")
    chat_only = api_schema.include(path_regex="^/api/v1/chat/")
    # A well-formed request may still be refused for what it says (a rating of an open
    # conversation, a blank message, the rate limits): 4xx with a sentence, which that
    # one check counts against the API. Every other check holds.
    tried = check_every_operation(chat_only, headers={"X-Chat-Token": token},
                                  excluded_checks=[positive_data_acceptance])
    assert set(tried) == CHAT_OPERATIONS
