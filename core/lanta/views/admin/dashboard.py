"""The admin dashboard: widgets contributed by the core and enabled add-ons."""
from __future__ import annotations

from pyramid.view import view_config

from ...i18n import _


def dashboard_widgets(request) -> list:
    widgets = []
    for result in request.hooks.lanta_dashboard_widgets(request=request):
        widgets.extend(result or ())
    allowed = [w for w in widgets if request.has_permission(w.permission)]
    return sorted(allowed, key=lambda w: (w.order, request.localizer.translate(w.title)))


@view_config(route_name="admin.dashboard", renderer="lanta:templates/admin/dashboard.pt",
             permission="admin.access", request_method="GET")
def dashboard(request):
    return {"widgets": dashboard_widgets(request), "admin_section": True,
            "page_title": _("Dashboard")}
