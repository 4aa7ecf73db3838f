"""Nothing a consulter writes, and no raw LINE id, reaches a log line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from shared.logging import configure_logging, redact

LINE_ID = "U4af4980629f6d1f0a9e39e4e8a2c1d2b"


def test_sensitive_keys_and_line_ids_are_scrubbed() -> None:
    event = redact(
        None,
        "info",
        {
            "event": f"failed for {LINE_ID}",
            "text": "今夜殺される",
            "nested": {"userId": LINE_ID, "displayName": "山田花子", "ok": 3, "list": [f"x {LINE_ID}"]},
            "case_id": "k1",
        },
    )
    dumped = json.dumps(event, ensure_ascii=False)
    assert "今夜殺される" not in dumped and "山田花子" not in dumped and LINE_ID not in dumped
    assert event["case_id"] == "k1" and event["nested"]["ok"] == 3
    assert event["event"] == "failed for [line-id]"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging binds the current stderr (pytest's capture); put the defaults back after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_configured_logger_writes_redacted_json(capsys, restore_logging) -> None:  # type: ignore[no-untyped-def]
    configure_logging("test", "INFO", "json")
    log = structlog.get_logger("t")
    log.info("message_received", text="助けて", line_user_id=LINE_ID, case_id="k2")
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["text"] == "[redacted]" and record["line_user_id"] == "[redacted]"
    assert record["case_id"] == "k2" and record["service"] == "test" and record["level"] == "info"
    assert "助けて" not in line and LINE_ID not in line
