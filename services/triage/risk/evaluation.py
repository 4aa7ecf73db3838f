"""The figures the risk assessment is measured by (issue 10's targets), for any labelled set.

Used by ``tests/unit/risk/test_test_set.py`` (fails the build below target),
``benchmarks/risk_eval.py`` (prints them for any files) and ``benchmarks/risk_tuning.py``
(cross-writer development figures). An outcome is (label, assessed level, explained): explained
means the assessment gave at least one reason at its level (every non-low level must be).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from services.triage.risk.case_view import case_level_after
from services.triage.risk.levels import RiskLevel

if TYPE_CHECKING:
    from services.triage.risk.assessor import RiskAssessor

E, H, M, L = RiskLevel.EMERGENCY, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW
ORDER = (E, H, M, L)


class Outcome(NamedTuple):
    label: RiskLevel
    got: RiskLevel
    explained: bool


TARGETS: dict[str, tuple[str, float]] = {
    "emergency_recall": (">=", 0.95),
    "emergency_high_recall": (">=", 0.97),
    "low_called_high_or_emergency": ("<=", 0.05),
    "non_emergency_called_emergency": ("<=", 0.05),
    "accuracy": (">=", 0.80),
    "emergency_called_low": ("<=", 0.0),
    "unexplained_non_low": ("<=", 0.0),
}
"""Each figure's bound: a share (0..1) except the last two, which are counts."""

DEFINITIONS = {
    "emergency_recall": "emergency-labelled assessed emergency",
    "emergency_high_recall": "emergency- or high-labelled assessed high or emergency",
    "low_called_high_or_emergency": "low-labelled assessed high or emergency",
    "non_emergency_called_emergency": "labelled below emergency, assessed emergency",
    "accuracy": "assessed level equals the label",
    "emergency_called_low": "emergency-labelled assessed low (count)",
    "unexplained_non_low": "assessed above low without a reason at that level (count)",
}


def load_labelled(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """The rows of JSON-lines files of labelled messages (``text``, ``label``, ``recent``?)."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["file"] = path.name
                rows.append(row)
    return rows


def assess_rows(assessor: RiskAssessor, rows: Iterable[dict[str, Any]]) -> list[Outcome]:
    """Assess each row as triage would (with its ``recent`` messages: the case's level after it,
    ``case_view.case_level_after``) against its label."""
    out = []
    for row in rows:
        a = case_level_after(assessor, str(row["text"]), [str(r) for r in row.get("recent") or ()])
        explained = a.level == RiskLevel.LOW or any(r.level == a.level for r in a.reasons)
        out.append(Outcome(RiskLevel(str(row["label"])), a.level, explained))
    return out


def _share(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def figures(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """The target figures of a list of outcomes (shares rounded to 4 places)."""
    em = [o for o in outcomes if o.label == E]
    eh = [o for o in outcomes if o.label >= H]
    lo = [o for o in outcomes if o.label == L]
    ne = [o for o in outcomes if o.label < E]
    return {
        "messages": len(outcomes),
        "emergency_recall": _share(sum(o.got == E for o in em), len(em)),
        "emergency_high_recall": _share(sum(o.got >= H for o in eh), len(eh)),
        "low_called_high_or_emergency": _share(sum(o.got >= H for o in lo), len(lo)),
        "non_emergency_called_emergency": _share(sum(o.got == E for o in ne), len(ne)),
        "accuracy": _share(sum(o.got == o.label for o in outcomes), len(outcomes)),
        "emergency_called_low": sum(o.got == L for o in em),
        "unexplained_non_low": sum(o.got > L and not o.explained for o in outcomes),
    }


def below_target(fig: dict[str, float]) -> list[str]:
    """The figures that miss their target, as readable lines (empty: all met)."""
    out = []
    for name, (op, bound) in TARGETS.items():
        value = fig[name]
        ok = value >= bound if op == ">=" else value <= bound
        if not ok:
            out.append(f"{name} = {value} (target {op} {bound}: {DEFINITIONS[name]})")
    return out


def confusion(outcomes: Sequence[Outcome]) -> dict[str, dict[str, int]]:
    """label -> assessed level -> count."""
    return {
        lab.value: {got.value: sum(o.label == lab and o.got == got for o in outcomes) for got in ORDER}
        for lab in ORDER
    }


def confusion_table(outcomes: Sequence[Outcome]) -> str:
    """The confusion matrix as a small text table (rows: label; columns: assessed)."""
    matrix = confusion(outcomes)
    head = "label \\ assessed".ljust(18) + "".join(g.value.rjust(11) for g in ORDER)
    lines = [head]
    for lab in ORDER:
        lines.append(lab.value.ljust(18) + "".join(str(matrix[lab.value][g.value]).rjust(11) for g in ORDER))
    return "\n".join(lines)
