"""Which language the automatic replies use (services/triage/domain/reply_language.py)."""

import pytest

from services.triage.domain.reply_language import (
    REPLY_LANGUAGES,
    LanguageChoice,
    choose_language,
    letters,
    resolve,
    writes_like_a_learner,
)

ALL = REPLY_LANGUAGES


def choose(
    text: str, detected: str | None, stored: str | None = None, override: str | None = None
) -> LanguageChoice:
    return choose_language(detected=detected, text=text, stored=stored, override=override, available=ALL)


@pytest.mark.parametrize(
    ("text", "detected", "stored", "expected"),
    [
        # her message decides, and is kept for the next ones
        ("I need to talk to someone tonight", "en", None, LanguageChoice("en", "en", "message")),
        ("我现在很害怕，不知道怎么办", "zh", "en", LanguageChoice("zh", "zh", "message")),
        ("Xin chào, tôi muốn nói chuyện", "vi", None, LanguageChoice("vi", "vi", "message")),
        ("今日は少し話を聞いてほしいです", "ja", None, LanguageChoice("ja", "ja", "message")),
        # too short to tell, or nothing to read: her language from before, else Japanese
        ("ok", None, "en", LanguageChoice("en", "en", "kept")),
        ("無理", "zh", "ja", LanguageChoice("ja", "ja", "kept")),  # 無理 is Japanese too
        ("無理", "zh", None, LanguageChoice("ja", None, "default")),
        ("はい", "ja", "ko", LanguageChoice("ko", "ko", "kept")),  # a learner's はい keeps Korean
        ("😢", None, None, LanguageChoice("ja", None, "default")),
        # Japanese from someone whose language was another: easy Japanese
        ("ありがとうございます", "ja", "vi", LanguageChoice("ja-easy", "ja-easy", "message")),
        ("明日の予定を教えてください", "ja", "ja-easy", LanguageChoice("ja-easy", "ja-easy", "message")),
        # written as learners are taught: spaced words, no kanji
        ("わたし は ベトナム から きました", "ja", None, LanguageChoice("ja-easy", "ja-easy", "message")),
        (
            "もうむり つかれた",
            "ja",
            None,
            LanguageChoice("ja", "ja", "message"),
        ),  # two words: a native's pause
        # no texts in her language: kept as hers, answered in English
        ("Hola, necesito hablar con alguien", "es", None, LanguageChoice("en", "es", "message")),
        ("Saya butuh bicara dengan seseorang", "id", "es", LanguageChoice("en", "id", "message")),
    ],
)
def test_the_language_follows_her_message(
    text: str, detected: str | None, stored: str | None, expected: LanguageChoice
) -> None:
    assert choose(text, detected, stored) == expected


def test_a_counselors_choice_wins_and_her_language_is_still_kept() -> None:
    assert choose("I need to talk", "en", "en", override="ja-easy") == LanguageChoice(
        "ja-easy", "en", "counselor"
    )
    assert choose("ok", None, "vi", override="es") == LanguageChoice("en", "vi", "counselor")


def test_fallbacks_without_texts() -> None:
    assert resolve("es", ALL) == "en" and resolve("id", ALL) == "en" and resolve("fr", ALL) == "en"
    assert resolve("ja-easy", ("ja", "en")) == "ja"
    assert resolve(None, ALL) == "ja"
    # A Spanish file added later serves her with no other change: "es" was kept as hers.
    assert resolve("es", (*ALL, "es")) == "es"


def test_letters_count_scripts_alike() -> None:
    assert [letters(t) for t in ("はい", "ok!", "무리", "नमस्ते", "12:00 😢")] == [2, 2, 2, 6, 0]


def test_learner_writing() -> None:
    assert writes_like_a_learner("たすけて ください わたし は")
    assert not writes_like_a_learner("今日 は とても つかれた")  # kanji: not the learner's pattern
    assert not writes_like_a_learner("つかれた")
