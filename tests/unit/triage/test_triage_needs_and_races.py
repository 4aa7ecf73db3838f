"""Needs derivation, the neutral group reply, and opening a case when another process races us."""

from datetime import timedelta
from typing import Any

import pytest

from services.triage.adapters.cases import CaseRepository
from services.triage.domain.group_chats import GROUP_CHAT_REPLY, SENSITIVE_WORDS
from services.triage.domain.needs import derive_needs, merge_needs
from services.triage.handlers.cases import CasePlacement
from services.triage.handlers.emit import Emitter
from services.triage.risk import RiskLevel
from tests.unit.triage.support_triage import NOW

H, L, E = RiskLevel.HIGH, RiskLevel.LOW, RiskLevel.EMERGENCY


@pytest.mark.parametrize(
    ("reasons", "needs"),
    [
        ([("DV-KILL-FEAR", E, ())], ("dv",)),
        ([("STK-THREAT", H, ())], ("dv",)),
        ([("SUI-IDEATION", H, ()), ("CHILD-ABUSE", H, ())], ("child", "suicide")),
        ([("FX-DV-IMMINENT", E, ("foreign:en",))], ("dv", "lang:en")),
        ([("DV-PHYSICAL", L, ("negated",))], ()),  # "not being hit" asks for nothing
        ([("HELP-CRY", H, ())], ()),  # no family skill
        ([], ()),
    ],
)
def test_needs(reasons: list[tuple[str, RiskLevel, tuple[str, ...]]], needs: tuple[str, ...]) -> None:
    assert derive_needs(reasons) == needs


def test_needs_only_accumulate() -> None:
    assert merge_needs(["youth", "dv"], ("dv", "lang:en")) == ("dv", "lang:en", "youth")


def test_group_reply_is_neutral() -> None:
    assert not [w for w in SENSITIVE_WORDS if w in GROUP_CHAT_REPLY]


class RacingCases(CaseRepository):
    """Another triage process opens a case for the same consulter just after our first read."""

    def __init__(self, db: Any) -> None:
        super().__init__(db)
        self.raced = False

    async def find_open(self, consulter_id: str) -> dict[str, Any] | None:
        found = await super().find_open(consulter_id)
        if not self.raced:
            self.raced = True
            await self.insert_new("case-of-the-other-process", consulter_id, NOW, "other-envelope")
        return found


async def test_a_lost_race_joins_the_winners_case(db: Any) -> None:
    cases = RacingCases(db)
    placed = await CasePlacement(cases, timedelta(hours=72)).place("c_1", NOW, Emitter("env-1", "env-1", "w1"))
    assert placed.case["_id"] == "case-of-the-other-process" and placed.opened is False
    assert await db["cases"].count_documents({"consulter_id": "c_1", "open": True}) == 1


async def test_one_open_case_per_consulter_is_enforced_by_the_index(db: Any) -> None:
    cases = CaseRepository(db)
    assert await cases.insert_new("a", "c_1", NOW, "e1") is True
    assert await cases.insert_new("b", "c_1", NOW, "e2") is False
    assert await cases.insert_new("c", "c_2", NOW, "e3") is True
