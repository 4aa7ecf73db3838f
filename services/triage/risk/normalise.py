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

_SEPARATORS = frozenset(" \t\u3000・･.*_\u200b")
_STRETCH = frozenset("ー〜~")
_SMALL_VOWELS = frozenset("ぁぃぅぇぉ")
_VARIATION = frozenset("\ufe0e\ufe0f")
_NEEDS_WORK = re.compile(
    "["
    + re.escape("".join(sorted(_SEPARATORS | _STRETCH | _SMALL_VOWELS | _VARIATION)))
    + "]|([\u3041-\u309f\u30a1-\u30fa])\\1"
)
"""A character ``Normaliser._basic`` may drop or change; without one, it keeps the text as it is."""
_SPECIAL = _SEPARATORS | _STRETCH | _SMALL_VOWELS | _VARIATION
_SEPARATOR_RUN = re.compile("[" + re.escape("".join(sorted(_SEPARATORS))) + "]+")
_HARD = re.compile("[" + re.escape("".join(sorted(_STRETCH | _SMALL_VOWELS | _VARIATION))) + "]")
_KANA_PAIR = re.compile("([\u3041-\u309f\u30a1-\u30fa])\\1")


def is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa"


def is_japanese(ch: str) -> bool:
    """Kana, kanji and the long-vowel mark (where spaces between letters carry no meaning)."""
    return (
        "\u3041" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆"
    )


def fold_kana(text: str) -> str:
    """Katakana to hiragana, one character for one (``シニタイ`` -> ``しにたい``)."""
    return text.translate(_KATA_TO_HIRA)


_KATA_TO_HIRA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}


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
            key = fold_kana(self._basic(src)[0])
            if key:
                table[key] = dst
        self._table = table
        keys = sorted(table, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(k) for k in keys)) if keys else None

    @staticmethod
    def _basic(nfkc: str) -> tuple[str, list[int]]:
        same_case = nfkc.lower() == nfkc  # then no character changes in lower case either
        if same_case and not _NEEDS_WORK.search(nfkc):
            # nothing below would change a character: no separator, stretch, small vowel,
            # variation selector, repeated kana or capital letter
            return nfkc, list(range(len(nfkc)))
        if same_case and not _HARD.search(nfkc):
            quick = _separators_only(nfkc)
            if not _KANA_PAIR.search(quick[0]):
                return quick
        chars: list[str] = []
        src: list[int] = []
        n = len(nfkc)
        for i, ch in enumerate(nfkc):
            if ch in _SPECIAL:
                if ch in _VARIATION:
                    continue
                if ch in _SEPARATORS:
                    prev = chars[-1] if chars else ""
                    j = i + 1
                    while j < n and nfkc[j] in _SEPARATORS:
                        j += 1
                    nxt = nfkc[j] if j < n else ""
                    if prev and nxt and is_japanese(prev) and is_japanese(nxt):
                        continue
                    if ch.isspace() and chars and chars[-1] == " ":
                        continue
                    ch = " " if ch.isspace() else ch
                elif chars:
                    prev = chars[-1]
                    if ch in _STRETCH:
                        if is_hiragana(prev) or prev in _STRETCH or "\u4e00" <= prev <= "\u9fff":
                            continue
                    elif ch in _SMALL_VOWELS and is_hiragana(prev) and prev not in _SMALL_VOWELS:
                        continue
                    elif (
                        (is_hiragana(ch) or is_katakana(ch))
                        and len(chars) >= 2
                        and chars[-1] == ch
                        and chars[-2] == ch
                    ):
                        continue
            elif (
                len(chars) >= 2
                and chars[-1] == ch
                and chars[-2] == ch
                and ("\u3041" <= ch <= "\u309f" or "\u30a1" <= ch <= "\u30fa")
            ):
                continue  # the third of a run of kana (same test as above, for plain letters)
            if same_case:
                chars.append(ch)
                src.append(i)
                continue
            low = ch.lower()
            for c in low:
                chars.append(c)
                src.append(i)
        joined = "".join(chars)
        if not _KANA_PAIR.search(joined):
            return joined, src  # the loop below would drop nothing
        # collapse the doubles left by the triple rule (たいいい -> たいい -> たい)
        out: list[str] = []
        out_src: list[int] = []
        for c, s in zip(chars, src, strict=True):
            if (
                len(out) >= 1
                and out[-1] == c
                and (is_hiragana(c) or is_katakana(c))
                and len(out_src) >= 1
                and _run_was_long(nfkc, out_src[-1], c)
            ):
                continue
            out.append(c)
            out_src.append(s)
        return "".join(out), out_src

    def __call__(self, text: str) -> Normalised:
        nfkc = unicodedata.normalize("NFKC", text)
        clean, src = self._basic(nfkc)
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


def _separators_only(nfkc: str) -> tuple[str, list[int]]:
    """``Normaliser._basic`` for a text whose only work is separators: same lower case, no
    stretch, small vowel or variation selector. Valid only if the result has no two equal
    kana side by side (then neither kana rule of ``_basic`` fires); the caller checks that.
    """
    parts: list[str] = []
    src: list[int] = []
    n = len(nfkc)
    pos = 0
    prev = ""  # the last character kept
    for m in _SEPARATOR_RUN.finditer(nfkc):
        a, b = m.start(), m.end()
        if a > pos:
            parts.append(nfkc[pos:a])
            src.extend(range(pos, a))
            prev = nfkc[a - 1]
        nxt = nfkc[b] if b < n else ""
        for i in range(a, b):
            ch = nfkc[i]
            if prev and nxt and is_japanese(prev) and is_japanese(nxt):
                continue
            if ch.isspace():
                if prev == " ":
                    continue
                ch = " "
            parts.append(ch)
            src.append(i)
            prev = ch
        pos = b
    if pos < n:
        parts.append(nfkc[pos:])
        src.extend(range(pos, n))
    return "".join(parts), src


def _run_was_long(nfkc: str, idx: int, ch: str) -> bool:
    """True if ``nfkc`` has a run of three or more ``ch`` (in any kana script) at ``idx``."""
    k = fold_kana(ch)
    j = idx
    count = 0
    while j < len(nfkc) and fold_kana(nfkc[j].lower()) == k:
        count += 1
        j += 1
    return count >= 3
