"""The strings a compiled pattern's matches can start with, read from the pattern itself.

Used by ``prefilter.py``: each pattern is read with the standard library's own regex parser
(``re._parser``) to list the strings of up to ``GRAM`` characters its matches start with
(``死にたい|消えたい`` gives ``{"死にた", "消えた"}``). Whenever the parser meets something it
cannot bound (``.``, ``[^…]``, ``\\s``, back-references, case-insensitive parts, a pattern that
can match the empty string, too many alternatives), there is no bound (None). Zero-width parts
(anchors, look-ahead and look-behind) are skipped: ignoring a condition only lets more through.
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
