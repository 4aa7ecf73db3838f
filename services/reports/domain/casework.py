"""Figures about the work on cases: hours of use, first responses, risk levels, outcomes.

Each function's docstring is the definition the ward reads (docs/reports.md repeats them).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from services.reports.domain.labels import LEVEL_LABELS, OUTCOME_LABELS, WEEKDAYS, label
from services.reports.domain.levels import LEVELS
from services.reports.domain.tables import Column, Table, share, with_total
from services.reports.domain.year import Facts, Year


def hours_table(year: Year, facts: Facts) -> Table:
    """**Hours of use** (時間帯別の利用): the messages consulters sent in the year, by the hour and day
    of the week they were sent (Japan time), and how many arrived while the service was not taking
    messages (受付時間外: outside seeds/hours.yaml's sessions, or on a holiday) — the evidence for
    changing the hours. Messages, not people: one person writing ten lines counts ten."""
    cells: Counter[tuple[int, int]] = Counter()
    outside: Counter[int] = Counter()
    for case in facts.cases:
        for m in case.messages:
            if year.contains(m.at):
                cells[(m.hour, m.weekday)] += 1
                outside[m.hour] += 0 if m.in_hours else 1
    rows = []
    for hour in range(24):
        row: dict[str, object] = {"hour": f"{hour}時台", "code": str(hour)}
        for day in range(7):
            row[f"wd{day}"] = cells[(hour, day)]
        total = sum(cells[(hour, d)] for d in range(7))
        row |= {"messages": total, "out_of_hours": outside[hour], "in_hours": total - outside[hour]}
        rows.append(row)
    columns = (
        Column("hour", "時間帯", "label"),
        *(Column(f"wd{d}", f"{name}曜") for d, name in enumerate(WEEKDAYS)),
        Column("messages", "計"),
        Column("in_hours", "受付時間内"),
        Column("out_of_hours", "受付時間外"),
    )
    keys = [*(f"wd{d}" for d in range(7)), "messages", "in_hours", "out_of_hours"]
    note = "相談者から届いたメッセージの数（日本時間）。受付時間外は自動応答のみの時間帯です。"
    return Table("hours", "曜日・時間帯別のメッセージ数", columns, tuple(with_total(rows, "hour", keys)), True, note)


def nearest_rank(values: Sequence[float], fraction: float) -> int | None:
    """The nearest-rank percentile, in whole seconds: the smallest value with at least `fraction` of
    them at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(fraction * len(ordered)) - 1)])


def response_table(year: Year, facts: Facts) -> Table:
    """**First responses** (初回応答): each first counselor reply of a wait (a case's opening or a
    reopening) given in the year, by the case's risk level at that moment: how many, the median and
    90th percentile of the wait (nearest rank, seconds), and how many came later than that level's
    first-response target (目標超過 — an SLA breach). **Escalations** (SV通知): waits the supervisor
    was alerted to because the target passed (`case.escalated`, reason sla_breach)."""
    waits: dict[int, list[float]] = {r: [] for r in range(4)}
    late: Counter[int] = Counter()
    escalated: Counter[int] = Counter()
    for case in facts.cases:
        for r in case.responses:
            if year.contains(r.at):
                waits[r.rank].append(r.waited_s)
                late[r.rank] += 1 if r.waited_s > r.target_s else 0
        for e in case.escalations:
            if e.get("reason") == "sla_breach" and year.contains(e.get("at")):
                escalated[int(e["rank"])] += 1
    rows = []
    for rank in reversed(range(4)):
        n = len(waits[rank])
        rows.append(
            {
                "level": LEVEL_LABELS[LEVELS[rank]],
                "code": LEVELS[rank],
                "responses": n,
                "median_s": nearest_rank(waits[rank], 0.5),
                "p90_s": nearest_rank(waits[rank], 0.9),
                "late": late[rank],
                "late_share": share(late[rank], n),
                "escalations": escalated[rank],
            }
        )
    columns = (
        Column("level", "リスクレベル", "label"),
        Column("responses", "初回応答数"),
        Column("median_s", "待ち時間の中央値（秒）", "seconds"),
        Column("p90_s", "待ち時間の90%値（秒）", "seconds"),
        Column("late", "目標時間超過"),
        Column("late_share", "超過の割合（%）", "percent", of="late"),
        Column("escalations", "SVへの通知"),
    )
    total = with_total(rows, "level", ["responses", "late", "escalations"])
    return Table("response", "リスクレベル別の初回応答時間", columns, tuple(total), True)


def risk_table(year: Year, facts: Facts) -> Table:
    """**Risk levels seen** (リスクレベル別ケース): cases first opened in the year by the highest
    level they reached (automatic or counselor's). 未判定: no text was ever assessed (stickers, images)."""
    counts = Counter(
        LEVELS[c.max_rank] if c.max_rank is not None else "unassessed" for c in facts.cases if year.contains(c.opened_at)
    )
    order = [*reversed(LEVELS), "unassessed"]
    rows = [
        {"level": LEVEL_LABELS.get(code, "未判定"), "code": code, "cases": counts.get(code, 0)} for code in order
    ]
    columns = (Column("level", "最も高いリスクレベル", "label"), Column("cases", "ケース数"))
    return Table("risk", "リスクレベル別のケース数", columns, tuple(with_total(rows, "level", ["cases"])), True)


def outcome_table(year: Year, facts: Facts) -> Table:
    """**Outcomes** (終了理由): closings in the year by their coded outcome, and how many of them were
    consultations (a counselor had replied). A case closed, reopened and closed again counts twice."""
    closings: Counter[str] = Counter()
    consultations: Counter[str] = Counter()
    for case in facts.cases:
        for closure in case.closures:
            if year.contains(closure.get("at")):
                closings[str(closure["outcome"])] += 1
                consultations[str(closure["outcome"])] += 1 if closure.get("consultation") else 0
    codes = [*OUTCOME_LABELS, *sorted(set(closings) - set(OUTCOME_LABELS))]
    rows = [
        {
            "outcome": label(OUTCOME_LABELS, code),
            "code": code,
            "closings": closings.get(code, 0),
            "consultations": consultations.get(code, 0),
        }
        for code in codes
    ]
    columns = (
        Column("outcome", "終了理由", "label"),
        Column("closings", "終了件数"),
        Column("consultations", "うち相談件数"),
    )
    rows = with_total(rows, "outcome", ["closings", "consultations"])
    return Table("outcomes", "終了理由別の件数", columns, tuple(rows), True)
