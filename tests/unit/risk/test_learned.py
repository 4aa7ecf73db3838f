"""The learned model: its run-time arithmetic equals scikit-learn's, and rebuilding it from the
development corpus gives the shipped file byte for byte."""

import hashlib

import pytest

from services.triage.risk import RiskAssessor
from services.triage.risk.learned import MODEL_PATH, LearnedModel, features
from services.triage.risk.training import (
    MODEL_SETTINGS,
    build,
    dev_rows,
    dump,
    export,
    featurise,
    fit_estimators,
)

pytest.importorskip("sklearn")


def test_run_time_probabilities_equal_scikit_learns() -> None:
    rows = dev_rows()
    train = [r for i, r in enumerate(rows) if i % 3]
    held = [r for i, r in enumerate(rows) if not i % 3][:150]
    vec, tfidf, clf = fit_estimators(featurise(train), [r["label"] for r in train], MODEL_SETTINGS)
    model = LearnedModel.from_lines(dump(export(vec, tfidf, clf, MODEL_SETTINGS, len(train))).splitlines())
    order = [list(clf.classes_).index(level) for level in ("low", "medium", "high", "emergency")]
    rules = RiskAssessor(model_path=None)
    for row, feats in zip(held, featurise(held), strict=True):
        a = rules.analyse(row["text"])
        reasons = rules.assess(row["text"], recent=tuple(row.get("recent") or ())).reasons
        concepts = rules.concepts(a)
        assert features(a.grams, a.tokens, reasons, concepts) == feats
        ours = model.opinion(a.grams, a.tokens, reasons, concepts).probabilities
        theirs = clf.predict_proba(tfidf.transform(vec.transform([dict.fromkeys(feats, 1)])))[0]
        # the shipped weights are rounded to 6 decimals
        assert ours == pytest.approx([theirs[k] for k in order], abs=1e-4)


def test_rebuilding_gives_the_shipped_file() -> None:
    rebuilt = hashlib.sha256(dump(build(dev_rows())).encode()).hexdigest()
    shipped = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    # (hashes, not the texts: a megabyte diff would drown the message)
    assert rebuilt == shipped, "model file out of date: run .venv/bin/python -m services.triage.risk.training"


def test_the_model_reads_rules_flags_and_words() -> None:
    model = LearnedModel()
    rules = RiskAssessor(model_path=None)
    a = rules.analyse("もう死にたい")
    op = model.opinion(a.grams, a.tokens, rules.assess("もう死にたい").reasons)
    assert op.level.value in ("high", "emergency")
    assert sum(op.probabilities) == pytest.approx(1.0)
    assert model.strongest(op, op.level)
