"""Logging in and out. Password reset and the account page live in ``password.py``."""
from __future__ import annotations

import colander
import deform
from pyramid.authorization import ACLHelper
from pyramid.httpexceptions import HTTPFound
from pyramid.security import forget, remember
from pyramid.view import view_config

from ..forms import CSRFSchema, make_form, process_form
from ..i18n import _
from ..security import principals_for
from ..services import users as users_service
from ..services.errors import DomainError, TooManyAttempts


class LoginSchema(CSRFSchema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail"),
                                widget=deform.widget.TextInputWidget(
                                    attributes={"autocomplete": "username", "type": "email"}))
    password = colander.SchemaNode(colander.String(), title=_("Password"),
                                   widget=deform.widget.PasswordWidget(
                                       attributes={"autocomplete": "current-password"}))
    came_from = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget(),
                                    missing="")


def safe_next(request, url: str, default: str | None = None) -> str:
    """Only ever send back to this site: an open redirect would help phishing.

    Browsers read a backslash as a slash (``/\\evil.example``) and drop tabs and line
    breaks inside addresses, so any of them makes the address refused.
    """
    fallback = default or request.route_url("admin.dashboard")
    if not url or "\\" in url or any(ord(c) < 32 or ord(c) == 127 for c in url):
        return fallback
    if url.startswith(request.application_url + "/"):
        return url
    if url.startswith("/") and not url.startswith("//"):
        return request.application_url + url
    return fallback


def landing_url(request, user) -> str:
    """Where a login without ``came_from`` leads: the admin for those who may enter it."""
    if ACLHelper().permits(request.root, principals_for(user, request), "admin.access"):
        return request.route_url("admin.dashboard")
    return request.route_url("account")


@view_config(route_name="auth.login", renderer="lanta:templates/login.pt", permission="view",
             request_method=("GET", "POST"))
def login(request):
    form = make_form(LoginSchema(), request, buttons=(deform.Button("login", _("Log in")),),
                     formid="login-form")

    def authenticate(data):
        remote = request.remote_addr or "unknown"
        try:
            user = users_service.authenticate(request.dbsession, data["email"],
                                              data["password"], remote)
        except TooManyAttempts as exc:
            request.response.status = 429
            return exc
        except DomainError as exc:
            request.response.status = 400
            return exc
        headers = remember(request, user.id)
        return HTTPFound(safe_next(request, data["came_from"], landing_url(request, user)),
                         headers=headers)

    came_from = request.params.get("came_from", "")
    result, html = process_form(request, form, authenticate,
                                appstruct={"came_from": came_from})
    if isinstance(result, HTTPFound):
        return result
    error = None
    if isinstance(result, DomainError):
        error = _(result.message, mapping=result.mapping)
        html = form.render({"email": request.POST.get("email", ""), "came_from": came_from})
    return {"form": html, "error": error, "page_title": _("Log in")}


@view_config(route_name="auth.logout", permission="view", request_method="POST")
def logout(request):
    headers = forget(request)
    return HTTPFound(request.route_url("public.root"), headers=headers)
