"""The contribution pages: the form anyone fills in from a phone to send a photo or a
clip (``/{lang}/wall/contribute``, no account needed), its thanks page, and the clips'
files (``/imagewall/videos/{name}``).

Views are in :mod:`.contribute_views` and :mod:`.video_views`; the checks and the
storing are in :mod:`.services.contributions`.
"""
from __future__ import annotations


def includeme(config) -> None:
    config.scan(".contribute_views")
    config.scan(".video_views")
