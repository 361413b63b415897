"""Domain logic with no HTTP in it: plain functions taking a ``dbsession``.

Services raise :class:`lanta.services.errors.DomainError` subclasses; they never import
Pyramid (``tests/meta`` checks).
"""
