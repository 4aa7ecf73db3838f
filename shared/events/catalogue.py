"""Every event of DESIGN §3, as frozen pydantic models: the one place the contract is written down.

Past tense for what happened (`CaseAssigned`), imperative for what is asked (`SendLineMessage`).
Each model states its routing key (`TYPE`) and schema `VERSION`; `docs/events.md` is generated from
this module (`python -m shared.events.docs`). Rules the models enforce:
- no message text outside `line.event.received` (sealed: only ingress and triage hold the keys) and
  `outbound.line.requested` (what triage asks notifier to send; sealed: triage and notifier);
- raw LINE user ids only in those two and nowhere else; everything else uses `consulter_id`;
- a partner alert's personal `details` only sealed (`partner.alert.requested` v2).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

RiskLevelName = Literal["low", "medium", "high", "emergency"]
Urgency = Literal["emergency", "high", "normal"]


class PartnerKind(StrEnum):
    """Kinds of partner agency an alert can be addressed to."""

    POLICE = "police"
    CHILD_FAMILY_SUPPORT_CENTER = "child_family_support_center"
    WELFARE_OFFICE = "welfare_office"
    COUNCIL_OF_SOCIAL_WELFARE = "council_of_social_welfare"
    WOMENS_COUNCIL = "womens_council"
    NPO = "npo"
    SCHOOL_BOARD = "school_board"
    ON_CALL_SUPERVISOR = "on_call_supervisor"


class CaseOutcome(StrEnum):
    """Coded outcome of a closed case (the reports count them)."""

    RESOLVED = "resolved"
    REFERRED = "referred"
    OUTREACH = "outreach"
    INFORMATION_GIVEN = "information_given"
    NO_RESPONSE = "no_response"
    CONSULTER_ENDED = "consulter_ended"
    OTHER = "other"


class EventData(BaseModel):
    """Base of every payload: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1


# --- ingress -------------------------------------------------------------------------------------


class SealedPayload(BaseModel):
    """A value sealed with ENCRYPTION_KEYS (AES-256-GCM, `shared/crypto.py`), as JSON can carry it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kid: str = Field(description="Id of the key that sealed it (rotation: old keys still open).")
    nonce: str = Field(description="The 12-byte GCM nonce, base64.")
    ct: str = Field(description="Ciphertext with its GCM tag, base64.")


class LineEventReceived(EventData):
    """One LINE webhook event, exactly as LINE sent it, sealed (ingress → triage).

    v2 seals the event: only a holder of ENCRYPTION_KEYS (ingress, triage) reads it; the broker, its
    dead letters and the ingress spool hold ciphertext. `sealed_event` is `{"kid", "nonce", "ct"}`:
    the key id, the base64 GCM nonce, the base64 ciphertext with its tag. v1 carried the event in
    plain `event`; a v1 event is read through its upcaster, and `shared.line_sealing.open_line_event`
    returns the event of either form.
    """

    TYPE = "line.event.received"
    VERSION = 2
    destination: str = Field(description="The bot's user id the webhook was addressed to (the channel).")
    sealed_event: SealedPayload | None = Field(
        None,
        description="The LINE event object exactly as received (JSON), sealed; the authenticated "
        "context is `line.event.received:<envelope id>`. Set by every v2 producer.",
    )
    event: dict[str, Any] | None = Field(
        None, description="Only in v1 events, published before sealing: the event in plain. Never set by v2."
    )
    chat_ref: str | None = Field(
        None,
        description="Keyed pseudonym (PSEUDONYM_KEY) of the event's chat (user, else group, else room): "
        "triage keeps one chat's events in order without opening them.",
    )
    webhook_event_id: str | None = Field(description="LINE's `webhookEventId` (a ULID); de-duplication key.")
    is_redelivery: bool = Field(description="`deliveryContext.isRedelivery`: LINE sent this event before.")
    event_type: str = Field(description="The LINE event `type` (message, follow, ...), as sent.")
    received_at: datetime = Field(description="When ingress received the webhook request.")

    @model_validator(mode="after")
    def _one_form_of_the_event(self) -> LineEventReceived:
        if (self.sealed_event is None) == (self.event is None):
            raise ValueError("exactly one of `sealed_event` (v2) and `event` (v1) is set")
        return self


# --- triage: cases -------------------------------------------------------------------------------


class CaseOpened(EventData):
    """A consulter's message opened a new case, or reopened a recently closed one."""

    TYPE = "case.opened"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    reopened: bool = Field(description="True when a closed case was reopened within the window.")
    opened_at: datetime = Field(description="When the case was (re)opened.")


