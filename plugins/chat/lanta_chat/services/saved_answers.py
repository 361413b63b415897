"""Saved answers: ready replies the staff picks in the inbox, one set per language.

A title is unique within its language (at most ``TITLE_MAX`` characters), a body holds
at most ``BODY_MAX``; the language must be one of the site's, which the caller passes
(services do not read the request).
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lanta.services.errors import InvalidField, NotFound

from ..i18n import _
from ..models import BODY_MAX, SavedAnswer, utcnow

TITLE_MAX = 120


def by_language(dbsession: Session, language: str | None = None) -> list[SavedAnswer]:
    """The saved answers (of ``language`` only, when given), by language then title."""
    query = select(SavedAnswer)
    if language is not None:
        query = query.where(SavedAnswer.language == language)
    return list(dbsession.scalars(query.order_by(SavedAnswer.language,
                                                 func.lower(SavedAnswer.title))))


def get(dbsession: Session, answer_id: int) -> SavedAnswer:
    answer = dbsession.get(SavedAnswer, answer_id)
    if answer is None:
        raise NotFound(_("This saved answer no longer exists."))
    return answer


def clean(dbsession: Session, values: dict, languages: list[str], *,
          answer_id: int | None = None) -> dict[str, str]:
    """The checked ``language``, ``title`` and ``body``; every refused field is reported
    at once: ``{field: message}`` in the ``errors`` of :class:`InvalidAnswer`."""
    errors: dict[str, object] = {}
    language = str(values.get("language") or "")
    title = " ".join(str(values.get("title") or "").split())
    body = str(values.get("body") or "").replace("\x00", "").strip()
    if language not in languages:
        errors["language"] = _("Choose one of the site's languages.")
    if not title:
        errors["title"] = _("Give the answer a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("A title holds at most ${max} characters.",
                            mapping={"max": TITLE_MAX})
    elif "language" not in errors:
        same = select(SavedAnswer.id).where(SavedAnswer.language == language,
                                            SavedAnswer.title == title)
        if answer_id is not None:
            same = same.where(SavedAnswer.id != answer_id)
        if dbsession.scalars(same).first() is not None:
            errors["title"] = _("Another answer in this language has this title.")
    if not body:
        errors["body"] = _("Write the answer.")
    elif len(body) > BODY_MAX:
        errors["body"] = _("An answer holds at most ${max} characters.",
                           mapping={"max": BODY_MAX})
    if errors:
        raise InvalidAnswer(errors)
    return {"language": language, "title": title, "body": body}


class InvalidAnswer(InvalidField):
    """Several fields of a saved answer refused; ``errors`` maps each to its message."""

    status = 422

    def __init__(self, errors: dict[str, object]) -> None:
        super().__init__(_("Check the fields marked."), on=next(iter(errors)))
        self.errors = errors


def _flush(dbsession: Session) -> None:
    """Two members saving the same title at once: the second is told, not a 500."""
    try:
        with dbsession.begin_nested():
            dbsession.flush()
    except IntegrityError:
        raise InvalidAnswer({"title": _("Another answer in this language has this "
                                        "title.")}) from None


def create(dbsession: Session, values: dict, languages: list[str]) -> SavedAnswer:
    answer = SavedAnswer(**clean(dbsession, values, languages), updated_at=utcnow())
    dbsession.add(answer)
    _flush(dbsession)
    return answer


def update(dbsession: Session, answer: SavedAnswer, values: dict,
           languages: list[str]) -> SavedAnswer:
    for name, value in clean(dbsession, values, languages, answer_id=answer.id).items():
        setattr(answer, name, value)
    answer.updated_at = utcnow()
    _flush(dbsession)
    return answer


def delete(dbsession: Session, answer: SavedAnswer) -> None:
    dbsession.delete(answer)
    dbsession.flush()
