"""The helpers the pages share: the QR key read from the site's settings, an offer's
value as visitors read it, and the statistics a visitor's erasure keeps."""
from __future__ import annotations

from lanta_vip import office_offers_present
from lanta_vip.services import offers, privacy
from lanta_vip.services import secrets as vip_secrets


def test_qr_key_for_reads_the_sites_settings():
    class Settings:
        secret = "s" * 48
    assert vip_secrets.qr_key_for(Settings()) == vip_secrets.qr_key_from_secret("s" * 48)
    Settings.secret = "t" * 48
    assert vip_secrets.qr_key_for(Settings()) != vip_secrets.qr_key_from_secret("s" * 48)


def test_an_offers_value_reads_as_visitors_expect():
    gift = offers.Offer(kind="gift", value=None)
    percent = offers.Offer(kind="percent", value=10)
    assert office_offers_present.value_label(gift, "en") == "Gift"
    assert office_offers_present.value_label(percent, "fr") == "10\xa0%"


def test_statistics_keep_only_what_the_settings_page_shows(dbsession):
    assert set(privacy.statistics(dbsession)) == {"visitors", "cards", "scans",
                                                  "redemptions"}
