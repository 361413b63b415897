"""What visitors read for the directory's slugs (categories, envies, audiences…), in
every language through Babel. Public for add-ons: an add-on names a category, an envie or
an audience with these, so the whole site words them alike."""
from __future__ import annotations

from .i18n import KNOWN_LANGUAGES, _

# Each language the site may offer, named in its own words (a language menu's entries).
LANGUAGE_NAMES = dict(KNOWN_LANGUAGES)

CATEGORY_LABELS = {
    "hotel": _("Hotel"),
    "gite": _("Holiday cottage"),
    "campsite": _("Campsite"),
    "restaurant": _("Restaurant"),
    "bar": _("Bar"),
    "activity": _("Activity"),
    "shop": _("Shop"),
    "heritage": _("Heritage site"),
    "museum": _("Museum"),
    "welcome_office": _("Welcome office"),
    "oasis": _("Digital oasis"),
}
ENVIE_LABELS = {
    "relax": _("Relax"),
    "thrills": _("Thrills"),
    "family": _("Family fun"),
    "food": _("Good food"),
    "culture": _("Culture"),
    "nature": _("Nature"),
    "nightlife": _("Night out"),
    "shopping": _("Shopping"),
    "wellness": _("Wellness"),
    "sport": _("Sport"),
}
AUDIENCE_LABELS = {
    "families": _("Families"),
    "couples": _("Couples"),
    "friends": _("Friends"),
    "solo": _("Travelling alone"),
    "seniors": _("Seniors"),
    "groups": _("Groups"),
    "reduced_mobility": _("Reduced mobility"),
}
ACCESSIBILITY_LABELS = {
    "wheelchair": _("Wheelchair access"),
    "hearing": _("Suited to hearing impairment"),
    "visual": _("Suited to visual impairment"),
}
PRICE_LABELS = {1: _("Budget"), 2: _("Moderate"), 3: _("Upmarket"), 4: _("Luxury")}
