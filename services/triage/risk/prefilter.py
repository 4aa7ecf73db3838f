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
from collections.abc import Iterable, Sequence

from services.triage.risk.start_grams import GRAM, start_grams


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
