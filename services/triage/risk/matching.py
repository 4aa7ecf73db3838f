"""Finding the rule files' concepts in one message, each match with its flags.

A concept matches by its terms on the surface view, its lemmas on the lemma view and its
readings on the reading view (``spans.py``). Only the concepts that can match are searched
(``prefilter.py``); word lists of a language whose script is absent are skipped. Overlapping
matches of one concept are one mention, and each mention gets its flags (``modifiers.py``) and
``hyperbole`` when it lies inside an idiom of ``rules/hyperbole.yaml``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from services.triage.risk.modifiers import Modifiers
from services.triage.risk.normalise import Normalised
from services.triage.risk.prefilter import GramFilter, starting_grams
from services.triage.risk.rule_types import Concept, RuleBook
from services.triage.risk.spans import TokenIndex

NOT_MEANT = frozenset({"hyperbole", "fiction", "joke"})
"""Flags of words not meant as her danger: a figure of speech (or an everyday use, see
``rules/hyperbole.yaml``), a story, a joke."""
SUPPRESSING = NOT_MEANT | {"negated", "question"}
"""Flags under which a mention is not her danger now (the rule's level drops to low)."""


class Match(NamedTuple):
    """One mention of a concept; offsets index the normalised ("clean") text."""

    concept: str
    start: int
    end: int
    flags: frozenset[str]
    positive: bool  # said as real and now: not negated, hyperbole, a question or past


def make_match(concept: str, start: int, end: int, flags: frozenset[str]) -> Match:
    return Match(concept, start, end, flags, not (flags & SUPPRESSING) and "past" not in flags)


class ConceptMatcher:
    """Built once from the rule book; ``find`` returns a message's matches by concept."""

    def __init__(self, book: RuleBook, modifiers: Modifiers) -> None:
        self._book = book
        self._mods = modifiers
        concepts = tuple(book.concepts.values())
        self._hyperbole = tuple(c for c in concepts if c.hyperbole)
        self._risk = tuple(c for c in concepts if not c.hyperbole)
        self._surface_filter = GramFilter([c.surface for c in self._risk])
        self._reading_filter = GramFilter([c.reading for c in self._risk])
        self._hyper_filter = GramFilter([c.surface for c in self._hyperbole])
        self.gram_lengths = self._surface_filter.lengths | self._hyper_filter.lengths | modifiers.gram_lengths
        """The substring lengths ``find`` needs in its ``grams`` (``prefilter.text_grams``)."""
        # a lemma pattern can match only if its first word's form is among the message's
        by_head: dict[str, set[int]] = {}
        for k, c in enumerate(self._risk):
            if c.lemma is not None:
                for head in c.lemma_heads:
                    by_head.setdefault(head, set()).add(k)
        self._lemma_by_head = {head: frozenset(ks) for head, ks in by_head.items()}
        self._lemma_heads = frozenset(by_head)
        self.needs_lemmas = any(c.lemma is not None for c in self._risk)

    def find(self, norm: Normalised, index: TokenIndex, grams: set[str]) -> dict[str, list[Match]]:
        """``grams``: ``text_grams(norm.folded, lengths)`` with at least ``gram_lengths``."""
        folded = norm.folded
        hyper_spans: list[tuple[int, int]] | None = None  # the idioms' spans, found if a match needs flags
        surface = self._surface_filter.candidates(grams)
        # a reading match is used only if it starts where a token starts
        reading = (
            self._reading_filter.candidates(
                starting_grams(index.readings, index.reading_starts, self._reading_filter.lengths)
            )
            if index.readings
            else set()
        )
        lemma: set[int] = set()
        for head in index.lemma_set & self._lemma_heads:
            lemma |= self._lemma_by_head[head]
        scripts: frozenset[str] | None = None  # worked out if a foreign word list is a candidate
        matches: dict[str, list[Match]] = {}
        possible: frozenset[str] | None = None  # the modifier lists that can match this message
        for k in sorted(surface | reading | lemma):
            c = self._risk[k]
            if c.lang is not None:
                if scripts is None:
                    scripts = scripts_of(folded)
                if LANG_SCRIPT.get(c.lang, "") not in scripts:
                    continue
            spans = self._spans(c, folded, index, k in surface, k in lemma, k in reading)
            if not spans:
                continue
            out: list[Match] = []
            for s, e in _merge(spans):
                flags: set[str] = set()
                if not c.context:
                    if possible is None:
                        possible = self._mods.possible(grams)
                    flags = self._mods.flags_for(norm, index.tokens, s, e, c.lang, possible)
                    if hyper_spans is None:
                        hyper_spans = self._hyperbole_spans(folded, grams)
                    if any(hs < e and s < he for hs, he in hyper_spans):
                        flags.add("hyperbole")
                out.append(make_match(c.name, s, e, frozenset(flags)))
            matches[c.name] = out
        return matches

    def _hyperbole_spans(self, folded: str, grams: set[str]) -> list[tuple[int, int]]:
        return [
            (m.start(), m.end())
            for k in sorted(self._hyper_filter.candidates(grams))
            for m in self._hyperbole[k].surface.finditer(folded)  # type: ignore[union-attr]
        ]

    @staticmethod
    def _spans(
        c: Concept, folded: str, index: TokenIndex, surface: bool, lemma: bool, reading: bool
    ) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if surface:
            spans.extend((m.start(), m.end()) for m in c.surface.finditer(folded) if m.end() > m.start())  # type: ignore[union-attr]
        if lemma:
            spans.extend(index.lemma_span(m.start(), m.end()) for m in c.lemma.finditer(index.lemmas))  # type: ignore[union-attr]
        if reading:
            for m in c.reading.finditer(index.readings):  # type: ignore[union-attr]
                span = index.reading_span(m.start(), m.end())
                # a reading stands for kana she typed, never for another kanji
                # (行きたくない is not 生きたくない)
                if span is not None and all(
                    ch in c.kanji for ch in folded[span[0] : span[1]] if "\u4e00" <= ch <= "\u9fff"
                ):
                    spans.append(span)
        return spans


LANG_SCRIPT = {
    "en": "latin", "vi": "latin", "tl": "latin", "es": "latin", "pt": "latin", "id": "latin",
    "ko": "hangul", "ne": "devanagari", "zh": "han",
}  # fmt: skip
"""The script a language's word lists need (lists of absent scripts are not searched)."""

_SCRIPT_RX = (
    ("latin", re.compile("[a-z\u00c0-\u024f\u1e00-\u1eff]")),
    ("hangul", re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")),
    ("devanagari", re.compile("[\u0900-\u097f]")),
    ("han", re.compile("[\u4e00-\u9fff]")),
)


def scripts_of(text: str) -> frozenset[str]:
    """Which scripts occur in ``text`` (lower-case latin, hangul, devanagari, han)."""
    return frozenset(name for name, rx in _SCRIPT_RX if rx.search(text))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping matches of one concept are one mention (its flags are read once)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
