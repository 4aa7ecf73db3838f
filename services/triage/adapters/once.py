"""`once_marks`: "this was done once already" for effects that must not repeat, such as the
out-of-hours reply (once per consulter per closed period) or an out-of-hours emergency alert (once
per case per closed period).

`claim(key, cause_id)` inserts `{_id: key, cause_id}`. True means this cause owns the effect: it
inserted the mark now, or an earlier attempt of the same cause did (a retried event must redo its
effect with the same derived ids). False means another cause already did it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError


class OnceMarks:
    def __init__(self, db: Any) -> None:
        self._marks = db["once_marks"]

    async def taken(self, key: str) -> bool:
        """Someone already claimed `key` (a question already asked, a reply already sent)."""
        return await self._marks.find_one({"_id": key}, {"_id": 1}) is not None

    async def claim(self, key: str, cause_id: str, at: datetime) -> bool:
        try:
            await self._marks.insert_one({"_id": key, "cause_id": cause_id, "at": at})
            return True
        except DuplicateKeyError:
            doc = await self._marks.find_one({"_id": key}, {"cause_id": 1})
        return doc is not None and doc.get("cause_id") == cause_id
