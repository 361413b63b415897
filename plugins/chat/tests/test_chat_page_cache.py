"""Chat messages never empty the visitors' page cache: no cached page shows them, and a
busy afternoon of chat would otherwise make every process render every page afresh."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta.models import CacheGeneration, SiteSetting, User
from lanta.services import users as users_service
from lanta_chat.models import Conversation
from lanta_chat.services import messages, presence


def generation(engine) -> int:
    with Session(engine) as dbsession:
        return dbsession.scalar(select(CacheGeneration.value))


def test_conversations_messages_and_presence_leave_the_generation(engine):
    with Session(engine) as dbsession:
        staff = users_service.create(dbsession, "cache-staff@example.org",
                                     "a-long-password-1", "staff")
        dbsession.commit()
        staff_id = staff.id
    before = generation(engine)
    try:
        with Session(engine) as dbsession:
            conversation = messages.start(dbsession, token=messages.new_token())
            messages.add_message(dbsession, conversation.id, kind="visitor", body="Bonjour")
            presence.heartbeat(dbsession, staff_id)
            dbsession.commit()
        assert generation(engine) == before
        with Session(engine) as dbsession:  # a change visitors may see still counts
            dbsession.add(SiteSetting(key="chat.test", value=1, revision=1))
            dbsession.commit()
        assert generation(engine) == before + 1
    finally:
        with Session(engine) as dbsession:
            dbsession.execute(delete(Conversation))
            dbsession.execute(delete(SiteSetting).where(SiteSetting.key == "chat.test"))
            dbsession.execute(delete(User).where(User.id == staff_id))
            dbsession.commit()
