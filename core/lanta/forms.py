"""deform set-up: its widgets speak the request's language, and a helper to run a form.

Every form of Lanta goes through :func:`process_form`, so that a form with errors is
re-displayed with its messages and nothing is written.
"""
from __future__ import annotations

from typing import Any, Callable

import colander
import deform
from pyramid.i18n import get_localizer
from pyramid.threadlocal import get_current_request

from .i18n import _
from .services.uploads import InvalidUpload


def _translator(term):
    request = get_current_request()
    if request is None:
        return term.interpolate() if hasattr(term, "interpolate") else term
    return get_localizer(request).translate(term)


@colander.deferred
def _csrf_default(node, kw):
    return kw["request"].session.get_csrf_token()


class CSRFSchema(colander.Schema):
    """Base of every form schema: carries the CSRF token that Pyramid checks on POST."""

    csrf_token = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget(),
                                     default=_csrf_default, missing="")


def cleaned_upload(clean: Callable[[Any], Any]):
    """A colander validator for a deform file field: ``clean(fp)`` checks the file and
    returns what the view keeps (as ``value["clean"]``, so the bytes are decoded once);
    its :class:`~lanta.services.uploads.InvalidUpload` becomes the field's message. The
    upload's temporary file is closed at once rather than whenever the request goes."""
    def validator(node, value) -> None:
        fp = value["fp"]
        try:
            value["clean"] = clean(fp)
        except InvalidUpload as exc:
            raise colander.Invalid(node, _(exc.message, mapping=exc.mapping)) from None
        finally:
            fp.close()
    return validator


class RequestTmpStore(dict):
    """deform's upload store for one request: a refused form asks for the file again,
    so nothing is kept between requests (and no upload lingers in the session)."""

    def preview_url(self, uid):
        return None


def flash(request, message) -> None:
    """Show ``message`` (a translation string) at the top of the next page."""
    request.session.flash(request.localizer.translate(message))


def make_form(schema, request, buttons=("save",), **kw: Any) -> deform.Form:
    bound = schema.bind(request=request)
    form = deform.Form(bound, buttons=buttons, **kw)
    return form


def process_form(request, form: deform.Form, on_success: Callable[[dict], Any],
                 appstruct: dict | None = None) -> tuple[Any, str]:
    """Validate a POSTed form and call ``on_success``; otherwise render it.

    Returns ``(result, html)``: ``result`` is what ``on_success`` returned (then ``html``
    is empty) or None when the form is shown or re-shown with its errors.
    """
    if request.method == "POST" and any(b.name in request.POST for b in form.buttons):
        try:
            data = form.validate(request.POST.items())
        except deform.ValidationFailure as failure:
            return None, failure.render()
        return on_success(data), ""
    return None, form.render(appstruct or {})


def render_with_error(form: deform.Form, appstruct: dict, message,
                      field: str | None = None) -> str:
    """Re-render a form that validated but whose action the domain refused (a
    :class:`~lanta.services.errors.DomainError` translated as ``message``), with the
    message on ``field`` or, without one, at the top of the form."""
    error = colander.Invalid(form.schema, None if field else message)
    if field:
        error[field] = message
    form.widget.handle_error(form, error)
    return form.render(appstruct)


def includeme(config) -> None:
    deform.renderer.configure_zpt_renderer((), _translator)
