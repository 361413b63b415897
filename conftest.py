"""Test-session set-up for this repository: compiled message catalogs.

``.mo`` files are git-ignored and written by ``make compile-catalogs``. A test run started
without it (a fresh clone, or a ``.po`` just edited) compiles the missing or outdated ones
first, before any application reads its translations.
"""
from __future__ import annotations


def pytest_sessionstart(session) -> None:
    from lanta.i18n_tools import compile_catalogs

    compile_catalogs(only_stale=True)
