"""The automatic texts in nine languages (seeds/replies/), against safe messaging and the Japanese."""

import copy
from typing import Any

import pytest

from services.triage.domain.contacts import EmergencyContact, parse_contacts
from services.triage.domain.replies import ReplyCatalog, UnsafeMessageError
from services.triage.domain.reply_language import REPLY_LANGUAGES
from services.triage.domain.reply_rules import AutoText
from services.triage.domain.reply_texts import parse_language
from services.triage.domain.safe_words import UnsafeWords, find_unsafe_words
from tests.unit.triage.support_replies import (
    SEEDS,
    THURSDAY_LATE,
    YEAR_END,
    catalog,
    languages,
    replies,
    schedule,
    seed,
    visible_texts,
    words,
)

FOREIGN = [lang for lang in REPLY_LANGUAGES if lang != "ja"]


def own_words(language: str) -> UnsafeWords:
    """The floor plus the list of that language alone (Japanese: the top-level `words`)."""
    document = seed("unsafe_words.yaml")
    own = document["words"] if language == "ja" else document["languages"][language]
    assert len(own) >= 25, f"{language}: its own list is too short to mean anything"
    return UnsafeWords.of(own)


def test_the_nine_languages_are_loaded() -> None:
    assert sorted(catalog().languages) == sorted(REPLY_LANGUAGES)
    assert catalog().languages[0] == "ja"


@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_every_text_passes_the_words_of_its_own_language_and_of_all(language: str) -> None:
    texts = [t for reply in replies(language) for t in visible_texts(reply)]
    assert len(texts) > 40
    own = own_words(language)
    for text in texts:
        assert find_unsafe_words(text, own) == [], text
        assert find_unsafe_words(text, words()) == [], text


@pytest.mark.parametrize(
    ("language", "sample"),
    [
        ("ja", "夫から暴力を受けて相談したい"),
        ("ja-easy", "おっとに なぐられて そうだん したい"),
        ("en", "He is abusive and I need support"),
        ("zh", "丈夫家暴，我想咨询"),
        ("ko", "남편이 때려서 상담하고 싶어요"),
        ("vi", "Chồng tôi bạo hành, tôi cần tư vấn"),
        ("tl", "Sinasaktan ako ng asawa ko, kailangan ko ng tulong"),
        ("pt", "Meu marido é violento, preciso de apoio"),
        ("ne", "श्रीमानले हिंसा गर्छन्, मलाई परामर्श चाहियो"),
    ],
)
def test_each_language_list_catches_its_own_topic_words(language: str, sample: str) -> None:
    assert len(find_unsafe_words(sample, own_words(language))) >= 2


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("abus*", "an abusive partner", True),
        ("abus*", "abuso", True),
        ("kill*", "killed", True),
        ("kill*", "new skills", False),  # a stem starts a word, never inside one
        ("sex", "sexta-feira", False),  # whole words: Portuguese Friday is fine
        ("なぐられ", "つなぐ", False),
    ],
)
def test_stems_match_words_that_start_with_them(word: str, text: str, found: bool) -> None:
    assert bool(find_unsafe_words(text, UnsafeWords.of([word]))) is found


@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_the_first_line_is_a_plain_one(language: str) -> None:
    lang = next(x for x in languages() if x.code == language)
    ooh = catalog().reply(AutoText.OUT_OF_HOURS, language, now=THURSDAY_LATE).messages[0]["text"]
    urgent = catalog().reply(AutoText.URGENT_OUT_OF_HOURS, language, now=THURSDAY_LATE).messages[0]["text"]
    assert ooh.splitlines()[0] == lang.texts["thanks"]
    assert urgent.splitlines()[0] == lang.texts["urgent_first_line"]
    assert "110" in urgent.splitlines()[0] and "119" in urgent.splitlines()[0]


