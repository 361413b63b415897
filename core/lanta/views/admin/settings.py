"""The site settings screen: name, tagline, languages, contact, logo and theme.

One deform form; a form with errors is shown again with its messages and nothing is saved.
The logo is checked by content (:mod:`lanta.services.uploads`) while the form validates, so
a refused file is reported on its field like any other mistake. A new theme applies from
the next response on, since the theme is read per request.
"""
from __future__ import annotations

import re

import colander
import deform
from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config

from ...forms import CSRFSchema, RequestTmpStore, cleaned_upload, make_form, process_form
from ...i18n import KNOWN_LANGUAGES, _
from ...services import site_settings, uploads

PHONE = re.compile(r"^\+?[0-9 ().\-]{6,30}$")
# deform's own choice templates emit autofocus="False" and a label for no control.
CHECKBOXES = "lanta:templates/deform/checkbox_choice.pt"
RADIOS = "lanta:templates/deform/radio_choice.pt"


def _validate_languages(node, value):
    if not value:
        raise colander.Invalid(node, _("Offer at least one language."))
    if not value <= set(KNOWN_LANGUAGES):
        raise colander.Invalid(node, _("Choose among the languages listed."))


def _clean_logo(fp):
    return uploads.clean_image(uploads.read_bounded(fp))


@colander.deferred
def _logo_widget(node, kw):
    return deform.widget.FileUploadWidget(RequestTmpStore(),
                                          accept="image/png,image/jpeg,image/webp")


@colander.deferred
def _theme_widget(node, kw):
    request = kw["request"]
    translate = request.localizer.translate

    def label(theme):
        return f"{translate(theme.title)} — {translate(theme.description)}" \
            if theme.description else translate(theme.title)
    themes = request.registry.lanta_themes.values()
    return deform.widget.RadioChoiceWidget(values=[(t.name, label(t)) for t in themes],
                                           template=RADIOS)


@colander.deferred
def _theme_validator(node, kw):
    names = set(kw["request"].registry.lanta_themes)

    def installed(node, value):
        if value not in names:
            raise colander.Invalid(node, _("Choose one of the installed themes."))
    return installed


class SettingsSchema(CSRFSchema):
    name = colander.SchemaNode(
        colander.String(), title=_("Site name"),
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
        validator=colander.Length(min=1, max=120),
        description=_("Shown in the header, the page titles and the footer."))
    tagline = colander.SchemaNode(
        colander.String(), title=_("Tagline"), missing="",
        validator=colander.Length(max=200),
        description=_("One sentence under the name on the home page."))
    languages = colander.SchemaNode(
        colander.Set(), title=_("Languages offered"), oid="languages",
        widget=deform.widget.CheckboxChoiceWidget(values=list(KNOWN_LANGUAGES.items()),
                                                  template=CHECKBOXES),
        validator=_validate_languages, missing_msg=_("Offer at least one language."),
        description=_("French comes first when it is offered."))
    contact_email = colander.SchemaNode(
        colander.String(), title=_("Contact e-mail"), missing="",
        validator=colander.Email(msg=_("Enter a valid e-mail address, like "
                                       "contact@example.org.")),
        widget=deform.widget.TextInputWidget(attributes={"type": "email",
                                                         "autocomplete": "email"}))
    contact_phone = colander.SchemaNode(
        colander.String(), title=_("Contact phone"), missing="",
        validator=colander.Regex(PHONE, msg=_("Enter a phone number with digits, spaces "
                                              "and an optional + sign.")),
        widget=deform.widget.TextInputWidget(attributes={"type": "tel",
                                                         "autocomplete": "tel"}))
    address = colander.SchemaNode(
        colander.String(), title=_("Postal address"), missing="",
        validator=colander.Length(max=500),
        widget=deform.widget.TextAreaWidget(rows=3))
    logo = colander.SchemaNode(
        deform.FileData(), title=_("Logo"), missing=None, widget=_logo_widget,
        validator=cleaned_upload(_clean_logo),
        description=_("A PNG, JPEG or WebP image of at most 2 MB. Location and camera "
                      "data are removed."))
    remove_logo = colander.SchemaNode(
        colander.Boolean(), title=_("Remove the current logo"), missing=False,
        widget=deform.widget.CheckboxWidget())
    theme = colander.SchemaNode(
        # A fixed oid: deform names radio buttons after it (a stable name for scripts).
        colander.String(), title=_("Theme"), widget=_theme_widget, oid="theme",
        validator=_theme_validator,
        description=_("The look of the whole site. A change applies at once."))


def current_values(site: site_settings.SiteSettings, themes) -> dict:
    return {
        "name": site.name, "tagline": site.tagline, "languages": set(site.languages),
        "contact_email": site.contact_email, "contact_phone": site.contact_phone,
        "address": site.address,
        "theme": site.theme if site.theme in themes else "default",
    }


def changes_from(data: dict) -> dict:
    """The site settings to write for a valid form (without the logo)."""
    return {
        "name": data["name"].strip(),
        "tagline": data["tagline"].strip(),
        # A stable order, French first: the first language is the site's default.
        "languages": [code for code in KNOWN_LANGUAGES if code in data["languages"]],
        "contact_email": data["contact_email"].strip(),
        "contact_phone": data["contact_phone"].strip(),
        "address": data["address"].strip(),
        "theme": data["theme"],
    }


@view_config(route_name="admin.settings", renderer="lanta:templates/admin/settings.pt",
             permission="admin.settings", request_method=("GET", "POST"))
def settings_form(request):
    schema = SettingsSchema()
    if not request.site.logo:
        del schema["remove_logo"]
    form = make_form(schema, request, buttons=(deform.Button("save", _("Save")),),
                     formid="settings-form")

    def save(data):
        changes = changes_from(data)
        logo = data.get("logo")
        if logo and logo.get("clean") is not None:
            changes["logo"] = uploads.store_image(request.registry.lanta_settings.uploads_dir,
                                                  logo["clean"])
        elif data.get("remove_logo"):
            changes["logo"] = ""
        site_settings.save(request.dbsession, **changes)
        request.session.flash(request.localizer.translate(_("Site settings saved.")))
        return HTTPFound(request.route_url("admin.settings"))

    result, html = process_form(request, form, save,
                                appstruct=current_values(request.site,
                                                         request.registry.lanta_themes))
    if result is not None:
        return result
    if request.method == "POST":
        request.response.status = 400
    return {"form": html, "form_resources": form.get_widget_resources(),
            "admin_section": True, "page_title": _("Site settings")}
