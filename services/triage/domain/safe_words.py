"""The safe-messaging check every text the system sends passes (DESIGN §4 "Safe messaging").

LINE shows a message's first lines on the lock screen and a partner may read her chat, so no
automatic text may name a topic (violence, DV, suicide, counseling, support, visits...). The words
are `CORE_UNSAFE_WORDS` plus seeds/unsafe_words.yaml: `words` (Japanese, and the Latin-letter words
Japanese borrows) and `languages` (each reply language's own list, kept by its translator).

**Every text is checked against every list**, its own language's included: Tagalog borrows English,
easy Japanese spells kanji words in kana, a Chinese text may reuse a Japanese character. A word found
in any language is refused. Matching ignores width, case and hiragana/katakana. All-ASCII words match
whole words only ("dv" is not in "advice"); an ASCII word ending in `*` matches any word it starts
("abus*": abuse, abused, abusive, abuso). Others match anywhere, so 死 also catches 必死 on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# A floor the seed can extend but not remove (the words DESIGN §4 and the programme name).
CORE_UNSAFE_WORDS = (
    *("暴力", "DV", "ドメスティック", "自殺", "自死", "死", "殺", "虐待", "ストーカー", "性"),
    *("避難", "シェルター", "相談", "支援", "保護", "アウトリーチ", "訪問", "同行", "警察"),
    *("violence", "abuse", "suicide", "shelter", "outreach", "counseling"),
)
_HIRAGANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


class UnsafeMessageError(ValueError):
    """A system text contains a word that could put the consulter at risk."""


def fold(text: str) -> str:
    """What matching compares: NFKC (full-width → half-width), case-folded, hiragana as katakana."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_HIRAGANA)


def _compile(word: str) -> re.Pattern[str]:
    stem = word[:-1] if word.endswith("*") else word
    folded = re.escape(fold(stem))
    if not stem.isascii():
        return re.compile(folded)
    tail = "" if word.endswith("*") else r"(?![a-z0-9])"
    return re.compile(rf"(?<![a-z0-9]){folded}{tail}")


@dataclass(frozen=True, slots=True)
class UnsafeWords:
    """The word lists, compiled once; build it with `UnsafeWords.of` or `parse_unsafe_words`."""

    words: tuple[str, ...]
    languages: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    # Each word as folded: a plain substring test first, so the pattern runs only where it may match
    # (every text of every language is checked at start, in every test that starts triage).
    needles: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def of(
        cls, extra: Iterable[str] = (), languages: Mapping[str, Iterable[str]] | None = None
    ) -> UnsafeWords:
        own = {lang: tuple(w.strip() for w in ws if w.strip()) for lang, ws in (languages or {}).items()}
        every = (*CORE_UNSAFE_WORDS, *extra, *(w for ws in own.values() for w in ws))
        words = tuple(dict.fromkeys(w.strip() for w in every if w.strip() and w.strip() != "*"))
        needles = tuple(fold(w.removesuffix("*")) for w in words)
        return cls(words, own, tuple(_compile(w) for w in words), needles)


CORE = UnsafeWords.of()


def find_unsafe_words(text: str, words: UnsafeWords = CORE) -> list[str]:
    """The listed words found in `text` (as listed, in list order); empty means safe."""
    folded = fold(text)
    return [
        w
        for w, n, p in zip(words.words, words.needles, words.patterns, strict=True)
        if n in folded and p.search(folded)
    ]


def assert_safe(text: str, words: UnsafeWords = CORE) -> str:
    """Return `text` unchanged, or raise UnsafeMessageError naming the words (never the text)."""
    found = find_unsafe_words(text, words)
    if found:
        raise UnsafeMessageError(f"system text contains unsafe words: {', '.join(found)}")
    return text


def parse_unsafe_words(document: Mapping[str, Any]) -> UnsafeWords:
    """From the loaded seeds/unsafe_words.yaml (`words`, `languages`), on top of CORE_UNSAFE_WORDS."""
    languages = document.get("languages") or {}
    if not isinstance(languages, Mapping):
        raise ValueError("languages: expected a mapping of language code to a list of words")
    return UnsafeWords.of(
        (str(w) for w in document.get("words") or ()),
        {str(lang): [str(w) for w in ws or ()] for lang, ws in languages.items()},
    )
