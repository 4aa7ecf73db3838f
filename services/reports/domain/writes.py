"""The one kind of change the read model knows: set, lower-to or raise-to a field of a fact document.

Every event becomes a few `Write`s (domain/projection.py). Each is idempotent and order-independent
on its own — `set` of a field keyed by an id from the event, `min`/`max` of a time or level — so
applying an event twice, or events in any order, leaves the same facts. That is what makes the
figures exact under redelivery, and a rebuild from the archive equal to the live read model.

The same `apply_write` serves the rebuild (in memory) that MongoDB's `$set`/`$min`/`$max` serve
live (adapters/facts.py turns a `Write` into that update).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Collection = Literal["cases", "consulters", "alerts", "outreach"]
Op = Literal["set", "min", "max"]


@dataclass(frozen=True, slots=True)
class Write:
    """`op` of `value` at the dotted `path` of document `key` in fact collection `collection`."""

    collection: Collection
    key: str
    op: Op
    path: str
    value: Any


def apply_write(doc: dict[str, Any], write: Write) -> None:
    """Apply `write` to an in-memory fact document, with MongoDB's semantics for the three ops."""
    *parents, leaf = write.path.split(".")
    target = doc
    for part in parents:
        target = target.setdefault(part, {})
    current = target.get(leaf)
    if write.op == "set" or current is None:
        target[leaf] = write.value
    elif write.op == "min":
        target[leaf] = min(current, write.value)
    else:
        target[leaf] = max(current, write.value)
