"""``/api/v1/partners`` as CONTRACT.md describes it: filters, distances, errors."""
from __future__ import annotations

import pytest

from lanta.services import geo
from lanta.services import partners as partners_service

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS_OPEN = {"periods": [{"from": "01-01", "to": "12-31",
                            "weekly": {d: [["00:00", "24:00"]] for d in DAYS}}]}
NEVER_OPEN = {"periods": [{"from": "01-01", "to": "12-31", "weekly": {}}]}


@pytest.fixture
def add_partner(dbsession):
    def add(slug, lat=None, lon=None, **data):
        data.setdefault("category", "restaurant")
        data.setdefault("name", {"fr": slug.replace("-", " ").title()})
        return partners_service.create(dbsession, {"slug": slug, "lat": lat, "lon": lon,
                                                   **data})
    return add


def test_items_carry_the_contract_fields(testapp, add_partner):
    add_partner("chez-marcel", 43.2951, -0.3708, name={"fr": "Chez Marcel", "en": "Marcel's"},
                summary={"fr": "Garbure maison", "en": "Home-made garbure"})
    body = testapp.get("/api/v1/partners", {"lang": "en"}).json
    assert body["total"] == 1
    item = body["items"][0]
    assert {"id", "slug", "name", "category", "lat", "lon", "url"} <= set(item)
    assert item["name"] == "Marcel's"
    assert item["url"] == "http://localhost/en/partners/chez-marcel"
    assert "distance_km" not in item
    one = testapp.get(f"/api/v1/partners/{item['id']}").json
    assert one["name"] == "Chez Marcel"  # the site's first language by default
    assert one["summary"] == "Garbure maison"


def test_near_orders_by_great_circle_distance_not_by_degrees(testapp, add_partner):
    # At latitude 60 a degree of longitude is half as long as one of latitude: a partner
    # 1.0 degree east (55.6 km) is nearer than one 0.6 degree north (66.7 km), although it
    # is further in degrees.
    add_partner("north", 60.6, 10.0)
    add_partner("east", 60.0, 11.0)
    add_partner("far-away", 43.3, -0.37)
    add_partner("no-coordinates")
    body = testapp.get("/api/v1/partners", {"near": "60,10"}).json
    assert [i["slug"] for i in body["items"]] == ["east", "north", "far-away"]
    assert body["total"] == 3
    expected = geo.distance_km(geo.Point(60, 10), geo.Point(60.0, 11.0))
    assert body["items"][0]["distance_km"] == pytest.approx(expected, abs=0.001)


def test_radius_keeps_what_is_within_it(testapp, add_partner):
    centre = geo.Point(43.2951, -0.3708)
    add_partner("in-town", 43.2960, -0.3700)
    add_partner("just-inside", 43.2951, -0.3708 + 0.122)   # about 9.9 km east
    add_partner("just-outside", 43.2951, -0.3708 + 0.126)  # about 10.2 km east
    body = testapp.get("/api/v1/partners", {"near": "43.2951,-0.3708",
                                            "radius_km": "10"}).json
    assert [i["slug"] for i in body["items"]] == ["in-town", "just-inside"]
    assert all(geo.distance_km(centre, geo.Point(i["lat"], i["lon"])) <= 10
               for i in body["items"])


def test_category_words_and_accents(testapp, add_partner, reindex):
    add_partner("chateau-fort", category="heritage", name={"fr": "Château fort"})
    add_partner("bar-du-chateau", category="bar", name={"fr": "Bar du Château"})
    add_partner("musee", category="museum", name={"fr": "Musée des Beaux-Arts"})
    reindex()
    slugs = lambda **p: [i["slug"] for i in testapp.get("/api/v1/partners", p).json["items"]]
    assert slugs(q="chateau") == ["bar-du-chateau", "chateau-fort"]
    assert slugs(q="CHÂTEAUX", category="heritage") == ["chateau-fort"]
    assert slugs(q="beaux arts") == ["musee"]
    assert slugs(q="100%_") == []
    # Every word must be found: no relaxing to "any of them" as the search page does.
    assert slugs(q="chateau musee") == []


def test_words_with_distance_and_hours(testapp, add_partner, reindex):
    add_partner("far-cafe", lat=43.40, lon=-0.37, name={"fr": "Café des Halles"},
                opening_hours=ALWAYS_OPEN)
    add_partner("near-cafe", lat=43.296, lon=-0.371, name={"fr": "Café du Gave"},
                opening_hours=NEVER_OPEN)
    add_partner("near-bar", lat=43.2952, lon=-0.3709, name={"fr": "Bar du Gave"},
                opening_hours=ALWAYS_OPEN)
    reindex()
    get = lambda **p: testapp.get("/api/v1/partners", p).json
    near = get(q="cafés", near="43.2951,-0.3708")
    assert [i["slug"] for i in near["items"]] == ["near-cafe", "far-cafe"]
    assert near["total"] == 2 and near["items"][0]["distance_km"] < 1
    assert [i["slug"] for i in get(q="cafe", open_now="true")["items"]] == ["far-cafe"]
    assert [i["slug"] for i in get(q="cafe", near="43.2951,-0.3708", radius_km="2")
            ["items"]] == ["near-cafe"]


