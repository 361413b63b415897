"""Distances on the Earth's surface, for "Autour de moi" and ``near=`` queries."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import DomainError

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class Box:
    """A latitude/longitude rectangle that holds every point within a radius: a cheap,
    indexable first filter before the exact distance."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    # True when the box crosses the antimeridian: longitudes outside [max_lon, min_lon].
    wraps: bool = False


def distance_km(a: Point, b: Point) -> float:
    """The great-circle distance (haversine formula, precise at every distance)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: Point, radius_km: float) -> Box:
    """The smallest latitude/longitude box that contains the circle around ``centre``."""
    angular = radius_km / EARTH_RADIUS_KM
    min_lat = centre.lat - math.degrees(angular)
    max_lat = centre.lat + math.degrees(angular)
    if min_lat <= -90 or max_lat >= 90:  # the circle holds a pole: every longitude
        return Box(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    # The widest longitude span of the circle (not at the centre's latitude).
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) /
                                      math.cos(math.radians(centre.lat)))))
    min_lon, max_lon = centre.lon - dlon, centre.lon + dlon
    if min_lon < -180:
        return Box(min_lat, max_lat, min_lon + 360, max_lon, wraps=True)
    if max_lon > 180:
        return Box(min_lat, max_lat, min_lon, max_lon - 360, wraps=True)
    return Box(min_lat, max_lat, min_lon, max_lon)


class BadPoint(DomainError):
    """A point written wrong; the message says how to write it."""


def parse_point(text: str) -> Point:
    """``"43.2951,-0.3708"`` → a Point; anything else raises :class:`BadPoint`."""
    parts = [p.strip() for p in (text or "").split(",")]
    if len(parts) != 2:
        raise BadPoint("Write a place as latitude,longitude in decimal degrees, "
                       "for example 43.2951,-0.3708.")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise BadPoint("Write a place as latitude,longitude in decimal degrees, "
                       "for example 43.2951,-0.3708.") from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not -90 <= lat <= 90 \
            or not -180 <= lon <= 180:
        raise BadPoint("A latitude lies between -90 and 90 and a longitude between "
                       "-180 and 180.")
    return Point(lat, lon)