class CaseMessageAppended(EventData):
    """A message was added to a case (its text stays in triage)."""

    TYPE = "case.message.appended"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    message_id: str = Field(description="Triage's id of the stored message.")
    direction: Literal["in", "out"] = Field(description="in: from the consulter; out: from the service.")
    kind: str = Field(description="text, sticker, image, video, audio, file, location, or system.")
    at: datetime = Field(description="When the message was sent.")


class RiskReasonRef(BaseModel):
    """A reason for a level without the matched words (those stay in triage)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    rule_id: str = Field(description="Id of the rule that matched (see services/triage/risk/rules).")
    level: RiskLevelName = Field(description="The level this rule gives.")
    flags: tuple[str, ...] = Field(default=(), description="negated, third_person, past, combined, ...")


class CaseRiskAssessed(EventData):
    """A case's risk level was assessed, automatically or by a counselor."""

    TYPE = "case.risk.assessed"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    message_id: str | None = Field(None, description="The message that was assessed (auto only).")
    level: RiskLevelName = Field(description="The case's level after this assessment.")
    assessed_level: RiskLevelName = Field(description="What this assessment alone found.")
    previous_level: RiskLevelName | None = Field(None, description="The case's level before.")
    by: Literal["auto", "counselor"] = Field(description="Who assessed.")
    counselor_id: str | None = Field(None, description="The counselor, when by=counselor.")
    reasons: tuple[RiskReasonRef, ...] = Field(default=(), description="Rule ids and flags, highest first.")


class CaseAssigned(EventData):
    """A counselor took a case (from the queue, back by continuity, or reassigned)."""

    TYPE = "case.assigned"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    counselor_id: str = Field(description="The counselor now responsible.")
    previous_counselor_id: str | None = Field(None, description="Who had it before, if anyone.")
    reason: Literal["queue", "continuity", "reassigned", "sla_breach", "manual"] = Field(
        description="Why this counselor."
    )
    level: RiskLevelName = Field(description="The case's risk level at assignment.")


class CaseEscalated(EventData):
    """A case needs a supervisor: a first-response target was missed, or an emergency out of hours."""

    TYPE = "case.escalated"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    level: RiskLevelName = Field(description="The case's risk level.")
    reason: Literal["sla_breach", "next_response", "emergency_out_of_hours", "manual"] = Field(
        description="Why: sla_breach (first answer late), next_response (a later answer late), ..."
    )
    waited_seconds: float | None = Field(None, description="How long she has waited for a first answer.")
    target_seconds: float | None = Field(None, description="The first-response target that applied.")


class CaseClosed(EventData):
    """A case was closed with a coded outcome."""

    TYPE = "case.closed"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    outcome: CaseOutcome = Field(description="Coded outcome.")
    closed_by: str = Field(description="Counselor or supervisor id, or `system`.")
    consultation: bool = Field(description="A counselor replied in this case (it counts in the reports).")


# --- triage: the figures the reports count (counts and codes only: no text, no LINE id) -----------

FriendChange = Literal["followed", "blocked", "refollowed"]


class FriendshipChanged(EventData):
    """She added the account as a friend, blocked it, or unblocked it (LINE follow / unfollow)."""

    TYPE = "consulter.friendship.changed"
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    change: FriendChange = Field(description="followed (new friend), blocked (unfollow), refollowed (unblocked).")
    at: datetime = Field(description="When LINE says it happened.")


