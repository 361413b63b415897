"""Importing places from DATAtourisme, the national open data of French tourism
(JSON-LD objects of https://www.datatourisme.fr/ontology/core/), into the partner directory.

One object becomes one partner, recognised by its ``@id`` (else ``dc:identifier``) kept in
``Partner.external_id``: importing the same files again changes nothing; newer ones update
the partners they describe. Read (the rest is ignored): ``@type`` → ``category``
(``CATEGORY_RULES``); ``rdfs:label`` → ``name``, whose French text (else the first) gives
the slug, made unique with ``-2``, ``-3``… and never changed afterwards so that addresses
stay valid; ``hasDescription[]`` ``shortDescription`` (else ``rdfs:comment``) →
``summary`` and ``dc:description`` → ``description``; ``isLocatedAt[]`` ``schema:address``
→ ``street``, ``postcode``, ``city``, ``schema:geo`` → ``lat``, ``lon``,
``schema:openingHoursSpecification`` → ``opening_hours`` (``opening_hours_of``);
``hasContact[]`` the first ``schema:telephone``, ``schema:email``, ``foaf:homepage``. A
value too long for its column is left out.

An import mirrors the source: those fields are overwritten by each import; the others
(envies, audiences, labels, price range, published…) are the office's, never touched.
Files are read twice: all are checked first, so that a missing path or a file that is not
JSON stops the import before anything is written; then each object is written in its own
savepoint, so that one refused midway leaves nothing half-written and stops no other.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from ..models import Partner
from . import partners
from .errors import DomainError
from .opening_hours import DAY_KEYS, DEFAULT_TIMEZONE
from .text_folding import fold

# The first rule naming one of an object's types gives its category. Objects list their
# whole class hierarchy (a museum is also a CulturalSite and a PlaceOfInterest), so the
# precise types come first and their ancestors last. Types compare by local name:
# "Hotel", "schema:Hotel" and ".../ontology/core#Hotel" are one. Events, tours, products,
# services and transport match no rule and are skipped.
CATEGORY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("museum", ("Museum", "InterpretationCentre")),
    ("welcome_office", ("TouristInformationCenter",)),
    ("hotel", ("HotelRestaurant", "Hotel")),
    ("campsite", ("Camping", "CamperVanArea", "Campground")),
    ("gite", ("Guesthouse", "TableHoteGuesthouse", "SelfCateringAccommodation",
              "BedAndBreakfast")),
    ("bar", ("BarOrPub", "BistroOrWineBar")),
    ("shop", ("Bakery", "Cellar", "Store", "TastingProvider")),
    ("restaurant", ("Restaurant", "FastFoodRestaurant", "StreetFood", "CafeOrTeahouse",
                    "IceCreamShop")),
    ("activity", ("SportsAndLeisurePlace", "ActivityProvider", "MedicalPlace")),
    # ancestors, for objects whose precise type is none of the above
    ("hotel", ("HotelTrade",)),
    ("campsite", ("CampingAndCaravanning",)),
    ("gite", ("RentalAccommodation", "CollectiveAccommodation", "Accommodation")),
    ("restaurant", ("FoodEstablishment",)),
    ("heritage", ("CulturalSite", "NaturalHeritage")),
)
FILE_SUFFIXES = (".json", ".jsonld")
SLUG_LENGTH = 100  # of the column's 120, leaving room for a "-NN" suffix
ID_LENGTH = 255
# Partner's column sizes: a longer value is left out rather than refused by PostgreSQL.
LIMITS = {"street": 255, "postcode": 16, "city": 120, "phone": 40, "email": 254,
          "website": 500}
_JSONLD_KEYWORDS = {"@id", "@type", "@context", "@graph", "@value", "@language"}
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_TIME = re.compile(r"([01]\d|2[0-4]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?")
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_WEEKDAYS = dict(zip(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                      "Sunday"), DAY_KEYS))


class SourceError(DomainError):
    """A path that cannot be imported at all (missing, not JSON); nothing was written."""


class NotImportable(DomainError):
    """One object that cannot become a partner; the others are imported."""


@dataclass(frozen=True)
class Skipped:
    """An object left out: the file it came from, its identifier if it has one, why."""

    file: str
    identifier: str | None
    error: DomainError

    @property
    def reason(self) -> str:
        return str(self.error)


@dataclass
class ImportReport:
    """What an import did: partners created, updated, left unchanged; objects skipped."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.skipped)


