"""The add-on's translation strings (domain ``lanta_imagewall``, catalogs in
``locale/``), built on ``translationstring`` so that services, which never import
Pyramid, can raise errors whose message keeps this domain."""
from __future__ import annotations

from translationstring import TranslationStringFactory

DOMAIN = "lanta_imagewall"

_ = TranslationStringFactory(DOMAIN)

# The heading of the add-on's pages in the admin menu.
ADMIN_SECTION = _("Image wall")
