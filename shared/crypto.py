"""Encryption at rest for message text and notes (DESIGN §5): AES-256-GCM with a key id.

Keys come from the environment (`ENCRYPTION_KEYS="k2:<base64 32 bytes>,k1:<...>"`, the first is used
for new data) or a secret file. A stored value remembers its key id, so old data stays readable after
a rotation while new data uses the new key.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class KeyringError(ValueError):
    """The configured keys are missing or malformed."""


@dataclass(frozen=True)
class Sealed:
    """An encrypted value as stored: key id, nonce and ciphertext (with its GCM tag)."""

    key_id: str
    nonce: bytes
    ciphertext: bytes

    def to_document(self) -> dict[str, object]:
        return {"kid": self.key_id, "n": self.nonce, "ct": self.ciphertext}

    @classmethod
    def from_document(cls, doc: dict[str, object]) -> Sealed:
        return cls(str(doc["kid"]), bytes(doc["n"]), bytes(doc["ct"]))  # type: ignore[call-overload]


class Keyring:
    """Seals with the current key; opens with whichever key a value names."""

    def __init__(self, keys: dict[str, bytes], current: str) -> None:
        if current not in keys:
            raise KeyringError(f"current key id {current!r} has no key")
        for kid, key in keys.items():
            if len(key) != 32:
                raise KeyringError(f"key {kid!r} must be 32 bytes (AES-256), got {len(key)}")
        self._ciphers = {kid: AESGCM(key) for kid, key in keys.items()}
        self.current = current

    @classmethod
    def from_spec(cls, spec: str) -> Keyring:
        """Parse `kid:base64key[,kid:base64key...]`; the first entry is the current key."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in filter(None, (part.strip() for part in spec.split(","))):
            kid, sep, encoded = item.partition(":")
            if not sep or not kid:
                raise KeyringError("ENCRYPTION_KEYS entries look like `k1:<base64 of 32 bytes>`")
            try:
                keys[kid] = base64.b64decode(encoded, validate=True)
            except ValueError as exc:
                raise KeyringError(f"key {kid!r} is not valid base64") from exc
            order.append(kid)
        if not order:
            raise KeyringError("ENCRYPTION_KEYS is empty")
        return cls(keys, order[0])

    def seal(self, plaintext: str, *, context: str) -> Sealed:
        """Encrypt `plaintext`; `context` (e.g. the case id) is authenticated, so a value cannot be
        moved to another record and still open."""
        return self.seal_bytes(plaintext.encode(), context=context)

    def open(self, sealed: Sealed, *, context: str) -> str:
        return self.open_bytes(sealed, context=context).decode()

    def seal_bytes(self, plaintext: bytes, *, context: str) -> Sealed:
        """`seal` for a value that is already bytes (a JSON document), without a round trip via str."""
        nonce = os.urandom(12)
        ciphertext = self._ciphers[self.current].encrypt(nonce, plaintext, context.encode())
        return Sealed(self.current, nonce, ciphertext)

    def open_bytes(self, sealed: Sealed, *, context: str) -> bytes:
        """Decrypt; raises `KeyringError` for an unknown key id, `InvalidTag` for a value that was
        altered or sealed under another context."""
        cipher = self._ciphers.get(sealed.key_id)
        if cipher is None:
            raise KeyringError(f"no key {sealed.key_id!r} to open this value")
        return cipher.decrypt(sealed.nonce, sealed.ciphertext, context.encode())


def generate_key_spec(key_id: str = "k1") -> str:
    """A fresh `kid:base64` entry for ENCRYPTION_KEYS (used by seeds and tests, printed once)."""
    return f"{key_id}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"
