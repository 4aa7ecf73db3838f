"""The language of the automatic replies: hers, kept for her next messages; a counselor's choice wins.

For a supervisor (docs/policies.md §5 "Language"):

1. **A counselor's choice wins** (set in the console), until she clears it.
2. Otherwise **the language she writes in** (the risk assessment's `language`: ja, en, zh, ko, vi,
   tl, pt, es, ne, id) — once her message has at least `MIN_LETTERS` letters. Shorter messages
   (はい, ok, 無理, an emoji, a sticker) cannot be told apart (無理 is also Chinese) and **keep her
   language** from before; with none kept, Japanese.
3. **Easy Japanese** (やさしい日本語) when she writes Japanese and
   - her language so far was another one (she is writing in Japanese as a learner), or
   - the message has no kanji and is written in spaced words, the way learners are taught
     (「わたし は ベトナム から きました」), or
   - easy Japanese was already hers (a Japanese message keeps it; only a counselor switches back).
   A native speaker taken for a learner loses little: easy Japanese is plain and polite.
4. **Languages without texts** fall back: Spanish and Indonesian → English (the second language
   most who write them read; the assessment recognises both), any other → English, easy Japanese →
   Japanese. Her own language is kept as written (es), so adding `seeds/replies/es.yaml` serves her
   with no other change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

JAPANESE, EASY_JAPANESE, ENGLISH = "ja", "ja-easy", "en"
REPLY_LANGUAGES = ("ja", "ja-easy", "en", "zh", "ko", "vi", "tl", "pt", "ne")
"""The languages the seeds give texts in (seeds/replies/<code>.yaml); zh is simplified Chinese."""
FALLBACK = {"es": ENGLISH, "id": ENGLISH, EASY_JAPANESE: JAPANESE}
MIN_LETTERS = 4
"""Letters a message needs before it may change her language (kana, kanji, hangul, Latin...)."""

_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile("[\u3041-\u309f\u30a0-\u30ff]")
Why = Literal["counselor", "message", "kept", "default"]


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """`reply`: the language to send in (it has texts). `hers`: to keep on the consulter for her next
    messages (may lack texts, e.g. es). `why`: what decided, for the console."""

    reply: str
    hers: str | None
    why: Why


def letters(text: str) -> int:
    """How many letters (and their combining marks, as in Devanagari) the message has."""
    return sum(unicodedata.category(ch)[0] in "LM" for ch in unicodedata.normalize("NFKC", text))


def writes_like_a_learner(text: str) -> bool:
    """Japanese with no kanji, in at least three space-separated words that carry kana."""
    normal = unicodedata.normalize("NFKC", text)
    words = [w for w in normal.split() if _KANA.search(w)]
    return not _KANJI.search(normal) and len(words) >= 3


def resolve(language: str | None, available: Collection[str]) -> str:
    """The language to send in: `language` if it has texts, else its fallback, else English."""
    if language is None:
        return JAPANESE
    for candidate in (language, FALLBACK.get(language), ENGLISH, JAPANESE):
        if candidate is not None and candidate in available:
            return candidate
    raise ValueError("no texts in Japanese or English")


def _hers(detected: str | None, text: str, stored: str | None) -> tuple[str | None, Why]:
    if detected is None or letters(text) < MIN_LETTERS:
        return (stored, "kept") if stored else (None, "default")
    if detected != JAPANESE:
        return detected, "message"
    if stored not in (None, JAPANESE) or writes_like_a_learner(text):
        return EASY_JAPANESE, "message"
    return JAPANESE, "message"


def choose_language(
    *,
    detected: str | None,
    text: str,
    stored: str | None,
    override: str | None,
    available: Collection[str],
) -> LanguageChoice:
    """The reply's language for this message. `detected`: `Assessment.language` (None: could not
    tell); `text`: her message (read here, never kept or logged); `stored`: her language kept from
    before; `override`: a counselor's choice; `available`: the catalog's languages."""
    hers, why = _hers(detected, text, stored)
    if override:
        return LanguageChoice(resolve(override, available), hers, "counselor")
    return LanguageChoice(resolve(hers, available), hers, why)
