"""The test set: labelled messages by writers who never saw the code, written after it froze.

Loads every ``tests/data/risk/test/*.jsonl`` (``{"id", "text", "label", "recent"?, ...}``),
prints the figures of issue 10 and the confusion matrix, writes them to
``tests/data/risk/test_metrics.json``, and fails the build below any target. Until test files
exist it skips, saying so: it never passes on nothing.

Round 3's test set (t4–t6, 570 messages, written after the freeze at a68d0a7) meets five of the
seven targets and misses two (docs/risk.md): issue 10 stays open, so the target test is a
*strict* expected failure — the day the figures reach every target it passes, which fails the
build until the marker goes. Meanwhile ``test_a_test_set_holds_its_floor`` fails the build if
the shipped assessor falls below what was recorded on either set (``floor.json`` beside each):
round 3's own figures on ``test/``, and on round 2's set (``test_round2/``, a regression set
since it was measured) round 3's figures at its freeze. A set that has been measured is never
a later round's test set: the next round is judged on a fresh one.
"""

import json
from pathlib import Path

import pytest

from services.triage.risk import RiskAssessor
from services.triage.risk.evaluation import (
    DEFINITIONS,
    TARGETS,
    assess_rows,
    below_target,
    confusion,
    confusion_table,
    figures,
    load_labelled,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "risk"
TEST_DIR = DATA / "test"
METRICS = DATA / "test_metrics.json"
MEASURED_SETS = (TEST_DIR, DATA / "test_round2")
OPEN = "issue 10 is open: round 3 is below two targets on its test set (docs/risk.md, Figures)"


def _files() -> list[Path]:
    files = sorted(TEST_DIR.glob("*.jsonl"))
    if not files:
        pytest.skip(f"no test set yet: put the test writers' *.jsonl files in {TEST_DIR} (see docs/risk.md)")
    return files


@pytest.mark.xfail(strict=True, reason=OPEN)
def test_test_set_meets_the_targets() -> None:
    files = _files()
    rows = load_labelled(files)
    assert rows, f"{[f.name for f in files]} hold no labelled messages"
    outcomes = assess_rows(RiskAssessor.default(), rows)
    fig = figures(outcomes)
    report = {
        "files": [f.name for f in files],
        "figures": fig,
        "targets": {k: f"{op} {bound}" for k, (op, bound) in TARGETS.items()},
        "definitions": DEFINITIONS,
        "confusion": confusion(outcomes),
        "per_file": {
            f.name: figures([o for o, r in zip(outcomes, rows, strict=True) if r["file"] == f.name])
            for f in files
        },
    }
    METRICS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("\nrisk figures on the test set:", json.dumps(fig, indent=1))
    print(confusion_table(outcomes))
    missed = below_target(fig)
    assert not missed, "below target on the test set:\n" + "\n".join(missed)


@pytest.mark.parametrize("directory", MEASURED_SETS, ids=lambda d: d.name)
def test_a_test_set_holds_its_floor(directory: Path) -> None:
    """No change may make the shipped assessor worse on a measured set than its recorded floor."""
    files = sorted(directory.glob("*.jsonl"))
    assert files, f"no labelled files in {directory}"
    fig = figures(assess_rows(RiskAssessor.default(), load_labelled(files)))
    floor = json.loads((directory / "floor.json").read_text(encoding="utf-8"))["figures"]
    worse = [
        f"{name} = {fig[name]} (floor: {bound})"
        for name, (op, bound) in ((k, (TARGETS[k][0], v)) for k, v in floor.items() if k in TARGETS)
        if (op == ">=" and fig[name] < bound) or (op == "<=" and fig[name] > bound)
    ]
    assert not worse, f"worse than the floor on {directory.name}:\n" + "\n".join(worse)
