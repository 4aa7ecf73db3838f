"""Writing JSON answers: UTF-8 as is (Japanese stays readable), datetimes as ISO 8601 with a zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aiohttp import web


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    raise TypeError(type(value).__name__)


def dumps(data: Any) -> str:
    return json.dumps(data, default=_default, ensure_ascii=False)


def respond(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=dumps)
