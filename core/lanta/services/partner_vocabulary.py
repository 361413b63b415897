"""The words the partner directory is sorted by: categories, "envies" (what a visitor
feels like doing) and audiences. Slugs only; their labels in each language live with
``lanta.labels``."""
from __future__ import annotations

CATEGORIES = ("hotel", "gite", "campsite", "restaurant", "bar", "activity", "shop",
              "heritage", "museum", "welcome_office", "oasis")
# The office's own places: welcome offices and "digital oases" (street totems with wifi
# and a QR code), shown with the partners on the map.
WELCOME_POINTS = ("welcome_office", "oasis")
ENVIES = ("relax", "thrills", "family", "food", "culture", "nature", "nightlife",
          "shopping", "wellness", "sport")
AUDIENCES = ("families", "couples", "friends", "solo", "seniors", "groups",
             "reduced_mobility")
