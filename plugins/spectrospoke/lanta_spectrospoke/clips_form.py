"""The clip form (deform/colander): its schema, the words its choices are shown with,
and the passage between what the form holds and the service's
:class:`~lanta_spectrospoke.services.clips.ClipInput` and
:class:`~lanta_spectrospoke.services.clips.Media`.

The video is checked by its content as soon as the form is validated, so that its
message shows beside the field with any other; the service checks it again as it
copies it to disk.
"""
from __future__ import annotations

from typing import Any

import colander
import deform

from lanta.forms import CSRFSchema, RequestTmpStore, cleaned_upload
from lanta.labels import ENVIE_LABELS
from lanta.services import images
from lanta.services.uploads import InvalidUpload

from .i18n import _
from .labels import FITNESS_LABELS, PROJECTION_LABELS, SEASON_LABELS
from .services import videos
from .services.clips import ClipInput, Media, duration_text

LANGS = ("fr", "en")
CHECKBOXES = "lanta:templates/deform/checkbox_choice.pt"
RADIOS = "lanta:templates/deform/radio_choice.pt"
# Languages are named in their own words, as a language menu does.
NARRATION_LANGUAGES = (("fr", "Français"), ("en", "English"), ("es", "Español"),
                       ("de", "Deutsch"), ("it", "Italiano"), ("nl", "Nederlands"))
# The service names the clip's attributes; the form has one field per language.
FORM_FIELDS = {"title": "title_fr", "text": "text_fr"}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _text(title, *, max_length: int, required: bool = False, area: bool = False,
          **kw: Any) -> colander.SchemaNode:
    widget = deform.widget.TextAreaWidget(rows=4) if area else deform.widget.TextInputWidget()
    options: dict[str, Any] = {} if required else {"missing": ""}
    return colander.SchemaNode(colander.String(), title=title, preparer=_strip,
                               validator=colander.Length(min=1 if required else 0,
                                                         max=max_length),
                               widget=widget, **options, **kw)


def _day(title, **kw: Any) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Date(), title=title, missing=None,
                               widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
                               **kw)


def _choices(title, values, **kw: Any) -> colander.SchemaNode:
    allowed = {value for value, _label in values}

    def only_listed(node, chosen) -> None:  # colander.Set takes any value posted
        if any(value not in allowed for value in chosen):
            raise colander.Invalid(node, _("Choose from the list."))
    return colander.SchemaNode(colander.Set(), title=title, missing=set(),
                               validator=only_listed,
                               widget=deform.widget.CheckboxChoiceWidget(
                                   values=values, template=CHECKBOXES, inline=True), **kw)


@colander.deferred
def _partner_widget(node, kw):
    request = kw["request"]
    lang = request.locale_name
    values = [("", request.localizer.translate(_("Choose an activity partner")))]
    values += sorted(((str(p.id), p.text("name", lang)) for p in kw["partners"]),
                     key=lambda choice: choice[1].lower())
    return deform.widget.SelectWidget(values=values)


@colander.deferred
def _video_check(node, kw):
    limit = kw["max_video_bytes"]

    def check(node, value) -> None:
        # The file stays open: the service copies it once the whole form is valid.
        try:
            videos.check(value["fp"], limit)
        except InvalidUpload as exc:
            raise colander.Invalid(node, _(exc.message, mapping=exc.mapping)) from None
    return check


@colander.deferred
def _video_description(node, kw):
    return _("An MP4 or WebM file, up to ${size} MB. A new file replaces the clip's "
             "video.", mapping={"size": f"{kw['max_video_bytes'] / (1024 * 1024):.3g}"})


def _upload_widget(accept: str) -> colander.deferred:
    """A file field whose store lives as long as one form: a refused form asks for its
    files again, and no upload is kept between requests."""
    return colander.deferred(
        lambda node, kw: deform.widget.FileUploadWidget(RequestTmpStore(), accept=accept))


def _window(form, values) -> None:
    first, last = values.get("valid_from"), values.get("valid_until")
    if first and last and first > last:
        error = colander.Invalid(form)
        error["valid_until"] = _("The last day comes before the first day.")
        raise error


