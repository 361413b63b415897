"""``lanta.addon_api.from_page_modules``: an add-on's page modules answer together."""
from __future__ import annotations

import sys

import pytest

from lanta.addon_api import from_page_modules


@pytest.fixture
def pages_package(tmp_path, monkeypatch):
    package = tmp_path / "lanta_pagestest"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text(
        "def menu_entries(request):\n    return [request + ':first-a', request + ':first-b']\n")
    (package / "second.py").write_text(
        "def menu_entries(request):\n    return [request + ':second']\n"
        "def dashboard_widgets(request):\n    return []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "lanta_pagestest"
    for name in [m for m in sys.modules if m.startswith("lanta_pagestest")]:
        del sys.modules[name]


def test_entries_come_module_by_module_in_the_order_given(pages_package):
    assert from_page_modules(pages_package, ("second", "first"), "menu_entries", "req") == [
        "req:second", "req:first-a", "req:first-b"]


def test_a_module_without_the_function_adds_nothing(pages_package):
    assert from_page_modules(pages_package, ("first", "second"), "dashboard_widgets",
                             "req") == []


def test_a_missing_module_is_still_an_error(pages_package):
    with pytest.raises(ModuleNotFoundError):
        from_page_modules(pages_package, ("third",), "menu_entries", "req")
