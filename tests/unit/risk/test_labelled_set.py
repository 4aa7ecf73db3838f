"""Metrics on the labelled set tests/data/risk_labelled.jsonl.

- emergency recall: share of emergency-labelled messages assessed emergency.
- E+H recall: share of emergency- or high-labelled messages assessed high or emergency.
- false alarms: share of low-labelled messages assessed high or emergency.
- accuracy: share of messages assessed exactly at their label.

Printed (``pytest -s``) and written to tests/data/risk_metrics.json.
"""

import json
from pathlib import Path

from services.triage.risk import RiskAssessor, RiskLevel

DATA = Path(__file__).resolve().parents[2] / "data"


def load() -> list[dict[str, object]]:
    with (DATA / "risk_labelled.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_labelled_set_metrics() -> None:
    rows = load()
    assert len(rows) >= 220
    assessor = RiskAssessor.default()
    pairs: list[tuple[RiskLevel, RiskLevel, bool]] = []
    for row in rows:
        recent = row.get("recent") or []
        assert isinstance(recent, list)
        got = assessor.assess(str(row["text"]), recent=tuple(str(r) for r in recent)).level
        pairs.append((RiskLevel(str(row["label"])), got, bool(row["hard"])))

    def share(num: int, den: int) -> float:
        return round(num / den, 4) if den else 1.0

    em = [g for lab, g, _ in pairs if lab == RiskLevel.EMERGENCY]
    eh = [g for lab, g, _ in pairs if lab >= RiskLevel.HIGH]
    lo = [g for lab, g, _ in pairs if lab == RiskLevel.LOW]
    hard = [(lab, g) for lab, g, h in pairs if h]
    metrics = {
        "messages": len(pairs),
        "emergency_recall": share(sum(g == RiskLevel.EMERGENCY for g in em), len(em)),
        "emergency_high_recall": share(sum(g >= RiskLevel.HIGH for g in eh), len(eh)),
        "false_alarms_on_low": share(sum(g >= RiskLevel.HIGH for g in lo), len(lo)),
        "accuracy": share(sum(lab == g for lab, g, _ in pairs), len(pairs)),
        "accuracy_hard_cases": share(sum(lab == g for lab, g in hard), len(hard)),
        "under_assessed": share(sum(g < lab for lab, g, _ in pairs), len(pairs)),
        "definitions": {
            "emergency_recall": "emergency-labelled assessed emergency",
            "emergency_high_recall": "emergency/high-labelled assessed high or emergency",
            "false_alarms_on_low": "low-labelled assessed high or emergency",
            "accuracy": "assessed level equals label",
        },
    }
    print("\nrisk metrics on the labelled set:", json.dumps(metrics, ensure_ascii=False, indent=1))
    (DATA / "risk_metrics.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    assert metrics["emergency_recall"] >= 0.95
    assert metrics["false_alarms_on_low"] <= 0.05
    assert metrics["accuracy"] >= 0.75
