"""A report table: columns with a Japanese header, a machine-readable key and a kind, and rows.

The kind says how a cell is shown and whether publication suppresses it: `count` cells are people
or cases (suppressed below the threshold), `percent`/`rate` cells are computed from the count named
in `of` (suppressed with it), `seconds` and `label` cells are never suppressed. One row per month
or per category; `total` marks the last row as the total of the rows above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["label", "count", "percent", "seconds"]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: Kind = "count"
    of: str | None = None  # percent: the count it is a share of (suppressed together)


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]
    total: bool = False
    note: str = ""
    suppressed: int = field(default=0)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind, "of": c.of} for c in self.columns],
            "rows": list(self.rows),
            "total": self.total,
            "note": self.note,
            "suppressed": self.suppressed,
        }


def table_from_json(doc: Mapping[str, Any]) -> Table:
    columns = tuple(Column(c["key"], c["label"], c["kind"], c.get("of")) for c in doc["columns"])
    return Table(doc["id"], doc["title"], columns, tuple(doc["rows"]), doc.get("total", False), doc.get("note", ""))


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal (None when there is no whole)."""
    return round(100.0 * part / whole, 1) if whole else None


def with_total(rows: Sequence[dict[str, Any]], label_key: str, keys: Sequence[str]) -> list[dict[str, Any]]:
    """`rows` and a 合計 row summing `keys`."""
    total: dict[str, Any] = {label_key: "合計", "code": "total"}
    for key in keys:
        total[key] = sum(int(r.get(key) or 0) for r in rows)
    return [*rows, total]
