"""The skills a case needs from its counselor, derived from the reasons of its risk assessments.

Assignment (part 2) matches these against counselors' skills. Deliberately simple and visible: the
family part of a rule id (`DV-KILL-FEAR` → `dv`; `FX-DV-IMMINENT`, a foreign-language rule, → `dv`)
is looked up in `FAMILY_SKILLS`, and a reason flagged `foreign:<lang>` asks for `lang:<lang>`.
Reasons that stayed `low` (negated, hyperbole, a question) ask for nothing: "I'm not being hit"
should not route her to a DV specialist by itself. Needs only accumulate over a case.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.triage.risk.levels import RiskLevel

# Rule family (the first part of a rule id, see services/triage/risk/rules/) → skill.
FAMILY_SKILLS: dict[str, str] = {
    "dv": "dv",
    "stk": "dv",  # stalking by a (former) partner is handled by DV counselors
    "child": "child",
    "sui": "suicide",
    "sh": "suicide",  # self-harm
    "liv": "livelihood",
}
FOREIGN_PREFIX = "fx"  # rules of other languages: FX-<family>-...


def _family(rule_id: str) -> str:
    parts = rule_id.lower().replace("_", "-").split("-")
    if parts[0] == FOREIGN_PREFIX and len(parts) > 1:
        return parts[1]
    return parts[0]


def derive_needs(reasons: Iterable[tuple[str, RiskLevel, tuple[str, ...]]]) -> tuple[str, ...]:
    """The needs these reasons (rule id, level, flags) ask for, sorted."""
    needs: set[str] = set()
    for rule_id, level, flags in reasons:
        if level <= RiskLevel.LOW:
            continue
        skill = FAMILY_SKILLS.get(_family(rule_id))
        if skill:
            needs.add(skill)
        needs.update(f"lang:{flag.split(':', 1)[1]}" for flag in flags if flag.startswith("foreign:"))
    return tuple(sorted(needs))


def merge_needs(existing: Iterable[str], new: Iterable[str]) -> tuple[str, ...]:
    """Needs only accumulate: the sorted union, so an unchanged set compares equal (no write)."""
    return tuple(sorted({*existing, *new}))
