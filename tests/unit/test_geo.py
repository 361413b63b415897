"""Great-circle distances and the bounding boxes that pre-filter them."""
from __future__ import annotations

import math

import pytest

from lanta.services import geo
from lanta.services.errors import DomainError

ONE_DEGREE_KM = 2 * math.pi * geo.EARTH_RADIUS_KM / 360


def destination(start: geo.Point, bearing_deg: float, km: float) -> geo.Point:
    """The point ``km`` away from ``start`` along ``bearing_deg`` (spherical formula)."""
    d = km / geo.EARTH_RADIUS_KM
    lat1, lon1, b = map(math.radians, (start.lat, start.lon, bearing_deg))
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
    lon2 = lon1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(lat1),
                             math.cos(d) - math.sin(lat1) * math.sin(lat2))
    return geo.Point(math.degrees(lat2), (math.degrees(lon2) + 540) % 360 - 180)


def test_one_degree_along_the_equator():
    assert geo.distance_km(geo.Point(0, 0), geo.Point(0, 1)) == pytest.approx(ONE_DEGREE_KM)


def test_antipodes_are_half_a_circumference_apart():
    assert geo.distance_km(geo.Point(10, 20), geo.Point(-10, -160)) == pytest.approx(
        math.pi * geo.EARTH_RADIUS_KM)


def test_a_degree_of_longitude_shrinks_with_latitude():
    east = geo.distance_km(geo.Point(60, 0), geo.Point(60, 1))
    assert east == pytest.approx(ONE_DEGREE_KM / 2, rel=1e-3)


def test_pau_to_lourdes_is_about_thirty_four_km():
    pau, lourdes = geo.Point(43.2951, -0.3708), geo.Point(43.0947, -0.0459)
    assert geo.distance_km(pau, lourdes) == pytest.approx(34.5, abs=1.0)


@pytest.mark.parametrize("centre", [geo.Point(43.2951, -0.3708), geo.Point(-33.9, 18.4),
                                    geo.Point(69.6, 18.9)])
@pytest.mark.parametrize("radius", [0.5, 5, 40])
def test_the_box_holds_every_point_of_the_circle(centre, radius):
    box = geo.bounding_box(centre, radius)
    for bearing in range(0, 360, 5):
        p = destination(centre, bearing, radius * 0.999)
        assert box.min_lat <= p.lat <= box.max_lat
        assert box.min_lon <= p.lon <= box.max_lon


def test_a_box_across_the_antimeridian_wraps():
    box = geo.bounding_box(geo.Point(-17.7, 179.9), 50)
    assert box.wraps
    east_of_line = destination(geo.Point(-17.7, 179.9), 90, 40)
    assert east_of_line.lon < 0
    assert east_of_line.lon <= box.max_lon or east_of_line.lon >= box.min_lon


def test_a_circle_round_the_pole_takes_every_longitude():
    box = geo.bounding_box(geo.Point(89.9, 0), 50)
    assert (box.min_lon, box.max_lon) == (-180.0, 180.0)
    assert box.max_lat == 90.0


def test_a_point_is_read_from_lat_comma_lon():
    assert geo.parse_point(" 43.2951 , -0.3708 ") == geo.Point(43.2951, -0.3708)


@pytest.mark.parametrize("text", ["", "43.2", "a,b", "1,2,3", "91,0", "0,181", "nan,0"])
def test_a_badly_written_point_says_how_to_write_it(text):
    with pytest.raises(DomainError) as info:
        geo.parse_point(text)
    assert "latitude" in info.value.message
