"""The real seeds' reply catalog, and every text it can send in a language, for the reply tests."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from services.triage.adapters.reply_seeds import read_languages
from services.triage.domain.contacts import parse_contacts
from services.triage.domain.hours import Schedule, parse_schedule
from services.triage.domain.replies import AutoReply, ReplyCatalog
from services.triage.domain.reply_rules import AutoText
from services.triage.domain.reply_texts import LanguageTexts
from services.triage.domain.safe_words import UnsafeWords, parse_unsafe_words

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
JST = ZoneInfo("Asia/Tokyo")
THURSDAY_LATE = datetime(2026, 12, 3, 20, 45, tzinfo=JST)  # after last intake: next opening Saturday
YEAR_END = datetime(2026, 12, 30, 12, 0, tzinfo=JST)  # closed: next opening after the New Year


def seed(name: str) -> Any:
    return yaml.safe_load((SEEDS / name).read_text(encoding="utf-8"))


@cache
def schedule() -> Schedule:
    return parse_schedule(seed("hours.yaml"), seed("holidays.yaml"))


@cache
def words() -> UnsafeWords:
    return parse_unsafe_words(seed("unsafe_words.yaml"))


@cache
def languages() -> tuple[LanguageTexts, ...]:
    return read_languages(SEEDS)


@cache
def catalog() -> ReplyCatalog:
    return ReplyCatalog(schedule(), parse_contacts(seed("emergency_contacts.yaml")), words(), languages())


def replies(language: str) -> list[AutoReply]:
    """Every automatic text of `language` the way it can be sent."""
    c = catalog()
    sent = [
        c.reply(kind, language, now=now, with_outreach=outreach)
        for kind in AutoText
        for now in (THURSDAY_LATE, YEAR_END)
        for outreach in (False, True)
    ]
    sent += [c.plain(name, language) for name in ("group_chat", "please_wait", "intake_thanks")]
    sent += [c.intake_question(q, language) for q in ("age", "channel")]
    sent += [
        c.appointment(which, language, when=THURSDAY_LATE, ref="v1", place="〇〇駅 東口")
        for which in ("confirm", "reminder")
    ]
    return sent


def visible_texts(reply: AutoReply) -> list[str]:
    """What can appear on her screen: bodies, quick-reply labels and what a tap writes in her chat."""
    out = []
    for message in reply.messages:
        out.append(message["text"])
        for item in message.get("quickReply", {}).get("items", ()):
            action = item["action"]
            out += [action["label"], *([action["displayText"]] if "displayText" in action else [])]
    return out
