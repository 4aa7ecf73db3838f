"""Reading events published under an older schema version.

An upcaster turns `data` of (type, version N) into (type, version N+1). Reading an old event applies
the chain up to the model's current `VERSION`; a newer version than we know is refused (a producer
was deployed before its consumers, which the rollout order in docs/events.md forbids).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

# (event type, from version) -> function producing the next version's data.
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


class UnsupportedVersion(ValueError):
    """The event's version is newer than this code knows, or no upcaster bridges the gap."""


def register_upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    def decorator(fn: Upcaster) -> Upcaster:
        UPCASTERS[(event_type, from_version)] = fn
        return fn

    return decorator


def upcast(event_type: str, version: int, data: dict[str, Any], current: int) -> dict[str, Any]:
    """`data` of `event_type` at `version`, brought up to `current`."""
    if version > current:
        raise UnsupportedVersion(f"{event_type} v{version} is newer than this consumer's v{current}")
    while version < current:
        step = UPCASTERS.get((event_type, version))
        if step is None:
            raise UnsupportedVersion(f"no upcaster for {event_type} v{version}")
        data = step(data)
        version += 1
    return data
