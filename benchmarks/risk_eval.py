"""The figures of issue 10 for any labelled files, with the shipped assessor.

    .venv/bin/python benchmarks/risk_eval.py FILE.jsonl [FILE.jsonl ...] [--json OUT.json]

Each file holds JSON lines ``{"id", "text", "label", "recent"?: [...]}``. Prints the figures
(all files together, then each file), the confusion matrix and the figures below target.
Exits 1 if any figure misses its target. Prints figures only, never message text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.triage.risk import RiskAssessor
from services.triage.risk.evaluation import (
    TARGETS,
    assess_rows,
    below_target,
    confusion,
    confusion_table,
    figures,
    load_labelled,
)


def main(argv: list[str]) -> int:
    out_path = None
    if "--json" in argv:
        k = argv.index("--json")
        out_path = Path(argv[k + 1])
        argv = argv[:k] + argv[k + 2 :]
    files = [Path(a) for a in argv]
    if not files:
        print(__doc__)
        return 2
    rows = load_labelled(files)
    outcomes = assess_rows(RiskAssessor.default(), rows)
    fig = figures(outcomes)
    print(f"{len(rows)} messages in {len(files)} files")
    for name, value in fig.items():
        target = TARGETS.get(name)
        print(f"  {name:32} {value:>8}" + (f"   (target {target[0]} {target[1]})" if target else ""))
    print(confusion_table(outcomes))
    per_file = {}
    for f in files:
        sub = [o for o, r in zip(outcomes, rows, strict=True) if r["file"] == f.name]
        per_file[f.name] = figures(sub)
        print(f"  {f.name}: " + ", ".join(f"{k}={v}" for k, v in per_file[f.name].items()))
    missed = below_target(fig)
    print("below target:" if missed else "all targets met", *missed, sep="\n  ")
    if out_path is not None:
        out_path.write_text(
            json.dumps({"figures": fig, "confusion": confusion(outcomes), "per_file": per_file}, indent=1) + "\n",
            encoding="utf-8",
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