# --- reading one object -------------------------------------------------------------------

def partner_data(obj: Any) -> dict[str, Any]:
    """The data ``partners.create`` takes for one DATAtourisme object, with the ``slug``
    its name gives before it is made unique; raise NotImportable saying why not."""
    if not isinstance(obj, dict):
        raise NotImportable("It is not a JSON object.")
    external_id = identifier_of(obj)
    if external_id is None:
        raise NotImportable("It has no @id or dc:identifier to recognise it by on the next "
                            "import.")
    if len(external_id) > ID_LENGTH:
        raise NotImportable("Its identifier is longer than ${limit} characters.",
                            limit=ID_LENGTH)
    name = language_map(obj.get("rdfs:label"))
    if not name:
        raise NotImportable("It has no name (rdfs:label).")
    descriptions = _dicts(obj.get("hasDescription"))
    data: dict[str, Any] = {
        "external_id": external_id,
        "slug": slug_for(name),
        "category": category_of(obj.get("@type")),
        "name": name,
        "summary": (language_map([t for d in descriptions
                                  for t in _as_list(d.get("shortDescription"))])
                    or language_map(obj.get("rdfs:comment"))),
        "description": language_map([t for d in descriptions
                                     for t in _as_list(d.get("dc:description"))]),
    }
    data.update(_place(obj))
    agents = _dicts(obj.get("hasContact"))
    for column, key in (("phone", "schema:telephone"), ("email", "schema:email"),
                        ("website", "foaf:homepage")):
        values = (value for agent in agents for value in _strings(agent.get(key)))
        data[column] = next(values, "")
    for column, limit in LIMITS.items():
        if len(data[column]) > limit:
            data[column] = ""
    return data


def identifier_of(obj: dict[str, Any]) -> str | None:
    """The object's ``@id``, else its ``dc:identifier``, else None."""
    return next(iter([*_strings(obj.get("@id")), *_strings(obj.get("dc:identifier"))]),
                None)


def category_of(types: Any) -> str:
    """Our category for an object's ``@type`` (see CATEGORY_RULES)."""
    names = [_local_name(t) for t in _strings(types)]
    for category, type_names in CATEGORY_RULES:
        if any(name in names for name in type_names):
            return category
    shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "") or "none"
    raise NotImportable("None of its types (${types}) is a kind of place the directory "
                        "lists.", types=shown)


def language_map(value: Any) -> dict[str, str]:
    """``{"fr": "…", "en": "…"}`` from the shapes texts come in: ``{"fr": ["…"]}`` (the
    files), ``{"@fr": "…"}`` (the API), ``{"@value": "…", "@language": "fr"}``, lists of
    those, or a bare string (taken as French). The first text of each language wins."""
    texts: dict[str, str] = {}

    def keep(language: Any, text: Any) -> None:
        language = str(language or "fr").lstrip("@").split("-")[0].lower()
        if isinstance(text, str) and text.strip() and _LANGUAGE.fullmatch(language):
            texts.setdefault(language, text.strip())

    for item in _as_list(value):
        if isinstance(item, str):
            keep("fr", item)
        elif isinstance(item, dict) and "@value" in item:
            keep(item.get("@language"), item["@value"])
        elif isinstance(item, dict):
            for language, text in item.items():
                for one in ([] if language in _JSONLD_KEYWORDS else _as_list(text)):
                    keep(language, one)
    return texts


def slug_for(name: dict[str, str]) -> str:
    """Lower-case ASCII words of the French name (else the first), joined by hyphens."""
    text = (name.get("fr") or next(iter(name.values()), ""))
    return "-".join(fold(text).split())[:SLUG_LENGTH].strip("-") or "partner"


