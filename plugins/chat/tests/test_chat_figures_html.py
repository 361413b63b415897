"""The figures' page and the Messenger settings page are valid HTML (the Nu checker),
with figures, with a range refused and with a refused setting."""
from __future__ import annotations

import datetime as dt

from lanta.testing import vnu_errors
from lanta_chat.services import messages

EN = {"Accept-Language": "en"}


def test_the_figures_and_messenger_pages_are_valid_html(admin_app, dbsession, chat_on,
                                                        tmp_path):
    began = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc)
    row = messages.start(dbsession, channel="messenger", external_id="42", now=began)
    messages.add_message(dbsession, row.id, kind="visitor", body="<b>Bonjour</b>",
                         now=began)
    row.rating = 4
    dbsession.flush()
    figures = admin_app.get("/admin/chat/figures",
                            {"from": "2026-11-16", "to": "2026-11-29"}, headers=EN)
    refused = admin_app.get("/admin/chat/figures", {"from": "x"}, headers=EN, status=400)
    settings = admin_app.get("/admin/chat/messenger", headers=EN)
    form = settings.forms["chat-messenger-form"]
    form["page_id"] = "not-a-number"
    settings_error = form.submit("save", headers=EN, status=400)
    dashboard = admin_app.get("/admin/", headers=EN)
    assert vnu_errors({"figures": figures.text, "refused": refused.text,
                       "settings": settings.text, "settings_error": settings_error.text,
                       "dashboard": dashboard.text}, tmp_path) == []
