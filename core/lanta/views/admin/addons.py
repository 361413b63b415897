"""The add-ons control panel: enable and disable add-ons, see blocked and broken ones."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from ...i18n import _
from ...plugins import AddonError
from ...services import addons as addons_service


@view_config(route_name="admin.addons", renderer="lanta:templates/admin/addons.pt",
             permission="admin.addons", request_method="GET")
def addons_panel(request):
    pm = request.registry.lanta_plugins
    rows = []
    for addon in sorted(pm.addons.values(), key=lambda a: a.name):
        if addon.state == "loaded":
            state = "enabled" if addon.name in request.enabled_addons else "disabled"
        else:
            state = addon.state
        rows.append({"addon": addon, "state": state})
    return {"rows": rows, "admin_section": True, "page_title": _("Add-ons")}


@view_config(route_name="admin.addons.toggle", permission="admin.addons",
             request_method="POST")
def toggle_addon(request):
    name = request.matchdict["name"]
    pm = request.registry.lanta_plugins
    try:
        pm.require_loaded(name)
    except AddonError as exc:
        raise HTTPNotFound(str(exc)) from exc
    enable = request.POST.get("enabled") == "1"
    addons_service.set_enabled(request.dbsession, name, enable)
    message = _("Add-on ${name} enabled.", mapping={"name": name}) if enable else \
        _("Add-on ${name} disabled.", mapping={"name": name})
    request.session.flash(request.localizer.translate(message))
    return HTTPFound(request.route_url("admin.addons"))
