"""The automatic risk assessment of one message (DESIGN §4).

``RiskAssessor.default()`` loads the rule files and the SudachiPy tokenizer once; reuse it.
``assess(text, recent=...)`` is pure: no I/O, no logging (message text is never logged).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sudachipy import Dictionary, SplitMode

from services.triage.risk.levels import Assessment, Reason, RiskLevel
from services.triage.risk.lexicon import LEMMA_SEP, RULES_DIR, Concept, Rule, RuleBook, load_rulebook
from services.triage.risk.modifiers import Modifiers, Token
from services.triage.risk.normalise import Normalised, Normaliser, fold_kana

RECENT_WINDOW = 5
"""How many of her previous messages can complete a rule (the latest ones)."""

_SUPPRESSING = frozenset({"negated", "hyperbole", "question"})


@dataclass(frozen=True, slots=True)
class _Match:
    concept: str
    start: int  # offsets in the normalised ("clean") text
    end: int
    flags: frozenset[str]

    @property
    def positive(self) -> bool:
        return not (self.flags & _SUPPRESSING) and "past" not in self.flags


@dataclass(frozen=True, slots=True)
class _Analysis:
    text: Normalised
    matches: dict[str, list[_Match]]
    resolved: bool

    def positives(self) -> frozenset[str]:
        return frozenset(c for c, ms in self.matches.items() if any(m.positive for m in ms))


@cache
def _tokenizer_and_load_time() -> tuple[object, float]:
    import time

    t0 = time.perf_counter()
    tok = Dictionary(dict="core").tokenizer()
    return tok, time.perf_counter() - t0


class RiskAssessor:
    """Assesses messages with the rules of ``rules/``; build once with ``default()``."""

    def __init__(self, rules_dir: Path = RULES_DIR) -> None:
        tok, self.tokenizer_load_seconds = _tokenizer_and_load_time()
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
        self._needs_lemmas = any(c.lemma is not None for c in self._concepts)
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
        if not clean:
            return []
        out = []
        for m in self._tok.tokenize(clean, self._mode):  # type: ignore[attr-defined]
            out.append(
                Token(
                    begin=m.begin(),
                    end=m.end(),
                    norm=fold_kana(m.normalized_form()),
                    reading=fold_kana(m.reading_form()),
                    surface=m.surface(),
                    pos=m.part_of_speech()[0],
                )
            )
        return out

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
            pos = 1
            for t in tokens:
                starts.append(pos)
                pos += len(t.norm) + 1
            lemma_str = LEMMA_SEP + LEMMA_SEP.join(t.norm for t in tokens) + LEMMA_SEP
        reading_str = ""
        r_starts: list[int] = []
        r_begin: dict[int, int] = {}
        r_end: dict[int, int] = {}
        if tokens:
            pos = 0
            for k, t in enumerate(tokens):
                r_starts.append(pos)
                r_begin[pos] = k
                pos += len(t.reading)
                r_end[pos] = k
            reading_str = "".join(t.reading for t in tokens)
        hyper_spans = [
            (m.start(), m.end())
            for c in self._hyperbole
            if c.surface is not None
            for m in c.surface.finditer(folded)
        ]
        raw: dict[str, list[tuple[int, int]]] = {}
        scripts = _scripts(folded)
        for c in self._risk_concepts:
            if c.lang is not None and _LANG_SCRIPT.get(c.lang, "") not in scripts:
                continue
            spans: list[tuple[int, int]] = []
            # search() first: most concepts do not occur, and a failed search is cheap
            if c.surface is not None and c.surface.search(folded):
                spans.extend((m.start(), m.end()) for m in c.surface.finditer(folded) if m.end() > m.start())
            if c.lemma is not None and lemma_str and c.lemma.search(lemma_str):
                for m in c.lemma.finditer(lemma_str):
                    k0 = _index(starts, m.start() + 1)
                    k1 = _index(starts, m.end() - 1)
                    spans.append((tokens[k0].begin, tokens[k1].end))
            if c.reading is not None and reading_str and c.reading.search(reading_str):
                for m in c.reading.finditer(reading_str):
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
        for name, spans in raw.items():
            c = self.book.concepts[name]
            out: list[_Match] = []
            for s, e in _merge(spans):
                if c.context:
                    flags: set[str] = set()
                else:
                    flags = self._mods.flags_for(norm, tokens, s, e, c.lang)
                    if any(hs < e and s < he for hs, he in hyper_spans):
                        flags.add("hyperbole")
                out.append(_Match(name, s, e, frozenset(flags)))
            matches[name] = out
        return _Analysis(text=norm, matches=matches, resolved=self._mods.is_resolved(norm))

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
        present = cur.matches.keys()
        for rule, concepts in self._rule_concepts:
            if concepts.isdisjoint(present):  # a rule needs something in the current message
                continue
            reason = self._apply(rule, cur, recent_pos)
            if reason is not None:
                reasons[rule.id] = reason
        ordered = tuple(sorted(reasons.values(), key=lambda r: (-r.level.rank, r.start, r.rule_id)))
        level = ordered[0].level if ordered else RiskLevel.LOW
        return Assessment(level=level, reasons=ordered)

    def _apply(self, rule: Rule, cur: _Analysis, recent_pos: frozenset[str]) -> Reason | None:
        used: list[_Match] = []
        combined = False
        for item in rule.all:
            best: _Match | None = None
            for cname in item:
                for m in cur.matches.get(cname, ()):
                    # one stretch of text is one piece of evidence: 飛び降りたい is a wish,
                    # not a wish plus a means
                    if not self.book.concepts[cname].context and any(
                        u.start < m.end and m.start < u.end and not self.book.concepts[u.concept].context
                        for u in used
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
        anchor = next((m for m in used if not self.book.concepts[m.concept].context), used[0])
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
