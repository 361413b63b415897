"""The user admin (``/admin/users/``): list, add with a password or an e-mailed link,
edit role, name and state, deactivate and reactivate.

Only the admin holds ``admin.users``. The service refuses to demote or deactivate the
last active admin; the refusal is shown on the form.
"""
from __future__ import annotations

import colander
import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from ...addon_api import ROLES
from ...forms import CSRFSchema, make_form, process_form, render_with_error
from ...i18n import _
from ...services import users as users_service
from ...services.errors import Conflict, DomainError
from ..password import new_password_node, send_password_link

ROLE_TITLES = {
    "admin": _("Admin"),
    "editor": _("Editor"),
    "reviewer": _("Reviewer"),
    "staff": _("Welcome staff"),
    "partner": _("Partner"),
    "tester": _("Tester"),
    "visitor": _("Visitor"),
}
ROLE_CHOICES = [(role, ROLE_TITLES.get(role, role)) for role in ROLES]

def role_node() -> colander.SchemaNode:
    return colander.SchemaNode(colander.String(), title=_("Role"),
                               validator=colander.OneOf(ROLES),
                               widget=deform.widget.SelectWidget(
                                   values=[("", _("Choose a role"))] + ROLE_CHOICES))


def name_node(**kw) -> colander.SchemaNode:
    return colander.SchemaNode(colander.String(), title=_("Name"),
                               validator=colander.Length(max=120), **kw)


def _password_when_asked(node, value) -> None:
    if not value.get("send_link") and not value.get("password"):
        error = colander.Invalid(node)
        error["password"] = _("Enter a password, or choose to send an e-mail.")
        raise error


class AddUserSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(), title=_("E-mail"), validator=colander.Email(),
        widget=deform.widget.TextInputWidget(attributes={"type": "email",
                                                         "autocomplete": "off"}))
    display_name = name_node(missing="")
    role = role_node()
    send_link = colander.SchemaNode(
        colander.Boolean(), title=_("Password"), missing=False,
        label=_("Send an e-mail with a link to choose a password"),
        widget=deform.widget.CheckboxWidget())
    password = new_password_node(_("Initial password"), missing="",
                                 description=_("Only when no e-mail is sent."))

    def __init__(self, *args, **kw):
        super().__init__(*args, validator=_password_when_asked, **kw)


class EditUserSchema(CSRFSchema):
    display_name = name_node()
    role = role_node()
    active = colander.SchemaNode(colander.Boolean(), title=_("Active"), missing=False,
                                 label=_("Active: the user can log in"),
                                 widget=deform.widget.CheckboxWidget())


def role_title(role: str):
    return ROLE_TITLES.get(role, role)


@view_config(route_name="admin.users.list", renderer="lanta:templates/admin/users_list.pt",
             permission="admin.users", request_method="GET")
def users_list(request):
    return {"users": users_service.list_users(request.dbsession), "role_title": role_title,
            "admin_section": True, "page_title": _("Users")}


@view_config(route_name="admin.users.add", renderer="lanta:templates/admin/user_form.pt",
             permission="admin.users", request_method=("GET", "POST"))
def add_user(request):
    form = make_form(AddUserSchema(), request, formid="user-form",
                     buttons=(deform.Button("save", _("Add the user")),))

    def save(data):
        send_link = data["send_link"]
        try:
            user = users_service.create(
                request.dbsession, data["email"], None if send_link else data["password"],
                data["role"], display_name=data["display_name"])
        except DomainError as exc:
            request.response.status = exc.status
            field = "email" if isinstance(exc, Conflict) else None
            return render_with_error(form, data, _(exc.message, mapping=exc.mapping), field)
        if send_link:
            send_password_link(request, users_service.issue_reset_token(
                request.dbsession, user, users_service.INVITATION_LIFETIME), invitation=True)
            message = _("${email} added; an e-mail invites them to choose a password.",
                        mapping={"email": user.email})
        else:
            message = _("${email} added.", mapping={"email": user.email})
        request.session.flash(request.localizer.translate(message))
        return HTTPFound(request.route_url("admin.users.list"))

    result, html = process_form(request, form, save,
                                appstruct={"role": "editor", "send_link": True})
    if isinstance(result, HTTPFound):
        return result
    return {"form": result or html, "edited": None, "error": None, "role_title": role_title,
            "admin_section": True, "page_title": _("Add a user")}


def _edited_user(request):
    try:
        return users_service.get(request.dbsession, int(request.matchdict["id"]))
    except DomainError as exc:
        raise HTTPNotFound() from exc


@view_config(route_name="admin.users.edit", renderer="lanta:templates/admin/user_form.pt",
             permission="admin.users", request_method=("GET", "POST"))
def edit_user(request):
    user = _edited_user(request)
    form = make_form(EditUserSchema(), request, formid="user-form",
                     buttons=(deform.Button("save", _("Save")),))
    page = {"edited": user, "error": None, "role_title": role_title, "admin_section": True,
            "page_title": _("Edit user ${email}", mapping={"email": user.email})}

    state_change = request.POST.get("state") if request.method == "POST" else None
    if state_change in ("deactivate", "reactivate"):
        try:
            users_service.update(request.dbsession, user, active=state_change == "reactivate")
        except DomainError as exc:
            request.response.status = exc.status
            page["error"] = _(exc.message, mapping=exc.mapping)
            page["form"] = form.render({"display_name": user.display_name, "role": user.role,
                                        "active": user.active})
            return page
        message = (_("${email} can no longer log in.", mapping={"email": user.email})
                   if state_change == "deactivate" else
                   _("${email} can log in again.", mapping={"email": user.email}))
        request.session.flash(request.localizer.translate(message))
        return HTTPFound(request.route_url("admin.users.edit", id=user.id))

    def save(data):
        try:
            users_service.update(request.dbsession, user, role=data["role"],
                                 display_name=data["display_name"], active=data["active"])
        except DomainError as exc:
            request.response.status = exc.status
            return render_with_error(form, data, _(exc.message, mapping=exc.mapping))
        request.session.flash(request.localizer.translate(
            _("${email} saved.", mapping={"email": user.email})))
        return HTTPFound(request.route_url("admin.users.list"))

    result, html = process_form(request, form, save, appstruct={
        "display_name": user.display_name, "role": user.role, "active": user.active})
    if isinstance(result, HTTPFound):
        return result
    page["form"] = result or html
    return page
