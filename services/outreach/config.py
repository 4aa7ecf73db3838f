"""Outreach settings."""

from __future__ import annotations

from pydantic import Field

from shared.config import CommonSettings


class Settings(CommonSettings):
    mongodb_database: str = Field("tsunagari_outreach", description="MONGODB_DATABASE for outreach's data.")
