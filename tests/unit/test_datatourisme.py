"""DATAtourisme objects become partners: the mapping of each sample file, the opening
hours, and imports that create, update, leave unchanged or skip."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from lanta.models import Partner
from lanta.services import datatourisme, opening_hours
from lanta.services import partners as partners_service

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "datatourisme"
BAD_SAMPLES = SAMPLES.with_name("datatourisme-bad")
PARIS = ZoneInfo("Europe/Paris")
IMPORTABLE = 8  # of the 10 sample objects: one has an event's types, one no label


def sample(name: str, index: int | None = None) -> dict:
    data = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    if isinstance(data, dict) and "@graph" in data:
        data = data["@graph"]
    return data if index is None else data[index]


def is_open(data: dict, year: int, month: int, day: int, hour: int, minute: int = 0) -> bool:
    hours = opening_hours.parse(data["opening_hours"])
    return opening_hours.is_open(hours, dt.datetime(year, month, day, hour, minute,
                                                    tzinfo=PARIS))


def partner_count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Partner))


def by_external_id(dbsession, external_id: str) -> Partner:
    return dbsession.scalar(select(Partner).where(Partner.external_id == external_id))


# --- mapping one object -------------------------------------------------------------------


def test_hotel_gives_names_texts_address_position_contacts_and_hours():
    data = datatourisme.partner_data(sample("hotel.json"))
    assert data["external_id"] == ("https://data.datatourisme.fr/64/"
                                   "7d1e5a40-3c2b-3f1a-9e8d-5a6b7c8d9e01")
    assert data["category"] == "hotel"
    assert data["slug"] == "hotel-des-pyrenees"
    assert data["name"] == {"fr": "Hôtel des Pyrénées", "en": "Pyrenees Hotel"}
    assert data["summary"]["en"].startswith("Twenty rooms")
    assert data["description"]["fr"].startswith("Hôtel familial")
    assert (data["street"], data["postcode"], data["city"]) == (
        "12 rue du Foirail, Entrée par la cour", "64000", "Lanta")
    assert (data["lat"], data["lon"]) == (43.2957, -0.3701)
    assert (data["phone"], data["email"], data["website"]) == (
        "+33 5 59 10 20 30", "accueil@hotel-des-pyrenees.example",
        "https://hotel-des-pyrenees.example")
    # The whole-year specification is every day of every year; the dated one an exception.
    assert data["opening_hours"]["periods"][0]["from"] == "01-01"
    assert data["opening_hours"]["periods"][0]["to"] == "12-31"
    assert is_open(data, 2027, 7, 14, 8) and not is_open(data, 2027, 7, 14, 23, 30)
    assert is_open(data, 2026, 12, 24, 17) and not is_open(data, 2026, 12, 24, 19)


def test_restaurant_gathers_contacts_of_several_agents_and_seasonal_hours():
    data = datatourisme.partner_data(sample("restaurant.json"))
    assert data["category"] == "restaurant"
    assert data["slug"] == "l-estanquet-du-gave"
    assert data["name"] == {"fr": "L'Estanquet du Gave"}
    assert data["summary"] == {"fr": "Cuisine du marché au bord du gave."}  # rdfs:comment
    assert data["city"] == "Lanta"  # from hasAddressCity, there being no addressLocality
    assert (data["phone"], data["email"], data["website"]) == (
        "+33 5 59 40 50 60", "table@estanquet.example", "https://estanquet.example/")
    assert (data["lat"], data["lon"]) == (43.2938, -0.3725)  # numbers, not strings
    # Summer: lunch Tuesday to Sunday, dinner on Friday and Saturday only.
    assert is_open(data, 2026, 8, 14, 20) and not is_open(data, 2026, 8, 13, 20)
    assert not is_open(data, 2026, 8, 17, 13)  # a Monday
    # Off season (October to May, across the new year): Sunday lunch only.
    assert is_open(data, 2027, 1, 10, 13) and not is_open(data, 2027, 1, 15, 13)


def test_museum_without_hours_keeps_them_unknown():
    data = datatourisme.partner_data(sample("museum.json"))
    assert data["category"] == "museum"
    assert data["summary"]["en"] == "Three centuries of berets, transhumance and mountain cheese."
    assert data["description"] == {}
    assert data["opening_hours"] is None
    assert (data["email"], data["website"]) == ("", "")


def test_list_and_graph_samples_map_to_their_categories():
    categories = [datatourisme.partner_data(obj)["category"]
                  for obj in sample("list.json") + sample("graph.jsonld")]
    assert categories == ["campsite", "shop", "welcome_office", "bar", "gite"]
    bar = datatourisme.partner_data(sample("graph.jsonld", 0))
    assert bar["name"] == {"fr": "Le Comptoir du Foirail"}  # an @value/@language label
    assert bar["street"] == "5 place du Foirail"  # a bare string, not a list
    assert is_open(bar, 2026, 9, 5, 1, 30)  # Friday's evening runs past midnight
    assert not is_open(bar, 2026, 9, 7, 1, 30)


@pytest.mark.parametrize("types, category", [
    (["schema:Hotel", "Accommodation", "Hotel", "HotelTrade"], "hotel"),
    (["HotelRestaurant", "Hotel", "Restaurant", "FoodEstablishment"], "hotel"),
    (["Accommodation", "RentalAccommodation", "SelfCateringAccommodation"], "gite"),
    (["Accommodation", "CollectiveAccommodation", "YouthHostelAndInternationalCenter"],
     "gite"),
    (["Accommodation", "CampingAndCaravanning", "CamperVanArea"], "campsite"),
    (["FoodEstablishment", "BistroOrWineBar"], "bar"),
    (["FoodEstablishment", "Bakery"], "shop"),
    (["FoodEstablishment", "CafeOrTeahouse"], "restaurant"),
    (["TastingProvider", "PlaceOfInterest"], "shop"),
    (["CulturalSite", "RemarkableBuilding", "Castle"], "heritage"),
    (["NaturalHeritage", "PlaceOfInterest"], "heritage"),
    (["CulturalSite", "InterpretationCentre"], "museum"),
    (["https://www.datatourisme.fr/ontology/core#SportsAndLeisurePlace"], "activity"),
    (["MedicalPlace", "Spa"], "activity"),
    ("TouristInformationCenter", "welcome_office"),
])
def test_types_map_to_the_most_precise_category(types, category):
    assert datatourisme.category_of(types) == category


def test_unknown_type_and_missing_label_are_refused_with_a_reason():
    with pytest.raises(datatourisme.NotImportable) as refused:
        datatourisme.partner_data(sample("unknown-type.json"))
    assert str(refused.value) == ("None of its types (Event, EntertainmentAndEvent, "
                                  "CulturalEvent, PointOfInterest) is a kind of place the "
                                  "directory lists.")
    with pytest.raises(datatourisme.NotImportable, match=r"no name \(rdfs:label\)"):
        datatourisme.partner_data(sample("no-label.json"))
    with pytest.raises(datatourisme.NotImportable, match="no @id or dc:identifier"):
        datatourisme.partner_data({"@type": ["Hotel"], "rdfs:label": {"fr": ["Sans id"]}})


def test_dc_identifier_stands_in_for_a_missing_id():
    obj = {**sample("museum.json")}
    del obj["@id"]
    assert datatourisme.partner_data(obj)["external_id"] == "PCUAQU064V5LANTA3"


def test_language_map_reads_every_shape_texts_come_in():
    assert datatourisme.language_map({"fr": ["Gave", "ignored"], "en-GB": "River"}) == {
        "fr": "Gave", "en": "River"}
    assert datatourisme.language_map({"@fr": "Gave", "@de": "Fluss"}) == {
        "fr": "Gave", "de": "Fluss"}
    assert datatourisme.language_map([{"@value": "River", "@language": "en"},
                                      {"@value": "Gave"}]) == {"en": "River", "fr": "Gave"}
    assert datatourisme.language_map("  Gave ") == {"fr": "Gave"}
    assert datatourisme.language_map({"fr": ["  "], "@id": "x"}) == {}


def test_slug_is_ascii_words_of_the_french_name():
    assert datatourisme.slug_for({"en": "Castle", "fr": "Château d'Ô — Œuvre"}) == \
        "chateau-d-o-oeuvre"
    assert datatourisme.slug_for({"en": "Only English"}) == "only-english"
    assert datatourisme.slug_for({"fr": "★★★"}) == "partner"
    assert len(datatourisme.slug_for({"fr": "mot " * 60})) <= datatourisme.SLUG_LENGTH


# --- opening hours ------------------------------------------------------------------------


def spec(**values) -> dict:
    return {f"schema:{key}": value for key, value in values.items()}


def test_a_span_of_a_year_or_more_is_the_whole_year():
    hours = datatourisme.opening_hours_of([spec(validFrom="2026-03-01",
                                                validThrough="2027-03-01",
                                                opens="09:00", closes="17:00")])
    assert [(p["from"], p["to"]) for p in hours["periods"]] == [("01-01", "12-31")]


def test_a_missing_bound_is_the_start_or_end_of_the_year():
    hours = datatourisme.opening_hours_of([
        spec(validFrom="2026-05-01T00:00:00", opens="09:00:00", closes="12:00:00"),
        spec(validThrough="2026-02-15", opens="14:00:00", closes="18:00:00")])
    assert [(p["from"], p["to"]) for p in hours["periods"]] == [("05-01", "12-31"),
                                                               ("01-01", "02-15")]


def test_unusable_specifications_leave_the_hours_unknown():
    assert datatourisme.opening_hours_of([
        spec(validFrom="2026-04-01", validThrough="2026-10-31"),  # no hours
        spec(opens="09:00", closes="18:00", validFrom="2026-10-31",
             validThrough="2026-04-01"),  # ends before it starts
        spec(opens="9h", closes="18h"),
        spec(opens="09:00", closes="18:00", validFrom="le 1er avril"),
        spec(opens="09:00", closes="18:00", dayOfWeek=[{"@id": "schema:PublicHolidays"}]),
        spec(opens="24:00", closes="02:00"),
        spec(opens="09:00", closes="18:00", validFrom="2026-07-14",
             validThrough="2026-07-14", dayOfWeek=["schema:Monday"]),  # a Tuesday
    ]) is None
    assert datatourisme.opening_hours_of([]) is None


def test_hours_of_the_same_span_share_one_period_and_are_valid():
    hours = datatourisme.opening_hours_of([
        spec(dayOfWeek="http://schema.org/Monday", opens="09:00:00+01:00", closes="24:00"),
        spec(dayOfWeek=["schema:Monday", "Tuesday"], opens="09:00", closes="24:00:00"),
    ])
    assert hours["periods"] == [{"from": "01-01", "to": "12-31", "weekly": {
        "mon": [["09:00", "24:00"]], "tue": [["09:00", "24:00"]]}}]
    assert opening_hours.parse(hours).known


# --- importing ----------------------------------------------------------------------------


def test_import_creates_then_a_second_import_changes_nothing(dbsession):
    before = partner_count(dbsession)
    first = datatourisme.import_paths(dbsession, [SAMPLES])
    assert (first.created, first.updated, first.unchanged) == (IMPORTABLE, 0, 0)
    assert sorted(Path(s.file).name for s in first.skipped) == ["no-label.json",
                                                                "unknown-type.json"]
    assert partner_count(dbsession) == before + IMPORTABLE
    hotel = by_external_id(dbsession, sample("hotel.json")["@id"])
    assert (hotel.slug, hotel.category, hotel.lat, hotel.published) == (
        "hotel-des-pyrenees", "hotel", 43.2957, True)
    stamp = hotel.updated_at

    second = datatourisme.import_paths(dbsession, [SAMPLES])
    assert (second.created, second.updated, second.unchanged) == (0, 0, IMPORTABLE)
    assert len(second.skipped) == 2
    assert partner_count(dbsession) == before + IMPORTABLE
    dbsession.refresh(hotel)
    assert hotel.updated_at == stamp


def test_a_changed_object_updates_its_partner_and_keeps_slug_and_office_fields(
        dbsession, tmp_path):
    datatourisme.import_paths(dbsession, [SAMPLES / "hotel.json"])
    hotel = by_external_id(dbsession, sample("hotel.json")["@id"])
    partners_service.update(hotel, {"envies": ["relax"], "price_range": 3})
    dbsession.flush()
    changed = sample("hotel.json")
    changed["rdfs:label"]["fr"] = ["Grand Hôtel des Pyrénées"]
    changed["isLocatedAt"][0]["schema:geo"]["schema:latitude"] = "43.2960"
    (tmp_path / "hotel.json").write_text(json.dumps(changed), encoding="utf-8")

    report = datatourisme.import_paths(dbsession, [tmp_path])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    dbsession.refresh(hotel)
    assert hotel.name["fr"] == "Grand Hôtel des Pyrénées"
    assert hotel.lat == 43.2960
    assert hotel.slug == "hotel-des-pyrenees"  # addresses stay valid
    assert (hotel.envies, hotel.price_range) == (["relax"], 3)  # the office's own


def test_a_slug_taken_by_another_partner_gets_a_suffix(dbsession):
    partners_service.create(dbsession, {"slug": "hotel-des-pyrenees", "category": "hotel",
                                        "name": {"fr": "Un autre hôtel"}})
    report = datatourisme.import_paths(dbsession, [SAMPLES / "hotel.json"])
    assert report.created == 1
    assert by_external_id(dbsession, sample("hotel.json")["@id"]).slug == \
        "hotel-des-pyrenees-2"


def test_an_object_the_directory_refuses_is_skipped_and_the_others_imported(
        dbsession, tmp_path):
    far = {**sample("museum.json"), "@id": "urn:test:far-away"}
    far["isLocatedAt"] = [{"schema:geo": {"schema:latitude": "95",
                                          "schema:longitude": "0"}}]
    (tmp_path / "mixed.json").write_text(json.dumps([far, sample("hotel.json"), 42]))
    before = partner_count(dbsession)
    report = datatourisme.import_paths(dbsession, [tmp_path / "mixed.json"])
    assert report.created == 1
    assert [(s.identifier, s.reason) for s in report.skipped] == [
        ("urn:test:far-away",
         "A latitude lies between -90 and 90 and a longitude between -180 and 180."),
        (None, "It is not a JSON object.")]
    assert partner_count(dbsession) == before + 1
    assert by_external_id(dbsession, "urn:test:far-away") is None


def test_the_same_object_twice_in_one_import_is_created_once(dbsession, tmp_path):
    (tmp_path / "twice.json").write_text(json.dumps([sample("museum.json")] * 2))
    report = datatourisme.import_paths(dbsession, [tmp_path])
    assert (report.created, report.unchanged) == (1, 1)


def test_a_missing_path_or_a_bad_file_stops_the_import_before_anything_is_written(
        dbsession, tmp_path):
    before = partner_count(dbsession)
    with pytest.raises(datatourisme.SourceError) as missing:
        datatourisme.import_paths(dbsession, [SAMPLES, tmp_path / "nowhere.json"])
    assert str(missing.value) == f"{tmp_path / 'nowhere.json'} does not exist."
    # The folder's first file is valid; the second is cut short.
    with pytest.raises(datatourisme.SourceError) as broken:
        datatourisme.import_paths(dbsession, [BAD_SAMPLES])
    assert str(broken.value).startswith(
        f"The file {BAD_SAMPLES / 'broken.json'} is not valid JSON (line ")
    (tmp_path / "number.json").write_text("42")
    with pytest.raises(datatourisme.SourceError, match="neither a JSON-LD object"):
        datatourisme.import_paths(dbsession, [tmp_path / "number.json"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(datatourisme.SourceError, match="holds no .json or .jsonld file"):
        datatourisme.import_paths(dbsession, [tmp_path / "empty"])
    assert partner_count(dbsession) == before


def test_the_index_file_of_an_export_is_not_taken_for_objects(dbsession, tmp_path):
    shutil.copy(SAMPLES / "museum.json", tmp_path / "museum.json")
    (tmp_path / "index.json").write_text(json.dumps([
        {"label": "Musée du Béret et des Bergers", "file": "museum.json",
         "lastUpdateDatatourisme": "2026-01-21T03:40:12.000Z"}]))
    report = datatourisme.import_paths(dbsession, [tmp_path])
    assert (report.total, report.created, report.skipped) == (1, 1, [])


def test_progress_is_reported_after_each_object(dbsession):
    calls = []
    datatourisme.import_paths(dbsession, [SAMPLES / "list.json", SAMPLES / "no-label.json"],
                              on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
