"""The command line: JSON lines in, JSON lines out, one per input, in order."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_cli(stdin: str) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-m", "services.triage.risk"],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    lines = proc.stdout.decode("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_one_output_per_input_in_order() -> None:
    inputs = [
        {"id": "a", "text": "今夜帰ってきたら殺される"},
        {"id": "b", "text": "こんにちは"},
        {"id": "c", "text": "死にたい"},
        {"id": 4, "text": "疲れて死にそう"},
    ]
    out = run_cli("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in inputs))
    assert [o["id"] for o in out] == ["a", "b", "c", 4]
    assert [o["risk"] for o in out] == ["emergency", "low", "high", "low"]
    first = out[0]["reasons"]
    assert isinstance(first, list)
    assert set(first[0]) == {"rule_id", "level", "span", "flags"}
    assert first[0]["span"] == "殺される"


def test_bad_lines_give_errors_and_the_run_carries_on() -> None:
    stdin = (
        "\n".join(
            [
                '{"id": "ok1", "text": "死にたい"}',
                "not json at all",
                "",
                '{"id": "nt", "text": 42}',
                '["a list"]',
                '{"id": "br", "text": "x", "recent": "not a list"}',
                '{"id": "ok2", "text": "今夜", "recent": ["ロープ買った"]}',
            ]
        )
        + "\n"
    )
    out = run_cli(stdin)
    assert len(out) == 7
    assert out[0]["risk"] == "high"
    assert out[1] == {"id": None, "error": "invalid JSON"}
    assert "error" in out[2] and out[2]["id"] is None
    assert out[3]["id"] == "nt" and "error" in out[3]
    assert "error" in out[4]
    assert out[5]["id"] == "br" and "error" in out[5]
    assert out[6]["risk"] == "emergency"
    reasons = out[6]["reasons"]
    assert isinstance(reasons, list) and "combined" in reasons[0]["flags"]


def test_lines_are_independent_without_recent() -> None:
    out = run_cli('{"id": 1, "text": "ロープ買った"}\n{"id": 2, "text": "今夜"}\n')
    assert out[1]["risk"] == "low"


def test_output_is_utf8_not_escaped() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "services.triage.risk"],
        input='{"id": "u", "text": "死にたい"}\n'.encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert "死にたい".encode() in proc.stdout