def _place(obj: dict[str, Any]) -> dict[str, Any]:
    street = postcode = city = ""
    lat = lon = None
    specs: list[dict[str, Any]] = []
    for place in _dicts(obj.get("isLocatedAt")):
        for address in _dicts(place.get("schema:address"))[:1]:
            if not (street or postcode or city):
                street = ", ".join(_strings(address.get("schema:streetAddress")))
                postcode = next(_strings(address.get("schema:postalCode")), "")
                city = next(_strings(address.get("schema:addressLocality")), "") or next(
                    (language_map(c.get("rdfs:label")).get("fr", "")
                     for c in _dicts(address.get("hasAddressCity"))), "")
        for geo in _dicts(place.get("schema:geo")):
            point = [_number(geo.get(f"schema:{k}")) for k in ("latitude", "longitude")]
            if lat is None and None not in point:
                lat, lon = point
        specs += _dicts(place.get("schema:openingHoursSpecification"))
    return {"street": street, "postcode": postcode, "city": city, "lat": lat, "lon": lon,
            "opening_hours": opening_hours_of(specs)}


# --- opening hours ------------------------------------------------------------------------

def opening_hours_of(specs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Schema.org opening-hours specifications in the stored format of
    ``lanta.services.opening_hours`` (times in Europe/Paris); None when none is usable.

    A specification needs ``schema:opens`` and ``schema:closes``: one without hours says
    nothing usable and is ignored. No ``schema:dayOfWeek`` means every day. Its
    ``validFrom``/``validThrough`` become a yearly period: a span of a year or more, or no
    dates, is the whole year; a shorter span is its MM-DD to MM-DD season, recurring every
    year (it may wrap the year end); a missing end is Dec 31, a missing start Jan 1.
    A specification of a single date becomes an exception of that date. Specifications of
    the same span share one period."""
    periods: dict[tuple[str, str], dict[str, list[list[str]]]] = {}
    exceptions: dict[str, list[list[str]]] = {}
    for spec in specs:
        start, end = _time(spec.get("schema:opens")), _time(spec.get("schema:closes"))
        days = _days(spec.get("schema:dayOfWeek"))
        first, first_ok = _date(spec.get("schema:validFrom"))
        last, last_ok = _date(spec.get("schema:validThrough"))
        if (None in (start, end) or start == "24:00" or not days
                or not (first_ok and last_ok) or (first and last and last < first)):
            continue
        if first is not None and first == last:
            targets = ([exceptions.setdefault(first.isoformat(), [])]
                       if DAY_KEYS[first.weekday()] in days else [])
        else:
            if first and last and (last - first).days + 1 >= 365:
                first = last = None  # a year or more: every day of every year
            weekly = periods.setdefault((first.strftime("%m-%d") if first else "01-01",
                                         last.strftime("%m-%d") if last else "12-31"), {})
            targets = [weekly.setdefault(day, []) for day in days]
        for slots in targets:
            if [start, end] not in slots:  # the same hours given twice are one slot
                slots.append([start, end])
    if not periods and not exceptions:
        return None
    return {"timezone": DEFAULT_TIMEZONE,
            "periods": [{"from": first, "to": last, "weekly": weekly}
                        for (first, last), weekly in periods.items()],
            "exceptions": [{"date": day, "slots": slots}
                           for day, slots in sorted(exceptions.items())]}


def _time(value: Any) -> str | None:
    """"HH:MM" of "HH:MM[:SS][zone]"; "24:00" is kept (it can end a slot)."""
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or (match[1] == "24" and match[2] != "00"):
        return None
    return f"{match[1]}:{match[2]}"


def _days(value: Any) -> list[str]:
    """The day keys a specification names, all seven when it names none. Values that are
    no weekday (``PublicHolidays``) are ignored."""
    if value is None or value == []:
        return list(DAY_KEYS)
    found = {_WEEKDAYS.get(_local_name(v)) for v in _strings(value)}
    return [day for day in DAY_KEYS if day in found]


def _date(value: Any) -> tuple[dt.date | None, bool]:
    """(the date, whether it could be read); a missing date is (None, True)."""
    text = next(_strings(value), None)
    if text is None:
        return None, True
    match = _DATE.match(text)
    try:
        return (dt.date(*map(int, match.groups())), True) if match else (None, False)
    except ValueError:
        return None, False


# --- small readers of JSON-LD values ------------------------------------------------------

def _as_list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in _as_list(value) if isinstance(item, dict)]


def _strings(value: Any) -> Iterator[str]:
    """The non-empty texts of a value: strings, numbers, ``{"@value"}`` or ``{"@id"}``."""
    for item in _as_list(value):
        if isinstance(item, dict):
            item = item.get("@value", item.get("@id"))
        if isinstance(item, (str, int, float)) and not isinstance(item, bool) \
                and str(item).strip():
            yield str(item).strip()


def _number(value: Any) -> float | None:
    try:
        number = float(next(_strings(value), "").replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _local_name(value: str) -> str:
    return re.split(r"[#/:]", value)[-1]


# --- files and the database ---------------------------------------------------------------

def import_paths(dbsession: Session, paths: Iterable[str | Path], *,
                 on_progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import every object of the files ``paths`` name (folders are walked for *.json and
    *.jsonld files): create the partners that are new, update those already imported
    (matched by ``external_id``) whose data changed. Raise SourceError, having written
    nothing, when a path is missing or a file is not JSON. ``on_progress(done, total)`` is
    called after each object. The caller commits."""
    files = source_files(paths)
    total = sum(len(_objects_in(file, _read_json(file))) for file in files)
    report = ImportReport()
    for file in files:
        for obj in _objects_in(file, _read_json(file)):
            _import_one(dbsession, file, obj, report)
            if on_progress is not None:
                on_progress(report.total, total)
    return report


def source_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read, in order: each file named, and each folder's JSON files sorted."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in FILE_SUFFIXES)
            if not found:
                raise SourceError("The folder ${path} holds no .json or .jsonld file.",
                                  path=str(path))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError("${path} does not exist.", path=str(path))
    return files


def _read_json(file: Path) -> Any:
    try:
        return json.loads(file.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise SourceError("The file ${path} is not valid JSON (line ${line}, column "
                          "${column}: ${reason}).", path=str(file), line=exc.lineno,
                          column=exc.colno, reason=exc.msg) from None
    except UnicodeDecodeError:
        raise SourceError("The file ${path} is not JSON: it is not UTF-8 text.",
                          path=str(file)) from None
    except OSError as exc:  # a file that vanished or may not be read
        raise SourceError("The file ${path} cannot be read: ${reason}.", path=str(file),
                          reason=exc.strerror or type(exc).__name__) from None


def _objects_in(file: Path, data: Any) -> list[Any]:
    """The objects of a file holding one, a list of them, or a JSON-LD ``@graph``; none
    for the index file of a DATAtourisme export (entries with ``file``, no ``@id``)."""
    if isinstance(data, dict):
        return _as_list(data["@graph"]) if "@graph" in data else [data]
    if isinstance(data, list):
        index = all(isinstance(i, dict) and "file" in i and "@id" not in i for i in data)
        return [] if index else data
    raise SourceError("The file ${path} holds neither a JSON-LD object nor a list of them.",
                      path=str(file))


def _import_one(dbsession: Session, file: Path, obj: Any, report: ImportReport) -> None:
    identifier = identifier_of(obj) if isinstance(obj, dict) else None
    try:
        data = partner_data(obj)
        with dbsession.begin_nested():
            outcome = _write(dbsession, data)
    except DomainError as exc:
        report.skipped.append(Skipped(str(file), identifier, exc))
        return
    except (IntegrityError, DataError) as exc:
        reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
        report.skipped.append(Skipped(str(file), identifier, NotImportable(
            "The database refused it: ${reason}.", reason=reason.rstrip("."))))
        return
    setattr(report, outcome, getattr(report, outcome) + 1)


def _write(dbsession: Session, data: dict[str, Any]) -> str:
    """Create or update the partner; "created", "updated" or "unchanged"."""
    existing = dbsession.scalar(select(Partner).where(
        Partner.external_id == data["external_id"]))
    if existing is None:
        partners.create(dbsession, {**data, "slug": _free_slug(dbsession, data["slug"])})
        return "created"
    changes = {key: value for key, value in data.items() if key != "slug"}
    # Checked and normalised as update() stores them, on a partner outside the session:
    # equal values mean there is nothing to write, not even a new updated_at.
    proposed = partners.update(Partner(slug=existing.slug), changes)
    if all(getattr(proposed, key) == getattr(existing, key) for key in changes):
        return "unchanged"
    partners.update(existing, changes)
    dbsession.flush()
    return "updated"


def _free_slug(dbsession: Session, base: str) -> str:
    slug, number = base, 1
    while dbsession.scalar(select(Partner.id).where(Partner.slug == slug)) is not None:
        number += 1
        suffix = f"-{number}"
        slug = base[:SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
    return slug
