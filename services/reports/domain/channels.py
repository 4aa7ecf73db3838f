"""Which publicity works (広報媒体別): per channel of seeds/channels.yaml, the visits of its
friend-add link, the intake answers naming it, the friends and the consultations of the people who
named it.

- **Link visits** (リンク・QR経由の訪問): requests to the channel's `/r/<link>` in the year, counted
  in aggregate (no cookie, no address, no browser details); a visit is not a person.
- **Intake answers** (回答数): people whose answer (a counselor's entry winning) names the channel,
  counted in the year the answer was recorded.
- **Friends** (友だち登録数): registered friends in the year (followed + refollowed − blocked) of
  the people who named it.
- **Consultations** (相談件数): consultations in the year of the people who named it.
People who named no channel are the 未回答 row; a code not in the registry is 登録外の回答.
"""

from __future__ import annotations

from collections import Counter

from services.reports.domain.labels import NOT_GIVEN, NOT_GIVEN_LABEL, UNREGISTERED, UNREGISTERED_LABEL
from services.reports.domain.people import net_friends
from services.reports.domain.tables import Column, Table, with_total
from services.reports.domain.year import Facts, Year

COLUMNS = (
    Column("channel", "広報媒体", "label"),
    Column("link_visits", "リンク・QR経由の訪問"),
    Column("answers", "「知ったきっかけ」の回答"),
    Column("friends", "友だち登録数"),
    Column("consultations", "相談件数"),
)


def channel_table(year: Year, facts: Facts) -> Table:
    known = set(year.channels.ids)

    def code_of(channel: str | None) -> str:
        if channel is None:
            return NOT_GIVEN
        return channel if channel in known else UNREGISTERED

    visits: Counter[str] = Counter()
    for visit in facts.visits:
        if year.contains_day(visit.day):
            visits[code_of(visit.channel)] += visit.count
    answers: Counter[str] = Counter()
    friends: dict[str, Counter[str]] = {}
    named: dict[str, str] = {}
    for consulter in facts.consulters.values():
        code = code_of(consulter.intake.channel)
        named[consulter.consulter_id] = code
        if consulter.intake.channel is not None and year.contains(consulter.intake.channel_at):
            answers[code] += 1
        events = friends.setdefault(code, Counter())
        events.update(change for change, at in consulter.friend_events if year.contains(at))
    consultations: Counter[str] = Counter(
        named.get(c.consulter_id or "", NOT_GIVEN) for c in facts.cases if year.contains(c.consultation_at)
    )
    rows = [
        {
            "channel": label,
            "code": code,
            "link_visits": visits.get(code, 0),
            "answers": answers.get(code, 0),
            "friends": net_friends(friends.get(code, Counter())),
            "consultations": consultations.get(code, 0),
        }
        for code, label in [
            *((c.id, c.label) for c in year.channels.channels),
            (UNREGISTERED, UNREGISTERED_LABEL),
            (NOT_GIVEN, NOT_GIVEN_LABEL),
        ]
    ]
    keys = ["link_visits", "answers", "friends", "consultations"]
    note = "訪問数はリンク・QRコードが開かれた回数で、人数ではありません。"
    return Table("channels", "広報媒体別の実績", COLUMNS, tuple(with_total(rows, "channel", keys)), True, note)
