"""Quick-reply answers of the intake and appointment prompts, and the Japanese format of the dates
(services/triage/domain/prompt_choices.py, reply_format.py)."""

from datetime import time
from zoneinfo import ZoneInfo

import pytest

from services.triage.domain.hours import Closure, Schedule, Session, closed_days_text, hours_text
from services.triage.domain.prompt_choices import AGE_BANDS, PromptAnswer, parse_postback, postback_data
from services.triage.domain.reply_format import closed_days_line, hours_line
from tests.unit.triage.support_replies import languages, schedule


def test_answers_round_trip() -> None:
    assert parse_postback(postback_data("age", "30s")) == PromptAnswer("age", "30s")
    assert parse_postback(postback_data("channel", "skip")) == PromptAnswer("channel", "skip")
    assert parse_postback(postback_data("appointment", "cancel", "v-12")) == PromptAnswer(
        "appointment", "cancel", "v-12"
    )
    # The console's intake codes, plus `skip` (she chose not to say).
    assert AGE_BANDS[:-1] == ("under_20", "20s", "30s", "40s", "50s", "60s", "70_plus")


@pytest.mark.parametrize(
    "data", ["intake:age:15s", "intake:channel", "appointment::confirm", "case:c1:close", "intake:age:30s:x"]
)
def test_other_postbacks_are_not_answers(data: str) -> None:
    assert parse_postback(data) is None


def test_a_wrong_answer_is_refused_when_building() -> None:
    with pytest.raises(ValueError, match="not an answer"):
        postback_data("age", "teen")
    with pytest.raises(ValueError, match="reference"):
        postback_data("appointment", "confirm", "a:b")


JST = ZoneInfo("Asia/Tokyo")
SCHEDULES = [
    Schedule(
        (Session(1, time(10), time(12), time(12)), Session(4, time(18), time(20), time(21))),
        frozenset(),
        (),
        JST,
    ),
    Schedule(
        (Session(0, time(9), time(11), time(12)), Session(2, time(9), time(11), time(12))),
        frozenset(),
        (Closure((8, 13), (8, 16), "夏季休業"), Closure((12, 29), (1, 3), "年末年始")),
        JST,
    ),
]


@pytest.mark.parametrize("other", SCHEDULES)
def test_the_japanese_format_writes_what_hours_py_writes(other: Schedule) -> None:
    ja = next(lang for lang in languages() if lang.code == "ja")
    for s in (schedule(), other):
        assert hours_line(s, ja) == hours_text(s)
        assert closed_days_line(s, ja) == closed_days_text(s)