class ConsulterMessageReceived(EventData):
    """She wrote to the service one-to-one: when, and whether the service was taking messages then.

    For the hours of use (the evidence for changing the hours); never the text or its kind."""

    TYPE = "consulter.message.received"
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    case_id: str = Field(description="The case the message went into.")
    message_id: str = Field(description="Triage's id of the stored message (one event per message).")
    at: datetime = Field(description="When she sent it.")
    weekday: int = Field(ge=0, le=6, description="Day of the week in the service's time zone (0 = Monday).")
    hour: int = Field(ge=0, le=23, description="Hour of the day in the service's time zone.")
    in_hours: bool = Field(description="The service was taking new messages then (seeds/hours.yaml).")


class FirstResponseGiven(EventData):
    """A counselor gave the first reply of a wait (the case's opening or a reopening)."""

    TYPE = "case.first_response.given"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    at: datetime = Field(description="When the reply was sent.")
    waited_seconds: float = Field(ge=0, description="From the start of the wait to this reply.")
    level: RiskLevelName = Field(description="The case's risk level when answered.")
    target_seconds: float = Field(gt=0, description="The first-response target for that level.")
    consultation: bool = Field(
        description="The first counselor reply in this case: from now on it counts as a consultation."
    )


AgeBandCode = Literal["under_20", "20s", "30s", "40s", "50s", "60s", "70_plus", "unknown"]


class IntakeRecorded(EventData):
    """Her age band and/or how she heard of the service, as she answered on LINE or a counselor set it."""

    TYPE = "consulter.intake.recorded"
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    case_id: str | None = Field(None, description="The case it was recorded in, if any.")
    age_band: AgeBandCode | None = Field(None, description="Age band code; None: not part of this record.")
    channel: str | None = Field(None, description="Publicity channel id (seeds/channels.yaml); None: not part.")
    source: Literal["counselor", "line"] = Field(description="Who gave it; a counselor's entry wins.")
    at: datetime = Field(description="When it was recorded.")


class CaseReferred(EventData):
    """A counselor referred the case to a partner kind (the alert itself goes to notifier)."""

    TYPE = "case.referred"
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    alert_id: str = Field(description="The `partner.alert.requested` it sent (its delivery names it).")
    partner_kind: PartnerKind = Field(description="The kind of partner.")
    category: str = Field(description="What it is about (a code).")
    urgency: Urgency = Field(description="emergency, high or normal.")
    at: datetime = Field(description="When the counselor referred it.")


# --- outbound LINE -------------------------------------------------------------------------------


class SealedContent(ValueError):
    """The personal part of an event is still sealed: open it first (`shared.outbound_sealing`)."""


