"""The add-on's translation strings (domain ``lanta_vip``, catalogs in ``locale/``).

Built on ``translationstring`` rather than ``pyramid.i18n`` so that the services, which
never import Pyramid, can raise errors whose message keeps this domain.
"""
from __future__ import annotations

from translationstring import TranslationStringFactory

DOMAIN = "lanta_vip"

_ = TranslationStringFactory(DOMAIN)

# The heading of the add-on's pages in the admin menu.
ADMIN_SECTION = _("VIP card")