@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_the_urgent_reply_misses_nothing_of_the_plain_one(language: str) -> None:
    for now in (THURSDAY_LATE, YEAR_END):
        plain = catalog().reply(AutoText.OUT_OF_HOURS, language, now=now).messages[0]["text"]
        urgent = catalog().reply(AutoText.URGENT_OUT_OF_HOURS, language, now=now).messages[0]["text"]
        # Every line of the plain reply but the greeting, the heading and the 110 / 119 line (its
        # first line says it) is in the urgent one; every number of the plain one is too.
        for line in plain.splitlines()[1:5]:
            assert line in urgent, line
        for number in ("110", "119", "0120-279-889", "0120-279-338", "#8008"):
            assert number in urgent


@pytest.mark.parametrize("language", FOREIGN)
def test_the_gloss_is_the_japanese_of_the_same_message(language: str) -> None:
    for reply in replies(language):
        assert reply.language == language and reply.gloss is not None
        assert [set(m) for m in reply.gloss] == [set(m) for m in reply.messages]
        assert reply.gloss != reply.messages
    c = catalog()
    urgent = c.reply(AutoText.URGENT_OUT_OF_HOURS, language, now=THURSDAY_LATE)
    assert urgent.gloss == c.reply(AutoText.URGENT_OUT_OF_HOURS, "ja", now=THURSDAY_LATE).messages


def test_japanese_has_no_gloss_and_unknown_languages_fall_back() -> None:
    c = catalog()
    assert c.reply(AutoText.ACKNOWLEDGEMENT, "ja").gloss is None
    assert [c.reply(AutoText.ACKNOWLEDGEMENT, code).language for code in ("es", "id", "fr")] == ["en"] * 3
    assert c.acknowledgement() == c.reply(AutoText.ACKNOWLEDGEMENT).messages  # today's callers: Japanese


def quick(reply: Any) -> list[dict[str, Any]]:
    return [item["action"] for item in reply.messages[0]["quickReply"]["items"]]


def test_answers_carry_the_same_codes_in_every_language() -> None:
    c = catalog()
    for question in ("age", "channel"):
        datas = {
            tuple(a["data"] for a in quick(c.intake_question(question, lang))) for lang in REPLY_LANGUAGES
        }
        assert len(datas) == 1
        # Her answer never appears in her chat (no displayText on intake answers).
        assert all("displayText" not in a for a in quick(c.intake_question(question, "tl")))
    visit = c.appointment("confirm", "pt", when=THURSDAY_LATE, ref="v9")
    assert [a["data"] for a in quick(visit)] == [
        "appointment:v9:confirm",
        "appointment:v9:reschedule",
        "appointment:v9:cancel",
    ]
    assert all(a["displayText"] == a["label"] for a in quick(visit))


def test_language_notes_say_only_what_each_line_offers() -> None:
    c = catalog()
    en = c.reply(AutoText.URGENT_OUT_OF_HOURS, "en", now=THURSDAY_LATE).messages[0]["text"].splitlines()
    assert en[1] == "(English: 110 / 119)"
    zh = c.reply(AutoText.OUT_OF_HOURS, "zh", now=THURSDAY_LATE).messages[0]["text"]
    assert "・有急事时 110 / 119（119可使用中文）" in zh.splitlines()
    vi = c.reply(AutoText.OUT_OF_HOURS, "vi", now=THURSDAY_LATE).messages[0]["text"].splitlines()
    assert "・Khi cần gấp: 110 / 119" in vi  # neither 110 nor 119 is known to answer in Vietnamese
    assert any(line.startswith("・24 giờ: 0120-279-338 (tiếng Việt:") for line in vi)
    for language in REPLY_LANGUAGES:
        text = c.reply(AutoText.OUT_OF_HOURS, language, now=THURSDAY_LATE).messages[0]["text"]
        # DV相談+ answers the telephone in Japanese only: never promise her language on it.
        assert next(line for line in text.splitlines() if "0120-279-889" in line).endswith("0120-279-889")


