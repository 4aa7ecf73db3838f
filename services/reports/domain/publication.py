"""The "for publication" switch (公表用): small counts hidden so no one can be recognised.

Rules, applied to a copy of a report (the stored figures never change):
1. **Primary**: a count of at least 1 and below the threshold (3 by default,
   REPORTS_PUBLICATION_THRESHOLD) is shown as ＊. Zero is shown: it points at no one.
2. **With it**: a share computed from a hidden count is hidden too.
3. **Secondary**: in a table with a total row, a column with exactly one hidden cell would give it
   away by subtraction, so the smallest other non-zero cell of that column is hidden as well.
4. **Headline**: the same threshold on its counts (a rate stays: it is of a shown total).
"""

from __future__ import annotations

import copy
from typing import Any

HIDDEN = "＊"
HEADLINE_RATES = {"achievement_rate": "consultations", "outreach_rate": "outreach_visits"}


def _small(value: Any, threshold: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold


def suppress_table(table: dict[str, Any], threshold: int) -> dict[str, Any]:
    out = copy.deepcopy(table)
    counts = [c["key"] for c in out["columns"] if c["kind"] == "count"]
    body = out["rows"][:-1] if out.get("total") else out["rows"]
    hidden = 0
    for key in counts:
        cells = [row for row in body if _small(row.get(key), threshold)]
        if out.get("total") and len(cells) == 1:
            others = [r for r in body if r not in cells and isinstance(r.get(key), int) and r[key] > 0]
            if others:
                cells.append(min(others, key=lambda r: r[key]))
        for row in cells:
            row[key] = HIDDEN
            hidden += 1
        if out.get("total") and _small(out["rows"][-1].get(key), threshold):
            out["rows"][-1][key] = HIDDEN
            hidden += 1
    for column in out["columns"]:
        if column["kind"] == "percent" and column.get("of"):
            for row in out["rows"]:
                if row.get(column["of"]) == HIDDEN:
                    row[column["key"]] = HIDDEN
    out["suppressed"] = hidden
    return out


def for_publication(report: dict[str, Any], threshold: int) -> dict[str, Any]:
    """A copy of `report` with small counts hidden (rules above), marked `publication: true`."""
    out = copy.deepcopy(report)
    out["tables"] = [suppress_table(t, threshold) for t in report["tables"]]
    headline = out["headline"]
    for key, value in list(headline.items()):
        if _small(value, threshold) and not key.endswith("_target"):
            headline[key] = HIDDEN
    for rate, count in (*HEADLINE_RATES.items(), ("new_share", "new_consulters"), ("out_of_hours_share", "out_of_hours")):
        if headline.get(count) == HIDDEN:
            headline[rate] = HIDDEN
    out["publication"] = {"threshold": threshold, "hidden_mark": HIDDEN}
    return out
