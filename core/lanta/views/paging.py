"""The page number of a paged list, read from ``?page=``."""
from __future__ import annotations


def page_number(request) -> int:
    """``?page=N`` as a whole number from 1; anything else is the first page."""
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1
