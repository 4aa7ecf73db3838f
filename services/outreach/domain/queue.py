"""The coordinator's request queue: most urgent first (emergency, high, normal), then the oldest
consent first — the one she has waited longest for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

URGENCY_RANK = {"emergency": 0, "high": 1, "normal": 2}
R = TypeVar("R", bound=Mapping[str, Any])


def queue_order(requests: Sequence[R]) -> list[R]:
    def key(r: R) -> tuple[int, datetime]:
        return URGENCY_RANK.get(str(r.get("urgency")), 3), r["consented_at"]

    return sorted(requests, key=key)
