"""Rebuild the learned model from the development corpus (needs the dev dependencies).

    .venv/bin/python -m services.triage.risk.training            # writes model/risk_model.json
    .venv/bin/python -m services.triage.risk.training --check    # rebuilds and compares

Deterministic: the rows are read in file order, features are sorted, and the solver (lbfgs) has
no randomness, so the same corpus gives the same file (``tests/unit/risk/test_learned.py``
checks it). Only ``tests/data/risk/dev/`` is read: the test sets are never trained on.
Prints counts and settings only, never message text.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from services.triage.risk.learned import LEVELS, MODEL_PATH, features

ROOT = Path(__file__).resolve().parents[3]
DEV_DIR = ROOT / "tests" / "data" / "risk" / "dev"

MODEL_SETTINGS: dict[str, Any] = {"min_df": 2, "C": 100.0, "class_weight": "balanced"}
"""Chosen by leave-one-writer-out cross-validation (``benchmarks/risk_tuning.py``)."""


def load_rows(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Labelled rows of JSON-lines files, each with ``writer`` set to its file's name."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["writer"] = path.stem
                rows.append(row)
    return rows


def dev_rows() -> list[dict[str, Any]]:
    return load_rows(sorted(DEV_DIR.glob("*.jsonl")))


def featurise(rows: Sequence[dict[str, Any]]) -> list[set[str]]:
    """The run-time features of each row: its text normalised and tokenised as the assessor
    does, and the reasons the rules alone give it (with its ``recent`` messages)."""
    from services.triage.risk.assessor import RiskAssessor

    assessor = RiskAssessor(model_path=None)  # the rules alone: the model being built is not used
    out = []
    for row in rows:
        text = str(row["text"])
        a = assessor.analyse(text)
        reasons = assessor.assess(text, recent=tuple(row.get("recent") or ())).reasons
        out.append(features(a.grams, a.tokens, reasons, assessor.concepts(a)))
    return out


def fit_estimators(
    feats: Sequence[set[str]], labels: Sequence[str], settings: dict[str, Any]
) -> tuple[Any, Any, Any]:
    """scikit-learn's vectoriser, TF-IDF weighting and classifier, trained on ``feats``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    df: Counter[str] = Counter()
    for f in feats:
        df.update(f)
    keep = {g for g, n in df.items() if n >= settings["min_df"]}
    vec = DictVectorizer(sort=True)
    counts = vec.fit_transform([dict.fromkeys(sorted(f & keep), 1) for f in feats])
    tfidf = TfidfTransformer()
    x = tfidf.fit_transform(counts)
    clf = LogisticRegression(C=settings["C"], class_weight=settings["class_weight"], max_iter=5000)
    clf.fit(x, list(labels))
    return vec, tfidf, clf


def export(vec: Any, tfidf: Any, clf: Any, settings: dict[str, Any], rows: int) -> dict[str, Any]:
    """The model file's content: per feature its idf and one weight per level."""
    order = [list(clf.classes_).index(level.value) for level in LEVELS]
    names = vec.get_feature_names_out()
    weights = {
        str(name): [round(float(tfidf.idf_[j]), 6)] + [round(float(clf.coef_[k][j]), 6) for k in order]
        for j, name in enumerate(names)
    }
    return {
        "format": 2,
        "intercept": [round(float(clf.intercept_[k]), 6) for k in order],
        "features": weights,
        "meta": {"settings": settings, "rows": rows, "features": len(weights)},
    }


def fit(feats: Sequence[set[str]], labels: Sequence[str], settings: dict[str, Any]) -> dict[str, Any]:
    """Train on ``feats`` and return the model file's content."""
    return export(*fit_estimators(feats, labels, settings), settings, len(labels))


def trainable(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows the model learns from: those whose label is the message's own. A row with
    ``recent`` is labelled for the situation as of the last message read with the earlier ones
    (「ありがとう」 an hour after 「死にたい」 is an emergency); the model reads only the current
    message, so such rows would teach it that 「ありがとう」 is an emergency. The rules and the
    case view read the earlier messages instead."""
    return [r for r in rows if not r.get("recent")]


def build(rows: Sequence[dict[str, Any]], settings: dict[str, Any] = MODEL_SETTINGS) -> dict[str, Any]:
    rows = trainable(rows)
    feats = featurise(rows)
    return fit(feats, [str(r["label"]) for r in rows], settings)


def dump(model: dict[str, Any]) -> str:
    """The model file: a head line (format, intercepts, settings), then one line per feature
    ``[feature, idf, w_low, w_medium, w_high, w_emergency]``, sorted (JSON lines: the run time
    reads it line by line)."""
    head = {k: v for k, v in model.items() if k != "features"}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":"))]
    lines += [
        json.dumps([name, *values], ensure_ascii=False, separators=(",", ":"))
        for name, values in sorted(model["features"].items())
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    rows = dev_rows()
    text = dump(build(rows))
    if "--check" in argv:
        same = MODEL_PATH.read_text(encoding="utf-8") == text
        print("model file is up to date" if same else "model file differs from a rebuild")
        return 0 if same else 1
    MODEL_PATH.write_text(text, encoding="utf-8")
    print(
        f"trained on {len(trainable(rows))} of {len(rows)} rows from {len({r['writer'] for r in rows})} files -> {MODEL_PATH.name}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
