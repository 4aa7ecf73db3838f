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


def _span_of(assessor: RiskAssessor, text: str) -> tuple[str, int, int]:
    cur = assessor.analyse(text)
    for name in _DECISION:
        for m in cur.matches.get(name, ()):
            if m.positive:
                s, e = cur.text.to_nfkc(m.start, m.end)
                return cur.text.nfkc[s:e], s, e
    return "", 0, 0
