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


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class TooManyAttempts(DomainError):
    status = 429
