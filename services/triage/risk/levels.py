"""Risk levels and the result types of an assessment (DESIGN §4).

``RiskLevel`` values are ordered by severity: low < medium < high < emergency,
so ``max()`` and comparisons between levels work as a counselor would expect.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

FLAGS = (
    "negated", "third_person", "past", "question", "hyperbole", "fiction", "joke", "combined", "learned",
    "crosslingual", "uncertain", "lowered_by_model",
)  # fmt: skip
"""Flags a reason can carry, plus ``foreign:<lang>`` for rules of another language,
``aspect:<aspect>`` for a situation (``situations.py``) and ``alternative:<level>`` on an
uncertain assessment's first reason (the lower level it may well be)."""


class RiskLevel(enum.StrEnum):
    """How urgently a person must read the case.

    - ``emergency``: danger to life or body now or within hours.
    - ``high``: suicidal ideation, recent self-harm, physical or sexual violence,
      suspected child abuse, stalking with threats, homeless tonight.
    - ``medium``: psychological or economic abuse, serious livelihood trouble,
      severe isolation, harassment, heavy caregiving or parenting strain.
    - ``low``: general worries, information requests, small talk, hyperbole, resolved past.
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    EMERGENCY = "emergency"

    _rank: int  # set on each member below (levels are compared for every reason of every message)

    @property
    def rank(self) -> int:
        """0 for low up to 3 for emergency."""
        return self._rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank < other._rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank <= other._rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank > other._rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank >= other._rank


for _k, _member in enumerate(RiskLevel):
    _member._rank = _k


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that fired on the message.

    ``span``, ``start`` and ``end`` refer to the NFKC-normalised text of the current
    message (``unicodedata.normalize("NFKC", text)``). The span is message text: never log it.
    ``level`` is the rule's level after its flags were taken into account (a negated,
    questioning, hyperbolic, fictional or joking mention is ``low``; a past one at most
    ``medium``, and ``low`` when she says it is over).
    """

    rule_id: str
    level: RiskLevel
    span: str
    start: int
    end: int
    flags: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The level of one message and the reasons for it, highest first.

    ``language``: the language she wrote in (ja, en, zh, ko, vi, tl, pt, es, ne, id) or None.
    ``uncertain``: the rules and the learned model disagreed or the model was near its
    threshold; ``level`` is then the higher opinion and ``alternative`` the lower one, for a
    counselor to confirm or lower in one click. ``probabilities``: the learned model's
    probabilities for low, medium, high, emergency (empty if no model was used).
    """

    level: RiskLevel
    reasons: tuple[Reason, ...]
    language: str | None = None
    uncertain: bool = False
    alternative: RiskLevel | None = None
    probabilities: tuple[float, ...] = ()
