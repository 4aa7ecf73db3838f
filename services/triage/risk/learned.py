"""The learned second opinion: a linear classifier over character and word n-grams.

It was trained (``training.py``) on the project's labelled corpus and is shipped as
``model/risk_model.json``: for each n-gram its inverse document frequency and one weight per
level. At run time it needs only the standard library: the message's n-grams are counted, weighted
as TF-IDF (sublinear term frequency, L2 norm) exactly as scikit-learn does, and the four scores go
through a softmax. ``tests/unit/risk/test_learned.py`` checks that these probabilities equal
scikit-learn's. Its reasons name the n-grams that pushed hardest towards the level it chose.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from services.triage.risk.levels import RiskLevel
from services.triage.risk.tokens import Token

MODEL_PATH = Path(__file__).parent / "model" / "risk_model.json"
WORD = "\x1e"
"""Prefix of a word feature (a character n-gram is the substring itself)."""
_SKIP_POS = frozenset({"空白", "補助記号"})
LEVELS = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.EMERGENCY)


def ngrams(folded: str, tokens: list[Token], char_n: tuple[int, int]) -> Counter[str]:
    """The features of one message: character n-grams of the normalised text (katakana read
    as hiragana) and its words' dictionary forms, alone and in pairs."""
    grams: Counter[str] = Counter()
    text = " ".join(folded.split())
    for n in range(char_n[0], char_n[1] + 1):
        grams.update(text[i : i + n] for i in range(len(text) - n + 1))
    words = [WORD + t.norm.lower() for t in tokens if t.pos not in _SKIP_POS]
    grams.update(words)
    grams.update(a + b for a, b in zip(words, words[1:], strict=False))
    return grams


@dataclass(frozen=True, slots=True)
class Opinion:
    """What the model thinks of one message: a probability per level and its evidence."""

    probabilities: tuple[float, float, float, float]  # low, medium, high, emergency
    evidence: tuple[str, ...]  # its strongest n-grams for the level it prefers (message text)

    @property
    def level(self) -> RiskLevel:
        return LEVELS[max(range(4), key=self.probabilities.__getitem__)]

    def at_least(self, level: RiskLevel) -> float:
        """Probability that the message is ``level`` or higher."""
        return sum(self.probabilities[level.rank :])


class LearnedModel:
    """The shipped model, loaded once (a few MB of weights, no numerical library)."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        doc = json.loads(path.read_text(encoding="utf-8"))
        self.char_n: tuple[int, int] = (int(doc["char_ngrams"][0]), int(doc["char_ngrams"][1]))
        self.intercept: tuple[float, ...] = tuple(doc["intercept"])
        self.weights: dict[str, tuple[float, ...]] = {k: tuple(v) for k, v in doc["features"].items()}
        self.meta: dict[str, object] = doc.get("meta", {})

    def opinion(self, folded: str, tokens: list[Token], evidence: int = 3) -> Opinion:
        """Probabilities for ``folded`` (the normalised text) and ``tokens`` (its words)."""
        weights = self.weights
        scores = [0.0, 0.0, 0.0, 0.0]
        norm2 = 0.0
        seen: list[tuple[str, float]] = []
        for gram, count in ngrams(folded, tokens, self.char_n).items():
            row = weights.get(gram)
            if row is None:
                continue
            value = (1.0 + math.log(count)) * row[0]
            norm2 += value * value
            seen.append((gram, value))
            scores[0] += value * row[1]
            scores[1] += value * row[2]
            scores[2] += value * row[3]
            scores[3] += value * row[4]
        norm = math.sqrt(norm2) or 1.0
        logits = [s / norm + b for s, b in zip(scores, self.intercept, strict=True)]
        top = max(logits)
        exp = [math.exp(x - top) for x in logits]
        total = sum(exp)
        probs = (exp[0] / total, exp[1] / total, exp[2] / total, exp[3] / total)
        best = max(range(4), key=probs.__getitem__)
        # push towards the preferred level relative to the others' mean
        strongest = sorted(
            seen, key=lambda gv: -gv[1] * (weights[gv[0]][best + 1] - sum(weights[gv[0]][1:]) / 4)
        )
        return Opinion(probs, tuple(g for g, _ in strongest[:evidence]))
