"""How the rules' level and the learned model's opinion make the message's level.

The rules are read first: what they find stands (the model never lowers a rule's level). The
model then raises the level where its probability of "this level or higher" passes the
level's threshold: ``emergency`` at ``p(E) >= THRESHOLDS[E]``, ``high`` at ``p(E) + p(H) >= ...``,
``medium`` at ``p(E) + p(H) + p(M) >= ...``. The thresholds were chosen by leave-one-writer-out
cross-validation on the development corpus (``benchmarks/risk_tuning.py``, docs/risk.md): the
lowest thresholds whose false alarms stayed within the targets' budget.

**Uncertainty**: when the two opinions differ (the rules say one level, the model prefers
another), or the model's raise came from a probability close to its threshold, the higher level
is taken for the queue and the assessment says so: ``uncertain`` with the lower alternative, so
a counselor can confirm or lower it in one click.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.triage.risk.learned import Opinion
from services.triage.risk.levels import RiskLevel

E, H, M, L = RiskLevel.EMERGENCY, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW

THRESHOLDS: dict[RiskLevel, float] = {E: 0.45, H: 0.6, M: 0.5}
"""p(level or higher) at which the model raises the level (chosen by cross-writer measurement)."""

MARGIN = 0.1
"""A raise whose probability is within this of its threshold is marked uncertain."""

VETO = 0.2
"""A rules' ``high`` (never an emergency) whose model probability of high or higher is below
this is lowered to the model's level, flagged ``lowered_by_model``: the words were there, the
situation was not (a gripe, a drama, a song)."""


@dataclass(frozen=True, slots=True)
class Decision:
    level: RiskLevel
    by_model: bool  # the model raised or lowered the rules' level
    uncertain: bool
    alternative: RiskLevel | None  # the lower level it may well be, when uncertain


def model_level(op: Opinion, thresholds: dict[RiskLevel, float] = THRESHOLDS) -> tuple[RiskLevel, float]:
    """The highest level whose cumulative probability passes its threshold, and that margin."""
    for level in (E, H, M):
        p = op.at_least(level)
        if p >= thresholds[level]:
            return level, p - thresholds[level]
    return L, 1.0


def combine(
    rules: RiskLevel,
    op: Opinion | None,
    thresholds: dict[RiskLevel, float] = THRESHOLDS,
    veto: float = VETO,
) -> Decision:
    """The message's level from the rules' level and the model's opinion (None: rules only)."""
    if op is None:
        return Decision(rules, False, False, None)
    learned, margin = model_level(op, thresholds)
    if rules == H and op.at_least(H) < veto:
        return Decision(learned, True, False, None)
    if learned > rules:
        lower = max(rules, _next_below(learned)) if margin < MARGIN else rules
        uncertain = margin < MARGIN or op.level < learned
        return Decision(learned, True, uncertain, lower if uncertain else None)
    if learned < rules and op.level < rules:
        # the rules found words the model does not believe: keep the rules' level, say so
        return Decision(rules, False, True, max(learned, op.level))
    return Decision(rules, False, False, None)


def _next_below(level: RiskLevel) -> RiskLevel:
    return (L, L, M, H)[level.rank]
