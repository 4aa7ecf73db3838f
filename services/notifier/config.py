"""Notifier's settings, read once from the environment; missing secrets stop start-up."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from shared.config import ConsoleApiSettings


class Settings(ConsoleApiSettings):
    """STAFF_ASSERTION_KEY (inherited): checks the one login's staff assertion on /api/partners."""

    line_channel_access_token: str = Field(
        ..., min_length=1, description="LINE_CHANNEL_ACCESS_TOKEN: the Messaging API's Bearer token."
    )
    line_api_base_url: str = Field(
        "https://api.line.me", description="LINE_API_BASE_URL: the simulator's URL in development."
    )
    encryption_keys: str = Field(
        ...,
        min_length=1,
        description="ENCRYPTION_KEYS: opens what triage seals on the broker (her LINE id, the words, "
        "an alert's details) and seals stored alert bodies. The same keys as triage's.",
    )
    seeds_dir: Path = Field(Path("seeds"), description="SEEDS_DIR: where partners.yaml is.")
    allow_insecure_loopback: bool = Field(
        False,
        description="ALLOW_INSECURE_LOOPBACK: the partner URL policy's development allow-list: loopback "
        "(127.0.0.0/8, ::1, localhost) accepted, over http too. Never in production.",
    )
    mongodb_database: str = Field("tsunagari_notifier", description="MONGODB_DATABASE.")

    shutdown_grace_s: float = Field(
        5.0, ge=0, description="Wait for a broker connection in progress at stop."
    )

    # LINE delivery
    reply_token_max_age_s: float = Field(50.0, gt=0, description="Use the reply API only while younger.")
    line_request_timeout_s: float = Field(10.0, gt=0, description="Timeout of one Messaging API call.")
    line_attempts: int = Field(5, ge=1, description="HTTP attempts per handling of a request.")
    line_retry_budget_s: float = Field(30.0, gt=0, description="In-process retry time per handling.")
    line_backoff_initial_s: float = Field(0.5, gt=0, description="First backoff wait (doubles, jittered).")
    line_max_attempts: int = Field(
        15,
        ge=1,
        description="Attempts over all redeliveries before outbound.line.failed (retries_exhausted).",
    )

    # Partner alerts
    alert_timeout_s: float = Field(15.0, gt=0, description="Timeout of one webhook attempt.")
    alert_retry_scale: float = Field(
        1.0, gt=0, le=1.0, description="ALERT_RETRY_SCALE: TESTS ONLY, shrinks the retry schedule (0.001)."
    )
    alert_lease_s: float = Field(
        60.0, gt=0, description="How long a claimed delivery is held by one notifier."
    )
    alert_partner_concurrency: int = Field(4, ge=1, description="Deliveries in flight per partner.")
    alert_concurrency: int = Field(128, ge=1, description="Deliveries in flight in all.")
    alert_poll_s: float = Field(1.0, gt=0, description="Longest sleep of the scheduler between checks.")
    breaker_threshold: int = Field(5, ge=1, description="Consecutive failures that open a partner's breaker.")
    breaker_cooldown_s: float = Field(30.0, gt=0, description="How long an open breaker holds deliveries.")
