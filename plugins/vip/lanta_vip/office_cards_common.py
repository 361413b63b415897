"""What the office's card, visitor and terminal pages share: their permissions and
templates, the QR key, refusals shown as sentences, texts in another language, and the
``no-store`` header of pages that show personal data."""
from __future__ import annotations

from babel import Locale
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from translationstring import TranslationString

from lanta.services.errors import DomainError

from .i18n import DOMAIN
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
    return vip_secrets.qr_key_from_secret(request.registry.lanta_settings.secret)


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


def language_name(lang: str) -> str:
    """A language's name in that language ("Français", "English"), as visitors look
    for their own."""
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:]


def site_languages(request) -> list[tuple[str, str]]:
    """(code, name) of the languages the site offers, its default first."""
    return [(lang, language_name(lang)) for lang in request.site.languages] \
        or [("fr", language_name("fr"))]


def visitor_language(request, lang: str) -> str:
    """The language of a visitor's pages: theirs when the site offers it."""
    languages = request.site.languages
    return lang if lang in languages else request.site.default_language


def path_id(request, name: str = "id") -> int:
    return int(request.matchdict[name])


def local_time(moment) -> str:
    """An aware moment in office time, to the minute ("" for none)."""
    return moment.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""
