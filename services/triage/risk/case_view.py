"""The case's level read from her last messages together, with their times (issue 10, item 3).

One message can be harmless alone and an emergency after what she said before: a farewell an
hour after she wrote that she wants to die, a short 「決めた」 the day after she described a plan.
``assess_case`` assesses her latest message with the earlier ones of the window as ``recent``
(so the rules can combine them), then applies the case rules below:

| id | earlier (within) | now | level |
| --- | --- | --- | --- |
| ``CASE-FAREWELL-AFTER-IDEATION`` | suicidal ideation or self-harm, high or more (``IDEATION_WINDOW``) | a decision or farewell (``DECIDED``, ``FAREWELL``) | emergency |
| ``CASE-DECIDED-AFTER-PLAN`` | a suicide plan, emergency (``PLAN_WINDOW``) | a decision or farewell | emergency |

The DESIGN rule still holds where triage applies the result: the automatic level only raises
a case's level, and a counselor's setting wins (``policy.combine_case_level``).

``case_level_after`` is the same reading for a caller that has her earlier messages without
their times (the command line, the evaluation): they are taken as sent in the last hour, and
the level is at least each earlier message's own — what triage's case holds after her latest
message, since the automatic level never goes down by itself (``CASE-EARLIER``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from services.triage.risk.levels import Assessment, Reason, RiskLevel

if TYPE_CHECKING:
    from services.triage.risk.assessor import RiskAssessor

IDEATION_WINDOW = timedelta(hours=24)
PLAN_WINDOW = timedelta(hours=72)
RECENT_WINDOW = timedelta(hours=24)
"""Earlier messages read as ``recent`` with the latest one."""
_DECISION = ("DECIDED", "FAREWELL", "FAREWELL_WEAK")
_SUICIDE_FAMILIES = ("SUI", "SH", "FX-SUI")


def assess_case(assessor: RiskAssessor, messages: Sequence[tuple[str, datetime]]) -> Assessment:
    """The level of the case as of her latest message.

    ``messages``: her messages in the case as (text, time), oldest first; the last is the one
    just received. Returns the latest message's assessment, raised (and explained) by the case
    rules when her earlier messages make it more urgent.
    """
    if not messages:
        return Assessment(level=RiskLevel.LOW, reasons=())
    text, at = messages[-1]
    earlier = [(t, when) for t, when in messages[:-1] if timedelta(0) <= at - when <= PLAN_WINDOW]
    recent = tuple(t for t, when in earlier if at - when <= RECENT_WINDOW)
    latest = assessor.assess(text, recent=recent)
    decided = assessor.analyse(text).positives() & set(_DECISION)
    if not decided or not earlier:
        return latest
    found: list[tuple[str, str]] = []
    for t, when in earlier:
        before = assessor.assess(t).reasons
        suicidal = [r for r in before if r.rule_id.startswith(_SUICIDE_FAMILIES)]
        if any(r.level == RiskLevel.EMERGENCY for r in suicidal):
            found.append(("CASE-DECIDED-AFTER-PLAN", "以前に自殺の計画を述べていて、いま決心・別れの言葉がある。"))
        elif at - when <= IDEATION_WINDOW and any(r.level >= RiskLevel.HIGH for r in suicidal):
            found.append(("CASE-FAREWELL-AFTER-IDEATION", "数時間前に希死念慮があり、いま別れ・決心の言葉がある。"))
    if not found:
        return latest
    rule_id, description = min(found)  # DECIDED-AFTER-PLAN sorts first
    span = _span_of(assessor, text)
    reason = Reason(
        rule_id=rule_id,
        level=RiskLevel.EMERGENCY,
        span=span[0],
        start=span[1],
        end=span[2],
        flags=("combined",),
        description=description,
    )
    return replace(latest, level=RiskLevel.EMERGENCY, reasons=(reason, *latest.reasons))


EARLIER_GAP = timedelta(minutes=10)
"""The spacing assumed between earlier messages given without times."""


def case_level_after(assessor: RiskAssessor, text: str, recent: Sequence[str]) -> Assessment:
    """The case's level after ``text``, her latest message, with ``recent``, her earlier ones
    (oldest first, no times): the case view, and at least each earlier message's own level."""
    recent = [r for r in recent if r]
    if not recent:
        return assessor.assess(text)
    now = datetime(2000, 1, 1)  # only the differences matter
    dated = [(t, now - EARLIER_GAP * (len(recent) - i)) for i, t in enumerate(recent)]
    latest = assess_case(assessor, [*dated, (text, now)])
    earlier = max(assessor.assess(t).level for t in recent)
    if earlier <= latest.level:
        return latest
    reason = Reason(
        rule_id="CASE-EARLIER",
        level=earlier,
        span="",
        start=0,
        end=0,
        flags=("combined",),
        description="少し前のメッセージで述べられた状況の緊急度です（自動の判定では下がりません）。",
    )
    return replace(latest, level=earlier, reasons=(reason, *latest.reasons))


def _span_of(assessor: RiskAssessor, text: str) -> tuple[str, int, int]:
    cur = assessor.analyse(text)
    for name in _DECISION:
        for m in cur.matches.get(name, ()):
            if m.positive:
                s, e = cur.text.to_nfkc(m.start, m.end)
                return cur.text.nfkc[s:e], s, e
    return "", 0, 0
