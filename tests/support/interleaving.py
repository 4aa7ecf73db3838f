"""A database wrapper that makes concurrent work interleave as it does on a real server.

The in-process substitute runs each operation to completion without ever yielding to the event
loop, so two "concurrent" coordinators would simply run one after the other and a race could never
show. Here every operation first yields (a random number of times, seeded), as a network round trip
would, and `insert_many` inserts one document per round trip, as a server applies an ordered bulk
insert — raising `BulkWriteError` at the first duplicate, like the driver. On a real MongoDB
(MONGODB_URL) the wrapper changes nothing but adds the same yields.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

from pymongo.errors import BulkWriteError, DuplicateKeyError


class _Collection:
    def __init__(self, inner: Any, rng: random.Random) -> None:
        self._inner = inner
        self._rng = rng

    async def _yield(self) -> None:
        for _ in range(self._rng.randint(1, 3)):
            await asyncio.sleep(0)  # a turn for everyone else, not a wait

    def find(self, *args: Any, **kwargs: Any) -> Any:
        return _Cursor(self._inner.find(*args, **kwargs), self)

    async def insert_many(self, documents: Any, ordered: bool = True, **kwargs: Any) -> Any:
        inserted = 0
        for index, document in enumerate(list(documents)):
            await self._yield()
            try:
                await self._inner.insert_one(document)
            except DuplicateKeyError as exc:
                details = {"writeErrors": [{"index": index, "code": 11000, "errmsg": str(exc)}], "nInserted": inserted}
                raise BulkWriteError(details) from None
            inserted += 1
        return None

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target):
            return target

        async def call(*args: Any, **kwargs: Any) -> Any:
            await self._yield()
            return await target(*args, **kwargs)

        return call


class _Cursor:
    def __init__(self, inner: Any, owner: _Collection) -> None:
        self._inner = inner
        self._owner = owner

    def sort(self, *args: Any, **kwargs: Any) -> _Cursor:
        self._inner = self._inner.sort(*args, **kwargs)
        return self

    def limit(self, n: int) -> _Cursor:
        self._inner = self._inner.limit(n)
        return self

    async def to_list(self, length: int | None = None) -> list[Any]:
        await self._owner._yield()
        found: list[Any] = await self._inner.to_list(length)
        return found


class InterleavingDatabase:
    def __init__(self, inner: Any, seed: int = 11) -> None:
        self._inner = inner
        self._rng = random.Random(seed)

    def __getitem__(self, name: str) -> _Collection:
        return _Collection(self._inner[name], self._rng)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
