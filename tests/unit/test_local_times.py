import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lanta.services.local_times import skipped

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize("wall, gone", [
    ("2026-03-29 01:59", False),
    ("2026-03-29 02:00", True),   # the clocks go from 2:00 straight to 3:00
    ("2026-03-29 02:30", True),
    ("2026-03-29 02:59", True),
    ("2026-03-29 03:00", False),
    ("2026-10-25 02:30", False),  # shown twice, not skipped
    ("2026-07-14 02:30", False),
])
def test_only_the_hour_the_clocks_skip_is_refused(wall, gone):
    assert skipped(dt.datetime.fromisoformat(wall), PARIS) is gone


def test_a_time_with_its_offset_is_a_moment_and_never_skipped():
    assert not skipped(dt.datetime.fromisoformat("2026-03-29T02:30+01:00"), PARIS)
