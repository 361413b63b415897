"""The inbox's "I am here" (``chat.answer``): the staff pages post it every
:data:`~lanta_chat.services.presence.HEARTBEAT_SECONDS` seconds, with the CSRF token in the
header ``X-CSRF-Token`` (the one Pyramid's default CSRF check reads) or the form field
``csrf_token``.

``away`` "1" switches the member to away (the widget no longer counts them), "0" back;
without it the switch stays as it was. The answer says how things stand for the member:
``{"away": bool, "on_duty": bool, "online": bool}`` (``on_duty``: today's rota gives the
day to this member; ``online``: the widget shows the office online now). A form posted
without scripts (the inbox's "I am away" button) is sent back to the inbox instead.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from . import ANSWER
from .i18n import _
from .models import utcnow
from .services import online, presence, rota
from .services.clock import office_day

AWAY = {"1": True, "0": False}


@view_config(route_name="chat.presence", permission=ANSWER, request_method="POST",
             renderer="json")
def presence_beat(request):
    value = request.POST.get("away")
    if value is not None and value not in AWAY:
        request.response.status = 400
        return {"error": request.localizer.translate(_("away must be 0 or 1."))}
    now = utcnow()
    row = presence.heartbeat(request.dbsession, request.user.id,
                             away=AWAY.get(value) if value is not None else None, now=now)
    if "application/json" not in (request.accept and str(request.accept) or ""):
        return HTTPSeeOther(request.route_url("chat.inbox"))
    return {"away": bool(row.away),
            "on_duty": rota.on_duty(request.dbsession, office_day(now)) == request.user.id,
            "online": online.status(request.dbsession, now).online}
