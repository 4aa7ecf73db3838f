"""The development corpus, assessed by the shipped assessor (rules + the model trained on it).

These are in-sample figures (the model was trained on these rows and the rules were written
while reading some of them): a guard against a change that breaks what already worked, not a
measure of quality. The honest development figures are cross-writer
(``benchmarks/risk_tuning.py``); the measure of quality is the test set (test_test_set.py).
"""

import json
from pathlib import Path

from services.triage.risk import RiskAssessor
from services.triage.risk.evaluation import assess_rows, confusion_table, figures, load_labelled

DEV = Path(__file__).resolve().parents[2] / "data" / "risk" / "dev"


def test_dev_set_in_sample() -> None:
    files = sorted(DEV.glob("*.jsonl"))
    rows = load_labelled(files)
    assert len(files) >= 7 and len(rows) >= 1500
    outcomes = assess_rows(RiskAssessor.default(), rows)
    fig = figures(outcomes)
    print("\nin-sample figures on the dev corpus:", json.dumps(fig, indent=1))
    print(confusion_table(outcomes))
    assert fig["unexplained_non_low"] == 0
    assert fig["emergency_recall"] >= 0.95
    assert fig["emergency_high_recall"] >= 0.95
    assert fig["accuracy"] >= 0.85
