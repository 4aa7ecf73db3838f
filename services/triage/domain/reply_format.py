"""The hours, the closed days and a date, written in her language from that language's `format`.

The same rules as `hours.hours_text` / `closed_days_text` / `opening_text` (the Japanese texts, which
the Japanese format reproduces character for character, tested): sessions with the same times share
one line, the last intake is named only when it is before closing, each yearly closure is named with
its dates. Times are 24-hour `18:00` in every language and digits stay ASCII, so a number is read and
dialled the same everywhere.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from services.triage.domain.hours import Closure, Schedule
from services.triage.domain.reply_texts import LanguageTexts


def _month_day(month: int, day: int, lang: LanguageTexts) -> str:
    name = lang.months[month - 1] if lang.months else ""
    return lang.formats["month_day"].format(month=month, day=day, month_name=name)


def hours_line(schedule: Schedule, lang: LanguageTexts) -> str:
    """「受付時間: 木曜・土曜 18:00〜21:00（受付は20:30まで）」, "Hours: Thursday and Saturday, ..." """
    f = lang.formats
    parts = []
    by_times = sorted(schedule.sessions, key=lambda s: (s.opens, s.last_intake, s.closes, s.weekday))
    for (opens, last, closes), group in groupby(by_times, key=lambda s: (s.opens, s.last_intake, s.closes)):
        days = f["day_join"].join(f["day"].format(weekday=lang.weekdays[s.weekday]) for s in group)
        template = f["session_last_intake"] if last < closes else f["session"]
        parts.append(
            template.format(
                days=days, opens=f"{opens:%H:%M}", closes=f"{closes:%H:%M}", last_intake=f"{last:%H:%M}"
            )
        )
    return f["hours"].format(sessions=f["session_join"].join(parts))


def closure_name(closure: Closure, lang: LanguageTexts) -> str:
    """The closure's name in `lang` (the seed's name itself in Japanese)."""
    return lang.closure_names.get(closure.name, closure.name if lang.code == "ja" else "")


def closed_days_line(schedule: Schedule, lang: LanguageTexts) -> str:
    """「祝日と年末年始（12/29〜1/3）はお休みです。」"""
    closures = "".join(
        lang.formats["closure"].format(
            name=closure_name(c, lang),
            start=_month_day(*c.start, lang),
            end=_month_day(*c.end, lang),
        )
        for c in schedule.closures
    )
    return lang.formats["closed_days"].format(closures=closures)


def date_time(when: datetime, schedule: Schedule, lang: LanguageTexts) -> str:
    """「12月3日（木）18:00」, "Thursday, December 3, 18:00" — in the schedule's zone."""
    if when.tzinfo is None:
        raise ValueError("when must be timezone-aware")
    local = when.astimezone(schedule.tz)
    return lang.formats["date_time"].format(
        month=local.month,
        day=local.day,
        month_name=lang.months[local.month - 1] if lang.months else "",
        weekday=lang.weekdays[local.weekday()],
        time=f"{local:%H:%M}",
    )
