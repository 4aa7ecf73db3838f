"""Outreach's settings, read once at start; a missing one stops start-up naming it."""

from __future__ import annotations

from pydantic import Field

from shared.config import ConsoleApiSettings


class Settings(ConsoleApiSettings):
    """Environment variables of the outreach service (plus the common ones and STAFF_ASSERTION_KEY)."""

    mongodb_database: str = Field("tsunagari_outreach", description="MONGODB_DATABASE for outreach's data.")
    seeds_dir: str = Field(
        "seeds", description="SEEDS_DIR: outreach_places.yaml, outreach_staff.yaml, targets.yaml, hours.yaml."
    )
    encryption_keys: str = Field(
        ...,
        min_length=1,
        description="ENCRYPTION_KEYS: `kid:base64key[,...]`; visit notes are sealed with the first.",
    )
    outreach_reminder_day_before_at: str = Field(
        "18:00",
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="OUTREACH_REMINDER_DAY_BEFORE_AT: the day-before reminder's time (Japan time).",
    )
    outreach_reminder_hours_before: float = Field(
        3, gt=0, le=24, description="OUTREACH_REMINDER_HOURS_BEFORE: the second reminder, hours before the start."
    )
    outreach_checkout_grace_min: int = Field(
        30,
        ge=0,
        le=24 * 60,
        description="OUTREACH_CHECKOUT_GRACE_MIN: minutes after a visit's planned end before a missing "
        "check-out alerts the coordinator.",
    )
    outreach_overdue_partner_alert: bool = Field(
        True,
        description="OUTREACH_OVERDUE_PARTNER_ALERT: also alert the on-call supervisor (a partner alert "
        "through notifier) when a check-out is overdue.",
    )
    service_contact_phone: str | None = Field(
        None, description="SERVICE_CONTACT_PHONE: the call-back number given in an overdue alert."
    )
    outreach_round_s: float = Field(
        30, gt=0, description="OUTREACH_ROUND_S: how often reminders, overdue check-outs and the outbox run."
    )
    outreach_outbox_grace_s: float = Field(
        10, ge=0, description="OUTREACH_OUTBOX_GRACE_S: events unconfirmed this long are published again."
    )
