"""Who keeps a listing: the core's ``PartnerMember`` rows (a listing's team). A team
member cannot test that place, publish about it, nor be told it is not theirs when they
report one of its reviews."""
from __future__ import annotations

from sqlalchemy.orm import Session

from lanta.models import PartnerMember
from lanta.services.errors import Conflict

from ..i18n import _


def is_member(dbsession: Session, user_id: int, partner_id: int) -> bool:
    return dbsession.get(PartnerMember, (partner_id, user_id)) is not None


def check_no_conflict(dbsession: Session, user_id: int, partner_id: int) -> None:
    """Refuse (409) when the tester's account belongs to the place's team: a conflict
    of interest, checked at the declaration, at each writing and at the approval (the
    tester may have joined the team since)."""
    if is_member(dbsession, user_id, partner_id):
        raise Conflict(_("You belong to this place's team: you cannot test it (a "
                         "conflict of interest)."))
