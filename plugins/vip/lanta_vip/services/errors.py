"""The add-on's domain errors, each with the HTTP status the API answers.

They extend the core's :class:`~lanta.services.errors.DomainError`, so a page that lets
one escape still gets the core's error page; the terminal API maps them itself to add
``WWW-Authenticate`` and ``Retry-After``.
"""
from __future__ import annotations

from lanta.services.errors import Conflict, DomainError, InvalidField, NotFound


class InvalidInput(InvalidField):
    """A refused field of a card, an offer or an API request (400)."""


class UnknownCard(NotFound):
    """No card matches what the terminal read (404)."""


class UnknownOffer(NotFound):
    """No offer of this number (404)."""


class Unauthorized(DomainError):
    """A missing, unknown or revoked terminal key (401)."""

    status = 401


class CardUnusable(DomainError):
    """A blocked, replaced or retired card, or a stay that has ended (410)."""

    status = 410


class NotGrantable(Conflict):
    """The offer cannot be granted to this card now; the message says why (409)."""


class RequestIdReused(Conflict):
    """The terminal already used this ``request_id`` for another card or offer (409)."""


class StaleRedemption(DomainError):
    """An offline redemption dated outside the accepted window (422)."""

    status = 422


class RateLimited(DomainError):
    """Too many look-ups; ``retry_after`` is in whole seconds (429)."""

    status = 429

    def __init__(self, message: str, retry_after: int, **mapping: object) -> None:
        super().__init__(message, **mapping)
        self.retry_after = max(1, int(retry_after))


__all__ = ["CardUnusable", "Conflict", "DomainError", "InvalidInput", "NotFound",
           "NotGrantable", "RateLimited", "RequestIdReused", "StaleRedemption",
           "Unauthorized", "UnknownCard", "UnknownOffer"]
