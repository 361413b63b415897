"""Fixtures of the chat add-on's tests (the core's come from ``lanta.testing``)."""
from __future__ import annotations

import pytest


@pytest.fixture
def chat_on(enable_addon) -> None:
    enable_addon("chat")
