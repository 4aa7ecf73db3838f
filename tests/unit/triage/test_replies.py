"""System texts and the safe-messaging rule (services/triage/domain/replies.py)."""

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from services.triage.adapters.reply_seeds import read_languages
from services.triage.domain.group_chats import group_chat_messages
from services.triage.domain.hours import parse_schedule
from services.triage.domain.replies import (
    EmergencyContact,
    ReplyCatalog,
    UnsafeMessageError,
    UnsafeWords,
    assert_safe,
    find_unsafe_words,
    parse_contacts,
    parse_unsafe_words,
)
from services.triage.domain.roster import parse_roster

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
JST = ZoneInfo("Asia/Tokyo")


def seed(name: str) -> Any:
    return yaml.safe_load((SEEDS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def words() -> UnsafeWords:
    return parse_unsafe_words(seed("unsafe_words.yaml"))


@pytest.fixture(scope="module")
def catalog(words: UnsafeWords) -> ReplyCatalog:
    schedule = parse_schedule(seed("hours.yaml"), seed("holidays.yaml"))
    return ReplyCatalog(
        schedule, parse_contacts(seed("emergency_contacts.yaml")), words, read_languages(SEEDS)
    )


def all_texts(catalog: ReplyCatalog) -> list[str]:
    sent = [
        *catalog.acknowledgement(),
        *catalog.out_of_hours(datetime(2026, 12, 3, 20, 45, tzinfo=JST)),
        *catalog.out_of_hours(datetime(2026, 12, 30, 12, 0, tzinfo=JST)),
        *catalog.group_chat_notice(),
        *catalog.please_wait(),
    ]
    assert all(m["type"] == "text" and set(m) == {"type", "text"} for m in sent)
    return [m["text"] for m in sent]


def test_every_system_template_is_safe(catalog: ReplyCatalog, words: UnsafeWords) -> None:
    for text in all_texts(catalog):
        assert find_unsafe_words(text, words) == [], text


def test_preview_line_names_no_topic(catalog: ReplyCatalog) -> None:
    # The lock screen shows the first line: it must read like any shop's account.
    firsts = {t.splitlines()[0] for t in all_texts(catalog)}
    assert firsts <= {
        "メッセージありがとうございます。",
        "お待たせしています。",
        "このアカウントは個別のトークでご利用ください。",
    }


def test_out_of_hours_reply_has_hours_next_opening_and_numbers(catalog: ReplyCatalog) -> None:
    (message,) = catalog.out_of_hours(datetime(2026, 12, 3, 20, 45, tzinfo=JST))
    text = message["text"]
    assert "受付時間: 木曜・土曜 18:00〜21:00（受付は20:30まで）" in text
    assert "次の受付は12月5日（土）18:00からです。" in text
    for number in ("110 / 119", "#8008", "0120-279-889", "0120-279-338"):
        assert number in text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ＤＶの窓口", ["DV"]),  # full-width
        ("dv", ["DV"]),
        ("しぇるたーのご案内", ["シェルター"]),  # hiragana for katakana
        ("女性の方へ", ["性"]),  # single characters catch compounds, on purpose
        ("Domestic VIOLENCE", ["violence", "domestic"]),
        ("ご相談ください", ["相談"]),
        ("Some advice", []),  # ASCII words match whole words only
        ("メッセージありがとうございます。", []),
    ],
)
def test_matching_ignores_width_case_and_kana(words: UnsafeWords, text: str, found: list[str]) -> None:
    assert sorted(find_unsafe_words(text, words)) == sorted(found)


def test_the_core_list_applies_without_a_seed() -> None:
    assert find_unsafe_words("自殺") == ["自殺", "殺"]
    with pytest.raises(UnsafeMessageError, match="暴力") as info:
        assert_safe("暴力の窓口")
    assert "窓口" not in str(info.value)  # the error names the words, never the text


def test_an_unsafe_seed_stops_the_catalog_at_start_up(words: UnsafeWords) -> None:
    schedule = parse_schedule(seed("hours.yaml"), seed("holidays.yaml"))
    japanese = [lang for lang in read_languages(SEEDS) if lang.code == "ja"]
    with pytest.raises(UnsafeMessageError, match="DV"):
        ReplyCatalog(schedule, [EmergencyContact("navi", "#8008", "DV相談ナビ")], words, japanese)


def test_contact_names_are_never_sent(catalog: ReplyCatalog) -> None:
    text = "\n".join(all_texts(catalog))
    for contact in seed("emergency_contacts.yaml")["contacts"]:
        assert contact["name"] not in text


def test_roster_seed_parses() -> None:
    roster = parse_roster(seed("counselors.yaml"))
    assert {c.role for c in roster} == {"counselor", "supervisor", "admin", "outreach_coordinator", "outreach_worker"}
    assert any(c.on_call and c.role == "supervisor" for c in roster)


def test_the_japanese_out_of_hours_reply_is_unchanged_by_the_language_files(catalog: ReplyCatalog) -> None:
    # Written by the code before the texts moved to seeds/replies/ja.yaml: the same, character for character.
    (message,) = catalog.out_of_hours(datetime(2026, 12, 3, 20, 45, tzinfo=JST))
    assert message["text"] == "\n".join(
        [
            "メッセージありがとうございます。",
            "ただいまは受付時間外です。",
            "受付時間: 木曜・土曜 18:00〜21:00（受付は20:30まで）",
            "祝日と年末年始（12/29〜1/3）はお休みです。",
            "次の受付は12月5日（土）18:00からです。",
            "",
            "お電話でつながる先:",
            "・お急ぎのとき 110 / 119",
            "・24時間つながる電話 0120-279-889",
            "・24時間つながる電話 0120-279-338",
            "・お近くの窓口（つながる時間は窓口によります） #8008",
        ]
    )
    assert catalog.acknowledgement()[0]["text"] == (
        "メッセージありがとうございます。\n順番にお返事しますので、このまま少しお待ちください。"
    )
    assert catalog.group_chat_notice()[0]["text"] == "このアカウントは個別のトークでご利用ください。"


def test_the_group_chat_text_is_the_same_in_the_handler_and_the_catalog(catalog: ReplyCatalog) -> None:
    # handlers/chats.py still sends domain/group_chats.py's text until it takes the catalog's.
    assert catalog.group_chat_notice() == group_chat_messages()