def test_open_now(testapp, add_partner):
    add_partner("always", opening_hours=ALWAYS_OPEN)
    add_partner("never", opening_hours=NEVER_OPEN)
    add_partner("unknown")
    body = testapp.get("/api/v1/partners", {"open_now": "true"}).json
    assert [i["slug"] for i in body["items"]] == ["always"]
    everyone = {i["slug"]: i["open_now"] for i in testapp.get("/api/v1/partners").json["items"]}
    assert everyone == {"always": True, "never": False, "unknown": None}


def test_envies_rank_partners_answering_more_of_them_first(testapp, add_partner):
    add_partner("a-food-only", envies=["food"])
    add_partner("b-food-and-culture", envies=["food", "culture"])
    add_partner("c-nature", envies=["nature"])
    body = testapp.get("/api/v1/partners?envie=food&envie=culture").json
    assert [i["slug"] for i in body["items"]] == ["b-food-and-culture", "a-food-only"]


def test_paging_and_total(testapp, add_partner):
    for n in range(5):
        add_partner(f"p{n}")
    body = testapp.get("/api/v1/partners", {"limit": "2", "offset": "2"}).json
    assert body["total"] == 5
    assert [i["slug"] for i in body["items"]] == ["p2", "p3"]


def test_unpublished_partners_are_not_shown(testapp, add_partner):
    hidden = add_partner("hidden", published=False)
    assert testapp.get("/api/v1/partners").json["total"] == 0
    testapp.get(f"/api/v1/partners/{hidden.id}", status=404)


@pytest.mark.parametrize("params, words", [
    ({"near": "north"}, "latitude,longitude"),
    ({"near": "95,0"}, "between -90 and 90"),
    ({"radius_km": "5"}, "needs near"),
    ({"near": "43,0", "radius_km": "-1"}, "radius_km"),
    ({"limit": "1000"}, "limit"),
    ({"limit": "ten"}, "whole number"),
    ({"category": "spaceport"}, "spaceport"),
    ({"open_now": "maybe"}, "true or false"),
    ({"lang": "de"}, "lang=de"),
    ({"offset": str(10**20)}, "offset"),
])
def test_bad_parameters_are_a_problem_with_a_sentence(testapp, params, words):
    response = testapp.get("/api/v1/partners", params, status=400,
                           headers={"Accept-Language": "en"})
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 400
    assert words in response.json["detail"]


@pytest.mark.parametrize("partner_id", ["999999", str(2**54 + 1)])
def test_an_unknown_partner_is_a_404_problem(testapp, partner_id):
    # Past the keys' range too: PostgreSQL refuses to compare such a number at all.
    response = testapp.get(f"/api/v1/partners/{partner_id}", status=404)
    assert response.content_type == "application/problem+json"


def test_the_openapi_document_describes_both_paths(testapp):
    paths = testapp.get("/api/v1/openapi.json").json["paths"]
    params = {p["name"] for p in paths["/api/v1/partners"]["get"]["parameters"]}
    assert {"q", "category", "near", "radius_km", "open_now", "lang", "limit",
            "offset"} <= params
    assert "/api/v1/partners/{id}" in paths


@pytest.mark.parametrize("offset, limit", [(0, 3), (0, 20), (4, 5), (9, 2)])
def test_nearest_without_radius_pages_through_everyone_in_order(testapp, add_partner,
                                                               offset, limit):
    # From a few metres to the other side of the Earth: past every search ring.
    places = {"here": (43.2952, -0.3709), "pau-gare": (43.2912, -0.3703),
              "lourdes": (43.0947, -0.0459), "toulouse": (43.6045, 1.4440),
              "paris": (48.8566, 2.3522), "oslo": (59.9139, 10.7522),
              "dakar": (14.7167, -17.4677), "tokyo": (35.6762, 139.6503),
              "sydney": (-33.8688, 151.2093), "auckland": (-36.8485, 174.7633)}
    for slug, (lat, lon) in places.items():
        add_partner(slug, lat, lon)
    centre = geo.Point(43.2951, -0.3708)
    expected = sorted(places, key=lambda s: geo.distance_km(centre, geo.Point(*places[s])))
    body = testapp.get("/api/v1/partners", {"near": "43.2951,-0.3708", "offset": offset,
                                            "limit": limit}).json
    assert body["total"] == len(places)
    assert [i["slug"] for i in body["items"]] == expected[offset:offset + limit]
