"""Every address of the add-on, in one place (the views live in the page modules).

Office pages under ``/admin/spectrospoke/``; the partners' own pages under
``/partner/{slug}/spectrospoke/`` (an activity's bookings, slots and voucher check, a
hotel's commissions); a headset's kiosk under ``/spectrospoke/kiosk/{token}/{lang}/``,
where the secret ``token`` ties every view and booking to the device's hotel; vouchers
under ``/spectrospoke/vouchers/{token}`` (a signed token, no login).
"""
from __future__ import annotations

ADMIN = "/admin/spectrospoke"
PARTNER = "/partner/{slug}/spectrospoke"
KIOSK = "/spectrospoke/kiosk/{token}"
LANG = "{lang:[a-z]{2}}"
ID = "{id:\\d+}"
PARTNER_ID = "{partner_id:\\d+}"
REFERENCE = "{reference:[A-Z0-9-]{4,16}}"

ROUTES: tuple[tuple[str, str], ...] = (
    # The catalogue (editors).
    ("spectrospoke.clips.list", f"{ADMIN}/clips/"),
    ("spectrospoke.clips.add", f"{ADMIN}/clips/add"),
    ("spectrospoke.clips.edit", f"{ADMIN}/clips/{ID}/edit"),
    ("spectrospoke.clips.delete", f"{ADMIN}/clips/{ID}/delete"),
    ("spectrospoke.video", "/spectrospoke/videos/{name}"),
    # Hotels, their headsets and commission rates (staff).
    ("spectrospoke.hotels.list", f"{ADMIN}/hotels/"),
    ("spectrospoke.hotels.edit", f"{ADMIN}/hotels/{PARTNER_ID}"),
    ("spectrospoke.headsets.add", f"{ADMIN}/hotels/{PARTNER_ID}/headsets"),
    ("spectrospoke.headsets.renew", f"{ADMIN}/headsets/{ID}/renew"),
    ("spectrospoke.headsets.remove", f"{ADMIN}/headsets/{ID}/remove"),
    # Activities: ticket price, slots; bookings (staff, on the partners' behalf).
    ("spectrospoke.activities.list", f"{ADMIN}/activities/"),
    ("spectrospoke.activities.edit", f"{ADMIN}/activities/{PARTNER_ID}"),
    ("spectrospoke.bookings.list", f"{ADMIN}/bookings/"),
    ("spectrospoke.bookings.show", f"{ADMIN}/bookings/{REFERENCE}"),
    # Monthly statements and the conversion figures (staff).
    ("spectrospoke.statements", f"{ADMIN}/statements"),
    ("spectrospoke.statements.csv", f"{ADMIN}/statements.csv"),
    ("spectrospoke.figures", f"{ADMIN}/figures"),
    # A partner's own pages (its account's listing).
    ("spectrospoke.partner.bookings", f"{PARTNER}/bookings"),
    ("spectrospoke.partner.booking", f"{PARTNER}/bookings/{REFERENCE}"),
    ("spectrospoke.partner.slots", f"{PARTNER}/slots"),
    ("spectrospoke.partner.validate", f"{PARTNER}/validate"),
    ("spectrospoke.partner.statement", f"{PARTNER}/statement"),
    ("spectrospoke.partner.statement.csv", f"{PARTNER}/statement.csv"),
    # A headset's kiosk (no login: the secret in the address is the device's).
    ("spectrospoke.kiosk", f"{KIOSK}/"),
    ("spectrospoke.kiosk.catalogue", f"{KIOSK}/{LANG}/"),
    ("spectrospoke.kiosk.clip", f"{KIOSK}/{LANG}/clips/{{slug}}"),
    ("spectrospoke.kiosk.started", f"{KIOSK}/{LANG}/clips/{{slug}}/started"),
    ("spectrospoke.kiosk.viewed", f"{KIOSK}/{LANG}/clips/{{slug}}/viewed"),
    ("spectrospoke.kiosk.book", f"{KIOSK}/{LANG}/clips/{{slug}}/book"),
    ("spectrospoke.kiosk.booking", f"{KIOSK}/{LANG}/bookings/{REFERENCE}"),
    # A guest's voucher (signed token, no login) and its QR code.
    ("spectrospoke.voucher", "/spectrospoke/vouchers/{token}"),
    ("spectrospoke.voucher.qr", "/spectrospoke/vouchers/{token}/qr.svg"),
)


def includeme(config) -> None:
    for name, pattern in ROUTES:
        config.add_route(name, pattern)
