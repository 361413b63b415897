"""Translation strings and locale negotiation.

Message ids are English; French is the default locale. The visitor site carries the
language in its URL (``/fr/…``); elsewhere the user's preference, then a cookie, then the
browser's ``Accept-Language`` decide, among the languages the site offers.
"""
from __future__ import annotations

from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("lanta")

DEFAULT_LOCALE = "fr"
KNOWN_LANGUAGES = {"fr": "Français", "en": "English"}
LANG_COOKIE = "lanta_lang"


def site_languages(request) -> list[str]:
    try:
        languages = request.site.languages
    except Exception:  # database down: still answer in the default language
        languages = []
    return [lang for lang in languages if lang in KNOWN_LANGUAGES] or [DEFAULT_LOCALE]


def negotiate_locale(request) -> str:
    languages = site_languages(request)
    matchdict = request.matchdict or {}
    lang = matchdict.get("lang")
    if lang in languages:
        return lang
    user = getattr(request, "identity", None)
    if user is not None and getattr(user, "locale", None) in languages:
        return user.locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages:
        return cookie
    best = request.accept_language.lookup(languages, default="")
    if best:
        return best
    return languages[0] if DEFAULT_LOCALE not in languages else DEFAULT_LOCALE
