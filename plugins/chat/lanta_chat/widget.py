"""(being written)"""
from __future__ import annotations


def includeme(config) -> None:
    pass


def menu_entries(request) -> list:
    return []


def dashboard_widgets(request) -> list:
    return []


def page_slot(request, slot):
    return None
