"""The widget on visitor pages: present when the add-on is enabled, the same markup for
every anonymous visitor (pages are cached), absent from other pages, its files served."""
from __future__ import annotations

import json
import re

from lanta_chat.widget import LABELS

ROOT = re.compile(r'<div id="lanta-chat".*?</div>\s*</section>.*?</div>', re.S)


def widget_of(page) -> str:
    found = ROOT.search(page.text)
    assert found is not None, "no chat widget in the page"
    return found.group(0)


def config_of(page) -> dict:
    return json.loads(page.html.find(id="lanta-chat")["data-config"])


def test_the_widget_is_the_same_for_every_anonymous_visitor(app, testapp, chat_on):
    from webtest import TestApp

    first = testapp.get("/fr/")
    other = TestApp(app, extra_environ=dict(testapp.extra_environ,
                                            REMOTE_ADDR="10.0.0.9"))
    second = other.get("/fr/")
    assert widget_of(first) == widget_of(second)
    assert 'href="/chat/static/chat-widget.css"' in first.text
    assert first.html.find("script", src="/chat/static/chat-widget.js") is not None


def test_the_widget_carries_its_labels_and_the_api_in_the_page_language(testapp, chat_on):
    config = config_of(testapp.get("/en/"))
    assert config["lang"] == "en"
    assert config["api"]["messages"] == "/api/v1/chat/messages"
    assert config["labels"]["send"] == "Send"
    assert set(config["labels"]) == set(LABELS)
    assert "token" not in json.dumps(config)
    assert config_of(testapp.get("/fr/"))["lang"] == "fr"


def test_the_widget_keeps_to_visitor_pages(testapp, login, chat_on):
    assert testapp.get("/login").html.find(id="lanta-chat") is None
    login("staff")
    assert testapp.get("/admin/").html.find(id="lanta-chat") is None


def test_no_widget_while_the_add_on_is_disabled(testapp, disable_addon):
    disable_addon("chat")
    page = testapp.get("/fr/")
    assert page.html.find(id="lanta-chat") is None
    assert "chat-widget.css" not in page.text
    testapp.get("/chat/static/chat-widget.js", status=404)


def test_the_widget_files_are_served(testapp, chat_on):
    script = testapp.get("/chat/static/chat-widget.js")
    assert "X-Chat-Token" in script.text and "innerHTML" not in script.text
    assert "lanta-chat-panel" in testapp.get("/chat/static/chat-widget.css").text
