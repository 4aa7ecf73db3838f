"""Cross-writer development figures: how the rules, the learned model and their combination
generalise to a writer they never saw (leave-one-writer-out).

    .venv/bin/python benchmarks/risk_tuning.py [files...]   # default: tests/data/risk/dev/*.jsonl

For each writer (file), the model is trained on the other writers' files and scores this one;
the rules (which are not trained) score every row. Prints, for each candidate combination, the
target figures over all held-out rows, and the confusion matrix of the chosen one. These are
development figures: the writers' texts were read while building the rules.
Prints figures only, never message text.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.triage.risk import RiskAssessor
from services.triage.risk.evaluation import Outcome, below_target, confusion_table, figures
from services.triage.risk.learned import LearnedModel, Opinion
from services.triage.risk.levels import RiskLevel
from services.triage.risk.training import DEV_DIR, SETTINGS, fit, featurise, load_rows


def oof_opinions(rows: list[dict], settings: dict) -> list[Opinion]:
    feats = featurise([r["text"] for r in rows], settings["char_ngrams"])
    assessor = RiskAssessor.default()
    out: list[Opinion | None] = [None] * len(rows)
    for w in sorted({r["writer"] for r in rows}):
        train = [i for i, r in enumerate(rows) if r["writer"] != w]
        model_doc = fit([feats[i] for i in train], [rows[i]["label"] for i in train], settings)
        model = LearnedModel.__new__(LearnedModel)
        model.char_n = tuple(model_doc["char_ngrams"])
        model.intercept = tuple(model_doc["intercept"])
        model.weights = {k: tuple(v) for k, v in model_doc["features"].items()}
        for i, r in enumerate(rows):
            if r["writer"] == w:
                a = assessor.analyse(r["text"])
                out[i] = model.opinion(a.text.folded, a.tokens)
    return [o for o in out if o is not None]


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted(DEV_DIR.glob("*.jsonl"))
    rows = load_rows(paths)
    print(f"{len(rows)} rows, writers: {sorted({r['writer'] for r in rows})}")
    assessor = RiskAssessor.default()
    rules = [assessor.assess(r["text"], recent=tuple(r.get("recent") or ())) for r in rows]
    ops = oof_opinions(rows, SETTINGS)
    labels = [RiskLevel(r["label"]) for r in rows]

    def show(name: str, levels: list[RiskLevel]) -> None:
        outs = [Outcome(lab, got, True) for lab, got in zip(labels, levels, strict=True)]
        fig = figures(outs)
        print(f"\n== {name}: " + ", ".join(f"{k}={v}" for k, v in fig.items()))
        for w in sorted({r["writer"] for r in rows}):
            sub = [o for o, r in zip(outs, rows, strict=True) if r["writer"] == w]
            f = figures(sub)
            print(f"   {w:12} n={f['messages']:4} E-rec={f['emergency_recall']:.2f} EH-rec={f['emergency_high_recall']:.2f} "
                  f"low>=H={f['low_called_high_or_emergency']:.2f} nonE=E={f['non_emergency_called_emergency']:.2f} acc={f['accuracy']:.2f}")
        print(confusion_table(outs))
        print("   below target:", "; ".join(below_target(fig)) or "none")

    show("rules", [a.level for a in rules])
    show("model", [o.level for o in ops])
    show("max(rules, model)", [max(a.level, o.level) for a, o in zip(rules, ops, strict=True)])


if __name__ == "__main__":
    main()
