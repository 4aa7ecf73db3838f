"""The automatic risk assessment of one message (DESIGN §4).

``RiskAssessor.default()`` loads the rule files and the SudachiPy tokenizer once; reuse it.
``assess(text, recent=...)`` is pure: no I/O, no logging (message text is never logged).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from sudachipy import Dictionary, SplitMode

from services.triage.risk.levels import Assessment, Reason, RiskLevel
from services.triage.risk.lexicon import LEMMA_SEP, RULES_DIR, Concept, Rule, RuleBook, load_rulebook
from services.triage.risk.modifiers import Modifiers, Token
from services.triage.risk.normalise import Normalised, Normaliser, fold_kana
from services.triage.risk.prefilter import GramFilter, starting_grams, text_grams

RECENT_WINDOW = 5
"""How many of her previous messages can complete a rule (the latest ones)."""

_SUPPRESSING = frozenset({"negated", "hyperbole", "question"})


class _PosNames(dict[int, str]):
    """Part-of-speech id -> its first level (名詞, 助動詞 ...), filled on first use."""

    def __init__(self, dictionary: Dictionary) -> None:
        super().__init__()
        self._dictionary = dictionary

    def __missing__(self, pid: int) -> str:
        pos: str = self._dictionary.pos_of(pid)[0]
        self[pid] = pos
        return pos


class _Match(NamedTuple):
    concept: str
    start: int  # offsets in the normalised ("clean") text
    end: int
    flags: frozenset[str]
    positive: bool  # counts as said now: not negated, hyperbole, a question or past (_match())


def _match(concept: str, start: int, end: int, flags: frozenset[str]) -> _Match:
    return _Match(concept, start, end, flags, not (flags & _SUPPRESSING) and "past" not in flags)


class _Analysis:
    """One message's matches; ``resolved`` and ``positives()`` are worked out on first use."""

    __slots__ = ("_mods", "_positive", "_resolved", "matches", "text")

    def __init__(self, text: Normalised, matches: dict[str, list[_Match]], mods: Modifiers) -> None:
        self.text = text
        self.matches = matches
        self._mods = mods
        self._resolved: bool | None = None
        self._positive: frozenset[str] | None = None

    @property
    def resolved(self) -> bool:
        """She says it is over (今は大丈夫): only read for a rule with a ``past`` match."""
        if self._resolved is None:
            self._resolved = self._mods.is_resolved(self.text)
        return self._resolved

    def positives(self) -> frozenset[str]:
        """Concepts with a match that counts (not negated, hyperbole, a question or past)."""
        if self._positive is None:
            self._positive = frozenset(c for c, ms in self.matches.items() if any(m.positive for m in ms))
        return self._positive


@cache
def _tokenizer_and_load_time() -> tuple[object, float, Dictionary]:
    import time

    t0 = time.perf_counter()
    dictionary = Dictionary(dict="core")
    tok = dictionary.tokenizer()
    return tok, time.perf_counter() - t0, dictionary


