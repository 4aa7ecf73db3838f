"""Ingress settings: the LINE channel it verifies, where it spools, and its limits."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from shared.config import CommonSettings


class Settings(CommonSettings):
    line_channel_secret: str = Field(
        ..., min_length=1, description="LINE_CHANNEL_SECRET: verifies x-line-signature on every webhook."
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
    max_body_bytes: int = Field(1024 * 1024, description="MAX_BODY_BYTES: larger webhook bodies answer 413.")
    publish_timeout_s: float = Field(
        1.0,
        gt=0,
        description="PUBLISH_TIMEOUT_S: wait this long for confirms before spooling (LINE allows 2 s).",
    )