class ClipSchema(CSRFSchema):
    title_fr = _text(_("Title (French)"), required=True, max_length=120)
    title_en = _text(_("Title (English)"), max_length=120)
    slug = _text(_("Address name"), required=True, max_length=120,
                 description=_("Lower-case words joined by hyphens, like rafting-gave. "
                               "Headsets show the clip at this address."))
    text_fr = _text(_("Text (French)"), max_length=4000, area=True)
    text_en = _text(_("Text (English)"), max_length=4000, area=True)
    partner_id = colander.SchemaNode(colander.Integer(), title=_("Activity partner"),
                                     widget=_partner_widget,
                                     description=_("Who runs the activity and receives its "
                                                   "bookings."))
    duration = _text(_("Duration"), required=True, max_length=9,
                     description=_("Minutes and seconds, like 1:35, or seconds, like 95."))
    projection = colander.SchemaNode(
        colander.String(), title=_("Projection"), default="360_mono", oid="clip-projection",
        validator=colander.OneOf(list(PROJECTION_LABELS)),
        widget=deform.widget.RadioChoiceWidget(values=list(PROJECTION_LABELS.items()),
                                               template=RADIOS),
        description=_("How the picture is laid out in the file; see the catalogue guide."))
    video = colander.SchemaNode(deform.FileData(), title=_("Video file"), missing=None,
                                validator=_video_check, description=_video_description,
                                widget=_upload_widget("video/mp4,video/webm,.mp4,.webm"))
    video_url = _text(_("Or the video's address"), max_length=500,
                      description=_("An https address on the office's video server, "
                                    "instead of a file."))
    poster = colander.SchemaNode(
        deform.FileData(), title=_("Poster"), missing=None,
        validator=cleaned_upload(images.read_upload),
        widget=_upload_widget("image/jpeg,image/png,image/webp"),
        description=_("The picture shown in the catalogue and before the video starts: a "
                      "JPEG, PNG or WebP photo, up to 15 MB."))
    poster_alt = _text(_("Text alternative of the poster"), max_length=300,
                       description=_("What the poster shows, for those who cannot see it, "
                                     "like “Rafts in the rapids of the gave”. Required "
                                     "with a poster."))
    remove_poster = colander.SchemaNode(
        colander.Boolean(), title=_("Remove the poster"), missing=False,
        label=_("Show no poster any more"), widget=deform.widget.CheckboxWidget())
    envies = _choices(_("Envies"), list(ENVIE_LABELS.items()), oid="clip-envies",
                      description=_("The kiosk's “I feel like…” filters that show it."))
    seasons = _choices(_("Seasons"), list(SEASON_LABELS.items()), oid="clip-seasons",
                       description=_("None ticked: every season."))
    min_age = colander.SchemaNode(
        colander.Integer(), title=_("Minimum age"), missing=None,
        validator=colander.Range(0, 99),
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "numeric"}),
        description=_("In years. Empty: every age."))
    fitness = colander.SchemaNode(
        colander.String(), title=_("Fitness"), default="easy", oid="clip-fitness",
        validator=colander.OneOf(list(FITNESS_LABELS)),
        widget=deform.widget.RadioChoiceWidget(values=list(FITNESS_LABELS.items()),
                                               template=RADIOS, inline=True))
    narration_language = colander.SchemaNode(
        colander.String(), title=_("Narration"), missing="",
        validator=colander.OneOf(["", *dict(NARRATION_LANGUAGES)]),
        widget=deform.widget.SelectWidget(values=[("", _("No narration")),
                                                  *NARRATION_LANGUAGES]))
    rights = _text(_("Rights"), max_length=1000, area=True,
                   description=_("Who owns the pictures and music, and until when the "
                                 "office may show them."))
    valid_from = _day(_("First day"), description=_("Empty: shown at once."))
    valid_until = _day(_("Last day (included)"), description=_("Empty: no end date."))
    published = colander.SchemaNode(
        colander.Boolean(), title=_("Publication"), missing=False,
        label=_("Published: headsets show it within its days"),
        widget=deform.widget.CheckboxWidget())

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, validator=_window, **kw)


def clip_schema(*, editing: bool) -> ClipSchema:
    schema = ClipSchema()
    if not editing:
        del schema["remove_poster"]
    return schema


def to_input(data: dict[str, Any]) -> tuple[ClipInput, Media]:
    """The service's input for a form that validated."""
    clip_input = ClipInput(
        slug=data["slug"], title={lang: data[f"title_{lang}"] for lang in LANGS},
        text={lang: data[f"text_{lang}"] for lang in LANGS},
        partner_id=data["partner_id"], duration=data["duration"],
        projection=data["projection"], video_url=data["video_url"],
        envies=tuple(data["envies"]), seasons=tuple(data["seasons"]),
        min_age=data["min_age"], fitness=data["fitness"],
        narration_language=data["narration_language"], rights=data["rights"],
        valid_from=data["valid_from"], valid_until=data["valid_until"],
        published=data["published"])
    video, poster = data.get("video"), data.get("poster")
    media = Media(video=video["fp"] if video else None,
                  poster=poster.get("clean") if poster else None,
                  poster_alt=data["poster_alt"],
                  remove_poster=data.get("remove_poster", False))
    return clip_input, media


def appstruct(clip, poster_alt: str = "") -> dict[str, Any]:
    """The form's values for a stored clip."""
    values: dict[str, Any] = {f"{name}_{lang}": (getattr(clip, name) or {}).get(lang, "")
                              for name in ("title", "text") for lang in LANGS}
    values.update(
        slug=clip.slug, partner_id=clip.partner_id, duration=duration_text(clip.duration_s),
        projection=clip.projection, video_url=clip.video_url or "", poster_alt=poster_alt,
        envies=set(clip.envies or ()), seasons=set(clip.seasons or ()),
        min_age=clip.min_age, fitness=clip.fitness,
        narration_language=clip.narration_language or "", rights=clip.rights or "",
        valid_from=clip.valid_from, valid_until=clip.valid_until,
        published=bool(clip.published))
    return renderable(values)


def renderable(values: dict[str, Any]) -> dict[str, Any]:
    """Values to render again: files are asked for again, absent numbers and days are
    colander's null."""
    shown = {key: value for key, value in values.items() if key not in ("video", "poster")}
    return {key: colander.null if value is None else value for key, value in shown.items()}


def error_field(exc, form: deform.Form) -> str | None:
    """The form field a service refusal is about, or None (the message goes on top)."""
    name = getattr(exc, "on", None)
    name = FORM_FIELDS.get(name, name)
    return name if name is not None and name in form.schema else None