class RiskAssessor:
    """Assesses messages with the rules of ``rules/``; build once with ``default()``."""

    def __init__(self, rules_dir: Path = RULES_DIR) -> None:
        tok, self.tokenizer_load_seconds, dictionary = _tokenizer_and_load_time()
        self._tok = tok
        self._mode = SplitMode.C
        self.book: RuleBook = load_rulebook(rules_dir, lemma_of=self._lemma_of, reading_of=self._reading_of)
        self._normalise = Normaliser(self.book.replacements)
        self._mods = Modifiers(self.book.modifiers)
        self._concepts: tuple[Concept, ...] = tuple(self.book.concepts.values())
        self._hyperbole = tuple(c for c in self._concepts if c.hyperbole)
        self._risk_concepts = tuple(c for c in self._concepts if not c.hyperbole)
        self._rule_concepts = tuple(
            (r, frozenset(c for item in r.all for c in item)) for r in self.book.rules
        )
        # derived at load: which rules a concept can start (rules none of whose concepts
        # occur are never built), and which word lists a message can match (see prefilter.py)
        by_concept: dict[str, list[int]] = {}
        for k, (_rule, names) in enumerate(self._rule_concepts):
            for name in names:
                by_concept.setdefault(name, []).append(k)
        self._rules_by_concept = {name: tuple(ks) for name, ks in by_concept.items()}
        self._surface_filter = GramFilter([c.surface for c in self._risk_concepts])
        self._reading_filter = GramFilter([c.reading for c in self._risk_concepts])
        self._hyper_filter = GramFilter([c.surface for c in self._hyperbole])
        self._gram_lengths = (
            self._surface_filter.lengths | self._hyper_filter.lengths | self._mods.gram_lengths
        )
        self._lemma_concepts = frozenset(k for k, c in enumerate(self._risk_concepts) if c.lemma is not None)
        self._needs_lemmas = any(c.lemma is not None for c in self._concepts)
        self._pos_names = _PosNames(dictionary)
        self._morphemes = tok.tokenize("", self._mode)  # type: ignore[attr-defined]
        self._is_context = {name: c.context for name, c in self.book.concepts.items()}
        self._rule_items = tuple(
            tuple(frozenset(item) for item in r.all) for r, _names in self._rule_concepts
        )
        self._cache: OrderedDict[str, _Analysis] = OrderedDict()

    _default: RiskAssessor | None = None

    @classmethod
    def default(cls) -> RiskAssessor:
        """The shared assessor with the packaged rules (built on first use)."""
        if cls._default is None:
            cls._default = cls()
        return cls._default

    # -- helpers used while loading the rules ---------------------------------------------
    def _lemma_of(self, word: str) -> list[str]:
        return [m.normalized_form() for m in self._tok.tokenize(word, self._mode)]  # type: ignore[attr-defined]

    def _reading_of(self, word: str) -> str:
        return "".join(m.reading_form() for m in self._tok.tokenize(word, self._mode))  # type: ignore[attr-defined]

    # -- analysis ---------------------------------------------------------------------------
    def _tokens(self, clean: str) -> list[Token]:
        """SudachiPy's tokens of ``clean``, dictionary forms and readings as it gives them."""
        if not clean:
            return []
        pos_names = self._pos_names
        new = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__
        # the morpheme list is reused (filled in place) and read out completely here
        morphemes = self._tok.tokenize(clean, self._mode, out=self._morphemes)  # type: ignore[attr-defined]
        return [
            new(
                Token,
                (m.begin(), m.end(), m.normalized_form(), m.reading_form(), pos_names[m.part_of_speech_id()]),
            )
            for m in morphemes
        ]

    def _analyse(self, text: str) -> _Analysis:
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
            return hit
        result = self._analyse_uncached(text)
        self._cache[text] = result
        if len(self._cache) > 2048:
            self._cache.popitem(last=False)
        return result

    def _analyse_uncached(self, text: str) -> _Analysis:
        norm = self._normalise(text)
        folded = norm.folded
        tokens = self._tokens(norm.clean)
        lemma_str = ""
        starts: list[int] = []
        if self._needs_lemmas and tokens:
            norms = [t.norm for t in tokens]
            # where each token's form starts in the joined string (after its separator)
            starts = list(accumulate([len(n) + 1 for n in norms], initial=1))[:-1]
            # folding is one character for one, so the joined string folds as its parts
            lemma_str = fold_kana(LEMMA_SEP + LEMMA_SEP.join(norms) + LEMMA_SEP)
        reading_str = ""
        r_starts: list[int] = []
        r_begin: dict[int, int] = {}
        r_end: dict[int, int] = {}
        if tokens:
            readings = [t.reading for t in tokens]
            bounds = list(accumulate([len(r) for r in readings], initial=0))
            r_starts = bounds[:-1]
            # token index by where its reading starts / ends (a later token wins a tie)
            r_begin = dict(zip(r_starts, range(len(tokens)), strict=True))
            r_end = dict(zip(bounds[1:], range(len(tokens)), strict=True))
            reading_str = fold_kana("".join(readings))
        grams = text_grams(folded, self._gram_lengths)
        hyper = self._hyperbole
        hyper_spans = [
            (m.start(), m.end())
            for k in sorted(self._hyper_filter.candidates(grams))
            for m in hyper[k].surface.finditer(folded)  # type: ignore[union-attr]
        ]
        raw: dict[str, list[tuple[int, int]]] = {}
        scripts: frozenset[str] | None = None  # worked out if a foreign word list is a candidate
        # only the word lists that can match are searched (prefilter.py); a list that cannot
        # match gives no spans, so skipping it changes nothing
        surface_cands = self._surface_filter.candidates(grams)
        # a reading match is used only if it starts where a token starts
        reading_cands = (
            self._reading_filter.candidates(
                starting_grams(reading_str, r_starts, self._reading_filter.lengths)
            )
            if reading_str
            else set()
        )
        lemma_cands = self._lemma_concepts if lemma_str else frozenset()
        concepts = self._risk_concepts
        for k in sorted(surface_cands | reading_cands | lemma_cands):
            c = concepts[k]
            if c.lang is not None:
                if scripts is None:
                    scripts = _scripts(folded)
                if _LANG_SCRIPT.get(c.lang, "") not in scripts:
                    continue
            spans: list[tuple[int, int]] = []
            if k in surface_cands:
                spans.extend(
                    (m.start(), m.end())
                    for m in c.surface.finditer(folded)  # type: ignore[union-attr]
                    if m.end() > m.start()
                )
            if k in lemma_cands:
                for m in c.lemma.finditer(lemma_str):  # type: ignore[union-attr]
                    k0 = _index(starts, m.start() + 1)
                    k1 = _index(starts, m.end() - 1)
                    spans.append((tokens[k0].begin, tokens[k1].end))
            if k in reading_cands:
                for m in c.reading.finditer(reading_str):  # type: ignore[union-attr]
                    b0 = r_begin.get(m.start())
                    b1 = r_end.get(m.end())
                    if b0 is not None and b1 is not None and b1 >= b0:
                        s0, s1 = tokens[b0].begin, tokens[b1].end
                        # a reading stands for kana she typed, never for another kanji
                        # (行きたくない is not 生きたくない)
                        if all(ch in c.kanji for ch in folded[s0:s1] if "\u4e00" <= ch <= "\u9fff"):
                            spans.append((s0, s1))
            if spans:
                raw[c.name] = spans
        matches: dict[str, list[_Match]] = {}
        possible: frozenset[str] | None = None  # the modifier lists that can match this message
        for name, spans in raw.items():
            c = self.book.concepts[name]
            out: list[_Match] = []
            for s, e in _merge(spans):
                if c.context:
                    flags: set[str] = set()
                else:
                    if possible is None:
                        possible = self._mods.possible(grams)
                    flags = self._mods.flags_for(norm, tokens, s, e, c.lang, possible)
                    if any(hs < e and s < he for hs, he in hyper_spans):
                        flags.add("hyperbole")
                out.append(_match(name, s, e, frozenset(flags)))
            matches[name] = out
        return _Analysis(norm, matches, self._mods)

    # -- public ------------------------------------------------------------------------------
    def assess(self, text: str, recent: Sequence[str] = ()) -> Assessment:
        """Assess ``text``, the consulter's latest message.

        ``recent`` are her previous messages in this case, oldest first (may be empty); the
        latest ``RECENT_WINDOW`` of them can complete a rule that the current message starts
        (["ロープ買った", "今夜"] -> emergency, flagged ``combined``). Reasons' spans and
        offsets refer to the NFKC-normalised current message.
        """
        cur = self._analyse(text)
        recent_pos: frozenset[str] = frozenset()
        if recent:
            acc: set[str] = set()
            for r in list(recent)[-RECENT_WINDOW:]:
                if r:
                    acc |= self._analyse(r).positives()
            recent_pos = frozenset(acc)
        reasons: dict[str, Reason] = {}
        # a rule needs something in the current message: only those rules are tried
        by_concept = self._rules_by_concept
        candidates: set[int] = set()
        for name in cur.matches:
            candidates.update(by_concept.get(name, ()))
        present = cur.matches.keys() | recent_pos
        for k in sorted(candidates):
            # a rule one of whose items is neither in this message nor in a recent one
            # cannot fire (_apply would return None at that item)
            if any(item.isdisjoint(present) for item in self._rule_items[k]):
                continue
            rule = self._rule_concepts[k][0]
            reason = self._apply(rule, cur, recent_pos)
            if reason is not None:
                reasons[rule.id] = reason
        ordered = tuple(sorted(reasons.values(), key=lambda r: (-r.level.rank, r.start, r.rule_id)))
        level = ordered[0].level if ordered else RiskLevel.LOW
        return Assessment(level=level, reasons=ordered)

    def _apply(self, rule: Rule, cur: _Analysis, recent_pos: frozenset[str]) -> Reason | None:
        used: list[_Match] = []
        combined = False
        is_context = self._is_context
        for item in rule.all:
            best: _Match | None = None
            for cname in item:
                for m in cur.matches.get(cname, ()):
                    # one stretch of text is one piece of evidence: 飛び降りたい is a wish,
                    # not a wish plus a means
                    if not is_context[cname] and any(
                        u.start < m.end and m.start < u.end and not is_context[u.concept] for u in used
                    ):
                        continue
                    if best is None or (m.positive and not best.positive):
                        best = m
            if best is not None and not (best.flags & _SUPPRESSING and any(c in recent_pos for c in item)):
                used.append(best)
            elif any(c in recent_pos for c in item):
                combined = True
            elif best is not None:
                used.append(best)
            else:
                return None
        if not used:
            return None
        flags: set[str] = set()
        for m in used:
            flags |= m.flags
        if combined:
            flags.add("combined")
        level = rule.level
        if flags & _SUPPRESSING:
            level = RiskLevel.LOW
        elif "past" in flags:
            level = RiskLevel.LOW if cur.resolved else min(level, RiskLevel.MEDIUM)
        anchor = next((m for m in used if not is_context[m.concept]), used[0])
        s, e = anchor.start, anchor.end
        lo, hi = min(m.start for m in used), max(m.end for m in used)
        if hi - lo <= 40:
            s, e = lo, hi
        ns, ne = cur.text.to_nfkc(s, e)
        return Reason(
            rule_id=rule.id,
            level=level,
            span=cur.text.nfkc[ns:ne],
            start=ns,
            end=ne,
            flags=tuple(sorted(flags)),
            description=rule.description,
        )


_LANG_SCRIPT = {"en": "latin", "vi": "latin", "tl": "latin", "ko": "hangul", "ne": "devanagari", "zh": "han"}


_SCRIPT_RX = (
    ("latin", re.compile("[a-z\u00c0-\u024f\u1e00-\u1eff]")),
    ("hangul", re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")),
    ("devanagari", re.compile("[\u0900-\u097f]")),
    ("han", re.compile("[\u4e00-\u9fff]")),
)


def _scripts(text: str) -> frozenset[str]:
    """Which scripts occur in ``text`` (to skip the word lists of absent languages)."""
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


def _index(starts: list[int], pos: int) -> int:
    """Index of the token whose lemma covers ``pos`` in the joined lemma string."""
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)
