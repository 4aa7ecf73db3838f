"""Normalisation of chat text before the rules read it.

Steps, in order (each keeps a map back to the NFKC text, so reasons can point at it):

1. Unicode NFKC (full-width latin and digits, half-width katakana ``ﾀﾋ`` -> ``タヒ``), lower case,
   variation selectors dropped.
2. Spacing and separators between Japanese characters removed (``し に た い``, ``し・に・た・い``).
3. Stretched vowels folded: ``ー``/``〜``/``~`` and small vowels after hiragana dropped
   (``しにたーーい``, ``しにたぁい``), runs of three or more of the same kana kept once
   (``たいいいい``), repeated ``ー`` in katakana kept once.
4. Obfuscated spellings replaced (``氏にたい``, ``4ね``, ``タヒ``): the table is
   ``rules/normalise.yaml``, which a supervisor can extend.

The result has ``clean`` (what SudachiPy tokenizes) and ``folded`` (the same with katakana
turned into hiragana, what the rule terms are matched against; one character for one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from services.triage.risk.folding import fold_chars
from services.triage.risk.kana import fold_kana


@dataclass(frozen=True, slots=True)
class Normalised:
    """A message ready for the rules.

    ``nfkc``: NFKC text (reasons' offsets refer to it); ``clean``: normalised text;
    ``folded``: ``clean`` with katakana as hiragana; ``offsets[i]``: index in ``nfkc`` of
    ``clean[i]``; ``ends[i]``: index in ``nfkc`` just after it.
    """

    nfkc: str
    clean: str
    folded: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...]

    def to_nfkc(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` range of ``clean`` to the NFKC text."""
        if not self.offsets or start >= len(self.offsets):
            return len(self.nfkc), len(self.nfkc)
        s = self.offsets[start]
        e = self.ends[min(end, len(self.ends)) - 1] if end > start else s
        return s, max(s, e)


class Normaliser:
    """Applies the steps above; built once from the replacement table."""

    def __init__(self, replacements: Sequence[tuple[str, str]]) -> None:
        table: dict[str, str] = {}
        for src, dst in replacements:
            key = fold_kana(fold_chars(src)[0])
            if key:
                table[key] = dst
        self._table = table
        keys = sorted(table, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(k) for k in keys)) if keys else None

    def __call__(self, text: str) -> Normalised:
        nfkc = unicodedata.normalize("NFKC", text)
        clean, src = fold_chars(nfkc)
        folded0 = fold_kana(clean)
        if self._pattern is not None and clean:
            parts: list[str] = []
            new_src: list[int] = []
            pos = 0
            ends = [s + 1 for s in src]
            new_ends: list[int] = []
            for m in self._pattern.finditer(folded0):
                a, b = m.start(), m.end()
                parts.append(clean[pos:a])
                new_src.extend(src[pos:a])
                new_ends.extend(ends[pos:a])
                rep = self._table[m.group(0)]
                parts.append(rep)
                for k in range(len(rep)):
                    j = min(a + k, b - 1)
                    new_src.append(src[j])
                    new_ends.append(ends[b - 1] if k == len(rep) - 1 else ends[j])
                pos = b
            if parts:
                parts.append(clean[pos:])
                new_src.extend(src[pos:])
                new_ends.extend(ends[pos:])
                clean = "".join(parts)
                return Normalised(
                    nfkc=nfkc,
                    clean=clean,
                    folded=fold_kana(clean),
                    offsets=tuple(new_src),
                    ends=tuple(new_ends),
                )
        return Normalised(
            nfkc=nfkc,
            clean=clean,
            folded=folded0,
            offsets=tuple(src),
            ends=tuple([s + 1 for s in src]),
        )
