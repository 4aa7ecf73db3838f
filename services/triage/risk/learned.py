"""The learned second opinion: a linear classifier over character and word n-grams.

It was trained (``training.py``) on the project's labelled corpus and is shipped as
``model/risk_model.jsonl``: a first line with the intercepts, then one line per n-gram with its
inverse document frequency and one weight per level. At run time it needs only the standard library: the message's n-grams are weighted as binary
TF-IDF (L2 norm) exactly as scikit-learn does, and the four scores go
through a softmax. ``tests/unit/risk/test_learned.py`` checks that these probabilities equal
scikit-learn's. Its reasons name the n-grams that pushed hardest towards the level it chose.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.triage.risk.crosslingual import CONCEPT, concept_features
from services.triage.risk.levels import Reason, RiskLevel
from services.triage.risk.tokens import Token

MODEL_PATH = Path(__file__).parent / "model" / "risk_model.jsonl"
WORD = "\x1e"
"""Prefix of a word feature (a character n-gram is the substring itself)."""
RULE = "\x1d"
"""Prefix of a feature from the rules (a rule id with its level, or a flag)."""
_SKIP_POS = frozenset({"空白", "補助記号"})
LEVELS = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.EMERGENCY)


CHAR_LENGTHS = (1, 2, 3)
"""Lengths of the character n-grams (the same substrings the prefilter cuts, computed once)."""


def features(
    grams: set[str], tokens: list[Token], reasons: Iterable[Reason] = (), concepts: Iterable[str] = ()
) -> set[str]:
    """The features of one message: its character n-grams (``text_grams`` of the normalised
    text, katakana read as hiragana), its words' dictionary forms (pairs of words were dropped
    in round 2: no better across writers, a fifth of the features), what
    the rules found (each reason's rule id with its level, and each flag, so the model learns
    how far to trust a negated or a third-person mention), and the language-independent
    concepts it names, alone and in pairs (``crosslingual.py``). Binary: there or not."""
    out = set(grams)
    out.update(_extra_features(tokens, reasons, concepts))
    return out


def _extra_features(
    tokens: list[Token], reasons: Iterable[Reason], concepts: Iterable[str] = ()
) -> list[str]:
    """The word, rule and concept features (``features`` without the character n-grams)."""
    out = [WORD + t.norm.lower() for t in tokens if t.pos not in _SKIP_POS]
    for r in reasons:
        out.append(f"{RULE}{r.rule_id}:{r.level.value}")
        out.extend(RULE + f for f in r.flags)
    out += concept_features(concepts)
    return out


@dataclass(frozen=True, slots=True)
class Opinion:
    """What the model thinks of one message: a probability per level, and the n-grams it read."""

    probabilities: tuple[float, float, float, float]  # low, medium, high, emergency
    grams: tuple[str, ...]  # the message's n-grams the model knows (message text: never log)

    @property
    def level(self) -> RiskLevel:
        return LEVELS[max(range(4), key=self.probabilities.__getitem__)]

    def at_least(self, level: RiskLevel) -> float:
        """Probability that the message is ``level`` or higher."""
        return sum(self.probabilities[level.rank :])


class LearnedModel:
    """The shipped model, loaded once (about a megabyte of weights, no numerical library)."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with path.open(encoding="utf-8") as fh:  # line by line: no megabyte string in memory
            self._load(json.loads(next(fh)), (json.loads(line) for line in fh))

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> LearnedModel:
        """A model from the lines of a model file (as ``training.dump`` writes them)."""
        it = iter(lines)
        model = cls.__new__(cls)
        model._load(json.loads(next(it)), (json.loads(line) for line in it))
        return model

    def _load(self, head: dict[str, Any], rows: Iterable[list[Any]]) -> None:
        self.intercept: tuple[float, ...] = tuple(head["intercept"])
        self.meta: dict[str, object] = head.get("meta", {})
        # per n-gram five floats ready to add up: idf squared, then idf x weight for each level;
        # rounded to float32 (ample for 6-decimal weights), and one tuple per n-gram because a
        # message's features are summed with one zip over them (a third of the time of five
        # sums through an index; ≈ 7 MB)
        grams: list[str] = []
        cols = tuple(array("f") for _ in range(5))
        for r in rows:
            grams.append(str(r[0]))
            idf = float(r[1])
            for col, value in zip(
                cols, (idf * idf, idf * r[2], idf * r[3], idf * r[4], idf * r[5]), strict=True
            ):
                col.append(value)
        self._weights: dict[str, tuple[float, float, float, float, float]] = dict(
            zip(grams, zip(*cols, strict=True), strict=True)
        )

    def opinion(
        self,
        grams: set[str],
        tokens: list[Token],
        reasons: Iterable[Reason] = (),
        concepts: Iterable[str] = (),
    ) -> Opinion:
        """Probabilities for a message: ``grams``, its character n-grams (``text_grams`` with
        ``CHAR_LENGTHS``), ``tokens``, its words, ``reasons``, what the rules found, and
        ``concepts``, the language-independent concepts it names (``crosslingual.py``)."""
        # (as features(), without copying the n-gram set: only the known ones are kept)
        weights = self._weights
        present = list(grams & weights.keys())  # (C-level: iterates over the message's n-grams)
        # (word and rule features repeat, and a feature counts once; none is a character n-gram)
        present += {f for f in _extra_features(tokens, reasons, concepts) if f in weights}
        # binary TF-IDF: each feature present is worth its idf, then the vector's L2 norm; fsum
        # is exact, so the sums do not depend on the (hash-seeded) order of the features
        if present:
            norm2, *scores = map(math.fsum, zip(*map(weights.__getitem__, present), strict=True))
        else:
            norm2, scores = 0.0, [0.0, 0.0, 0.0, 0.0]
        norm = math.sqrt(norm2) or 1.0
        logits = [x / norm + b for x, b in zip(scores, self.intercept, strict=True)]
        top = max(logits)
        exp = [math.exp(x - top) for x in logits]
        total = sum(exp)
        return Opinion((exp[0] / total, exp[1] / total, exp[2] / total, exp[3] / total), tuple(present))

    def strongest(self, op: Opinion, level: RiskLevel, n: int = 3) -> list[str]:
        """The n-grams of the message that pushed hardest towards ``level`` (against the
        other levels' mean weight)."""
        k = level.rank + 1
        weights = self._weights

        def push(gram: str) -> float:
            w = weights[gram]  # idf x (this level's weight - the levels' mean weight)
            return w[k] - sum(w[1:]) / 4

        # ties broken by the n-gram itself: the same message always shows the same span
        return sorted(op.grams, key=lambda g: (-push(g), g))[:n]


def locate(gram: str, folded: str, tokens: list[Token]) -> tuple[int, int] | None:
    """Where a feature occurs in the message (clean-text offsets), to show it as a span."""
    if gram.startswith((RULE, CONCEPT)):
        return None
    if not gram.startswith(WORD):
        # (a gram across collapsed white space is not found: it is then not shown)
        i = folded.find(gram)
        return (i, i + len(gram)) if i >= 0 else None
    words = gram.split(WORD)[1:]
    norms = [t.norm.lower() for t in tokens]
    for k in range(len(tokens) - len(words) + 1):
        if norms[k : k + len(words)] == words:
            return tokens[k].begin, tokens[k + len(words) - 1].end
    return None
