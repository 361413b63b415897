"""What the office's card, visitor and terminal pages share: their permissions and
templates, the QR key, refusals shown as sentences, texts in another language, and the
``no-store`` header of pages that show personal data."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from translationstring import TranslationString

from lanta.services.errors import DomainError

from .i18n import DOMAIN
from .models import MAX_ID
from .office_offers_present import language_name
from .services import secrets as vip_secrets
from .services.clock import OFFICE_TZ

ISSUE = "vip.issue"
MANAGE = "vip.manage"
TEMPLATES = "lanta_vip:templates/"


def template(name: str) -> str:
    return TEMPLATES + name


def no_store(request) -> None:
    """Keep this answer out of every cache (the core's page cache included): it holds
    a visitor's personal data or a secret shown once."""
    request.response.headers["Cache-Control"] = "no-store"


def qr_key(request) -> bytes:
    return vip_secrets.qr_key_for(request.registry.lanta_settings)


def domain_message(exc: DomainError) -> TranslationString:
    """A service's refusal as a translatable sentence, in the domain it was written in."""
    return TranslationString(exc.message, domain=getattr(exc.message, "domain", None)
                             or DOMAIN, mapping=exc.mapping)


def flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))


def translate_in(request, message, lang: str) -> str:
    """``message`` in ``lang``, whatever the language of this page."""
    if lang == request.locale_name:
        return request.localizer.translate(message)
    directories = request.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(lang, directories).translate(message)


def site_languages(request) -> list[tuple[str, str]]:
    """(code, name) of the languages the site offers, its default first, each named in
    itself ("Français", "English"), as visitors look for their own."""
    return [(lang, language_name(lang, lang)) for lang in request.site.languages] \
        or [("fr", language_name("fr", "fr"))]


def path_id(request, name: str = "id") -> int:
    """The id in the address; 404 for one no row can have (the database would fail on
    it rather than find nothing)."""
    value = int(request.matchdict[name])
    if not 1 <= value <= MAX_ID:
        raise HTTPNotFound()
    return value


def local_time(moment) -> str:
    """An aware moment in office time, to the minute ("" for none)."""
    return moment.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""
