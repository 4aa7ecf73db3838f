"""Ingress settings: the LINE channel it verifies, the keys it seals with, where it spools, its limits."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from shared.config import CommonSettings
from shared.crypto import Keyring, KeyringError


class Settings(CommonSettings):
    line_channel_secret: str = Field(
        ..., min_length=1, description="LINE_CHANNEL_SECRET: verifies x-line-signature on every webhook."
    )
    encryption_keys: str = Field(
        ...,
        min_length=1,
        description="ENCRYPTION_KEYS: `kid:base64key[,...]`, the same as triage's; the first seals each "
        "LINE event before it is spooled or published.",
    )
    spool_dir: Path = Field(
        Path("var/ingress-spool"),
        description="SPOOL_DIR: where events wait on disk while the broker is away.",
    )
    spool_max_bytes: int = Field(
        256 * 1024 * 1024,
        ge=1024,
        description="SPOOL_MAX_BYTES: over this, webhooks answer 503 (LINE redelivers).",
    )
    spool_stall_s: float = Field(
        30.0,
        gt=0,
        description="SPOOL_STALL_S: files waiting this long without any draining make /readyz 503.",
    )
    max_body_bytes: int = Field(1024 * 1024, description="MAX_BODY_BYTES: larger webhook bodies answer 413.")
    publish_timeout_s: float = Field(
        1.0,
        gt=0,
        description="PUBLISH_TIMEOUT_S: wait this long for confirms before spooling (LINE allows 2 s).",
    )

    @field_validator("encryption_keys")
    @classmethod
    def _keys_parse(cls, spec: str) -> str:
        try:
            Keyring.from_spec(spec)
        except KeyringError as exc:  # stops start-up with the variable named, not a traceback
            raise ValueError(str(exc)) from None
        return spec
