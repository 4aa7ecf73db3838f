"""One fiscal year's report: the headline figures against the targets, and every table.

`year_report` is what the read model stores per fiscal year (adapters/summaries.py) and what the API,
the CSV files and the printable sheet are made from. `fiscal_years` says which years have any fact.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.reports.domain import casework, channels, funnel, people, referrals
from services.reports.domain.fiscal import era_label, month_label
from services.reports.domain.tables import Column, Table, share, with_total
from services.reports.domain.targets import Targets
from services.reports.domain.year import Facts, Year

MONTHLY_COLUMNS = (
    Column("month", "月", "label"),
    Column("consultations", "相談件数"),
    Column("cumulative", "相談件数（累計）"),
    Column("new_consulters", "新規相談者"),
    Column("cases_opened", "新たに始まったケース"),
    Column("followed", "友だち追加"),
    Column("blocked", "ブロック"),
    Column("refollowed", "ブロック解除"),
    Column("friends", "友だち登録数（純増）"),
    Column("messages", "受信メッセージ"),
    Column("out_of_hours", "うち受付時間外"),
    Column("outreach_visits", "アウトリーチ実施"),
)


def monthly_table(year: Year, facts: Facts) -> Table:
    """**By month** (月別): each figure above in the Japan-time month it falls in; cases opened are
    new cases (not reopenings); messages are those consulters sent."""
    consultations = people.consultation_months(year, facts)
    new = people.new_consulter_months(year, facts)
    friends = people.friend_months(year, facts)
    opened = Counter(year.month(c.opened_at) for c in facts.cases if c.opened_at and year.contains(c.opened_at))
    messages: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for case in facts.cases:
        for m in case.messages:
            if year.contains(m.at):
                messages[year.month(m.at)] += 1
                outside[year.month(m.at)] += 0 if m.in_hours else 1
    visits: Counter[str] = Counter()
    for request in facts.outreach:
        for visit in (request.get("visits") or {}).values():
            at = funnel.visit_time(visit)
            if (visit.get("result") or {}).get("result") == "completed" and at and year.contains(at):
                visits[year.month(at)] += 1
    rows, running = [], 0
    for month in year.months:
        running += consultations[month]
        f = friends[month]
        rows.append(
            {
                "month": month_label(month),
                "code": month,
                "consultations": consultations[month],
                "cumulative": running,
                "new_consulters": new[month],
                "cases_opened": opened[month],
                "followed": f["followed"],
                "blocked": f["blocked"],
                "refollowed": f["refollowed"],
                "friends": people.net_friends(f),
                "messages": messages[month],
                "out_of_hours": outside[month],
                "outreach_visits": visits[month],
            }
        )
    keys = [c.key for c in MONTHLY_COLUMNS[1:] if c.key != "cumulative"]
    total = with_total(rows, "month", keys)
    total[-1]["cumulative"] = running
    return Table("monthly", "月別の実績", MONTHLY_COLUMNS, tuple(total), True)


def headline(year: Year, facts: Facts, targets: Targets, tables: dict[str, Table]) -> dict[str, Any]:
    """The figures at the top of the ward's sheet. **Achievement rate** (達成率): consultations ÷
    the yearly target × 100, one decimal; the same for outreach visits."""
    monthly = tables["monthly"].rows[-1]
    consulters = {r["code"]: r["consulters"] for r in tables["consulters"].rows}
    consultations = int(monthly["consultations"])
    visits = funnel.completed_visits(year, facts)
    return {
        "consultations": consultations,
        "consultation_target": targets.consultations_per_year,
        "achievement_rate": share(consultations, targets.consultations_per_year),
        "friends_registered": int(monthly["friends"]),
        "friends_at_year_end": people.friends_at_year_end(year, facts),
        "followed": int(monthly["followed"]),
        "blocked": int(monthly["blocked"]),
        "refollowed": int(monthly["refollowed"]),
        "consulters": consulters["total"],
        "new_consulters": consulters["new"],
        "continuing_consulters": consulters["continuing"],
        "new_share": share(consulters["new"], consulters["total"]),
        "messages": int(monthly["messages"]),
        "out_of_hours": int(monthly["out_of_hours"]),
        "out_of_hours_share": share(int(monthly["out_of_hours"]), int(monthly["messages"])),
        "outreach_visits": visits,
        "outreach_target": targets.outreach_visits_per_year,
        "outreach_rate": share(visits, targets.outreach_visits_per_year),
    }


TABLE_BUILDERS = (
    monthly_table,
    people.age_table,
    people.consulter_table,
    channels.channel_table,
    casework.hours_table,
    casework.response_table,
    casework.risk_table,
    casework.outcome_table,
    referrals.referral_table,
    funnel.funnel_table,
)


def year_report(year: Year, facts: Facts, targets: Targets) -> dict[str, Any]:
    tables = {t.id: t for t in (build(year, facts) for build in TABLE_BUILDERS)}
    start, end = year.calendar.bounds(year.fiscal_year)
    return {
        "fiscal_year": year.fiscal_year,
        "label": era_label(year.fiscal_year),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "headline": headline(year, facts, targets, tables),
        "tables": [t.as_json() for t in tables.values()],
    }


def fiscal_years(facts: Facts, targets: Targets) -> set[int]:
    """Every fiscal year in which some fact falls (a year with nothing has no report)."""
    cal = targets.calendar
    years: set[int] = set()
    for case in facts.cases:
        years.update(cal.year_of(t) for t in (case.opened_at, case.consultation_at) if t is not None)
        years.update(cal.year_of(m.at) for m in case.messages)
    for consulter in facts.consulters.values():
        years.update(cal.year_of(at) for _, at in consulter.friend_events)
    years.update(cal.year_of_date(v.day) for v in facts.visits)
    return years
