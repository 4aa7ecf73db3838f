"""Command line: ``python -m services.triage.risk``.

Reads JSON lines ``{"id", "text", "recent"?: [...]}`` on stdin and writes one JSON line
``{"id", "risk", "reasons": [{"rule_id", "level", "span", "flags"}]}`` per input line, in
order, flushed line by line. Each line is assessed on its own unless it has ``recent`` (her
previous messages, oldest first): then ``risk`` is the case's level after it, as triage holds
it (``case_view.case_level_after``: the case rules, and never below an earlier message's level). A bad line gives ``{"id": <id or null>, "error": "..."}``
and the run carries on. Blank lines are answered with an error too, so outputs stay aligned.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from services.triage.risk.assessor import RiskAssessor
from services.triage.risk.case_view import case_level_after


def _process(line: str, assessor: RiskAssessor) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except ValueError:
        return {"id": None, "error": "invalid JSON"}
    if not isinstance(obj, dict):
        return {"id": None, "error": "expected a JSON object"}
    ident = obj.get("id")
    if isinstance(ident, dict | list):
        ident = None
    text = obj.get("text")
    if not isinstance(text, str):
        return {"id": ident, "error": "missing or non-string 'text'"}
    recent_raw = obj.get("recent", [])
    if recent_raw is None:
        recent_raw = []
    if not isinstance(recent_raw, list) or not all(isinstance(r, str) for r in recent_raw):
        return {"id": ident, "error": "'recent' must be a list of strings"}
    try:
        a = case_level_after(assessor, text, recent_raw)
    except Exception as exc:  # keep going whatever one message does
        return {"id": ident, "error": f"assessment failed: {type(exc).__name__}"}
    return {
        "id": ident,
        "risk": a.level.value,
        "reasons": [
            {"rule_id": r.rule_id, "level": r.level.value, "span": r.span, "flags": list(r.flags)}
            for r in a.reasons
        ],
    }


def run(stdin: TextIO, stdout: TextIO) -> int:
    assessor = RiskAssessor.default()
    for line in stdin:
        line = line.rstrip("\r\n")
        if not line.strip():
            out: dict[str, Any] = {"id": None, "error": "empty line"}
        else:
            out = _process(line, assessor)
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def main() -> int:
    stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)
    stdout = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)
    try:
        return run(stdin, stdout)
    finally:
        stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
