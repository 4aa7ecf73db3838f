"""The `partners` collection: the registry of partner agencies and their webhook endpoints.

A secret is stored either literally (created through the API) or as a reference `env:NAME`
(from `partners.yaml`), resolved from the environment at each send, so the seed file and the
database never hold the seeded secrets. Secrets never leave this module except to sign.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.notifier.domain.partners import Partner, PartnerExists
from shared.events import PartnerKind

COLLECTION = "partners"
ENV_PREFIX = "env:"


class MissingSecret(LookupError):
    """A secret reference names an environment variable that is not set."""


def resolve_secret(value: str, environ: Mapping[str, str] = os.environ) -> str:
    """`env:NAME` → the variable NAME, else the file `name` (lower case) in SECRETS_DIR (compose
    generates those on first start); anything else is taken as written."""
    if not value.startswith(ENV_PREFIX):
        return value
    name = value[len(ENV_PREFIX) :]
    if environ.get(name):
        return environ[name]
    secrets_dir = environ.get("SECRETS_DIR")
    if secrets_dir:
        path = Path(secrets_dir) / name.lower()
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    raise MissingSecret(name)


def to_partner(doc: Mapping[str, Any]) -> Partner:
    return Partner(
        id=doc["_id"],
        name=doc["name"],
        kind=PartnerKind(doc["kind"]),
        url=doc["url"],
        alerts=tuple(doc.get("alerts", ())),
        active=bool(doc.get("active", True)),
    )


def public_view(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What the API shows: everything but the secret."""
    view = {k: v for k, v in doc.items() if k not in ("_id", "secret")}
    return {"id": doc["_id"], **view}


class PartnerStore:
    def __init__(self, db: Any) -> None:
        self._col = db[COLLECTION]

    async def all(self) -> list[Partner]:
        return [to_partner(doc) async for doc in self._col.find({})]

    async def documents(self) -> list[dict[str, Any]]:
        return [doc async for doc in self._col.find({}).sort("_id", 1)]

    async def document(self, partner_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._col.find_one({"_id": partner_id})
        return doc

    async def get(self, partner_id: str) -> Partner | None:
        doc = await self.document(partner_id)
        return to_partner(doc) if doc else None

    async def secret(self, partner_id: str) -> str | None:
        doc = await self._col.find_one({"_id": partner_id}, {"secret": 1})
        return resolve_secret(doc["secret"]) if doc else None

    async def create(self, partner_id: str, fields: dict[str, Any], now: datetime) -> None:
        """Insert a new partner; `PartnerExists` when the id is taken."""
        try:
            await self._col.insert_one(
                {"_id": partner_id, "active": True, **fields, "created_at": now, "updated_at": now}
            )
        except DuplicateKeyError:
            raise PartnerExists(partner_id) from None

    async def seed(self, partner_id: str, fields: dict[str, Any], now: datetime) -> bool:
        """Insert a seeded partner unless it exists (later changes are made through the API)."""
        result = await self._col.update_one(
            {"_id": partner_id},
            {"$setOnInsert": {"active": True, **fields, "created_at": now, "updated_at": now}},
            upsert=True,
        )
        return result.upserted_id is not None

    async def update(self, partner_id: str, fields: dict[str, Any], now: datetime) -> dict[str, Any] | None:
        changes: dict[str, Any] = {**fields, "updated_at": now}
        if fields.get("active") is True:
            changes["disabled_reason"] = None
        doc: dict[str, Any] | None = await self._col.find_one_and_update(
            {"_id": partner_id}, {"$set": changes}, return_document=ReturnDocument.AFTER
        )
        return doc

    async def deactivate(self, partner_id: str, reason: str, now: datetime) -> dict[str, Any] | None:
        return await self.update(partner_id, {"active": False, "disabled_reason": reason}, now)
