"""Triage's settings: the common ones plus its encryption keys and case rules (loaded once at start)."""

from __future__ import annotations

from pydantic import Field

from shared.config import CommonSettings


class Settings(CommonSettings):
    """Environment variables of the triage service. A missing ENCRYPTION_KEYS stops start-up: triage
    never stores message text unencrypted, so it cannot run without them."""

    encryption_keys: str = Field(
        ...,
        min_length=1,
        description="ENCRYPTION_KEYS: `kid:base64key[,kid:base64key...]`; the first seals new data.",
    )
    reopen_window_hours: float = Field(
        72, ge=0, description="REOPEN_WINDOW_HOURS: a message this long after closure reopens the case."
    )
    recent_messages_for_risk: int = Field(
        5, ge=0, le=50, description="RECENT_MESSAGES_FOR_RISK: earlier texts the risk assessment reads."
    )
    mongodb_database: str = Field("tsunagari_triage", description="MONGODB_DATABASE: triage's database.")
