"""Enabling and disabling add-ons: a read-modify-write of one site setting, shared by
every server process."""
from __future__ import annotations

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from lanta.models import SiteSetting
from lanta.services import addons as addons_service
from lanta.services import site_settings


def test_disabling_an_addon_that_was_never_enabled_changes_nothing(dbsession):
    assert addons_service.set_enabled(dbsession, "alpha", False) == []
    assert site_settings.load(dbsession).enabled_addons == []


@pytest.mark.concurrent_writers
def test_two_processes_enabling_at_once_both_win(engine, db_backend, run_blocked_by):
    with Session(engine) as setup:
        before = setup.get(SiteSetting, "enabled_addons")
        before = None if before is None else before.value
        site_settings.save(setup, enabled_addons=[])
        setup.commit()
    first = Session(engine)
    try:
        addons_service.set_enabled(first, "alpha", True)  # not committed yet

        def other_process():
            with Session(engine) as second:
                addons_service.set_enabled(second, "beta", True)
                second.commit()

        thread = run_blocked_by(first, other_process)
        first.commit()
        thread.join()
        with Session(engine) as check:
            assert site_settings.load(check).enabled_addons == ["alpha", "beta"]
    finally:
        first.close()
        with Session(engine) as cleanup:
            if before is None:
                cleanup.execute(delete(SiteSetting).where(SiteSetting.key == "enabled_addons"))
            else:
                site_settings.save(cleanup, enabled_addons=before)
            cleanup.commit()
