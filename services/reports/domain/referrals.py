"""**Referrals** (関係機関への連絡): a counselor's referrals of a case to a kind of partner in the
year (`case.referred`), and what became of the alert: **delivered** (届いた: at least one partner
of the kind answered 2xx), **failed** (届かなかった: none did and notifier gave up on at least one),
otherwise **pending** (送信中). The service's own automatic alerts (out-of-hours emergencies, missed
targets) are not referrals and are not counted here.
"""

from __future__ import annotations

from collections import Counter

from services.reports.domain.labels import PARTNER_KIND_LABELS, label
from services.reports.domain.tables import Column, Table, with_total
from services.reports.domain.year import Facts, Year

COLUMNS = (
    Column("partner_kind", "連絡先の種別", "label"),
    Column("referrals", "連絡件数"),
    Column("delivered", "届いた"),
    Column("failed", "届かなかった"),
    Column("pending", "送信中"),
)


def referral_table(year: Year, facts: Facts) -> Table:
    counts: dict[str, Counter[str]] = {}
    for alert in facts.alerts:
        referral = alert.get("referral")
        if not referral or not year.contains(referral.get("at")):
            continue
        status = "delivered" if alert.get("delivered") else "failed" if alert.get("failed") else "pending"
        row = counts.setdefault(str(referral["kind"]), Counter())
        row["referrals"] += 1
        row[status] += 1
    codes = [*PARTNER_KIND_LABELS, *sorted(set(counts) - set(PARTNER_KIND_LABELS))]
    rows = [
        {
            "partner_kind": label(PARTNER_KIND_LABELS, code),
            "code": code,
            **{k: counts.get(code, Counter())[k] for k in ("referrals", "delivered", "failed", "pending")},
        }
        for code in codes
    ]
    keys = ["referrals", "delivered", "failed", "pending"]
    return Table("referrals", "関係機関への連絡（種別）", COLUMNS, tuple(with_total(rows, "partner_kind", keys)), True)
