"""Shared helper for the table-driven rule tests."""

from __future__ import annotations

from services.triage.risk import RiskAssessor

Case = tuple[str, str, set[str]]  # text, expected level, flags that must appear


def check(
    assessor: RiskAssessor, text: str, level: str, flags: set[str], recent: tuple[str, ...] = ()
) -> None:
    a = assessor.assess(text, recent=recent)
    got = {f for r in a.reasons for f in r.flags}
    ids = [(r.rule_id, r.level.value, r.flags) for r in a.reasons]
    assert a.level.value == level, f"{text!r}: {a.level.value} != {level} ({ids})"
    assert flags <= got, f"{text!r}: flags {got} lack {flags} ({ids})"
