"""Triage's settings: the common ones plus its encryption keys and case rules (loaded once at start)."""

from __future__ import annotations

from pydantic import Field

from shared.config import ConsoleApiSettings


class Settings(ConsoleApiSettings):
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
    seeds_dir: str = Field(
        "seeds", description="SEEDS_DIR: roster, hours, holidays, contacts, unsafe words, alert routing."
    )
    sla_emergency_s: float = Field(
        120, gt=0, description="SLA_EMERGENCY_S: first-response target, emergency."
    )
    sla_high_s: float = Field(600, gt=0, description="SLA_HIGH_S: first-response target, high.")
    sla_other_s: float = Field(1800, gt=0, description="SLA_OTHER_S: first-response target, medium and low.")
    next_response_urgent_s: float = Field(
        600, gt=0, description="NEXT_RESPONSE_URGENT_S: next-response target after the first, high and emergency."
    )
    next_response_other_s: float = Field(
        1800, gt=0, description="NEXT_RESPONSE_OTHER_S: next-response target, medium and low."
    )
    replies_mention_outreach: bool = Field(
        False,
        description="REPLIES_MENTION_OUTREACH: the acknowledgement and the out-of-hours reply add, "
        "neutrally, that meeting in person is possible (seeds/replies: outreach_possible).",
    )
    satisfaction_question: bool = Field(
        False, description="SATISFACTION_QUESTION: ask a short neutral question when a case is closed."
    )
    sla_check_interval_s: float = Field(5, gt=0, description="SLA_CHECK_INTERVAL_S: SLA checker period.")
    assign_interval_s: float = Field(
        2, gt=0, description="ASSIGN_INTERVAL_S: periodic assignment and outbox sweep period."
    )
    reconcile_interval_s: float = Field(
        30, gt=0, description="RECONCILE_INTERVAL_S: seat reconciliation period."
    )
    outbox_grace_s: float = Field(
        5, ge=0, description="OUTBOX_GRACE_S: an event still pending this long is re-published by the sweep."
    )
    reply_token_ttl_s: float = Field(
        50,
        ge=0,
        description="REPLY_TOKEN_TTL_S: a consulter's reply token is offered to a counselor this long.",
    )
    retention_days: float = Field(
        365,
        ge=1,
        description="RETENTION_DAYS: message bodies, notes and reply tokens are purged this long after a case closes.",
    )
    retention_interval_s: float = Field(
        3600, gt=0, description="RETENTION_INTERVAL_S: how often the retention round looks for due cases."
    )
    reseal_interval_s: float = Field(
        10, gt=0, description="RESEAL_INTERVAL_S: after a key rotation, how often a batch is re-sealed."
    )
    session_idle_timeout_s: float = Field(
        900, gt=0, description="SESSION_IDLE_TIMEOUT_S: console idle timeout."
    )
    session_absolute_timeout_s: float = Field(
        28800, gt=0, description="SESSION_ABSOLUTE_TIMEOUT_S: console session lifetime after login."
    )
    service_contact_name: str = Field(
        "tsunagari duty desk", description="SERVICE_CONTACT_NAME: who partners call back (system alerts)."
    )
    service_contact_phone: str | None = Field(
        None, description="SERVICE_CONTACT_PHONE: the service's call-back number for partner alerts."
    )
