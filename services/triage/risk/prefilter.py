"""A cheap necessary condition for a compiled word list to match (computed at load).

Most of a message's ~100 word lists do not occur in it, and running each list's full regular
expression to find that out was half the cost of an assessment. At load, each pattern is read
(with the standard library's own regex parser) to find the strings its matches can start with,
cut to ``GRAM`` (3) characters: ``死にたい|消えたい`` gives ``{"死にた", "消えた"}``; a term list
with a one-character word gives that character. A message is then cut once into its substrings
of those lengths, and only the lists one of whose starting strings occurs are searched.

The condition is exact in one direction, which is all that matters: if a pattern matches
anywhere, one of its starting strings is in the text. Whenever the parser meets something it
cannot bound (``.``, ``[^…]``, ``\\s``, back-references, case-insensitive parts, a pattern
that can match the empty string, too many alternatives), the pattern gets no filter and is
always searched, exactly as before. Zero-width parts (anchors, look-ahead and look-behind)
are skipped: ignoring a condition can only let more patterns through.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _p
from collections.abc import Iterable, Sequence
from typing import Any

GRAM = 3
"""Longest starting string used (a pattern whose starts cannot be listed within the limits at
this length is tried with shorter ones)."""

_MAX_OPTIONS = 4096
_MAX_RANGE = 256


def start_grams(pattern: re.Pattern[str], gram: int = GRAM) -> frozenset[str] | None:
    """Strings of 1..``gram`` characters one of which every match of ``pattern`` starts with.

    A match shorter than ``gram`` characters gives the whole match. ``None``: no such
    bound is known (search the pattern whatever the text).
    """
    if pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern this parser reads differently: no filter
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    opts = None
    for k in range(gram, 0, -1):
        opts = _seq(list(parsed), k)
        if opts is not None:
            break
    if opts is None:
        return None
    grams = opts[0] | opts[1]
    if "" in grams:
        return None
    return frozenset(grams)


def text_grams(text: str, lengths: Iterable[int] = range(1, GRAM + 1)) -> set[str]:
    """The substrings of ``text`` of the given lengths (1..GRAM; what ``start_grams`` are
    looked up in: a filter only needs the lengths of its own starting strings)."""
    n = len(text)
    get = text.__getitem__
    grams: set[str] = set()
    for k in lengths:
        if k == 1:
            grams.update(text)
            continue
        count = n - k + 1
        if count <= 0:
            continue
        slices = _SLICES.get(k, ())
        if len(slices) >= count:
            grams.update(map(get, slices[:count]))
        else:  # a long text
            grams.update([text[i : i + k] for i in range(count)])
    return grams


_SLICES: dict[int, tuple[slice, ...]] = {
    k: tuple(slice(i, i + k) for i in range(1024)) for k in range(2, GRAM + 1)
}
"""``_SLICES[k][i]`` is ``slice(i, i + k)``, made once (slicing with them is cheaper). Never
changed after import, so ``text_grams`` is safe to call from several threads."""


def starting_grams(
    text: str, positions: Iterable[int], lengths: Iterable[int] = range(1, GRAM + 1)
) -> set[str]:
    """The substrings of ``text`` of the given lengths that start at one of ``positions``."""
    n = len(text)
    return {text[p : p + k] for k in lengths for p in positions if p + k <= n}


_Opts = tuple[set[str], set[str]]
"""(whole matches shorter than the limit, which the next item extends; starts that end here)."""


def _seq(items: Sequence[tuple[Any, Any]], k: int) -> _Opts | None:
    """Starting strings (length <= k) of the matches of a sequence of items."""
    cur = {""}
    closed: set[str] = set()
    for item in items:
        if not cur:
            break
        new: set[str] = set()
        for p in cur:
            opts = _item(item, k - len(p))
            if opts is None:
                if not p:
                    return None
                closed.add(p)  # matches start with p, whatever follows
                continue
            whole, starts = opts
            for q in whole:
                s = p + q
                if len(s) >= k:
                    closed.add(s[:k])
                else:
                    new.add(s)
            closed.update(p + q for q in starts)
        if len(new) + len(closed) > _MAX_OPTIONS:
            return None
        cur = new
    return cur, closed


def _item(item: tuple[Any, Any], k: int) -> _Opts | None:
    op, av = item
    if op is _c.LITERAL:
        return {chr(av)}, set()
    if op is _c.IN:
        chars = _charset(av)
        return None if chars is None else (chars, set())
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & (re.IGNORECASE | re.LOCALE):
            return None
        return _seq(list(sub), k)
    if op is _c.ATOMIC_GROUP:
        return _seq(list(av), k)
    if op is _c.BRANCH:
        return _union(_seq(list(branch), k) for branch in av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        # item^n for n >= k starts like item^k (each repetition adds a character or
        # nothing), so n <= k suffices
        return _union(_seq(list(sub) * n, k) for n in range(min(lo, k), min(hi, k) + 1))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {""}, set()  # zero width
    return None  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, GROUPREF_EXISTS, ...


def _union(parts: Iterable[_Opts | None]) -> _Opts | None:
    whole: set[str] = set()
    starts: set[str] = set()
    for part in parts:
        if part is None:
            return None
        whole |= part[0]
        starts |= part[1]
        if len(whole) + len(starts) > _MAX_OPTIONS:
            return None
    return whole, starts


def _charset(items: Iterable[tuple[Any, Any]]) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo >= _MAX_RANGE:
                return None
            out.update(chr(c) for c in range(lo, hi + 1))
        else:  # NEGATE, CATEGORY, ...
            return None
    return out


class GramFilter:
    """For a list of patterns, which ones can match a given text (indices, in list order).

    ``None`` entries never match; patterns without a known bound are always candidates.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str] | None]) -> None:
        index: dict[str, list[int]] = {}
        always: list[int] = []
        for k, pattern in enumerate(patterns):
            if pattern is None:
                continue
            grams = start_grams(pattern)
            if grams is None:
                always.append(k)
                continue
            for g in grams:
                index.setdefault(g, []).append(k)
        self._index = {g: tuple(ks) for g, ks in index.items()}
        self._keys = frozenset(index)
        self.lengths = frozenset(len(g) for g in index)
        """Lengths of the starting strings (the only ones ``candidates`` needs)."""
        self.always = frozenset(always)

    def candidates(self, grams: set[str]) -> set[int]:
        """Indices of the patterns that may match somewhere in a text (``text_grams(text)``)."""
        out = set(self.always)
        index = self._index
        for g in grams & self._keys:
            out.update(index[g])
        return out
