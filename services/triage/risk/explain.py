"""The reasons an assessment shows: the rules' and situations', the learned model's, and
whether it is unsure.

- When the learned model raised the level, a reason ``ML-<LEVEL>`` (e.g. ``ML-EMERGENCY``) is
  added at that level, flagged ``learned``; its span is the n-gram that pushed hardest towards
  the level (the next strongest are in ``Assessment``'s model evidence, not in any flag, since
  flags leave triage and spans are her words).
- When it lowered a rules' ``high`` (``combination.VETO``), those reasons are shown at the new
  level, flagged ``lowered_by_model``, so the counselor sees which words were discounted.
- When the assessment is unsure, its first reason carries ``uncertain`` and
  ``alternative:<level>``.
Reasons are sorted highest first, then by where they are in the message, then by rule id.
"""

from __future__ import annotations

from dataclasses import replace

from services.triage.risk.combination import Decision, Evidence
from services.triage.risk.learned import LearnedModel, Opinion, locate
from services.triage.risk.levels import Reason, RiskLevel
from services.triage.risk.matching import SUPPRESSING
from services.triage.risk.reasons import Analysis

_LEARNED_JA = {
    RiskLevel.EMERGENCY: "学習モデルの判断: 緊急の状況に近い書き方",
    RiskLevel.HIGH: "学習モデルの判断: 高リスクの状況に近い書き方",
    RiskLevel.MEDIUM: "学習モデルの判断: 中リスクの状況に近い書き方",
    RiskLevel.LOW: "学習モデルの判断: 低リスク",
}


def evidence(reasons: list[Reason], cur: Analysis) -> Evidence:
    """What the combination needs to know of the rules' reasons."""
    level = max((r.level for r in reasons), default=RiskLevel.LOW)
    suppressed = bool(reasons) and all(set(r.flags) & SUPPRESSING for r in reasons)
    letters = sum(map(str.isalpha, cur.text.clean))
    return Evidence(level, suppressed, letters)


def explain(
    reasons: list[Reason], decision: Decision, op: Opinion | None, model: LearnedModel | None, cur: Analysis
) -> tuple[Reason, ...]:
    out = list(reasons)
    if decision.by_model and op is not None and model is not None:
        if any(r.level > decision.level for r in out):
            out = [
                replace(r, level=decision.level, flags=tuple(sorted({*r.flags, "lowered_by_model"})))
                if r.level > decision.level
                else r
                for r in out
            ]
        if not any(r.level == decision.level for r in out) and decision.level > RiskLevel.LOW:
            out.append(_learned_reason(decision.level, model.strongest(op, decision.level), cur))
    ordered = sorted(out, key=lambda r: (-r.level.rank, r.start, r.rule_id))
    if decision.uncertain and ordered:
        alt = decision.alternative.value if decision.alternative is not None else "unknown"
        first = ordered[0]
        ordered[0] = replace(first, flags=tuple(sorted({*first.flags, "uncertain", f"alternative:{alt}"})))
    return tuple(ordered)


def _learned_reason(level: RiskLevel, evidence: list[str], cur: Analysis) -> Reason:
    span = None
    for gram in evidence:
        span = locate(gram, cur.text.folded, cur.tokens)
        if span is not None:
            break
    s, e = cur.text.to_nfkc(*span) if span is not None else (0, 0)
    return Reason(
        rule_id=f"ML-{level.value.upper()}",
        level=level,
        span=cur.text.nfkc[s:e],
        start=s,
        end=e,
        flags=("learned",),
        description=_LEARNED_JA[level],
    )
