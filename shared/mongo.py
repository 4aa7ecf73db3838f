"""The MongoDB client factory (PyMongo's async API) and index creation at start.

Where MONGODB_URL is unset, an in-process substitute (`pymongo-async-mock`, built on mongomock) stands
in behind the same interface, with a loud warning: nothing persists. Code here and in the services
keeps to what both the substitute and a real MongoDB 7/8 replica set do: single-document atomic
updates (`find_one_and_update` with conditions), unique indexes, upserts, simple aggregations. No
multi-document transactions: correctness comes from conditional updates and idempotent writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog

log = structlog.get_logger(__name__)

# One substitute per process, so every service started by `python -m services all` sees the same data,
# as they would with one real server.
_substitute: Any = None


@dataclass(frozen=True)
class IndexSpec:
    """An index a collection needs; created (idempotently) at service start."""

    collection: str
    keys: Sequence[tuple[str, int]]
    unique: bool = False
    name: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


def backend_name(url: str | None) -> str:
    return "mongodb" if url else "in-process substitute (pymongo-async-mock)"


def create_client(url: str | None, *, app_name: str = "tsunagari") -> Any:
    """An `AsyncMongoClient` for `url`, or the shared in-process substitute when `url` is None.
    A real client counts every command it sends under `app_name` (shared/db_cost.py)."""
    global _substitute
    if url:
        from pymongo import AsyncMongoClient

        from shared.db_cost import CommandCounter

        # Majority writes and reads: an acknowledged case or message survives a primary failover.
        return AsyncMongoClient(
            url,
            appname=app_name,
            tz_aware=True,
            w="majority",
            readConcernLevel="majority",
            serverSelectionTimeoutMS=10_000,
            event_listeners=[CommandCounter(app_name)],
        )
    if _substitute is None:
        from pymongo_async_mock import AsyncMongoMockClient

        log.warning(
            "mongodb_substitute_in_use",
            detail="MONGODB_URL is unset: using an in-process MongoDB substitute. NOTHING PERSISTS.",
        )
        _substitute = AsyncMongoMockClient(tz_aware=True)
    return _substitute


def open_database(url: str | None, name: str, *, service: str) -> Any:
    """The service's own database, its commands counted under `service` (on the substitute by
    wrapping it: it has no command monitoring)."""
    from shared.db_cost import counting

    db = create_client(url, app_name=service)[name]
    return db if url else counting(db, service)


def reset_substitute() -> None:
    """Forget the in-process substitute (tests)."""
    global _substitute
    _substitute = None


async def ensure_indexes(db: Any, specs: Sequence[IndexSpec], retired: Sequence[tuple[str, str]] = ()) -> None:
    """Create the indexes that are missing. One already there under its name with the same keys is
    left alone: the substitute re-checks a partial unique index against every document when it is
    created again (ignoring its filter), which would stop a restart; a real MongoDB no-ops.
    `retired` (collection, name) pairs are indexes another one replaced: dropped once the new ones
    exist, so no query is left without its index in between."""
    existing: dict[str, dict[str, Any]] = {}
    for spec in specs:
        if spec.collection not in existing:
            existing[spec.collection] = dict(await db[spec.collection].index_information())
        found = existing[spec.collection].get(spec.name or "")
        if found is not None and [tuple(k) for k in found.get("key", [])] == [tuple(k) for k in spec.keys]:
            continue
        kwargs: dict[str, Any] = {"unique": spec.unique, **spec.options}
        if spec.name:
            kwargs["name"] = spec.name
        await db[spec.collection].create_index(list(spec.keys), **kwargs)
    for collection, name in retired:
        if name in dict(await db[collection].index_information()):
            await db[collection].drop_index(name)
