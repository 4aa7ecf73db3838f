"""How the rules' level and the learned model's opinion make the message's level.

The rules are read first. The model then **raises** the level where its probability of "this
level or higher" passes the level's threshold: ``emergency`` at ``p(E) >= THRESHOLDS[E]``,
``high`` at ``p(E) + p(H) >= THRESHOLDS[H]``, ``medium`` at ``p(E) + p(H) + p(M) >= ...``.
It does not raise:

- a message in which the rules read only negated, hyperbolic or questioning mentions and
  nothing said as real (the grammar reads 死にたくない; character n-grams cannot);
- a message with fewer than ``min_chars`` letters (「今夜」 alone says nothing; with her
  earlier messages the rules and the case view read it);
- further than one level above the level it finds most likely (``coherent``): an opinion split
  between "nothing" and "an emergency" is confusion, not evidence;
- when no level has at least ``min_confidence`` (a message unlike anything it was trained on
  gives nearly even probabilities, whose sum over "high or more" would otherwise pass).

A rules' emergency stands unless the model all but rules it out (``doubt_emergency``: its
p(E) under that, in a message of at least ``doubt_min_letters`` letters); then it is ``high``, still a case for a counselor soon, not the emergency
alert. Below ``floor`` (emergency), a rules' level is lowered to the model's when the model is clearly
below it (its probability of that level or higher is under the threshold less ``margin``): the
words were there, the situation was not (a gripe, a drama). The rules' emergencies stand.

The settings were chosen by leave-one-writer-out cross-validation
on the development corpus (``benchmarks/risk_tuning.py``, docs/risk.md): the least cost, where a
missed emergency costs most.

A message (of at least ``min_chars`` letters) that would stay ``low`` while the model gives it
``p(E) >= low_guard`` is ``medium``
and unsure (alternative ``low``): a missed emergency called low is the worst error, and medium
puts her in the queue without raising a false alarm of high.

**Uncertainty**: when the two opinions differ (the rules say one level, the model prefers
another) or the model's raise came from a probability close to its threshold, the higher level
is taken for the queue and the assessment says so: ``uncertain`` with the lower alternative, so
a counselor can confirm or lower it in one click.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.triage.risk.learned import Opinion
from services.triage.risk.levels import RiskLevel

E, H, M, L = RiskLevel.EMERGENCY, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW


@dataclass(frozen=True, slots=True)
class Settings:
    thresholds: tuple[float, float, float] = (0.35, 0.4, 0.5)  # emergency, high, medium
    veto: float = 0.0
    min_chars: int = 6
    margin: float = 0.1  # a raise within this of its threshold is marked uncertain
    floor: RiskLevel | None = RiskLevel.EMERGENCY  # rules' levels at or above it stand; None: all
    min_confidence: float = 0.0  # the model raises only if its most likely level is at least this
    coherent: bool = True  # the model raises only to a level at most one above its most likely
    low_guard: float | None = None  # a message left low with p(E) at least this is medium, unsure
    lower_one: bool = False  # the model lowers a rules' level by one level at most
    doubt_emergency: float | None = None  # a rules' emergency with p(E) under this is high
    doubt_min_letters: int = 0  # ... in a message of at least this many letters


SETTINGS = Settings(
    thresholds=(0.35, 0.45, 0.6), margin=0.1, coherent=False, low_guard=0.2, doubt_emergency=0.15, doubt_min_letters=20
)
"""The shipped combination (chosen by cross-writer measurement)."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules saw, besides their level."""

    level: RiskLevel
    suppressed_only: bool  # every mention was negated, hyperbole or a question
    letters: int  # letters in the message (not spaces, digits, punctuation or emoji)


@dataclass(frozen=True, slots=True)
class Decision:
    level: RiskLevel
    by_model: bool  # the model raised or lowered the rules' level
    uncertain: bool
    alternative: RiskLevel | None  # the lower level it may well be, when uncertain


def model_level(op: Opinion, s: Settings = SETTINGS) -> tuple[RiskLevel, float]:
    """The highest level whose cumulative probability passes its threshold, and by how much."""
    for level, threshold in zip((E, H, M), s.thresholds, strict=True):
        p = op.at_least(level)
        if p >= threshold:
            return level, p - threshold
    return L, 1.0


def combine(ev: Evidence, op: Opinion | None, s: Settings = SETTINGS) -> Decision:
    """The message's level from what the rules saw and the model's opinion (None: rules only)."""
    rules = ev.level
    if op is None or not op.grams:
        return Decision(rules, False, False, None)
    if rules == H and op.at_least(H) < s.veto:
        return Decision(M, True, False, None)
    learned, margin = model_level(op, s)
    if (
        rules == E
        and s.doubt_emergency is not None
        and op.probabilities[3] < s.doubt_emergency
        and ev.letters >= s.doubt_min_letters
    ):
        # the words of an emergency in a message the model all but rules out as one (an everyday
        # rooftop, a dream, a prescribed dose): high, not the emergency alert — but never lower
        return Decision(H, True, False, None)
    if s.floor is not None and learned < rules < s.floor:
        # below the floor the model may overrule the rules, when it is clearly below
        threshold = s.thresholds[(E, H, M).index(rules)] if rules > L else 0.0
        if op.at_least(rules) < threshold - s.margin:
            # by one level at most (the rules read 死にたい; the model may doubt it, not erase it)
            lowered = max(learned, _next_below(rules)) if s.lower_one else learned
            return Decision(lowered, True, False, None)
    confident = max(op.probabilities) >= s.min_confidence
    if s.coherent and learned.rank - op.level.rank > 1:
        # "nothing or an emergency" (ありがとう: a thank-you, or a farewell?) is confusion, not
        # evidence: raise only as far as one level above what it finds most likely
        learned = RiskLevel(_LEVELS[op.level.rank + 1])
    if learned > rules and confident and not ev.suppressed_only and ev.letters >= s.min_chars:
        near = margin < s.margin
        uncertain = near or op.level < learned
        # the lower opinion: the model's own most likely level, or the level just below
        lower = max(rules, op.level) if op.level < learned else max(rules, _next_below(learned))
        return Decision(learned, True, uncertain, lower if uncertain else None)
    if learned < rules and op.level < rules:
        # the rules found words the model does not believe: keep the rules' level, say so
        return Decision(rules, False, True, max(learned, op.level))
    if (
        rules == L
        and s.low_guard is not None
        and op.probabilities[3] >= s.low_guard
        and ev.letters >= s.min_chars
    ):
        # never an emergency called low on the model's word alone: a message it gives even a
        # one-in-five chance of being an emergency goes to the queue as medium, marked unsure
        return Decision(M, True, True, L)
    return Decision(rules, False, False, None)


_LEVELS = ("low", "medium", "high", "emergency")


def _next_below(level: RiskLevel) -> RiskLevel:
    return (L, L, M, H)[level.rank]
