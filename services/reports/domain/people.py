"""Figures about people: consultations, consulters new and continuing, ages, friends.

Each function's docstring is the definition the ward reads (docs/reports.md repeats them).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from services.reports.domain.facts import ConsulterFact
from services.reports.domain.labels import AGE_LABELS, NOT_GIVEN, NOT_GIVEN_LABEL
from services.reports.domain.tables import Column, Table, share, with_total
from services.reports.domain.year import Facts, Year


def consultation_months(year: Year, facts: Facts) -> Counter[str]:
    """**Consultations** (相談件数): cases in which a counselor replied (DESIGN §4), each counted once,
    in the month of the case's first counselor reply (Japan time). A case reopened and answered
    again is still one consultation; a case nobody answered is not one."""
    return Counter(
        year.month(c.consultation_at) for c in facts.cases if c.consultation_at and year.contains(c.consultation_at)
    )


def consulters_of_year(year: Year, facts: Facts) -> dict[str, ConsulterFact]:
    """**Consulters** (相談者数): distinct people (pseudonyms) with at least one consultation in the
    year."""
    return {
        cid: c for cid, c in facts.consulters.items() if any(year.contains(at) for at in c.consultations.values())
    }


def first_consultation(consulter: ConsulterFact) -> datetime:
    return min(consulter.consultations.values())


def is_new(year: Year, consulter: ConsulterFact) -> bool:
    """**New** (新規): her first consultation ever is in this year. **Continuing** (継続): she had a
    consultation in an earlier fiscal year. (The service's first year therefore has only new ones.)"""
    return not year.before(first_consultation(consulter))


def new_consulter_months(year: Year, facts: Facts) -> Counter[str]:
    """New consulters by the month of their first consultation."""
    out: Counter[str] = Counter()
    for consulter in consulters_of_year(year, facts).values():
        first = first_consultation(consulter)
        if year.contains(first):
            out[year.month(first)] += 1
    return out


def age_table(year: Year, facts: Facts) -> Table:
    """**Age composition** (年代別相談者): the year's consulters by age band (her intake, a
    counselor's entry winning). Shares are of those whose band is known — 不明 and 未回答 are
    counted but left out of the shares, as the ward's sheet gives shares that add up to 100 %."""
    bands = Counter(c.intake.age_band or NOT_GIVEN for c in consulters_of_year(year, facts).values())
    known = sum(n for code, n in bands.items() if code not in ("unknown", NOT_GIVEN))
    rows = [
        {
            "age_band": label,
            "code": code,
            "consulters": bands.get(code, 0),
            "share": share(bands.get(code, 0), known) if code != "unknown" else None,
        }
        for code, label in [*AGE_LABELS.items(), (NOT_GIVEN, NOT_GIVEN_LABEL)]
    ]
    for row in rows:
        if row["code"] == NOT_GIVEN:
            row["share"] = None
    columns = (
        Column("age_band", "年代", "label"),
        Column("consulters", "相談者数"),
        Column("share", "構成比（%）", "percent", of="consulters"),
    )
    note = "構成比は年代が分かる相談者に占める割合です（不明・未回答を除く）。"
    return Table("age", "年代別相談者数", columns, tuple(with_total(rows, "age_band", ["consulters"])), True, note)


def consulter_table(year: Year, facts: Facts) -> Table:
    """New against continuing consulters, with shares of the year's consulters."""
    people = consulters_of_year(year, facts).values()
    new = sum(1 for c in people if is_new(year, c))
    total = len(people)
    rows = [
        {"kind": "新規", "code": "new", "consulters": new, "share": share(new, total)},
        {"kind": "継続", "code": "continuing", "consulters": total - new, "share": share(total - new, total)},
        {"kind": "合計", "code": "total", "consulters": total, "share": share(total, total)},
    ]
    columns = (
        Column("kind", "区分", "label"),
        Column("consulters", "相談者数"),
        Column("share", "構成比（%）", "percent", of="consulters"),
    )
    note = "新規：その年度に初めて相談した人。継続：前年度までに相談したことがある人。"
    return Table("consulters", "新規・継続相談者数", columns, tuple(rows), True, note)


def friend_months(year: Year, facts: Facts) -> dict[str, Counter[str]]:
    """**Friends** (友だち): LINE friend events in the year by month — `followed` (new friends),
    `blocked` (ブロック), `refollowed` (ブロック解除); registered (登録数) = followed + refollowed −
    blocked (DESIGN §4: follows less unfollows)."""
    out: dict[str, Counter[str]] = {m: Counter() for m in year.months}
    for consulter in facts.consulters.values():
        for change, at in consulter.friend_events:
            if year.contains(at):
                out[year.month(at)][change] += 1
    return out


def net_friends(events: Counter[str]) -> int:
    return events["followed"] + events["refollowed"] - events["blocked"]


def friends_at_year_end(year: Year, facts: Facts) -> int:
    """**Friends at year end** (年度末友だち数): registered over every year up to this one's end."""
    total: Counter[str] = Counter()
    for consulter in facts.consulters.values():
        total.update(change for change, at in consulter.friend_events if year.ends_after(at))
    return net_friends(total)
