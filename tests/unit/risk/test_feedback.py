"""Counselors' corrections as counts only (feedback.py)."""

import json

from services.triage.risk.feedback import Correction, aggregate
from services.triage.risk.levels import RiskLevel

E, H, M, L = RiskLevel.EMERGENCY, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW


def test_counts_by_level_pair_reason_and_rule() -> None:
    out = aggregate(
        [
            Correction(H, L, ("SUI-IDEATION",), "hyperbole"),
            Correction(H, L, ("SUI-IDEATION", "ML-HIGH"), "hyperbole", uncertain=True),
            Correction(M, E, ("ML-MEDIUM",), "more_urgent"),
            Correction(E, E, ("SUI-ACT-DONE",), "confirmed"),
        ]
    )
    assert out["corrections"] == 4
    assert out["by_levels"] == {"emergency->emergency": 1, "high->low": 2, "medium->emergency": 1}
    assert out["by_rule"]["SUI-IDEATION"] == {"lowered": 2}  # type: ignore[index]
    assert out["by_rule"]["ML-MEDIUM"] == {"raised": 1}  # type: ignore[index]
    assert out["uncertain_outcomes"] == {"lowered": 1}
    json.dumps(out)  # exportable as it is


def test_nothing_gives_zero() -> None:
    assert aggregate([])["corrections"] == 0
