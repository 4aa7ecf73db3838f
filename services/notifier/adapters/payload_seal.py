"""Sealing stored alert bodies: a body can carry personal details a counselor included, so it is kept
encrypted at rest (AES-GCM, `shared.crypto`) and opened only to be signed and sent. The alert and
partner ids are the authenticated context, so a body cannot be moved to another delivery."""

from __future__ import annotations

from typing import Any

from shared.crypto import Keyring, Sealed


class PayloadSeal:
    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring

    @staticmethod
    def _context(alert_id: str, partner_id: str) -> str:
        return f"alert:{alert_id}:{partner_id}"

    def seal(self, alert_id: str, partner_id: str, body: str) -> dict[str, object]:
        return self._keyring.seal(body, context=self._context(alert_id, partner_id)).to_document()

    def open(self, doc: dict[str, Any]) -> str:
        sealed = Sealed.from_document(doc["payload"])
        return self._keyring.open(sealed, context=self._context(doc["alert_id"], doc["partner_id"]))
