"""What each unit of work costs the database: commands counted per service, per unit of work (the
event type a consumer handles, a periodic round, an API route), per collection and operation.

- On a real MongoDB the count comes from PyMongo's command monitoring (`CommandCounter`, a
  `CommandListener` given to the client), so it is exactly what went over the wire.
- On the in-process substitute the same counts come from the adapter's own calls (`counting(db)`
  wraps the database: one `find(...).to_list()`, `find_one`, `update_one` ... is one round trip), and
  the CPU time spent inside the substitute is measured too, so a benchmark can take it out of the
  service's own CPU (the substitute scans whole collections; a real server does that work elsewhere).

`working_on(name)` names the unit of work for everything the current task does inside it (a
contextvar: concurrent tasks keep their own). The counts are exported on every service's /metrics
(`tsunagari_db_commands_total`, `tsunagari_db_substitute_cpu_seconds_total`) and read directly by
benchmarks/cost.py and the test that keeps the common path's count from growing.
"""

from __future__ import annotations

import contextvars
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from pymongo import monitoring

WORK: contextvars.ContextVar[str] = contextvars.ContextVar("tsunagari_work", default="other")
READS = frozenset({"find", "find_one", "count_documents", "aggregate", "distinct", "getMore", "count"})


@contextmanager
def working_on(name: str) -> Iterator[None]:
    token = WORK.set(name)
    try:
        yield
    finally:
        WORK.reset(token)


class DbCost:
    """Counts of commands and the substitute's CPU seconds, keyed by (service, work, collection, op)."""

    def __init__(self) -> None:
        self.commands: Counter[tuple[str, str, str, str]] = Counter()
        self.substitute_cpu: defaultdict[tuple[str, str], float] = defaultdict(float)

    def count(self, service: str, collection: str, op: str) -> None:
        self.commands[(service, WORK.get(), collection, op)] += 1

    def of(self, service: str, work: str) -> int:
        """Commands `service` issued for `work` so far."""
        return sum(n for (svc, w, _c, _o), n in self.commands.items() if svc == service and w == work)

    def detail(self, service: str, work: str) -> dict[str, int]:
        """`collection.op` → count, for one service and unit of work."""
        return {
            f"{c}.{o}": n
            for (svc, w, c, o), n in sorted(self.commands.items())
            if svc == service and w == work
        }

    def reset(self) -> None:
        self.commands.clear()
        self.substitute_cpu.clear()


COST = DbCost()
"""One per process (in `python -m services all` every service counts here, under its own name)."""


class CostCollector(Collector):
    def collect(self) -> Iterator[CounterMetricFamily]:
        commands = CounterMetricFamily(
            "tsunagari_db_commands", "Database commands", labels=["service", "work", "collection", "op"]
        )
        for (service, work, collection, op), n in sorted(COST.commands.items()):
            commands.add_metric([service, work, collection, op], n)
        yield commands
        cpu = CounterMetricFamily(
            "tsunagari_db_substitute_cpu_seconds",
            "CPU spent inside the in-process MongoDB substitute",
            labels=["service", "work"],
        )
        for (service, work), seconds in sorted(COST.substitute_cpu.items()):
            cpu.add_metric([service, work], seconds)
        yield cpu


class CommandCounter(monitoring.CommandListener):
    """PyMongo command monitoring: one count per command the driver sends (real servers)."""

    def __init__(self, service: str) -> None:
        self._service = service

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        command = event.command
        collection = command.get(event.command_name)
        COST.count(self._service, str(collection) if isinstance(collection, str) else "-", event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        return None

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        return None


class _CountedCursor:
    def __init__(self, cursor: Any, done: Any) -> None:
        self._cursor, self._done = cursor, done

    def sort(self, *args: Any, **kwargs: Any) -> _CountedCursor:
        return _CountedCursor(self._cursor.sort(*args, **kwargs), self._done)

    def limit(self, n: int) -> _CountedCursor:
        return _CountedCursor(self._cursor.limit(n), self._done)

    def skip(self, n: int) -> _CountedCursor:
        return _CountedCursor(self._cursor.skip(n), self._done)

    async def to_list(self, length: int | None = None) -> list[Any]:
        with self._done():
            return list(await self._cursor.to_list(length))

    def __aiter__(self) -> Any:
        return self._iterate()

    async def _iterate(self) -> Any:
        with self._done():
            items = await self._cursor.to_list(None)
        for item in items:
            yield item


class _CountedCollection:
    """A substitute collection whose calls are counted and timed (one call, one round trip)."""

    def __init__(self, collection: Any, service: str) -> None:
        self._collection, self._service = collection, service
        self.name = collection.name

    @contextmanager
    def _call(self, op: str) -> Iterator[None]:
        COST.count(self._service, self.name, op)
        started = time.thread_time()
        try:
            yield
        finally:
            COST.substitute_cpu[(self._service, WORK.get())] += time.thread_time() - started

    def find(self, *args: Any, **kwargs: Any) -> _CountedCursor:
        return _CountedCursor(self._collection.find(*args, **kwargs), lambda: self._call("find"))

    def __getattr__(self, op: str) -> Any:
        target = getattr(self._collection, op)
        if not callable(target):
            return target

        async def counted(*args: Any, **kwargs: Any) -> Any:
            # (the substitute's aggregate does its work here and returns a filled cursor)
            with self._call(op):
                return await target(*args, **kwargs)

        return counted


class _CountedDatabase:
    def __init__(self, db: Any, service: str) -> None:
        self._db, self._service = db, service
        self.name = getattr(db, "name", "")

    def __getitem__(self, name: str) -> _CountedCollection:
        return _CountedCollection(self._db[name], self._service)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def counting(db: Any, service: str) -> Any:
    """The substitute's database with every call counted under `service`."""
    return _CountedDatabase(db, service)
