"""The admin's Messenger page: secrets are written, never shown back; blank keeps them."""
from __future__ import annotations

import pytest

from lanta_chat.services import channel_settings

URL = "/admin/chat/messenger"
EN = {"Accept-Language": "en"}
SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
TOKEN = "EAAGm0PX4ZCpsBAtest-page-token-0123456789"


def test_only_the_admin_opens_the_messenger_page(testapp, login, chat_on):
    login("staff")
    testapp.get(URL, headers=EN, status=403)


def test_the_page_shows_the_webhook_and_keeps_secrets_write_only(admin_app, dbsession,
                                                                 chat_on):
    page = admin_app.get(URL, headers=EN)
    assert "http://localhost/chat/channels/messenger" in page.text
    form = page.forms["chat-messenger-form"]
    form["page_id"] = "104857600123456"
    form["app_secret"] = SECRET
    form["page_token"] = TOKEN
    form["verify_token"] = "marche-de-noel-2026"
    form["send_replies"] = True
    form.submit("save", headers=EN).follow(headers=EN)
    stored = channel_settings.messenger(dbsession)
    assert (stored.page_id, stored.app_secret, stored.page_token, stored.send_replies) == \
        ("104857600123456", SECRET, TOKEN, True)
    page = admin_app.get(URL, headers=EN)
    for secret in (SECRET, TOKEN, "marche-de-noel-2026"):
        assert secret not in page.text
    assert page.text.count('data-secret-state="set"') == 3
    # Saved again with the secrets left blank: they are kept; the switch goes off.
    form = page.forms["chat-messenger-form"]
    form["send_replies"] = False
    form.submit("save", headers=EN)
    stored = channel_settings.messenger(dbsession)
    assert (stored.app_secret, stored.page_token, stored.send_replies) == \
        (SECRET, TOKEN, False)


def test_a_secret_can_be_forgotten(admin_app, dbsession, chat_on):
    channel_settings.save_messenger(dbsession, app_secret=SECRET, page_token=TOKEN)
    form = admin_app.get(URL, headers=EN).forms["chat-messenger-form"]
    form["forget_page_token"] = True
    form.submit("save", headers=EN)
    stored = channel_settings.messenger(dbsession)
    assert (stored.app_secret, stored.page_token) == (SECRET, "")


@pytest.mark.parametrize("field, value", [("page_id", "my-page"),
                                          ("app_secret", "has spaces in it"),
                                          ("verify_token", "short")])
def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_saved(
        admin_app, dbsession, chat_on, field, value):
    form = admin_app.get(URL, headers=EN).forms["chat-messenger-form"]
    form["page_token"] = TOKEN
    form[field] = value
    page = form.submit("save", headers=EN, status=400)
    assert f'id="{field}-error"' in page.text
    assert channel_settings.messenger(dbsession) == channel_settings.MessengerSettings()


def test_the_page_refuses_a_post_without_csrf_token(admin_app, dbsession, chat_on):
    admin_app.post(URL, {"page_id": "1", "save": ""}, headers=EN, status=400)
    assert channel_settings.messenger(dbsession).page_id == ""