class LineContent(BaseModel):
    """What an outbound LINE request says, and to whom: the part sealed on the broker."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    line_user_id: str = Field(description="The recipient's raw LINE user id.")
    messages: tuple[dict[str, Any], ...] = Field(
        min_length=1, max_length=5, description="LINE message objects (text, template, quickReply...)."
    )
    reply_token: str | None = Field(None, description="Reply token of the event being answered, if any.")


class SendLineMessage(EventData):
    """Ask notifier to send LINE messages to a consulter (reply while the token is fresh, else push).

    v2 seals what is personal: `line_user_id`, `messages` and `reply_token` travel in `sealed`
    (`{"kid", "nonce", "ct"}`, ENCRYPTION_KEYS, authenticated context
    `outbound.line.requested:<envelope id>`), so the broker, its dead letters and whoever reads them
    see only the clear fields. A producer builds the request in plain and its publisher seals it
    (`shared.outbound_sealing.SealingPublisher`); notifier opens it in memory. v1 carried the three in
    plain; a v1 event is read through its upcaster as it was.
    """

    TYPE = "outbound.line.requested"
    VERSION = 2
    request_id: str = Field(description="Stable across retries; becomes the push X-Line-Retry-Key.")
    consulter_id: str = Field(description="Pseudonym of the recipient.")
    line_user_id: str | None = Field(
        None,
        description="The recipient's raw LINE user id: in plain only inside the producer (before its "
        "publisher seals it), after notifier opened it, and in v1 events. Never on the broker in v2.",
    )
    messages: tuple[dict[str, Any], ...] | None = Field(
        None,
        min_length=1,
        max_length=5,
        description="LINE message objects (text, template, quickReply...), at most 5; plain like `line_user_id`.",
    )
    reply_token: str | None = Field(
        None, description="Reply token of the event being answered, if any; plain like `line_user_id`."
    )
    reply_token_received_at: datetime | None = Field(None, description="When that token arrived.")
    silent: bool = Field(False, description="Send with notificationDisabled (no sound on her phone).")
    purpose: str = Field("counselor_reply", description="ack, out_of_hours, counselor_reply, intake, ...")
    case_id: str | None = Field(None, description="The case it belongs to, if any.")
    sealed: SealedPayload | None = Field(
        None,
        description="`line_user_id`, `messages` and `reply_token` as JSON, sealed with ENCRYPTION_KEYS; "
        "context `outbound.line.requested:<envelope id>`. Set on the broker by every v2 producer.",
    )

    @model_validator(mode="after")
    def _one_form_and_token_has_time(self) -> SendLineMessage:
        plain = self.line_user_id is not None or self.messages is not None or self.reply_token is not None
        if self.sealed is not None and plain:
            raise ValueError("a sealed request carries no line_user_id, messages or reply_token in plain")
        if self.sealed is None and (self.line_user_id is None or self.messages is None):
            raise ValueError("a request needs line_user_id and messages (plain) or `sealed`")
        if self.reply_token and self.reply_token_received_at is None:
            raise ValueError("reply_token needs reply_token_received_at")
        return self

    def content(self) -> LineContent:
        """The plain part; `SealedContent` while it is sealed."""
        if self.sealed is not None or self.line_user_id is None or self.messages is None:
            raise SealedContent("open the request first (shared.outbound_sealing.open_line_request)")
        return LineContent(line_user_id=self.line_user_id, messages=self.messages, reply_token=self.reply_token)


class LineMessageDelivered(EventData):
    """Notifier delivered an outbound LINE request."""

    TYPE = "outbound.line.delivered"
    request_id: str = Field(description="The request.")
    consulter_id: str = Field(description="Pseudonym of the recipient.")
    case_id: str | None = Field(None, description="The case, if any.")
    method: Literal["reply", "push"] = Field(description="Which API carried it.")
    attempts: int = Field(ge=1, description="HTTP attempts it took.")
    line_request_id: str | None = Field(None, description="LINE's x-line-request-id (or accepted id on 409).")


class LineMessageFailed(EventData):
    """Notifier gave up on an outbound LINE request."""

    TYPE = "outbound.line.failed"
    request_id: str = Field(description="The request.")
    consulter_id: str = Field(description="Pseudonym of the recipient.")
    case_id: str | None = Field(None, description="The case, if any.")
    reason: Literal[
        "quota_exhausted", "invalid_request", "unauthorized", "recipient_unavailable", "retries_exhausted"
    ] = Field(description="Why it failed.")
    status: int | None = Field(None, description="Last HTTP status, if any.")
    attempts: int = Field(ge=0, description="HTTP attempts made.")


class LineMessageRetryScheduled(EventData):
    """Notifier could not deliver yet and will try again (the console shows "retrying", not "sent")."""

    TYPE = "outbound.line.retry_scheduled"
    request_id: str = Field(description="The request.")
    consulter_id: str = Field(description="Pseudonym of the recipient.")
    case_id: str | None = Field(None, description="The case, if any.")
    attempts: int = Field(ge=1, description="HTTP attempts made so far.")
    status: int | None = Field(None, description="Last HTTP status, if any.")
    next_attempt_at: datetime | None = Field(
        None, description="When it is tried again; None: as soon as the broker redelivers it."
    )


# --- outreach ------------------------------------------------------------------------------------

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
HelpKind = Literal["meet_and_talk", "accompany"]
AppointmentAnswer = Literal["confirm", "reschedule", "cancel"]


class ContactWindow(BaseModel):
    """A time she said she may safely be contacted (Japan time)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    days: tuple[Weekday, ...] = Field(min_length=1, description="Days of the week (mon ... sun).")
    start: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="From (HH:MM, Japan time).")
    end: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="Until (HH:MM, Japan time).")


