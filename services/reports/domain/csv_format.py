"""A report table as a CSV file that Excel in Japan opens as it is.

UTF-8 with a byte-order mark (without it Excel reads Shift_JIS and garbles the Japanese); first
row the Japanese headers a person reads, second row the machine-readable keys (the same as the
JSON API's), then one row per month or category; CRLF line ends. A hidden cell (publication mode)
is ＊; a missing value (no median without responses) is empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

BOM = "\ufeff"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def table_csv(table: Mapping[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = table["columns"]
    writer.writerow([c["label"] for c in columns])
    writer.writerow([c["key"] for c in columns])
    for row in table["rows"]:
        writer.writerow([_cell(row.get(c["key"])) for c in columns])
    return (BOM + buffer.getvalue()).encode("utf-8")
