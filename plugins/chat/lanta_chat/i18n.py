"""The add-on's translation strings (domain ``lanta_chat``, catalogs in ``locale/``).

Built on ``translationstring`` so that the services, which never import Pyramid, can
raise errors whose message keeps this domain.
"""
from __future__ import annotations

from translationstring import TranslationStringFactory

DOMAIN = "lanta_chat"

_ = TranslationStringFactory(DOMAIN)

# The heading of the add-on's pages in the admin menu.
ADMIN_SECTION = _("Chat")
