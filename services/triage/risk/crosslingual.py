"""Concepts that mean the same in every language: language-independent features for the model.

The learned model reads character and word n-grams, which do not carry from one language to
another: a model that learned from Japanese writers that 血が止まらない is an emergency knows
nothing of ``ragat rokidaina``. ``rules/crosslingual/concepts.yaml`` (supervisor-editable) lists,
per concept (``BLOOD``, ``WONT_STOP``, ``NOW``, ``LOCKED``, ``FAREWELL``, ``JOKE`` ...), its words in
Japanese and in the ward's other languages. A message's concepts, and each pair of them, become
features (``CONCEPT`` + name): trained on every writer, their weights carry to a language that
only a few writers used. The grammar of clocks is in code: a number with a unit of time in any
script (``20分``, ``20 min``, ``20分钟``, ``30 minutos``, ``15 mins``, ``20p``, ``१० मिनेट``) is
``CLOCK``; a time of day (``7時``, ``6:10``, ``às 11``, ``a las 11``, ``jam 10``, ``१० बजे``) is
``AT_TIME``; a number of tablets (``30錠``, ``30알``, ``20 pills``) is ``COUNT``.

Matching is on the folded text (lower case, katakana as hiragana); a word in Latin letters must
start a word (``bleed`` finds ``bleeding``, not ``nosebleed``), other scripts match anywhere.
Looked up through the message's 1- to 3-character n-grams, which the assessor cuts anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path

import yaml

CONCEPT = "\x1c"
"""Prefix of a concept feature (``CONCEPT + "BLOOD"``, a pair ``CONCEPT + "BLOOD+NOW"``)."""

LEXICON_PATH = Path(__file__).parent / "rules" / "crosslingual" / "concepts.yaml"

_UNITS = (
    "分|分钟|分鐘|時間|小时|小時|秒|min|mins|minute|minutes|minuto|minutos|menit|phút|phut|p|분|시간|"
    "oras|hr|hrs|hour|hours|hora|horas|jam|giờ|gio|tiếng|tieng|मिनेट|minet|ghanta|घण्टा"
)
# (あと3本, あと2人 count things, not time: the unitless form excludes the common counters)
_CLOCK = re.compile(rf"\d+\s*(?:{_UNITS})(?![a-z])|(?:あと|後)\s*\d+(?![0-9本人個回枚件冊杯通つ日件])")
_COUNT = re.compile(
    r"\d+\s*(?:錠|粒|シート|알|정|viên|vien|片|颗|顆|tablets?|pills?|comprimidos?|pastillas?|butir|tableta|goli|वटा|caps)"
)
_AT_TIME = re.compile(
    r"\d{1,2}:\d{2}|\d+\s*(?:時|点|點|시|giờ|h|baje|बजे|pm|am)(?![a-z])|(?:alas|às|as|a las|jam|at|around)\s+\d"
)


def _is_latin(word: str) -> bool:
    return (word[:1].isascii() and word[:1].isalpha()) or "a" <= word[:1] <= "ỹ"


class ConceptFinder:
    """Finds the lexicon's concepts in a folded message (build once; thread-safe after)."""

    def __init__(self, lexicon: dict[str, dict[str, list[str]]], fold: Callable[[str], str]) -> None:
        # first three characters of each word (or the whole, shorter word) -> (word, concept,
        # must start a word, must end one)
        index: dict[str, list[tuple[str, str, bool, bool]]] = {}
        for concept, by_lang in sorted(lexicon.items()):
            for words in by_lang.values():
                for raw in words:
                    # a trailing "$" keeps a Latin word whole: Vietnamese "than" (charcoal) is
                    # not the start of "thank"
                    whole = str(raw).endswith("$")
                    word = fold(str(raw).removesuffix("$"))
                    if not word:
                        continue
                    key = word[:3]  # (the message's 1- to 3-character n-grams are cut anyway)
                    index.setdefault(key, []).append((word, concept, _is_latin(word), whole))
        self._index = {k: tuple(sorted(set(v))) for k, v in index.items()}
        self._keys = frozenset(self._index)
        self.concepts = frozenset(lexicon) | {"CLOCK", "AT_TIME", "COUNT"}

    @classmethod
    def load(cls, fold: Callable[[str], str], path: Path = LEXICON_PATH) -> ConceptFinder:
        with path.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        concepts = doc.get("concepts")
        if not isinstance(concepts, dict):
            raise ValueError(f"{path.name}: 'concepts' must be a mapping of concept -> language -> words")
        for name, by_lang in concepts.items():
            if not isinstance(by_lang, dict) or not all(isinstance(v, list) for v in by_lang.values()):
                raise ValueError(f"{path.name}: concept {name!r} must map each language to a list of words")
        return cls(concepts, fold)

    def find(self, folded: str, grams: set[str]) -> dict[str, tuple[int, int]]:
        """The concepts in ``folded`` (``grams``: its 1- to 3-character substrings), each with
        where it first occurs (offsets in ``folded``; of two words starting there, the longer)."""
        found: dict[str, tuple[int, int]] = {}
        # (the n-grams come in their set's order, which changes with the hash seed: the span
        # kept must not depend on which word was looked up first)
        for key in grams & self._keys:
            for word, concept, latin, whole in self._index[key]:
                at = folded.find(word)
                while at >= 0:
                    end = at + len(word)
                    if not latin or (
                        (at == 0 or not folded[at - 1].isalpha())
                        and not (whole and end < len(folded) and folded[end].isalpha())
                    ):
                        seen = found.get(concept)
                        if seen is None or at < seen[0] or (at == seen[0] and end > seen[1]):
                            found[concept] = (at, end)
                        break
                    at = folded.find(word, at + 1)
        for name, pattern in (("CLOCK", _CLOCK), ("AT_TIME", _AT_TIME), ("COUNT", _COUNT)):
            m = pattern.search(folded)
            if m:
                found[name] = m.span()
        return found


def concept_features(concepts: Iterable[str]) -> list[str]:
    """Each concept and each pair of them (a linear model cannot read "blood and now" from
    "blood" and "now" apart), as model features."""
    names = sorted(concepts)
    return [CONCEPT + c for c in names] + [f"{CONCEPT}{a}+{b}" for a, b in combinations(names, 2)]
