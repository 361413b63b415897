"""The demo office's pages and news, in French and English, published and linked as
translations, so that navigation, breadcrumbs, the news feeds and search have something
to show."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..models import User
from . import content, events

# (slug, type, parent slug, {lang: (title, description, body)}, days since publication)
ITEMS: list[tuple[str, str, str | None, dict[str, tuple[str, str, str]], int]] = [
    ("decouvrir", "folder", None, {
        "fr": ("Découvrir Lanta", "Le château, les gaves et les villages autour.",
               "<p>Lanta s'étend entre la vallée du Gave et les premiers sommets. "
               "Voici de quoi préparer vos journées.</p>"),
        "en": ("Discover Lanta", "The castle, the mountain rivers and the villages around.",
               "<p>Lanta lies between the Gave valley and the first peaks. Here is what "
               "you need to plan your days.</p>"),
    }, 40),
    ("chateau", "page", "decouvrir", {
        "fr": ("Le château de Lanta", "Une forteresse du XIVe siècle au-dessus du gave.",
               "<p>Bâti sur un éperon rocheux, le château domine la ville depuis 1370. "
               "Les visites guidées partent de la cour d'honneur toutes les heures.</p>"
               "<h2>Accès</h2><p>À dix minutes à pied de l'office, par la rue du "
               "Donjon. La cour est accessible en fauteuil roulant.</p>"),
        "en": ("Lanta castle", "A 14th-century fortress above the river.",
               "<p>Built on a rocky spur, the castle has overlooked the town since 1370. "
               "Guided tours leave from the main courtyard every hour.</p>"
               "<h2>Getting there</h2><p>Ten minutes on foot from the office, along rue "
               "du Donjon. The courtyard is wheelchair accessible.</p>"),
    }, 40),
    ("balades", "page", "decouvrir", {
        "fr": ("Balades autour de Lanta", "Trois boucles faciles au départ de la ville.",
               "<p>La boucle du Gave (5 km), le sentier des crêtes (9 km) et le chemin "
               "des moulins (3 km, poussettes bienvenues). Les cartes sont à l'office.</p>"),
        "en": ("Walks around Lanta", "Three easy loops starting from the town.",
               "<p>The river loop (5 km), the ridge trail (9 km) and the mills path "
               "(3 km, pushchairs welcome). Maps are at the office.</p>"),
    }, 30),
    ("infos-pratiques", "page", None, {
        "fr": ("Infos pratiques", "Venir, se garer, se déplacer à Lanta.",
               "<p>Gare SNCF à 800 m du centre. Parkings gratuits place du Foirail et "
               "quai du Gave. Navette gratuite en été, toutes les 20 minutes.</p>"),
        "en": ("Practical information", "Getting here, parking and getting around.",
               "<p>The railway station is 800 m from the centre. Free car parks on place "
               "du Foirail and quai du Gave. A free shuttle runs every 20 minutes in "
               "summer.</p>"),
    }, 60),
    ("marche-de-noel", "news", None, {
        "fr": ("Le marché de Noël revient place du Foirail",
               "Quarante exposants du 12 au 24 décembre.",
               "<p>Producteurs, artisans et vin chaud : le marché ouvre chaque jour de "
               "14 h à 20 h.</p>"),
        "en": ("The Christmas market is back on place du Foirail",
               "Forty stalls from 12 to 24 December.",
               "<p>Farmers, craftspeople and mulled wine: the market opens every day "
               "from 2 pm to 8 pm.</p>"),
    }, 2),
    ("nouvel-office", "news", None, {
        "fr": ("Un nouveau point d'accueil à la gare",
               "L'office ouvre une oasis numérique dans le hall.",
               "<p>Wifi gratuit, plan interactif et QR codes « Autour de moi » : la "
               "nouvelle oasis numérique accueille les voyageurs dès leur arrivée.</p>"),
        "en": ("A new welcome point at the station",
               "The office opens a digital oasis in the hall.",
               "<p>Free wifi, an interactive map and “Around me” QR codes: the new "
               "digital oasis welcomes travellers as soon as they arrive.</p>"),
    }, 12),
    ("saison-rafting", "news", None, {
        "fr": ("La saison de rafting est ouverte",
               "Les guides du Gave vous attendent dès le printemps.",
               "<p>Descentes en famille ou sportives, réservation auprès des "
               "prestataires partenaires.</p>"),
        "en": ("Rafting season is open", "The river guides are waiting for you from spring.",
               "<p>Family or sporty descents, to book with our partner providers.</p>"),
    }, 25),
]


# (slug, {lang: (title, description)}, days from today, start hour, hours long, repeat,
#  repeat for how many days, partner slug or None, place name)
EVENTS: list[tuple[str, dict[str, tuple[str, str]], int, int, int, str, int, str | None, str]] = [
    ("marche-du-samedi", {
        "fr": ("Marché du samedi", "Fruits, légumes et fromages des vallées."),
        "en": ("Saturday market", "Fruit, vegetables and cheese from the valleys.")},
     0, 8, 5, "weekly", 180, None, "Place du Foirail"),
    ("visite-nocturne-chateau", {
        "fr": ("Visite nocturne du château", "À la lanterne, avec un conteur."),
        "en": ("Castle by night", "By lantern light, with a storyteller.")},
     3, 21, 2, "", 0, None, "Château de Lanta"),
    ("concert-gave", {
        "fr": ("Concert au bord du Gave", "Chorale basque et quatuor à cordes."),
        "en": ("Concert by the river", "Basque choir and string quartet.")},
     6, 20, 2, "", 0, None, "Quai du Gave"),
    ("atelier-cuisine", {
        "fr": ("Atelier cuisine béarnaise", "La garbure comme à la maison."),
        "en": ("Béarn cooking workshop", "Garbure soup, the home-made way.")},
     8, 10, 3, "", 0, None, "Halle gourmande"),
    ("rando-crepuscule", {
        "fr": ("Randonnée au crépuscule", "Le sentier des crêtes à l'heure dorée."),
        "en": ("Twilight hike", "The ridge trail at golden hour.")},
     10, 18, 3, "", 0, None, "Parking du sentier des crêtes"),
    ("cinema-plein-air", {
        "fr": ("Cinéma en plein air", "Un classique sous les étoiles, transats fournis."),
        "en": ("Open-air cinema", "A classic under the stars, deckchairs provided.")},
     13, 21, 2, "", 0, None, "Parc Beaumont"),
    ("foire-artisans", {
        "fr": ("Foire des artisans", "Potiers, tisserands et couteliers de la vallée."),
        "en": ("Craft fair", "Potters, weavers and knife-makers of the valley.")},
     17, 10, 8, "", 0, None, "Place du Foirail"),
    ("conte-enfants", {
        "fr": ("L'heure du conte", "Histoires des Pyrénées pour les 4-8 ans."),
        "en": ("Story time", "Pyrenean tales for children aged 4 to 8.")},
     2, 16, 1, "weekly", 60, None, "Médiathèque"),
    ("festival-lumieres", {
        "fr": ("Festival des lumières", "Projections sur les façades du centre."),
        "en": ("Festival of lights", "Projections on the town-centre façades.")},
     24, 19, 4, "daily", 3, None, "Centre historique"),
    ("descente-gave", {
        "fr": ("Descente du Gave en raft", "Initiation encadrée, dès 8 ans."),
        "en": ("Rafting down the Gave", "Supervised first descent, from age 8.")},
     30, 14, 3, "", 0, None, "Base d'eaux vives"),
]


def load(dbsession: Session, author: User | None, now: dt.datetime | None = None) -> int:
    """Create and publish the demo items and events; returns how many were created."""
    now = now or content.utc_now()
    created: dict[tuple[str, str], object] = {}
    for slug, kind, parent_slug, texts, age in ITEMS:
        group = None
        for language, (title, description, body) in texts.items():
            parent = created.get((language, parent_slug)) if parent_slug else None
            item = content.create(
                dbsession, language=language, parent=parent, type=kind, slug=slug,
                texts=content.Texts(title=title, description=description, body=body),
                author=author, in_navigation=kind != "news", translation_group=group)
            group = item.translation_group
            content.transition(dbsession, item, "publish", can_review=True,
                               now=now - dt.timedelta(days=age))
            created[(language, slug)] = item
    today = now.astimezone(events.ZONE).date()
    for slug, texts, days, hour, hours, repeat, span, partner_slug, place in EVENTS:
        starts = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour),
                                     events.ZONE)
        data = events.EventData(
            starts_at=starts, ends_at=starts + dt.timedelta(hours=hours), repeat=repeat,
            repeat_until=today + dt.timedelta(days=days + span) if repeat else None,
            place_name=place)
        group = None
        for language, (title, description) in texts.items():
            item = content.create(
                dbsession, language=language, parent=None, type="event", slug=slug,
                texts=content.Texts(title=title, description=description,
                                    body=f"<p>{description}</p>"),
                author=author, in_navigation=False, translation_group=group)
            group = item.translation_group
            events.set_details(dbsession, item, events.check(dbsession, data))
            content.transition(dbsession, item, "publish", can_review=True, now=now)
            created[(language, slug)] = item
    return len(created)
