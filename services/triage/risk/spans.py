"""The three strings a message is matched in, and how their offsets map back to its text.

Concepts are matched in three views of one normalised message:

- the **surface**: the normalised text with katakana folded to hiragana (``Normalised.folded``),
  one character for each character of ``Normalised.clean``, so its offsets need no mapping;
- the **lemmas**: the tokens' dictionary forms joined with ``LEMMA_SEP`` (``殺されそう`` ->
  ``␟殺す␟れる␟そう␟``), so a rule word matches whatever the conjugation;
- the **readings**: the tokens' readings joined (``今日でおわり`` -> ``きょうでおわり``), so a kana
  spelling matches a kanji term.

``TokenIndex`` turns a match in the lemma or reading view into a ``[start, end)`` range of the
clean text (whole tokens); ``Normalised.to_nfkc`` then maps that to the text she wrote.
"""

from __future__ import annotations

import bisect
from itertools import accumulate

from services.triage.risk.kana import fold_kana
from services.triage.risk.tokens import Token

LEMMA_SEP = "\x1f"


class TokenIndex:
    """Lemma and reading views of one message's tokens, built once per message.

    The maps from a view's offsets back to tokens are made on the first match that needs
    them: most messages have none.
    """

    __slots__ = (
        "_lemma_starts", "_norms", "_reading_begin", "_reading_bounds", "_reading_end", "lemma_set", "lemmas",
        "reading_starts", "readings", "tokens",
    )  # fmt: skip

    def __init__(self, tokens: list[Token], with_lemmas: bool) -> None:
        self.tokens = tokens
        self.lemmas = ""
        self.lemma_set: frozenset[str] = frozenset()  # the folded dictionary forms present
        self._norms: tuple[str, ...] = ()
        self._lemma_starts: list[int] | None = None
        self.readings = ""
        self.reading_starts: list[int] = []
        self._reading_bounds: list[int] = [0]
        self._reading_begin: dict[int, int] | None = None
        self._reading_end: dict[int, int] | None = None
        if not tokens:
            return
        _, _, norms, readings, _ = zip(*tokens, strict=True)
        if with_lemmas:
            self._norms = norms
            # folding is one character for one, so the joined string folds as its parts
            self.lemmas = fold_kana(LEMMA_SEP + LEMMA_SEP.join(norms) + LEMMA_SEP)
            self.lemma_set = frozenset(self.lemmas.split(LEMMA_SEP))
        self._reading_bounds = list(accumulate(map(len, readings), initial=0))
        self.reading_starts = self._reading_bounds[:-1]
        self.readings = fold_kana("".join(readings))

    def lemma_span(self, start: int, end: int) -> tuple[int, int]:
        """Clean-text range of the tokens a lemma-view match ``[start, end)`` covers."""
        starts = self._lemma_starts
        if starts is None:
            # where each token's form starts in the joined string (after its separator)
            starts = self._lemma_starts = list(accumulate([len(n) + 1 for n in self._norms], initial=1))[:-1]
        first = max(0, bisect.bisect_right(starts, start + 1) - 1)
        last = max(0, bisect.bisect_right(starts, end - 1) - 1)
        return self.tokens[first].begin, self.tokens[last].end

    def reading_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Clean-text range of a reading-view match, or None unless it covers whole tokens."""
        if self._reading_begin is None or self._reading_end is None:
            # token index by where its reading starts / ends (a later token wins a tie)
            bounds = self._reading_bounds
            self._reading_begin = dict(zip(bounds[:-1], range(len(self.tokens)), strict=True))
            self._reading_end = dict(zip(bounds[1:], range(len(self.tokens)), strict=True))
        first = self._reading_begin.get(start)
        last = self._reading_end.get(end)
        if first is None or last is None or last < first:
            return None
        return self.tokens[first].begin, self.tokens[last].end
