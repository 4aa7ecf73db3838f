"""structlog set up once per process: JSON lines (console on a TTY), ids bound per message, redaction.

Redaction is the last line of defence, not the first: code must not log message text or raw LINE ids,
but if it does (a key named `text`, a LINE id inside an exception message), the record is scrubbed
before it is written.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

# Keys whose values are personal or message content wherever they appear.
SENSITIVE_KEYS = frozenset(
    {
        "text",
        "message_text",
        "body",
        "raw_body",
        "messages",
        "line_user_id",
        "user_id",
        "userid",
        "display_name",
        "displayname",
        "name",
        "phone",
        "phone_number",
        "address",
        "note",
        "notes",
        "reply_token",
        "replytoken",
        "details",
        "password",
        "secret",
        "authorization",
        "signature",
    }
)
REDACTED = "[redacted]"
# LINE ids: users U…, groups C…, rooms R…, 32 lower-case hex digits.
LINE_ID = re.compile(r"\b[UCR][0-9a-f]{32}\b")


def _scrub(value: Any, depth: int = 0) -> Any:
    if depth > 6:
        return REDACTED
    if isinstance(value, str):
        return LINE_ID.sub("[line-id]", value)
    if isinstance(value, Mapping):
        return {
            k: (REDACTED if str(k).lower() in SENSITIVE_KEYS else _scrub(v, depth + 1))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(v, depth + 1) for v in value]
    return value


def redact(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: blank sensitive keys and mask LINE ids in every value."""
    for key in list(event_dict):
        if key.lower() in SENSITIVE_KEYS:
            event_dict[key] = REDACTED
        else:
            event_dict[key] = _scrub(event_dict[key])
    return event_dict


def configure_logging(service: str, level: str = "INFO", fmt: str = "auto") -> None:
    """Configure structlog and the stdlib root logger once for the process."""
    use_console = fmt == "console" or (fmt == "auto" and sys.stderr.isatty())
    renderer: Any = (
        structlog.dev.ConsoleRenderer()
        if use_console
        else structlog.processors.JSONRenderer(ensure_ascii=False)
    )
    shared_processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact,
    ]
    structlog.configure(
        processors=[*shared_processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.bind_contextvars(service=service)
    # Libraries log through the stdlib; route them through the same redaction and format.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared_processors,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if level.upper() != "DEBUG" else logging.DEBUG)
