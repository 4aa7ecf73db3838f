"""Character-level folding of chat text (steps 1-3 of ``normalise.py``), with offsets.

Lower case, variation selectors dropped; spacing and separators between Japanese characters
removed (``し に た い``); stretched vowels folded (``しにたーーい``, ``しにたぁい``); runs of three or
more of the same kana kept once. Each kept character remembers its index in the NFKC text, so
reasons can point at what she wrote.
"""

from __future__ import annotations

import re

from services.triage.risk.kana import fold_kana, is_hiragana, is_japanese, is_katakana

_SEPARATORS = frozenset(" \t\u3000・･.*_\u200b")
_STRETCH = frozenset("ー〜~")
_SMALL_VOWELS = frozenset("ぁぃぅぇぉ")
_VARIATION = frozenset("\ufe0e\ufe0f")
_NEEDS_WORK = re.compile(
    "["
    + re.escape("".join(sorted(_SEPARATORS | _STRETCH | _SMALL_VOWELS | _VARIATION)))
    + "]|([\u3041-\u309f\u30a1-\u30fa])\\1"
)
"""A character ``fold_chars`` may drop or change; without one, it keeps the text as it is."""
_SPECIAL = _SEPARATORS | _STRETCH | _SMALL_VOWELS | _VARIATION
_SEPARATOR_RUN = re.compile("[" + re.escape("".join(sorted(_SEPARATORS))) + "]+")
_HARD = re.compile("[" + re.escape("".join(sorted(_STRETCH | _SMALL_VOWELS | _VARIATION))) + "]")
_KANA_PAIR = re.compile("([\u3041-\u309f\u30a1-\u30fa])\\1")


def fold_chars(nfkc: str) -> tuple[str, list[int]]:
    """Steps 1-3 on an NFKC text: lower case, separators, stretched vowels, kana runs; with the
    index in ``nfkc`` of each character kept."""
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


def _separators_only(nfkc: str) -> tuple[str, list[int]]:
    """``fold_chars`` for a text whose only work is separators: same lower case, no
    stretch, small vowel or variation selector. Valid only if the result has no two equal
    kana side by side (then neither kana rule of ``fold_chars`` fires); the caller checks that.
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
