"""The add-on's part of the demo office, and its purge.

The demo: the office's usual hours with Christmas and New Year's Day closed, a rotation
of the staff and admin accounts (the core's demo has only its admin, who is then on duty
every open day), saved answers in French and English, and three conversations for the
inbox and the figures: one closed and rated 5, a message left by e-mail outside hours,
and a visitor waiting on the widget.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from lanta.models import SiteSetting

from ..models import Conversation, Message, Presence, RotaMember, RotaSwap, SavedAnswer, utcnow
from . import hours, inbox, messages, rota
from .clock import office_day

SETTING_PREFIX = "chat."
# (language, title, body): what a welcome desk answers ten times a day.
SAVED_ANSWERS: tuple[tuple[str, str, str], ...] = (
    ("fr", "Horaires d'ouverture",
     "L'office vous accueille du lundi au samedi, de 9 h 30 à 12 h 30 et de 14 h à 18 h."),
    ("fr", "Carte VIP",
     "La carte VIP vous est remise par votre hébergeur partenaire à votre arrivée ; elle "
     "donne droit aux offres des partenaires pendant tout votre séjour."),
    ("fr", "Stationnement",
     "Le parking du Foirail, à deux minutes de l'office, est gratuit le dimanche et "
     "entre 12 h et 14 h."),
    ("fr", "Taxe de séjour",
     "La taxe de séjour est collectée par votre hébergeur ; son montant dépend du "
     "classement de l'hébergement."),
    ("en", "Opening hours",
     "The tourist office is open Monday to Saturday, 9:30am–12:30pm and 2pm–6pm."),
    ("en", "VIP card",
     "Your partner accommodation hands you the VIP card when you arrive; it gives you the "
     "partners' offers for your whole stay."),
    ("en", "Parking",
     "The Foirail car park, two minutes from the office, is free on Sundays and between "
     "noon and 2pm."),
    ("en", "Tourist tax",
     "Your accommodation collects the tourist tax; the amount depends on its rating."),
)


def _closed_conversation(dbsession: Session, staff_id: int | None,
                         now: dt.datetime) -> Conversation:
    """Yesterday's question, answered within three minutes, closed and rated 5."""
    start = now - dt.timedelta(hours=26)
    conversation = messages.start(dbsession, channel="web", language="fr", name="Claire",
                                  page_url="/fr/", page_title="Accueil", now=start)
    messages.add_message(dbsession, conversation.id, kind="visitor", now=start,
                         body="Bonjour, le marché couvert est-il ouvert le lundi ?")
    answered = start + dt.timedelta(minutes=3)
    answer = ("Bonjour Claire ! Le marché couvert est ouvert du mardi au dimanche matin ; "
              "le lundi, les Halles sont fermées.")
    if staff_id is not None:
        inbox.reply(dbsession, conversation.id, staff_id, answer, now=answered)
    else:  # a site without any staff account: the reply still shows
        messages.add_message(dbsession, conversation.id, kind="staff", body=answer,
                             now=answered)
    messages.add_message(dbsession, conversation.id, kind="visitor", body="Merci beaucoup !",
                         now=answered + dt.timedelta(minutes=2))
    closed = answered + dt.timedelta(minutes=9)
    if staff_id is not None:
        inbox.close(dbsession, conversation.id, staff_id, now=closed)
    else:
        conversation.state, conversation.closed_at = "closed", closed
    conversation.rating, conversation.rated_at = 5, closed + dt.timedelta(minutes=1)
    conversation.staff_read_seq = conversation.last_seq  # read before it was closed
    return conversation


def load_demo(dbsession: Session, now: dt.datetime | None = None) -> list[str]:
    """Hours, rotation, saved answers and three conversations; how to try them."""
    now = now or utcnow()
    today = office_day(now)
    hours.save(dbsession, hours.DEFAULT_WEEKLY,
               [dt.date(today.year, 12, 25), dt.date(today.year + 1, 1, 1)])
    team = rota.candidates(dbsession)
    if team:
        rota.set_rotation(dbsession, [user.id for user in team], today)
    dbsession.add_all(SavedAnswer(language=language, title=title, body=body, updated_at=now)
                      for language, title, body in SAVED_ANSWERS)
    dbsession.flush()
    _closed_conversation(dbsession, team[0].id if team else None, now)
    left = now - dt.timedelta(hours=14)
    offline = messages.start(dbsession, channel="email", language="en", name="Sam Taylor",
                             email="sam.taylor@example.com", offline=True,
                             page_url="/en/", page_title="Home", now=left)
    messages.add_message(dbsession, offline.id, kind="visitor", now=left,
                         body="Hello, can we book a guided tour of the castle for a group "
                              "of twelve next Saturday?")
    asked = now - dt.timedelta(minutes=4)
    waiting = messages.start(dbsession, channel="web", language="fr", name="",
                             page_url="/fr/", page_title="Accueil", now=asked)
    messages.add_message(dbsession, waiting.id, kind="visitor", now=asked,
                         body="Bonjour, où peut-on garer un camping-car près du centre ?")
    on_duty = team[0].email if team else None
    lines = ["Chat (add-on chat): two conversations wait in the inbox on /admin/chat/ and "
             "one is closed; the rota is on /admin/chat/rota, the office's hours on "
             "/admin/chat/hours."]
    if on_duty:
        lines.append(f"The chat widget of the visitor pages shows the office online within "
                     f"office hours while {on_duty}, on duty today, has the inbox open.")
    return lines


def purge(dbsession: Session) -> None:
    """Delete every row of the add-on and its settings kept in the core's table (the
    hours, the rota's start day, the channels' settings)."""
    for model in (Message, Conversation, SavedAnswer, RotaSwap, RotaMember, Presence):
        dbsession.execute(delete(model))
    dbsession.execute(delete(SiteSetting).where(SiteSetting.key.startswith(SETTING_PREFIX)))
    dbsession.flush()
