"""Fixtures of the imagewall add-on's tests (the core's come from ``lanta.testing``)."""
from __future__ import annotations

import pytest

from wall_testing import make_partner


@pytest.fixture
def imagewall_on(enable_addon) -> None:
    enable_addon("imagewall")


@pytest.fixture
def uploads_dir(app):
    """The uploads folder of the test application (where its pages read files)."""
    return app.registry.lanta_settings.uploads_dir


@pytest.fixture
def place(dbsession):
    """"Café des Pyrénées", a restaurant listing that items can be linked to."""
    return make_partner(dbsession, "cafe-des-pyrenees", "restaurant", "Café des Pyrénées",
                        email="bonjour@cafe-pyrenees.example")
