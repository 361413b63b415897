"""The mails of recruitment: the office's answer to an application.

Written in the applicant's language (their account's, else the first they said they
write in, else the site's default), laid out by the core's
:func:`lanta.services.mail.compose_link_mail` like every account mail. A new account's
mail carries the one-time link to choose a password (valid
``users.INVITATION_LIFETIME``); an existing account's, the link to the tester's profile.
"""
from __future__ import annotations

from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message

from lanta.services import mail as mail_service
from lanta.services import users as users_service

from .i18n import _
from .models import Application
from .services.applications import Acceptance


def _language(request, application: Application, user=None) -> str:
    offered = list(request.site.languages or ["fr"])
    for lang in [getattr(user, "locale", None), *application.languages]:
        if lang in offered:
            return lang
    return offered[0]


def _translator(request, lang: str):
    if lang == request.locale_name:
        return request.localizer.translate
    directories = request.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(lang, directories).translate


def _send(request, mail: mail_service.OutgoingMail) -> None:
    get_mailer(request).send(Message(subject=mail.subject, recipients=[mail.recipient],
                                     body=mail.body))


def send_acceptance(request, acceptance: Acceptance) -> None:
    """"You are one of our testers", with the link to choose a password (new account)
    or to the profile (an account that already had one)."""
    application, user = acceptance.application, acceptance.user
    translate = _translator(request, _language(request, application, user))
    names = {"site": request.site.name, "name": application.name,
             "days": users_service.INVITATION_LIFETIME.days}
    if acceptance.new_account:
        reset = users_service.issue_reset_token(request.dbsession, user,
                                                users_service.INVITATION_LIFETIME)
        link = request.route_url("auth.reset", token=reset.token)
        intro = _("Your application to test places for ${site} is accepted: welcome! An "
                  "account was created for you. Follow this link to choose your password, "
                  "then fill in your tester's profile:", mapping=names)
        validity = _("The link works once, within ${days} days.", mapping=names)
    else:
        link = request.route_url("reviews.profile")
        intro = _("Your application to test places for ${site} is accepted: welcome! Log "
                  "in with your usual account and fill in your tester's profile:",
                  mapping=names)
        validity = ""
    texts = mail_service.LinkMailTexts(
        subject=translate(_("You are a tester for ${site}", mapping=names)),
        greeting=translate(_("Hello ${name},", mapping=names)),
        intro=translate(intro), validity=translate(validity) if validity else "",
        ignore_note=translate(_("If you did not apply, tell us by answering this "
                                "message.")),
        signature=request.site.name)
    _send(request, mail_service.compose_link_mail(user.email, link, texts))


def send_decline(request, application: Application) -> None:
    """The office's "no", with its reason and an invitation to try again later."""
    translate = _translator(request, _language(request, application))
    names = {"site": request.site.name, "name": application.name}
    paragraphs = [
        translate(_("Hello ${name},", mapping=names)),
        translate(_("Thank you for your application to test places for ${site}. The "
                    "office cannot accept it, for this reason:", mapping=names)),
        application.reason,
        translate(_("You may apply again in a few months.")),
        "-- \n" + request.site.name]
    subject = " ".join(translate(_("Your application to test places for ${site}",
                                   mapping=names)).split())
    body = "\n\n".join(p for p in paragraphs if p) + "\n"
    _send(request, mail_service.OutgoingMail(recipient=application.email,
                                             subject=subject, body=body))
