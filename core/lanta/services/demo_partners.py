"""The demo office's partner directory: the opening-hours schedules, and ``PARTNERS``, the
listings of the fictional town of Lanta ("Office de tourisme de Lanta", 1 place du
Foirail), set where Pau lies in the Béarn.

Everything here is invented: the places, streets, people and phone numbers, and the e-mail
and web addresses (``.example`` domains only). Nearby real towns (Jurançon, Laruns,
Gourette…) only give the listings somewhere plausible to stand.

The listings use the slugs of :mod:`lanta.services.partner_vocabulary`. Their texts live
in ``demo_data/partners.json``; each names one of the ``SCHEDULES`` below, or none for hours the office does not know, and ``PARTNERS`` holds the
listings with those hours written out in the stored opening-hours format.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

Label = dict[str, str]
Weekly = dict[str, list[list[str]]]

CENTRE = (43.2951, -0.3708)  # the town centre (lat, lon); every listing is within 40 km

# --- building schedules ---------------------------------------------------------------

_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PERIOD_LABELS: dict[str, Label] = {
    "year": {"fr": "Toute l'année", "en": "All year"},
    "summer": {"fr": "Été", "en": "Summer"},
    "season": {"fr": "Saison", "en": "Season"},
    "winter": {"fr": "Hiver", "en": "Winter"},
    "low": {"fr": "Hors saison", "en": "Off season"},
    "ski": {"fr": "Saison de ski", "en": "Ski season"},
    "holiday": {"fr": "Fermeture annuelle", "en": "Annual closure"},
    "festive": {"fr": "Fêtes de fin d'année", "en": "Festive season"},
}
_HOLIDAYS: dict[str, Label] = {
    "2026-12-24": {"fr": "Veille de Noël", "en": "Christmas Eve"},
    "2026-12-25": {"fr": "Noël", "en": "Christmas"},
    "2027-01-01": {"fr": "Jour de l'an", "en": "New Year's Day"},
    "2027-05-01": {"fr": "Fête du Travail", "en": "Labour Day"},
}
_LUNCH, _DINNER = "12:00-14:00", "19:00-22:30"


def _days(spec: str) -> list[str]:
    """Day keys from "mon-fri", "sat,sun" or "mon,wed-sun"."""
    keys: list[str] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        start, end = _DAY_KEYS.index(first), _DAY_KEYS.index(last or first)
        keys += _DAY_KEYS[start:end + 1]
    return keys


def _weekly(days: str, *spans: str) -> Weekly:
    """The same slots ("09:00-12:30") on each day of ``days``; merge several with ``|``."""
    return {day: [span.split("-") for span in spans] for day in _days(days)}


def _period(start: str, end: str, label: str, weekly: Weekly) -> dict[str, Any]:
    ordered = {day: weekly[day] for day in _DAY_KEYS if day in weekly}
    return {"from": start, "to": end, "label": dict(_PERIOD_LABELS[label]),
            "weekly": ordered}


def _year(weekly: Weekly) -> dict[str, Any]:
    return _period("01-01", "12-31", "year", weekly)


def _hours(*periods: dict[str, Any], closed: tuple[str, ...] = (),
           special: dict[str, str] | None = None) -> dict[str, Any]:
    """Hours with ``closed`` dates shut all day and ``special`` dates open for one span
    only; both must be in ``_HOLIDAYS`` so that each carries its label."""
    exceptions = [{"date": day, "slots": [], "label": dict(_HOLIDAYS[day])}
                  for day in closed]
    exceptions += [{"date": day, "slots": [span.split("-")], "label": dict(_HOLIDAYS[day])}
                   for day, span in (special or {}).items()]
    exceptions.sort(key=lambda item: item["date"])
    return {"timezone": "Europe/Paris", "periods": list(periods), "exceptions": exceptions}


_PUBLIC_HOLIDAYS = ("2026-12-25", "2027-01-01", "2027-05-01")

SCHEDULES: dict[str, dict[str, Any]] = {
    # Lodging: the hours are those of the reception desk.
    "hotel_reception": _hours(_year(_weekly("mon-sun", "07:00-23:00"))),
    "hotel_night_desk": _hours(_year(_weekly("mon-sun", "00:00-24:00"))),
    "hotel_family": _hours(_year(_weekly("mon-sat", "07:30-22:00")
                                 | _weekly("sun", "08:00-12:00", "17:00-21:00"))),
    "hotel_valley": _hours(_period("02-01", "11-15", "season",
                                   _weekly("mon-sun", "07:30-22:00"))),
    "hotel_ski": _hours(
        _period("12-15", "04-05", "ski", _weekly("mon-sun", "07:00-22:30")),
        _period("06-20", "09-15", "summer", _weekly("mon-sun", "08:00-21:00"))),
    "gite_year": _hours(_year(_weekly("mon-sun", "09:00-11:00", "16:00-20:00"))),
    "gite_season": _hours(_period("04-01", "10-31", "season",
                                  _weekly("mon-sun", "09:00-11:00", "16:00-20:00"))),
    "gite_stage": _hours(_year(_weekly("mon-sun", "17:00-21:00")),
                         _period("07-01", "08-31", "summer",
                                 _weekly("mon-sun", "07:30-10:00", "16:00-22:00"))),
    "gite_weekends": _hours(_year(_weekly("fri", "16:00-20:00")
                                  | _weekly("sat", "09:00-19:00")
                                  | _weekly("sun", "09:00-12:00"))),
    "campsite": _hours(
        _period("04-01", "10-15", "season", _weekly("mon-sun", "08:30-12:30", "14:30-19:30")),
        _period("07-01", "08-31", "summer", _weekly("mon-sun", "08:00-21:00"))),
    "campsite_summer": _hours(_period("05-15", "09-15", "season",
                                      _weekly("mon-sun", "09:00-12:00", "15:00-20:00"))),
    # Eating and drinking.
    "restaurant": _hours(_year(_weekly("tue-sat", _LUNCH, _DINNER) | _weekly("sun", _LUNCH))),
    # An empty week inside the all-year period closes the place: the shorter period wins.
    "restaurant_gastro": _hours(
        _year(_weekly("wed-sat", "12:15-13:45", "19:30-21:30")
              | _weekly("sun", "12:15-13:45")),
        _period("02-15", "03-05", "holiday", {}), closed=("2026-12-25", "2027-01-01")),
    "brasserie": _hours(_year(_weekly("mon-sun", "12:00-14:30", "19:00-23:00")),
                        closed=("2026-12-25",)),
    "lunch_only": _hours(_year(_weekly("tue-sat", "11:45-14:30")
                               | _weekly("sun", "11:30-14:00"))),
    "restaurant_mountain": _hours(
        _period("05-01", "10-31", "season", _weekly("mon-sun", "12:00-14:30")),
        _period("07-01", "08-31", "summer", _weekly("mon-sun", "12:00-14:30", "19:00-22:00"))),
    "farm_inn": _hours(
        _year(_weekly("fri-sat", "19:30-22:00") | _weekly("sun", "12:00-15:00")),
        _period("07-01", "08-31", "summer", _weekly("tue-sat", _LUNCH, "19:30-22:00")
                | _weekly("sun", "12:00-15:00"))),
    "creperie": _hours(_year(_weekly("wed-sun", "12:00-14:30", "18:30-22:00"))),
    "pizzeria": _hours(_year(_weekly("tue-thu", _LUNCH, "18:30-22:30")
                             | _weekly("fri-sat", _LUNCH, "18:30-23:30")
                             | _weekly("sun", "18:30-22:30"))),
    # A bar's slot that ends at or before it starts runs past midnight.
    "bar_late": _hours(_year(_weekly("tue-thu", "17:00-01:00")
                             | _weekly("fri-sat", "17:00-02:00"))),
    "pub": _hours(_year(_weekly("mon-sat", "17:00-02:00") | _weekly("sun", "17:00-24:00"))),
    "wine_bar": _hours(_year(_weekly("tue-sat", "18:00-24:00"))),
    "rooftop": _hours(_period("05-01", "09-30", "season", _weekly("wed-sun", "18:00-01:00"))),
    "cafe_bar": _hours(_year(_weekly("mon-thu", "07:00-20:00")
                             | _weekly("fri-sat", "07:00-01:00")
                             | _weekly("sun", "08:00-13:00"))),
    # Activities: the outdoor ones open only in season.
    "rafting": _hours(
        _period("04-15", "09-30", "season", _weekly("mon-sun", "09:00-18:00")),
        _period("07-01", "08-31", "summer", _weekly("mon-sun", "08:30-19:30"))),
    "canyoning": _hours(_period("06-01", "09-30", "season",
                                _weekly("mon-sun", "08:30-18:00"))),
    "paragliding": _hours(_period("04-01", "10-31", "season",
                                  _weekly("mon-sun", "09:00-19:00"))),
    "treetop": _hours(
        _period("04-01", "11-05", "season",
                _weekly("wed", "13:30-18:00") | _weekly("sat-sun", "10:00-18:00")),
        _period("07-01", "08-31", "summer", _weekly("mon-sun", "09:30-19:30"))),
    "riding": _hours(
        _year(_weekly("wed", "14:00-18:00") | _weekly("sat-sun", "09:30-12:30", "14:00-18:30")),
        _period("07-01", "08-31", "summer", _weekly("mon-sat", "09:00-12:30", "14:00-19:00"))),
    "via_ferrata": _hours(_period("05-01", "10-31", "season",
                                  _weekly("mon-sun", "08:30-18:30"))),
    "bike_hire": _hours(
        _period("03-15", "11-15", "season",
                _weekly("tue-sat", "09:30-12:30", "14:00-19:00") | _weekly("sun", "09:00-13:00")),
        _period("07-01", "08-31", "summer", _weekly("mon-sun", "09:00-19:00"))),
    "spa": _hours(
        _year(_weekly("mon-thu,sat-sun", "10:00-20:00") | _weekly("fri", "10:00-22:00")),
        _period("11-16", "11-30", "holiday", {}), closed=("2026-12-25",)),
    "golf": _hours(_period("10-01", "03-31", "winter", _weekly("mon-sun", "09:00-17:30")),
                   _period("04-01", "09-30", "summer", _weekly("mon-sun", "08:00-20:00"))),
    "cooking_class": _hours(_year(_weekly("wed", "18:30-22:00")
                                  | _weekly("sat", "10:00-14:00"))),
    "wine_estate": _hours(
        _year(_weekly("mon-sat", "10:00-12:00", "14:00-18:30")),
        _period("07-01", "08-31", "summer", _weekly("mon-sat", "10:00-12:00", "14:00-18:30")
                | _weekly("sun", "15:00-19:00")),
        closed=("2026-12-25", "2027-01-01")),
    "escape_game": _hours(_year(_weekly("wed-thu", "14:00-22:00")
                                | _weekly("fri-sat", "14:00-24:00")
                                | _weekly("sun", "14:00-20:00"))),
    # Shops: many close on Sunday and on Monday morning.
    "shop": _hours(_year(_weekly("mon", "14:30-19:00")
                         | _weekly("tue-sat", "09:30-12:30", "14:30-19:00"))),
    "shop_continuous": _hours(_year(_weekly("mon-sat", "10:00-19:00"))),
    "cheese_shop": _hours(_year(_weekly("tue-sat", "08:30-12:30", "15:30-19:30")
                                | _weekly("sun", "09:00-12:30"))),
    "chocolate_shop": _hours(
        _year(_weekly("mon", "14:00-19:00") | _weekly("tue-sat", "09:30-19:00")),
        _period("12-01", "12-31", "festive", _weekly("mon-sun", "10:00-19:00")),
        closed=("2026-12-25",), special={"2026-12-24": "09:30-17:00"}),
    "workshop_shop": _hours(
        _year(_weekly("mon-fri", "10:00-12:00", "14:00-18:00")),
        _period("07-01", "08-31", "summer", _weekly("mon-sat", "10:00-12:30", "14:00-18:30"))),
    # Heritage, museums and the office's own desks.
    "castle": _hours(_year(_weekly("mon-sun", "09:30-11:45", "14:00-17:00")),
                     _period("06-15", "09-15", "summer", _weekly("mon-sun", "09:30-18:45")),
                     closed=_PUBLIC_HOLIDAYS),
    "funicular": _hours(_year(_weekly("mon-sat", "06:45-21:30")
                              | _weekly("sun", "13:30-21:00"))),
    "always_open": _hours(_year(_weekly("mon-sun", "00:00-24:00"))),
    "covered_market": _hours(
        _year(_weekly("mon-fri", "06:30-13:30") | _weekly("sat", "06:30-14:00")
              | _weekly("sun", "07:00-13:00")),
        closed=("2026-12-25",), special={"2026-12-24": "06:00-16:00"}),
    "museum": _hours(
        _year(_weekly("mon,wed-sun", "10:00-12:00", "14:00-18:00")),
        _period("07-01", "08-31", "summer", _weekly("mon,wed-sun", "10:00-18:30")),
        closed=_PUBLIC_HOLIDAYS),
    "museum_seasonal": _hours(_period("04-01", "10-31", "season",
                                      _weekly("mon,wed-sun", "14:00-18:00"))),
    "welcome_main": _hours(
        _year(_weekly("mon-sat", "09:00-12:30", "14:00-18:00")),
        _period("07-01", "08-31", "summer", _weekly("mon-sat", "09:00-19:00")
                | _weekly("sun", "10:00-13:00")),
        closed=_PUBLIC_HOLIDAYS),
    "welcome_valley": _hours(
        _period("06-15", "09-15", "summer", _weekly("mon-sat", "09:30-12:30", "14:00-18:30")
                | _weekly("sun", "09:30-12:30"))),
    "welcome_kiosk": _hours(
        _period("04-01", "10-31", "season", _weekly("mon-sun", "09:30-13:00", "14:00-18:00")),
        _period("11-01", "03-31", "low", _weekly("fri-sun", "10:00-13:00", "14:00-17:00"))),
}

# --- the listings ---------------------------------------------------------------------


def _load_partners() -> tuple[dict[str, Any], ...]:
    """The listings of ``demo_data/partners.json``, each with its schedule's hours (a copy
    of its own, so that changing one listing never changes another)."""
    source = Path(__file__).with_name("demo_data") / "partners.json"
    partners = []
    for entry in json.loads(source.read_text(encoding="utf-8")):
        schedule = entry.pop("hours")
        if schedule is not None and schedule not in SCHEDULES:
            raise ValueError(f"demo_data/partners.json: {entry['slug']} names the unknown "
                             f"schedule {schedule!r}; add it to SCHEDULES.")
        entry["opening_hours"] = (copy.deepcopy(SCHEDULES[schedule])
                                  if schedule is not None else None)
        partners.append(entry)
    return tuple(partners)


PARTNERS: tuple[dict[str, Any], ...] = _load_partners()
