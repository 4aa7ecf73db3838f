"""Counselors' corrections of the automatic level, as aggregates (issue 10, item 7).

When a counselor confirms, raises or lowers an automatic level, triage records a ``Correction``:
the levels, the rule ids of the automatic reasons, and the counselor's reason code; never the
message text. ``aggregate`` turns a list of them into counts only (what an admin may export):
how often each automatic level was changed to each counselor level, and, per rule id, how often
its assessments were confirmed, raised or lowered. These counts show which rules and which
learned opinions counselors disagree with, so the corpus can grow from real disagreements (a
counselor writes new labelled messages of those kinds; texts never leave triage).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from services.triage.risk.levels import RiskLevel


@dataclass(frozen=True, slots=True)
class Correction:
    """One counselor decision on an automatic assessment (no text)."""

    automatic: RiskLevel
    counselor: RiskLevel
    rule_ids: tuple[str, ...]
    reason_code: str  # e.g. "hyperbole", "past", "third_person", "not_abuse", "more_urgent"
    uncertain: bool = False  # the assessment had said it was unsure


def aggregate(corrections: Iterable[Correction]) -> dict[str, object]:
    """Counts of ``corrections``: by level pair, by reason code and by rule id."""
    pairs: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    by_rule: dict[str, Counter[str]] = {}
    uncertain: Counter[str] = Counter()
    total = 0
    for c in corrections:
        total += 1
        outcome = "confirmed" if c.counselor == c.automatic else ("raised" if c.counselor > c.automatic else "lowered")
        pairs[f"{c.automatic.value}->{c.counselor.value}"] += 1
        codes[c.reason_code] += 1
        if c.uncertain:
            uncertain[outcome] += 1
        for rule_id in set(c.rule_ids):
            by_rule.setdefault(rule_id, Counter())[outcome] += 1
    return {
        "corrections": total,
        "by_levels": dict(sorted(pairs.items())),
        "by_reason_code": dict(sorted(codes.items())),
        "uncertain_outcomes": dict(sorted(uncertain.items())),
        "by_rule": {rule: dict(sorted(counts.items())) for rule, counts in sorted(by_rule.items())},
    }
