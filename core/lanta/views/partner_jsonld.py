"""schema.org JSON-LD of a partner page, for search engines and travel assistants."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Sequence

from markupsafe import Markup

from ..models import Partner, StoredImage
from ..services import opening_hours
from ..pictures import image_url

SCHEMA_TYPES = {
    "hotel": "Hotel",
    "gite": "VacationRental",
    "campsite": "Campground",
    "restaurant": "Restaurant",
    "bar": "BarOrPub",
    "activity": "TouristAttraction",
    "shop": "Store",
    "heritage": "LandmarksOrHistoricalBuildings",
    "museum": "Museum",
    "welcome_office": "TouristInformationCenter",
    "oasis": "Place",
}
DAY_URIS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def partner_jsonld(request, partner: Partner, lang: str, fallback: str,
                   today: dt.date, images: Sequence[StoredImage] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(partner.category, "LocalBusiness"),
        "@id": request.route_url("public.partner", lang=lang, slug=partner.slug),
        "url": request.route_url("public.partner", lang=lang, slug=partner.slug),
        "name": partner.text("name", lang, fallback),
        "inLanguage": lang,
    }
    description = partner.text("summary", lang, fallback)
    if description:
        data["description"] = description
    if partner.street or partner.city:
        data["address"] = {"@type": "PostalAddress", "streetAddress": partner.street,
                           "postalCode": partner.postcode, "addressLocality": partner.city,
                           "addressCountry": "FR"}
    if partner.lat is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": partner.lat,
                       "longitude": partner.lon}
    for key, value in (("telephone", partner.phone), ("email", partner.email),
                       ("sameAs", partner.website)):
        if value:
            data[key] = value
    if images:
        data["image"] = [image_url(request, image) for image in images]
    if partner.price_range:
        data["priceRange"] = "€" * partner.price_range
    if partner.accessibility and partner.accessibility.get("wheelchair"):
        data["amenityFeature"] = {"@type": "LocationFeatureSpecification",
                                  "name": "Wheelchair accessible", "value": True}
    hours = opening_hours.parse(partner.opening_hours)
    if hours.known:
        data["openingHoursSpecification"] = _week_specification(hours, today)
    return data


def _week_specification(hours, today: dt.date) -> list[dict[str, Any]]:
    """This week's slots: what is true now, which is what a reader of the page needs."""
    specification = []
    for day, slots in opening_hours.week_table(hours, today):
        for opens, closes in slots:
            specification.append({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{DAY_URIS[day.weekday()]}",
                "opens": opens.strftime("%H:%M"),
                "closes": "23:59" if closes == dt.time(0) else closes.strftime("%H:%M"),
                "validFrom": day.isoformat(), "validThrough": day.isoformat()})
    return specification


def script_tag(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` that no text in the data can close."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup('<script type="application/ld+json">') + Markup(text) + Markup("</script>")
