"""Consulters (`_id` = pseudonym) and the friend figures of the reports (`friend_events`).

Two flags a counselor or supervisor sets: `silent_channel` (her phone may be seen: replies go
without sound and are checked for safe-messaging words) and `abusive` (a supervisor's mark: no
automatic replies, her messages still stored and read).

The raw LINE user id is kept only sealed (context = consulter id), because triage must give it to
notifier to send; every other record and every event uses the pseudonym.
Friend figures (DESIGN §4, reports): friends registered = follows (new + returning) less unfollows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pymongo import ReturnDocument

from shared.crypto import Keyring, Sealed

FriendKind = Literal["follow", "refollow", "unfollow"]


@dataclass(frozen=True, slots=True)
class Languages:
    """Her language as her messages showed it, and a counselor's choice (which wins)."""

    stored: str | None = None
    override: str | None = None
    abusive: bool = False  # read in the same round trip: a supervisor's mark stops automatic replies

    def as_cache(self) -> dict[str, Any]:
        """The copy kept on her open case (adapters/case_after_message.py)."""
        return {"language": self.stored, "language_override": self.override, "abusive": self.abusive}

    @classmethod
    def from_cache(cls, cache: dict[str, Any]) -> Languages:
        return cls(cache.get("language"), cache.get("language_override"), bool(cache.get("abusive")))


@dataclass(frozen=True, slots=True)
class FriendFigures:
    follows: int  # new friends
    refollows: int  # friends who had blocked the account and unblocked it
    unfollows: int

    @property
    def registered(self) -> int:
        """Friends registered over the period: follows less unfollows."""
        return self.follows + self.refollows - self.unfollows


class ConsulterRepository:
    def __init__(self, db: Any, keyring: Keyring) -> None:
        self._consulters = db["consulters"]
        self._cases = db["cases"]  # only to keep her open case's copy of the fields it caches
        self._friend_events = db["friend_events"]
        self._keyring = keyring

    async def seen(self, consulter_id: str, line_user_id: str, at: datetime) -> Languages:
        """Register her on first contact and note her last contact (idempotent); returns her
        languages in the same round trip (the automatic replies' language depends on them)."""
        sealed = self._keyring.seal(line_user_id, context=consulter_id)
        doc = await self._consulters.find_one_and_update(
            {"_id": consulter_id},
            {
                "$setOnInsert": {"line_user": sealed.to_document(), "first_seen_at": at},
                "$max": {"last_seen_at": at},
            },
            projection={"language": 1, "language_override": 1, "abusive": 1},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        found = doc or {}
        return Languages(found.get("language"), found.get("language_override"), bool(found.get("abusive")))

    async def set_language(self, consulter_id: str, language: str | None) -> None:
        """Her language, as her messages show it (kept for her next messages; the message handler
        writes her open case's copy with the rest of what the message changes)."""
        await self._consulters.update_one({"_id": consulter_id}, {"$set": {"language": language}})

    async def set_language_override(
        self, consulter_id: str, language: str | None, at: datetime, by: str
    ) -> None:
        """A counselor's choice of language for the automatic replies (None: follow her messages)."""
        await self._consulters.update_one(
            {"_id": consulter_id},
            {"$set": {"language_override": language, "language_set_at": at, "language_set_by": by}},
        )
        await self._update_cache(consulter_id, "language_override", language)

    async def _update_cache(self, consulter_id: str, field: str, value: Any) -> None:
        """Her open case reads these without a round trip to `consulters` (a cached copy, set when
        the case first saw her and changed here with the original)."""
        await self._cases.update_many(
            {"consulter_id": consulter_id, "open": True, "consulter_cache": {"$ne": None}},
            {"$set": {f"consulter_cache.{field}": value}},
        )

    async def line_user_id(self, consulter_id: str) -> str | None:
        """Her raw LINE id, to address a message to her (never log it)."""
        doc = await self._consulters.find_one({"_id": consulter_id}, {"line_user": 1})
        if doc is None:
            return None
        return self._keyring.open(Sealed.from_document(doc["line_user"]), context=consulter_id)

    async def get(self, consulter_id: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._consulters.find_one({"_id": consulter_id})
        return result

    async def set_intake(self, consulter_id: str, fields: dict[str, str], at: datetime, by: str) -> None:
        """Her age band and publicity channel, as a counselor recorded them (for the reports)."""
        values = {f"intake.{k}": v for k, v in fields.items()}
        await self._consulters.update_one(
            {"_id": consulter_id}, {"$set": {**values, "intake.updated_at": at, "intake.updated_by": by}}
        )

    async def is_abusive(self, consulter_id: str) -> bool:
        doc = await self._consulters.find_one({"_id": consulter_id}, {"abusive": 1})
        return bool(doc and doc.get("abusive"))

    async def set_flag(self, consulter_id: str, flag: str, value: bool, at: datetime, by: str) -> None:
        """`silent_channel` or `abusive`, with who set it and when (the change is also audited)."""
        await self._consulters.update_one(
            {"_id": consulter_id}, {"$set": {flag: value, f"flags.{flag}": {"at": at, "by": by}}}
        )
        if flag == "abusive":
            await self._update_cache(consulter_id, flag, value)

    async def record_line_intake(
        self, consulter_id: str, field: str, value: str, at: datetime, cause_id: str
    ) -> bool:
        """Her own answer on LINE, kept only where nothing is recorded for `field` yet (a counselor's
        entry wins; her first answer stands). True when it is hers from this event (a retry too)."""
        result = await self._consulters.update_one(
            {
                "_id": consulter_id,
                "$or": [{f"intake.{field}": {"$exists": False}}, {f"intake.line_events.{field}": cause_id}],
            },
            {"$set": {f"intake.{field}": value, f"intake.line_events.{field}": cause_id, "intake.updated_at": at}},
        )
        return bool(result.matched_count)

    async def record_friend_event(self, key: str, consulter_id: str, kind: FriendKind, at: datetime) -> None:
        """One follow/refollow/unfollow (`_id` = webhookEventId: a replay counts once), and her
        current friendship: the latest event wins, whatever order they are handled in."""
        await self._friend_events.update_one(
            {"_id": key},
            {"$setOnInsert": {"consulter_id": consulter_id, "kind": kind, "at": at}},
            upsert=True,
        )
        field = "last_unfollowed_at" if kind == "unfollow" else "last_followed_at"
        await self._consulters.update_one({"_id": consulter_id}, {"$max": {field: at}})

    async def friend_figures(self, start: datetime, end: datetime) -> FriendFigures:
        """Counts of friend events with `start <= at < end` (e.g. one fiscal year)."""
        counts = {"follow": 0, "refollow": 0, "unfollow": 0}
        cursor = await self._friend_events.aggregate(
            [
                {"$match": {"at": {"$gte": start, "$lt": end}}},
                {"$group": {"_id": "$kind", "n": {"$sum": 1}}},
            ]
        )
        for row in await cursor.to_list(None):
            counts[row["_id"]] = row["n"]
        return FriendFigures(counts["follow"], counts["refollow"], counts["unfollow"])


def is_friend(consulter: dict[str, Any]) -> bool:
    """Whether she currently follows the account (her latest friend event was a follow)."""
    followed, unfollowed = consulter.get("last_followed_at"), consulter.get("last_unfollowed_at")
    if followed is None:
        return False
    return unfollowed is None or followed > unfollowed