def test_an_unsafe_place_is_refused_at_send() -> None:
    with pytest.raises(UnsafeMessageError):
        catalog().appointment("reminder", "en", when=THURSDAY_LATE, ref="v1", place="Women's shelter")


def test_dates_and_hours_read_in_her_language() -> None:
    c = catalog()
    en = c.out_of_hours(THURSDAY_LATE, "en")[0]["text"]
    assert "Hours: Thursday and Saturday, 18:00–21:00 (messages taken until 20:30)" in en
    assert "We open again on Saturday, December 5, 18:00." in en
    assert "(December 29–January 3)" in en
    ko = c.out_of_hours(YEAR_END, "ko")[0]["text"]
    assert "다음 접수는 1월 7일(목) 18:00부터입니다." in ko  # after the year-end closure
    easy = c.out_of_hours(THURSDAY_LATE, "ja-easy")[0]["text"]
    assert "つぎの うけつけは 12がつ5にち（どようび）18:00 からです。" in easy


def document(code: str) -> dict[str, Any]:
    return copy.deepcopy(seed(f"replies/{code}.yaml"))


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d["texts"].pop("answer_soon"), "missing"),
        (lambda d: d["texts"].update(next_opening="Open {when} at {place}"), "unknown placeholders"),
        (lambda d: d["texts"].update(urgent_first_line="Call the police"), "110 and 119"),
        (lambda d: d["choices"]["age"].update(skip="I would rather not say that"), "1-20 characters"),
        (lambda d: d["choices"]["channel"].pop("other"), "exactly"),
        (lambda d: d.update(weekdays=d["weekdays"][:6]), "7 days"),
    ],
)
def test_a_broken_language_file_is_refused(change: Any, error: str) -> None:
    broken = document("en")
    change(broken)
    with pytest.raises(ValueError, match=error):
        parse_language(broken)


def build(*changed: dict[str, Any], contacts: tuple[EmergencyContact, ...] | None = None) -> ReplyCatalog:
    langs = [parse_language(d) for d in (document("ja"), *changed)]
    return ReplyCatalog(
        schedule(), contacts or parse_contacts(seed("emergency_contacts.yaml")), words(), langs
    )


def test_an_unsafe_translation_stops_start_up() -> None:
    en = document("en")
    en["texts"]["outreach_possible"] = "We can also visit you."
    with pytest.raises(UnsafeMessageError, match=r"visit\*"):
        build(en)


def test_a_missing_label_or_closure_name_stops_start_up() -> None:
    en = document("en")
    del en["contact_labels"]["yorisoi"], en["closure_names"]["年末年始"]
    with pytest.raises(ValueError, match=r"closure_names\.年末年始, contact_labels\.yorisoi"):
        build(en)
    with pytest.raises(ValueError, match="Japanese texts"):
        ReplyCatalog(schedule(), (), words(), [parse_language(document("en"))])


def test_the_docs_table_shows_every_text_as_the_seeds_have_it() -> None:
    # docs/policies.md §5.5 is where each translation was reviewed: a changed text needs a new review.
    docs = (SEEDS.parent / "docs" / "policies.md").read_text(encoding="utf-8")
    for lang in REPLY_LANGUAGES:
        texts = seed(f"replies/{lang}.yaml")["texts"]
        for key, text in texts.items():
            assert f"| {lang} | {text.replace(chr(10), '<br>')} |" in docs, f"{lang}.{key}"
        for question, labels in seed(f"replies/{lang}.yaml")["choices"].items():
            for label in labels.values():
                assert f"| {label} |" in docs, f"{lang}.choices.{question}"


def test_a_language_a_number_offers_needs_its_note() -> None:
    en = document("en")
    del en["notes"]["language_menu_some_days"]
    with pytest.raises(ValueError, match=r"notes\.language_menu_some_days"):
        build(en)
    en["texts"]["thanks"] = None  # an empty entry in the file is missing, not the text "None"
    with pytest.raises(ValueError, match=r"texts\.thanks: empty"):
        parse_language(en)
