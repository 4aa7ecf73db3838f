"""Is a matched word negated? (死にたくない, 殴られてはいない, "I don't want to die", 不想死)

Japanese negation is read from the SudachiPy tokens after the match: auxiliaries (たい, れる,
ます ...), the particles て/で/は/も, and いる/ある/しまう are skipped, and a negative auxiliary
(ない, ぬ, ず, ん) reached that way negates the match (死にたくない, 殴られてはいない, 死にません).
Anything else stops the search, so 殺されるかもしれない and 死ぬしかない are not negations.
Other languages use per-language patterns just before or just after the match
(``rules/modifiers.yaml``: ``foreign_negation``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from services.triage.risk.kana import fold_kana
from services.triage.risk.tokens import Token

_LOOK = 7
"""Tokens read after a Japanese match."""


class Negation:
    """Built once from the ``negation`` and ``foreign_negation`` lists."""

    def __init__(
        self,
        ja: dict[str, Any],
        foreign: dict[str, dict[str, Any]],
        compile_list: Callable[[Any], re.Pattern[str] | None],
    ) -> None:
        self.neg_forms = frozenset(fold_kana(x) for x in ja.get("forms", []))
        self.skip_forms = frozenset(fold_kana(x) for x in ja.get("skip_forms", []))
        self.skip_pos = frozenset(ja.get("skip_pos", []))
        self.foreign: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}
        for lang, f in foreign.items():
            before = compile_list(f.get("before"))
            after = compile_list(f.get("after"))
            self.foreign[lang] = (
                re.compile(f"(?:{before.pattern})$") if before else None,
                re.compile(f"^(?:{after.pattern})") if after else None,
            )

    def negated(self, tokens: list[Token], end: int, lang: str | None, before: str, after: str) -> bool:
        """Is the match ending at ``end`` negated? ``before``/``after``: its sentence around it."""
        if lang is None:
            return self.negated_ja(tokens, end)
        nb, na = self.foreign.get(lang, (None, None))
        return bool((nb is not None and nb.search(before[-30:])) or (na is not None and na.search(after[:20])))

    def negated_ja(self, tokens: list[Token], end: int) -> bool:
        """Is the match that ends at ``end`` (clean offset) followed by a negation?"""
        k = 0
        while k < len(tokens) and tokens[k].end < end:
            k += 1
        # a match may end inside a token (死にた|く): that token is then part of the tail
        if k < len(tokens) and tokens[k].end == end:
            k += 1
        for tok in tokens[k : k + _LOOK]:
            norm = fold_kana(tok.norm)
            if norm in self.neg_forms and tok.pos in ("助動詞", "形容詞"):
                return True
            if tok.pos in self.skip_pos or norm in self.skip_forms:
                continue
            return False
        return False
