"""Domain errors raised by services and mapped to HTTP answers in ``lanta.views.errors``."""
from __future__ import annotations

import string


class DomainError(Exception):
    """A request the domain refuses; ``message`` is a sentence a person understands."""

    status = 400

    def __init__(self, message: str, **mapping: object) -> None:
        super().__init__(message)
        self.message = message
        self.mapping = mapping

    def __str__(self) -> str:
        # English text for logs and the command line; the web translates ``message``.
        return string.Template(self.message).safe_substitute(self.mapping)


class InvalidField(DomainError):
    """A refused value of one field of a record; ``on`` names that field (the model's
    attribute), so a form can show the message beside it."""

    def __init__(self, message: str, *, on: str, **mapping: object) -> None:
        super().__init__(message, **mapping)
        self.on = on


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class TooManyAttempts(DomainError):
    status = 429
