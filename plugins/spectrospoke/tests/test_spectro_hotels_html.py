"""The hotel, headset, statement and figures pages are valid HTML (the Nu checker), with
figures in them and with refused input shown again."""
from __future__ import annotations

import datetime as dt

from lanta.testing import vnu_errors
from test_spectro_figures_service import view
from test_spectro_statements_totals import book

EN = {"Accept-Language": "en"}


def test_the_office_pages_are_valid_html(spectro_on, login, dbsession, tmp_path, hotel,
                                         activity, clip, headset):
    staff = login("staff")
    device, _token = headset
    book(dbsession, activity, hotel, day=dt.date(2026, 7, 3))
    book(dbsession, activity, hotel, day=dt.date(2026, 7, 4), validated=False)
    view(dbsession, clip, device, dt.datetime(2026, 7, 3, 9, tzinfo=dt.timezone.utc))
    dbsession.flush()
    edit = f"/admin/spectrospoke/hotels/{hotel.id}"
    form = staff.get(edit, headers=EN).forms["spectro-rate-form"]
    form["activity_id"] = str(activity.id)
    form["rate"] = "200"
    rate_refused = form.submit("set_rate", headers=EN, status=400)
    form = staff.get(edit, headers=EN).forms["spectro-headset-form"]
    form["label"] = "Lobby"
    address = form.submit(headers=EN)
    pages = {
        "hotels": staff.get("/admin/spectrospoke/hotels/", headers=EN).text,
        "hotel": staff.get(edit, headers=EN).text,
        "rate_refused": rate_refused.text,
        "address": address.text,
        "statement": staff.get("/admin/spectrospoke/statements", {"month": "2026-07"},
                               headers=EN).text,
        "statement_refused": staff.get("/admin/spectrospoke/statements",
                                       {"month": "x"}, headers=EN, status=400).text,
        "figures": staff.get("/admin/spectrospoke/figures",
                             {"from": "2026-07-01", "to": "2026-07-31"}, headers=EN).text,
        "dashboard": staff.get("/admin/", headers=EN).text,
    }
    assert vnu_errors(pages, tmp_path) == []