class SafeContact(BaseModel):
    """How and when she may be contacted safely."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    line_only: bool = Field(description="Contact her through this LINE account only.")
    never_call: bool = Field(description="Never telephone her.")
    windows: tuple[ContactWindow, ...] = Field(
        default=(), max_length=14, description="When she may be contacted; empty: any time the service is open."
    )


class OutreachConsent(BaseModel):
    """What she agreed to, as the counselor recorded it: codes and catalogue ids only, never an
    address, a name or her words. She may withdraw it at any time (`outreach.consent.withdrawn`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    help: tuple[HelpKind, ...] = Field(min_length=1, description="meet_and_talk, accompany (to `accompany_to`).")
    accompany_to: str | None = Field(
        None, max_length=64, description="Where to accompany her: welfare_office, police, ... (a code)."
    )
    contact: SafeContact = Field(description="How and when she may be contacted safely.")
    meet_at: tuple[str, ...] = Field(
        default=(), max_length=40, description="Places (catalogue ids) she would meet at; empty: any safe place."
    )
    avoid: tuple[str, ...] = Field(
        default=(), max_length=40, description="Places (catalogue ids) she would not meet at."
    )
    home: bool = Field(
        False, description="She asked to meet at her home and the counselor confirmed it is safe."
    )
    given_at: datetime = Field(description="When she gave it.")
    given_via: Literal["line_chat", "phone", "in_person", "unrecorded"] = Field(
        description="How she gave it (`unrecorded`: a v1 request, recorded before consents had detail)."
    )
    withdrawal_explained: bool = Field(description="She was told she can withdraw at any time.")

    @model_validator(mode="after")
    def _destination_with_accompaniment(self) -> OutreachConsent:
        if "accompany" in self.help and not self.accompany_to:
            raise ValueError("accompany needs accompany_to")
        return self


class RequestOutreach(EventData):
    """A counselor proposed outreach and she agreed: the request, with her consent as a record.

    v2 carries the consent itself (`consent`); a v1 event (consent only as a time) is read through
    its upcaster with the safest contact rules (LINE only, never call) and `given_via: unrecorded`."""

    TYPE = "outreach.requested"
    VERSION = 2
    request_id: str = Field(description="The outreach request (a proposal's id when she agreed to it later).")
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    consent_recorded_at: datetime = Field(description="When the counselor recorded her consent.")
    requested_by: str = Field(description="Counselor id (the one told of what becomes of it).")
    urgency: Urgency = Field("normal", description="How soon a visit is needed.")
    accompaniment: str | None = Field(None, description="e.g. welfare_office, police, hospital.")
    area: str | None = Field(None, description="Coarse area for planning (never an address).")
    consent: OutreachConsent = Field(description="What she agreed to (v2).")


class OutreachProposed(EventData):
    """A counselor proposed outreach and she declined or has not decided yet (the funnel's first
    stage: proposals plus requests). If she agrees later, the request carries the same id."""

    TYPE = "outreach.proposed"
    proposal_id: str = Field(description="The proposal (becomes the request id if she agrees).")
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    proposed_by: str = Field(description="Counselor id.")
    answer: Literal["declined", "undecided"] = Field(description="What she said for now.")
    reasons: tuple[str, ...] = Field(
        default=(), description="Codes of the suggestion the counselor saw (asks_to_meet, ...), if any."
    )
    at: datetime = Field(description="When it was proposed.")


class OutreachConsentWithdrawn(EventData):
    """She withdrew her consent (through her counselor): everything not yet done is cancelled."""

    TYPE = "outreach.consent.withdrawn"
    request_id: str = Field(description="The outreach request.")
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    recorded_by: str = Field(description="The staff member who recorded it.")
    via: Literal["line_chat", "phone", "in_person"] = Field(description="How she said it.")
    at: datetime = Field(description="When she withdrew.")


class OutreachScheduled(EventData):
    """A coordinator scheduled (or rescheduled: a higher `revision`) a visit for a request."""

    TYPE = "outreach.scheduled"
    VERSION = 2
    request_id: str = Field(description="The outreach request.")
    visit_id: str = Field(description="The visit.")
    case_id: str = Field(description="The case.")
    starts_at: datetime = Field(description="Start of the visit.")
    ends_at: datetime = Field(description="End of the visit.")
    staff_ids: tuple[str, ...] = Field(min_length=2, description="At least two staff.")
    revision: int = Field(1, ge=1, description="1 when first scheduled; each reschedule adds one (v2).")
    place_id: str | None = Field(None, description="The place, a catalogue id (never an address) (v2).")
    accompany_to: str | None = Field(None, description="Where she is accompanied, a code (v2).")
    coordinator_id: str | None = Field(None, description="The coordinator who scheduled it (v2).")


NextStep = Literal["referral", "follow_up_visit", "counselor_follow_up", "none"]


class OutreachCompleted(EventData):
    """A visit ended: completed or no-show (v2: where she was accompanied and what comes next)."""

    TYPE = "outreach.completed"
    VERSION = 2
    request_id: str = Field(description="The outreach request.")
    visit_id: str = Field(description="The visit.")
    case_id: str = Field(description="The case.")
    result: Literal["completed", "no_show"] = Field(description="How it ended.")
    accompanied_to: str | None = Field(None, description="Where she was accompanied, a code (v2).")
    next_steps: tuple[NextStep, ...] = Field(default=(), description="referral, follow_up_visit, ... (v2).")


class OutreachCancelled(EventData):
    """An outreach request or one visit of it was cancelled (v2: by whom, and who proposed it)."""

    TYPE = "outreach.cancelled"
    VERSION = 2
    request_id: str = Field(description="The outreach request.")
    visit_id: str | None = Field(None, description="The visit, if one was scheduled.")
    case_id: str = Field(description="The case.")
    reason: str = Field(
        description="Coded reason: consent_withdrawn, case_closed, consulter_cancelled, coordinator, "
        "staff_unavailable, other."
    )
    cancelled_by: Literal["consulter", "coordinator", "counselor", "system"] = Field(
        "system", description="Who cancelled (v2)."
    )
    proposed_by: str | None = Field(None, description="The counselor who proposed it, to be told (v2).")
    request_cancelled: bool = Field(
        True, description="The whole request ended; False: one visit, the request waits for another (v2)."
    )


class SendAppointmentMessage(EventData):
    """Ask triage to send her an appointment's confirmation or reminder (outreach → triage: raw LINE
    ids stay in triage and her conversation stays whole there). Neutral by design: a date, a time and
    the place as she may be told it; triage writes the text and checks it for unsafe words."""

    TYPE = "outreach.message.requested"
    message_id: str = Field(description="Stable across retries (triage derives its LINE request from it).")
    request_id: str = Field(description="The outreach request.")
    visit_id: str = Field(description="The visit.")
    revision: int = Field(ge=1, description="Which scheduling of the visit it is about.")
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    kind: Literal["confirm", "reminder"] = Field(description="confirm (after (re)scheduling) or reminder.")
    starts_at: datetime = Field(description="When the appointment starts.")
    place: str | None = Field(
        None, max_length=60, description="The place's neutral wording from the catalogue; never an address."
    )


class AppointmentAnswered(EventData):
    """She answered an appointment message by quick reply (triage → outreach)."""

    TYPE = "outreach.reply.received"
    visit_id: str = Field(description="The visit.")
    revision: int = Field(ge=1, description="The scheduling her message was about.")
    case_id: str = Field(description="The case.")
    consulter_id: str = Field(description="Pseudonym of the consulter.")
    answer: AppointmentAnswer = Field(description="confirm, reschedule (another time) or cancel.")
    at: datetime = Field(description="When she tapped it.")


# --- partner alerts ------------------------------------------------------------------------------


class AlertContact(BaseModel):
    """Who at the service the partner calls back (staff, never the consulter)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(description="Counselor or supervisor name or role title.")
    role: str = Field(description="counselor or supervisor.")
    phone: str | None = Field(None, description="The service's call-back number.")


class RequestPartnerAlert(EventData):
    """Ask notifier to alert a partner agency, with the minimum it needs to act.

    v2 seals the personal details a counselor included: `details` travels as `sealed_details`
    (ENCRYPTION_KEYS, context `partner.alert.requested:<envelope id>`); the rest is staff contact,
    codes and the case reference, in clear. A producer builds the alert in plain and its publisher
    seals it (`shared.outbound_sealing.SealingPublisher`); notifier opens it in memory, builds the
    partner's body and stores that sealed too. v1 carried `details` in plain; read as it was.
    """

    TYPE = "partner.alert.requested"
    VERSION = 2
    alert_id: str = Field(description="Stable id; becomes the Standard Webhooks `webhook-id`.")
    partner_id: str | None = Field(None, description="A specific partner (takes it whatever its categories).")
    partner_kind: PartnerKind | None = Field(None, description="Or every active partner of a kind.")
    category: str = Field(description="What it is about, e.g. dv_imminent, suicide_risk, child_safety.")
    urgency: Urgency = Field(description="emergency, high or normal.")
    action: str = Field(description="What is asked of the partner, e.g. call_back, dispatch, consult.")
    case_ref: str = Field(description="Case reference the partner quotes when calling back.")
    contact: AlertContact = Field(description="Staff to call back.")
    details: dict[str, str] | None = Field(
        None,
        description="Personal details, only where a counselor explicitly included them: in plain only "
        "inside the producer (before its publisher seals them), after notifier opened them, and in v1.",
    )
    sealed_details: SealedPayload | None = Field(
        None,
        description="`details` as JSON, sealed with ENCRYPTION_KEYS; context "
        "`partner.alert.requested:<envelope id>`. Set on the broker by v2 producers when there are details.",
    )

    @model_validator(mode="after")
    def _addressed(self) -> RequestPartnerAlert:
        if not self.partner_id and not self.partner_kind:
            raise ValueError("a partner alert needs partner_id or partner_kind")
        if self.details is not None and self.sealed_details is not None:
            raise ValueError("details are either plain or sealed, not both")
        return self


class PartnerAlertDelivered(EventData):
    """A partner answered 2xx to an alert."""

    TYPE = "partner.alert.delivered"
    alert_id: str = Field(description="The alert.")
    partner_id: str = Field(description="The partner.")
    attempts: int = Field(ge=1, description="Attempts it took.")
    status: int = Field(description="The partner's HTTP status.")


class PartnerAlertRetryScheduled(EventData):
    """A partner did not accept an alert yet; it is tried again on the retry schedule."""

    TYPE = "partner.alert.retry_scheduled"
    alert_id: str = Field(description="The alert.")
    partner_id: str = Field(description="The partner.")
    attempts: int = Field(ge=1, description="Attempts made so far.")
    last_status: int | None = Field(None, description="Last HTTP status, if any.")
    next_attempt_at: datetime = Field(description="When the next attempt is due.")


class PartnerAlertFailed(EventData):
    """An alert could not be delivered after the last attempt (supervisors see it)."""

    TYPE = "partner.alert.failed"
    alert_id: str = Field(description="The alert.")
    partner_id: str | None = Field(None, description="The partner, if one was resolved.")
    reason: str = Field(description="retries_exhausted, endpoint_disabled, no_partner, ...")
    attempts: int = Field(ge=0, description="Attempts made.")
    last_status: int | None = Field(None, description="Last HTTP status, if any.")


CATALOGUE: dict[str, type[EventData]] = {
    model.TYPE: model
    for model in (
        LineEventReceived,
        CaseOpened,
        CaseMessageAppended,
        CaseRiskAssessed,
        CaseAssigned,
        CaseEscalated,
        CaseClosed,
        FriendshipChanged,
        ConsulterMessageReceived,
        FirstResponseGiven,
        IntakeRecorded,
        CaseReferred,
        SendLineMessage,
        LineMessageDelivered,
        LineMessageFailed,
        LineMessageRetryScheduled,
        RequestOutreach,
        OutreachProposed,
        OutreachConsentWithdrawn,
        OutreachScheduled,
        OutreachCompleted,
        OutreachCancelled,
        SendAppointmentMessage,
        AppointmentAnswered,
        RequestPartnerAlert,
        PartnerAlertDelivered,
        PartnerAlertRetryScheduled,
        PartnerAlertFailed,
    )
}
