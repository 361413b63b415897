"""Passwords: "forgot my password", the reset link, and the account page.

The forgot form answers the same whatever the address, so it never tells who has an
account. Mails go out in the recipient's language through the registered pyramid_mailer
(a folder of files in development). :func:`send_password_link` is also used by the
user admin to invite a new user to choose a password.
"""
from __future__ import annotations

import colander
import deform
from pyramid.httpexceptions import HTTPFound
from pyramid.i18n import make_localizer
from pyramid.interfaces import ILocalizer, ITranslationDirectories
from pyramid.security import remember
from pyramid.view import view_config
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message

from ..forms import CSRFSchema, make_form, process_form, render_with_error
from ..i18n import KNOWN_LANGUAGES, _, site_languages
from ..services import mail as mail_service
from ..services import passwords
from ..services import users as users_service
from ..services.errors import DomainError

# --- mails -------------------------------------------------------------------------------


def localizer_for(request, locale: str):
    """A localizer for ``locale``, cached on the registry as Pyramid caches its own."""
    if locale == request.locale_name:
        return request.localizer
    registry = request.registry
    localizer = registry.queryUtility(ILocalizer, name=locale)
    if localizer is None:
        directories = registry.queryUtility(ITranslationDirectories, default=[])
        localizer = make_localizer(locale, directories)
        registry.registerUtility(localizer, ILocalizer, name=locale)
    return localizer


def send_password_link(request, reset: users_service.ResetRequest,
                       invitation: bool = False) -> None:
    """Mail ``reset.user`` the link that lets them choose a (new) password."""
    user = reset.user
    locale = user.locale if user.locale in site_languages(request) else request.locale_name
    translate = localizer_for(request, locale).translate
    site = request.site.name
    names = {"site": site, "name": user.display_name or user.email}
    if invitation:
        days = users_service.INVITATION_LIFETIME.days
        texts = [_("Your account on ${site}", mapping=names),
                 _("An account has been created for you on ${site}. "
                   "Follow this link to choose your password:", mapping=names),
                 _("The link works once, within ${days} days.", mapping={"days": days}),
                 _("If you did not expect this message, you can ignore it.")]
    else:
        hours = int(users_service.RESET_TOKEN_LIFETIME.total_seconds() // 3600)
        texts = [_("Choose a new password for ${site}", mapping=names),
                 _("Someone, probably you, asked to reset the password of your account "
                   "on ${site}. Follow this link to choose a new one:", mapping=names),
                 _("The link works once, within ${hours} hours.", mapping={"hours": hours}),
                 _("If you did not ask for this, ignore this message: "
                   "your password stays as it is.")]
    subject, intro, validity, ignore_note = (translate(t) for t in texts)
    mail = mail_service.compose_link_mail(
        user.email, request.route_url("auth.reset", token=reset.token),
        mail_service.LinkMailTexts(
            subject=subject, greeting=translate(_("Hello ${name},", mapping=names)),
            intro=intro, validity=validity, ignore_note=ignore_note, signature=site))
    get_mailer(request).send(Message(subject=mail.subject, recipients=[mail.recipient],
                                     body=mail.body))


# --- shared schema pieces ----------------------------------------------------------------


def strong_enough(node, value) -> None:
    if len(value) < passwords.MIN_LENGTH:
        raise colander.Invalid(node, _("The password must have at least ${n} characters.",
                                       mapping={"n": passwords.MIN_LENGTH}))


def new_password_node(title, **kw) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), title=title, validator=strong_enough,
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "new-password"}), **kw)


def repeat_password_node(**kw) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), title=_("New password again"),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "new-password"}), **kw)


def passwords_match(node, value) -> None:
    if value.get("password") and value["password"] != value.get("password_again"):
        error = colander.Invalid(node)
        error["password_again"] = _("The two passwords differ.")
        raise error


# --- forgot and reset --------------------------------------------------------------------


class ForgotSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(), title=_("E-mail"), validator=colander.Email(),
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "email",
                                                         "type": "email"}))


@view_config(route_name="auth.forgot", renderer="lanta:templates/password_forgot.pt",
             permission="view", request_method=("GET", "POST"))
def forgot(request):
    form = make_form(ForgotSchema(), request, formid="forgot-form",
                     buttons=(deform.Button("send", _("Send me a link")),))

    def send(data):
        reset = users_service.start_password_reset(request.dbsession, data["email"])
        if reset is not None:
            send_password_link(request, reset)
        # The same words whether or not the account exists: no account enumeration.
        request.session.flash(request.localizer.translate(_(
            "If an account uses this address, we have sent it a link to choose a new "
            "password. Check your mailbox.")))
        return HTTPFound(request.route_url("auth.login"))

    result, html = process_form(request, form, send)
    if result is not None:
        return result
    return {"form": html, "page_title": _("Forgot your password?")}


