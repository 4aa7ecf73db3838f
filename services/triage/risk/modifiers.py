"""Flags that change what a matched word means: negated, past, question, third person, hyperbole,
fiction (a drama, a song), joke (なんてね, 冗談).

The word lists live in ``rules/modifiers.yaml``; negation is read by ``negation.py``. Each
flag is read within the sentence of the match (before it, after it, or the whole sentence).
"""

from __future__ import annotations

import re
from typing import Any

from services.triage.risk.kana import fold_kana
from services.triage.risk.negation import Negation
from services.triage.risk.normalise import Normalised
from services.triage.risk.start_grams import start_grams
from services.triage.risk.tokens import Token

_SENTENCE_END_CHARS = "。!?\n"
_SENTENCE_END = re.compile(r"[。!?\n]")


def _rx(values: Any) -> re.Pattern[str] | None:
    if not values:
        return None
    items = [values] if isinstance(values, str) else list(values)
    return re.compile("|".join(f"(?:{fold_kana(v)})" for v in items))


class Modifiers:
    """Compiled modifier lists; ``flags_for`` returns the flags of one match."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.negation = Negation(spec.get("negation", {}), spec.get("foreign_negation") or {}, _rx)
        self.third_before = _rx(spec.get("third_person", {}).get("before"))
        self.first_person = _rx(spec.get("third_person", {}).get("first_person"))
        self.past_before = _rx(spec.get("past", {}).get("before"))
        self.past_after = _rx(spec.get("past", {}).get("after"))
        self.resolved = _rx(spec.get("past", {}).get("resolved"))
        self.distant = _rx(spec.get("past", {}).get("distant"))
        self.fiction = _rx(spec.get("fiction", {}).get("sentence"))
        self.quoted_in = _rx(spec.get("fiction", {}).get("quoted_in"))
        self.joke_after = _rx(spec.get("joke", {}).get("after"))
        self.question_after = _rx(spec.get("question", {}).get("after"))
        self.question_before = _rx(spec.get("question", {}).get("before"))
        # derived: the starting strings of each list (prefilter.py); a list none of whose
        # starting strings occurs in the message cannot match any part of it
        lists = {
            "third_before": self.third_before,
            "past_before": self.past_before,
            "past_after": self.past_after,
            "question_after": self.question_after,
            "question_before": self.question_before,
            "fiction": self.fiction,
            "quoted_in": self.quoted_in,
            "joke_after": self.joke_after,
        }
        self._starts = {name: start_grams(rx) for name, rx in lists.items() if rx is not None}
        self.gram_lengths = frozenset(len(g) for grams in self._starts.values() if grams for g in grams)
        """Lengths of those starting strings (``text_grams`` must include them)."""
        self.all_lists = frozenset(self._starts)
        # looked up from the message's side: its few n-grams against all lists' starts at once
        self._unbounded = frozenset(name for name, starts in self._starts.items() if starts is None)
        by_gram: dict[str, set[str]] = {}
        for name, starts in self._starts.items():
            for g in starts or ():
                by_gram.setdefault(g, set()).add(name)
        self._lists_by_gram = {g: frozenset(names) for g, names in by_gram.items()}
        self._gram_keys = frozenset(by_gram)

    def possible(self, grams: set[str]) -> frozenset[str]:
        """Which lists may match somewhere in a message (``grams``: its ``text_grams``)."""
        out = set(self._unbounded)
        for g in grams & self._gram_keys:
            out |= self._lists_by_gram[g]
        return frozenset(out)

    def flags_for(
        self,
        text: Normalised,
        tokens: list[Token],
        start: int,
        end: int,
        lang: str | None,
        possible: frozenset[str] | None = None,
    ) -> set[str]:
        """Flags of the match ``[start, end)``; ``possible``: ``possible()`` of the message
        (the lists that cannot match it are not searched; ``None``: search them all)."""
        if possible is None:
            possible = self.all_lists
        folded = text.folded
        # just after the last sentence end before the match (0 if none)
        s0 = max([folded.rfind(ch, 0, start) for ch in _SENTENCE_END_CHARS]) + 1
        m_end = _SENTENCE_END.search(folded, end)
        s1 = m_end.start() if m_end else len(folded)
        before = folded[s0:start]
        after = folded[end:s1]
        flags: set[str] = set()
        if lang is not None:
            flags.add(f"foreign:{lang}")
        if self.negation.negated(tokens, end, lang, before, after):
            flags.add("negated")
        if self.third_before is not None and "third_before" in possible:
            marks = list(self.third_before.finditer(before))
            if marks:
                tm = marks[-1]
                between = before[tm.end() :]
                if self.first_person is None or not self.first_person.search(between):
                    flags.add("third_person")
        if (
            self.past_before is not None and "past_before" in possible and self.past_before.search(before)
        ) or (
            self.past_after is not None and "past_after" in possible and self.past_after.search(after[:20])
        ):
            flags.add("past")
        sentence = folded[s0:s1]
        if self.fiction is not None and "fiction" in possible and self.fiction.search(sentence):
            flags.add("fiction")
        elif (
            self.quoted_in is not None
            and "quoted_in" in possible
            and _quoted(before, after)
            and self.quoted_in.search(folded)
        ):
            flags.add("fiction")
        if self.joke_after is not None and "joke_after" in possible and self.joke_after.search(after):
            flags.add("joke")
        if (
            self.question_after is not None
            and "question_after" in possible
            and self.question_after.match(after)
        ) or (
            self.question_before is not None
            and "question_before" in possible
            and self.question_before.search(before)
        ):
            flags.add("question")
        return flags

    def is_resolved(self, text: Normalised) -> bool:
        """She says it is over (今は大丈夫, 離婚して今は幸せ)."""
        return bool(self.resolved is not None and self.resolved.search(text.folded))

    def is_over(self, text: Normalised) -> bool:
        """The whole message is about a resolved, distant past (5年前の話で、今は幸せ)."""
        return bool(self.distant is not None and self.distant.search(text.folded)) and self.is_resolved(text)


def _quoted(before: str, after: str) -> bool:
    """The match is inside 「…」 or 『…』 (opened before it, closed just after)."""
    for opening, closing in (("「", "」"), ("『", "』"), ("“", "”")):
        i = before.rfind(opening)
        if i >= 0 and closing not in before[i:] and closing in after[:8]:
            return True
    return False
