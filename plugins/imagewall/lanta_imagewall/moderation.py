"""The moderation pages (``imagewall.moderate``: editors and staff): the queue with its
bulk actions, an item's page, the contributors' removals, the office's new webcam; the
admin menu entry "Image wall" and the dashboard widget counting what waits.

The views live in :mod:`.moderation_views`; this module holds what they share with the
webcam pages: the labels of kinds and states, the thumbnail of a row, the rejection
mails in each contributor's language.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message

from lanta.addon_api import AdminMenuEntry, DashboardWidget
from lanta.labels import ENVIE_LABELS
from lanta.pictures import picture

from . import MODERATE
from .i18n import ADMIN_SECTION, _
from .models import Item
from .services import moderation, reject_mail

STYLESHEET = "lanta_imagewall:static/moderation.css"
SCRIPT = "lanta_imagewall:static/moderation.js"
KIND_LABELS = {"photo": _("Photo"), "clip": _("Video clip"),
               "webcam_image": _("Webcam (image)"), "webcam_stream": _("Webcam (stream)")}
STATUS_LABELS = {"pending": _("Waiting"), "approved": _("Approved"),
                 "rejected": _("Rejected")}
PROCESSING_LABELS = {"queued": _("Waiting for processing"), "processing": _("Processing"),
                     "ready": _("Ready"), "failed": _("Processing failed")}
TAB_LABELS = {"waiting": _("Waiting"), "approved": _("Approved"), "featured": _("Featured"),
              "rejected": _("Rejected"), "failed": _("Processing problems"), "all": _("All")}
KIND_FILTER_LABELS = {"": _("All kinds"), "photos": _("Photos"), "clips": _("Clips"),
                      "webcams": _("Webcams")}
TAG_LABELS = ENVIE_LABELS


def includeme(config) -> None:
    # The static files are served by :mod:`.routes`.
    config.scan(".moderation_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Image wall"), request.route_url("imagewall.queue"), MODERATE,
                           order=95, name="imagewall.queue", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Image wall: N waiting for moderation", linking to the queue."""
    if not request.has_permission(MODERATE):
        return []  # the core would drop it too; this spares the query
    waiting = moderation.count_waiting(request.dbsession)
    translate = request.localizer.translate
    body = Markup('<p><a href="{}" data-imagewall-waiting="{}">{}</a></p>').format(
        request.route_url("imagewall.queue"), waiting,
        translate(_("Image wall: ${count} waiting for moderation",
                    mapping={"count": waiting})))
    return [DashboardWidget(_("Image wall"), body, permission=MODERATE, order=95)]


# --- what the pages share ---------------------------------------------------------------


def thumbnail(request, item: Item) -> Markup:
    """The smallest rendition of an item's picture, or nothing (the template then shows
    a neutral placeholder): a webcam's address is not loaded in the office's pages, so
    that opening the queue tells no third party who moderates."""
    if item.image is None or not item.image.widths:
        return Markup("")
    return picture(request, item.image, sizes="96px", css_class="iw-thumb__picture")


def tag_names(request, item: Item) -> str:
    translate = request.localizer.translate
    return ", ".join(translate(TAG_LABELS[tag]) for tag in item.tags or () if tag in TAG_LABELS)


def translator(request, lang: str):
    """Translates into ``lang``, a mail recipient's language."""
    if lang == request.locale_name:
        return request.localizer.translate
    directories = request.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(lang, directories).translate


def send_rejections(request, items: list[Item]) -> int:
    """One mail per rejected item whose contributor left an e-mail, in the language they
    wrote in; returns how many were sent."""
    languages = request.site.languages or ["fr"]
    mailer, sent = get_mailer(request), 0
    for item in items:
        lang = item.contributor_lang if item.contributor_lang in languages else languages[0]
        mail = reject_mail.rejection_mail(translator(request, lang), item,
                                          site=request.site.name)
        if mail is None:
            continue
        mailer.send(Message(subject=mail.subject, recipients=[mail.recipient],
                            body=mail.body, extra_headers={"Content-Language": lang}))
        sent += 1
    return sent
