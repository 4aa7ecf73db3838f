"""Indexes of triage's collections, created at start. The unique ones carry correctness:

- `cases.one_open_case_per_consulter`: two triage processes handling two messages of one consulter
  cannot both open a case; the loser gets DuplicateKeyError and takes the winner's case.
- `messages.line_message_id`: the same LINE message stored once, even when it reaches us in a
  second envelope or under a second webhook event.
`line_events` and `friend_events` are keyed by `_id` = webhookEventId, unique by itself: a LINE event
is handled once whatever envelope carries it.
"""

from __future__ import annotations

from services.triage.adapters.console_store import INDEXES as CONSOLE_INDEXES
from services.triage.adapters.outreach_records import INDEXES as OUTREACH_INDEXES
from services.triage.adapters.reseal import INDEXES as RESEAL_INDEXES
from services.triage.adapters.retention import INDEXES as RETENTION_INDEXES
from services.triage.adapters.risk_corrections import INDEXES as CORRECTION_INDEXES
from shared.mongo import IndexSpec

RETIRED: tuple[tuple[str, str], ...] = (("messages", "case_timeline"),)
"""(collection, index name) replaced by another index: dropped at start where they exist."""

INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(
        "cases",
        [("consulter_id", 1)],
        unique=True,
        name="one_open_case_per_consulter",
        options={"partialFilterExpression": {"open": True}},
    ),
    IndexSpec("cases", [("consulter_id", 1), ("closed_at", -1)], name="consulter_closed"),
    # The waiting queue of part 2: by risk (highest first), then by waiting time.
    IndexSpec("cases", [("status", 1), ("risk_rank", -1), ("waiting_since", 1)], name="queue"),
    IndexSpec(
        "messages",
        [("line_message_id", 1)],
        unique=True,
        name="line_message_id",
        options={"partialFilterExpression": {"line_message_id": {"$type": "string"}}},
    ),
    # Her recent texts for the case view sort by (at, _id) newest first: the index gives that order
    # itself, so the query reads only the rows it returns (no in-memory sort).
    IndexSpec("messages", [("case_id", 1), ("at", 1), ("_id", 1)], name="case_timeline_at_id"),
    # Part 2: a counselor's cases, the outbox sweep, the SLA checker, feedback records.
    IndexSpec("cases", [("counselor_id", 1), ("status", 1)], name="counselor_cases"),
    IndexSpec("cases", [("pending_events.at", 1)], name="outbox_pending"),
    IndexSpec("cases", [("open", 1), ("first_response_at", 1)], name="awaiting_first_reply"),
    IndexSpec("notes", [("case_id", 1), ("at", 1)], name="case_notes"),
    IndexSpec("deliveries", [("case_id", 1)], name="deliveries_case"),
    IndexSpec("deliveries", [("failed", 1)], name="deliveries_failed"),
    IndexSpec("alerts", [("case_id", 1)], name="alerts_case"),
    IndexSpec("alerts", [("failed", 1)], name="alerts_failed"),
    # Supervisors' failures list also shows what is still being retried (tracking.ATTENTION).
    IndexSpec("deliveries", [("retrying", 1)], name="deliveries_retrying"),
    IndexSpec("alerts", [("retrying_partners", 1)], name="alerts_retrying"),
    # Closed-case history and search; the next-response clock; supervisors' reply templates.
    IndexSpec("cases", [("status", 1), ("closed_at", -1)], name="closed_cases"),
    IndexSpec("cases", [("counselor_id", 1), ("status", 1), ("closed_at", -1)], name="counselor_closed"),
    IndexSpec("cases", [("open", 1), ("awaiting_reply_since", 1)], name="awaiting_next_reply"),
    IndexSpec("reply_templates", [("active", 1), ("title", 1)], name="templates_active"),
    IndexSpec("messages", [("request_id", 1)], name="message_request"),
    IndexSpec("outreach_requests", [("case_id", 1)], name="outreach_case"),
    IndexSpec("staff", [("username", 1)], unique=True, name="staff_username"),
    *CONSOLE_INDEXES,
    *RETENTION_INDEXES,
    *RESEAL_INDEXES,
    *CORRECTION_INDEXES,
    *OUTREACH_INDEXES,
    IndexSpec("friend_events", [("at", 1)], name="friend_events_at"),
    IndexSpec("line_events", [("received_at", 1)], name="line_events_received"),
)
