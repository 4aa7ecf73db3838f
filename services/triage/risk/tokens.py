"""SudachiPy, loaded once per process, and the light tokens the rules read.

The dictionary (``sudachidict_core``, split mode C) is the largest thing the risk package keeps
in memory; ``shared_tokenizer()`` loads it once and every assessor reuses it.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any, NamedTuple

from sudachipy import Dictionary, SplitMode


class Token(NamedTuple):
    """One SudachiPy token (a tuple: built for every token of every message, so kept cheap).

    ``begin``/``end`` index the normalised ("clean") text. ``norm`` (dictionary form) and
    ``reading`` are as SudachiPy gives them: fold them (``fold_kana``) before comparing with
    rule words. ``pos`` is the first level of the part of speech (名詞, 動詞, 助動詞 ...).
    """

    begin: int
    end: int
    norm: str
    reading: str
    pos: str


class _PosNames(dict[int, str]):
    """Part-of-speech id -> its first level (名詞, 助動詞 ...), filled on first use."""

    def __init__(self, dictionary: Dictionary) -> None:
        super().__init__()
        self._dictionary = dictionary

    def __missing__(self, pid: int) -> str:
        pos: str = self._dictionary.pos_of(pid)[0]
        self[pid] = pos
        return pos


class Tokenizer:
    """Tokens of a normalised text, and the dictionary forms and readings of rule words."""

    def __init__(self) -> None:
        t0 = time.perf_counter()
        dictionary = Dictionary(dict="core")
        self._tok: Any = dictionary.tokenizer()
        self.load_seconds = time.perf_counter() - t0
        self._mode = SplitMode.C
        self._pos_names = _PosNames(dictionary)
        self._morphemes = self._tok.tokenize("", self._mode)

    def tokens(self, clean: str) -> list[Token]:
        """SudachiPy's tokens of ``clean``. Not thread-safe: one morpheme list is reused."""
        if not clean:
            return []
        pos_names = self._pos_names
        new = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__
        morphemes = self._tok.tokenize(clean, self._mode, out=self._morphemes)
        return [
            new(
                Token,
                (m.begin(), m.end(), m.normalized_form(), m.reading_form(), pos_names[m.part_of_speech_id()]),
            )
            for m in morphemes
        ]

    def lemma_of(self, word: str) -> list[str]:
        """Dictionary forms of a rule word (``殺される`` -> [殺す, れる])."""
        return [m.normalized_form() for m in self._tok.tokenize(word, self._mode)]

    def reading_of(self, word: str) -> str:
        """A rule word's reading in katakana."""
        return "".join(m.reading_form() for m in self._tok.tokenize(word, self._mode))


@cache
def shared_tokenizer() -> Tokenizer:
    """The process's one tokenizer (the dictionary is loaded on first use)."""
    return Tokenizer()
