"""Opening hours from the real seeds (services/triage/domain/hours.py)."""

from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from services.triage.domain.hours import (
    Schedule,
    closed_days_text,
    hours_text,
    in_session,
    is_open,
    next_opening,
    parse_schedule,
)
from services.triage.domain.roster import DatedSlot, WeeklySlot, on_shift

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
JST = ZoneInfo("Asia/Tokyo")


def jst(y: int, m: int, d: int, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=JST)


@pytest.fixture(scope="module")
def schedule() -> Schedule:
    load = lambda name: yaml.safe_load((SEEDS / name).read_text(encoding="utf-8"))  # noqa: E731
    return parse_schedule(load("hours.yaml"), load("holidays.yaml"))


@pytest.mark.parametrize(
    ("when", "open_", "session"),
    [
        (jst(2026, 12, 3, 17, 59, 59), False, False),
        (jst(2026, 12, 3, 18, 0), True, True),
        (jst(2026, 12, 3, 20, 29, 59), True, True),
        (jst(2026, 12, 3, 20, 30), False, True),  # last intake: counselors finish the queue
        (jst(2026, 12, 3, 20, 59, 59), False, True),
        (jst(2026, 12, 3, 21, 0), False, False),
        (jst(2026, 12, 5, 19, 0), True, True),  # Saturday
        (jst(2026, 12, 4, 19, 0), False, False),  # Friday: no session
    ],
)
def test_thursday_and_saturday_boundaries(
    schedule: Schedule, when: datetime, open_: bool, session: bool
) -> None:
    assert is_open(when, schedule) is open_
    assert in_session(when, schedule) is session


def test_any_zone_is_read_as_japan_time(schedule: Schedule) -> None:
    # 09:29 UTC is 18:29 JST on the same Thursday, all year round (no daylight saving in Japan).
    assert is_open(datetime(2026, 12, 3, 9, 29, tzinfo=UTC), schedule)
    assert is_open(datetime(2026, 7, 2, 9, 29, tzinfo=UTC), schedule)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open(datetime(2026, 12, 3, 19, 0), schedule)


def test_holidays_and_year_end_close_the_day(schedule: Schedule) -> None:
    assert not is_open(jst(2027, 2, 11, 19, 0), schedule)  # 建国記念の日, a Thursday
    assert not is_open(jst(2026, 12, 31, 19, 0), schedule)  # year-end, a Thursday
    assert not in_session(jst(2027, 1, 2, 19, 0), schedule)  # new year, a Saturday
    assert schedule.closed_on(jst(2026, 9, 22, 0).date())  # 国民の休日 between two holidays
    assert is_open(jst(2026, 12, 26, 19, 0), schedule)  # the Saturday before the closure


def test_next_opening(schedule: Schedule) -> None:
    assert next_opening(jst(2026, 12, 3, 19, 0), schedule) == jst(2026, 12, 3, 19, 0)  # open now
    assert next_opening(jst(2026, 12, 3, 20, 30), schedule) == jst(2026, 12, 5, 18, 0)
    assert next_opening(jst(2026, 12, 3, 10, 0), schedule) == jst(2026, 12, 3, 18, 0)
    # Over the year-end closure: Thu 31 Dec and Sat 2 Jan are closed.
    assert next_opening(jst(2026, 12, 27, 12, 0), schedule) == jst(2027, 1, 7, 18, 0)


def test_texts_for_the_out_of_hours_reply(schedule: Schedule) -> None:
    assert hours_text(schedule) == "受付時間: 木曜・土曜 18:00〜21:00（受付は20:30まで）"
    assert closed_days_text(schedule) == "祝日と年末年始（12/29〜1/3）はお休みです。"


def test_holiday_list_covers_two_fiscal_years(schedule: Schedule) -> None:
    assert schedule.holidays_known_until is not None
    assert schedule.holidays_known_until >= jst(2028, 3, 20, 0).date()


def test_wrong_session_times_are_refused() -> None:
    bad = {"sessions": [{"days": ["thu"], "opens": "18:00", "last_intake": "21:30", "closes": "21:00"}]}
    with pytest.raises(ValueError, match="last_intake"):
        parse_schedule(bad, {})


def test_on_shift_weekly_dated_and_past_midnight() -> None:
    thursday_evening = WeeklySlot(3, time(17, 45), time(21, 15))
    assert on_shift([thursday_evening], jst(2026, 12, 3, 21, 14))
    assert not on_shift([thursday_evening], jst(2026, 12, 3, 21, 15))
    late = WeeklySlot(3, time(22, 0), time(2, 0))  # Thursday 22:00 to Friday 02:00
    assert on_shift([late], jst(2026, 12, 4, 1, 59))
    assert not on_shift([late], jst(2026, 12, 4, 2, 0))
    extra = DatedSlot(jst(2026, 12, 4, 0).date(), time(18, 0), time(21, 0))
    assert on_shift([extra], jst(2026, 12, 4, 18, 0))
    assert not on_shift([extra], jst(2026, 12, 11, 18, 0))