class ResetSchema(CSRFSchema):
    password = new_password_node(_("New password"))
    password_again = repeat_password_node()

    def __init__(self, *args, **kw):
        super().__init__(*args, validator=passwords_match, **kw)


@view_config(route_name="auth.reset", renderer="lanta:templates/password_reset.pt",
             permission="view", request_method=("GET", "POST"))
def reset(request):
    # The token is in the address: keep it out of Referer headers sent to other sites.
    # Not "no-referrer": with it, browsers send "Origin: null" on the form's own POST,
    # which the CSRF origin check refuses over HTTPS.
    request.response.headers["Referrer-Policy"] = "same-origin"
    token = request.matchdict["token"]
    try:
        user, _row = users_service.user_for_reset_token(request.dbsession, token)
    except DomainError as exc:
        request.response.status = 400
        return {"form": None, "error": _(exc.message, mapping=exc.mapping), "user": None,
                "page_title": _("Choose a new password")}
    form = make_form(ResetSchema(), request, formid="reset-form",
                     buttons=(deform.Button("save", _("Save the new password")),))

    def save(data):
        try:
            users_service.finish_password_reset(request.dbsession, token, data["password"])
        except DomainError as exc:
            request.response.status = exc.status
            return render_with_error(form, data, _(exc.message, mapping=exc.mapping),
                                     "password")
        request.session.flash(request.localizer.translate(
            _("Your password has been changed. You can log in with it now.")))
        return HTTPFound(request.route_url("auth.login"))

    result, html = process_form(request, form, save)
    if isinstance(result, HTTPFound):
        return result
    return {"form": result or html, "error": None, "user": user,
            "page_title": _("Choose a new password")}


# --- the account page --------------------------------------------------------------------


@colander.deferred
def _language_widget(node, kw):
    request = kw["request"]
    values = [("", _("The site's default language"))]
    values += [(code, KNOWN_LANGUAGES[code]) for code in site_languages(request)]
    return deform.widget.SelectWidget(values=values)


@colander.deferred
def _language_validator(node, kw):
    return colander.OneOf([""] + site_languages(kw["request"]))


def _current_password_given(node, value) -> None:
    passwords_match(node, value)
    if value.get("password") and not value.get("current_password"):
        error = colander.Invalid(node)
        error["current_password"] = _("Enter your current password to change it.")
        raise error


class AccountSchema(CSRFSchema):
    display_name = colander.SchemaNode(
        colander.String(), title=_("Name"), validator=colander.Length(min=1, max=120),
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "name"}))
    locale = colander.SchemaNode(colander.String(), title=_("Language"), missing="",
                                 widget=_language_widget, validator=_language_validator)
    current_password = colander.SchemaNode(
        colander.String(), title=_("Current password"), missing="",
        description=_("Needed only to change your password."),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "current-password"}))
    password = new_password_node(_("New password"), missing="",
                                 description=_("Leave empty to keep your password."))
    password_again = repeat_password_node(missing="")

    def __init__(self, *args, **kw):
        super().__init__(*args, validator=_current_password_given, **kw)


@view_config(route_name="account", renderer="lanta:templates/account.pt",
             permission="account.edit", request_method=("GET", "POST"))
def account(request):
    user = request.user
    form = make_form(AccountSchema(), request, formid="account-form",
                     buttons=(deform.Button("save", _("Save")),))

    def save(data):
        headers = []
        if data["password"]:
            # First, so that a refused password leaves the name and language unchanged.
            try:
                users_service.change_password(request.dbsession, user,
                                              data["current_password"], data["password"],
                                              request.remote_addr or "unknown")
            except DomainError as exc:
                request.response.status = exc.status
                return render_with_error(form, data, _(exc.message, mapping=exc.mapping),
                                         "current_password")
            # A new session after a password change, as after a login.
            headers = remember(request, user.id)
        users_service.update(request.dbsession, user, display_name=data["display_name"],
                             locale=data["locale"])
        request.session.flash(request.localizer.translate(_("Your account has been saved.")))
        return HTTPFound(request.route_url("account"), headers=headers)

    result, html = process_form(request, form, save, appstruct={
        "display_name": user.display_name, "locale": user.locale or ""})
    if isinstance(result, HTTPFound):
        return result
    # Imported here: the user admin imports this module for its password helpers.
    from .admin.users import role_title

    return {"form": result or html, "account": user, "role_title": role_title,
            "page_title": _("My account")}
