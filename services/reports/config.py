"""The reports service's settings, read once at start; a missing one stops start-up naming it."""

from __future__ import annotations

from pydantic import Field

from shared.config import ConsoleApiSettings


class Settings(ConsoleApiSettings):
    """Environment variables of the reports service (plus the common ones and STAFF_ASSERTION_KEY)."""

    mongodb_database: str = Field("tsunagari_reports", description="MONGODB_DATABASE: reports' own database.")
    seeds_dir: str = Field("seeds", description="SEEDS_DIR: targets.yaml and channels.yaml.")
    line_add_friend_url: str = Field(
        ...,
        pattern=r"^https://",
        description="LINE_ADD_FRIEND_URL: the account's add-friend page, where every channel link leads.",
    )
    reports_public_base_url: str = Field(
        ...,
        pattern=r"^https?://[^/]+$",
        description="REPORTS_PUBLIC_BASE_URL: the public origin printed in the QR codes (https://…, no path).",
    )
    reports_publication_threshold: int = Field(
        3, ge=2, le=20, description="REPORTS_PUBLICATION_THRESHOLD: counts below it are hidden when publishing."
    )
    reports_refresh_s: float = Field(
        5, gt=0, description="REPORTS_REFRESH_S: how soon after an event the yearly reports are recomputed."
    )
    reports_accept_demo_events: bool = Field(
        False, description="REPORTS_ACCEPT_DEMO_EVENTS: count the demo seed's events (development only)."
    )
