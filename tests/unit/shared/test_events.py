"""The event contract: envelopes round-trip, the catalogue validates, old versions are read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from shared.events import (
    CATALOGUE,
    AlertContact,
    CaseOpened,
    Envelope,
    RequestPartnerAlert,
    SendLineMessage,
    UnknownEventType,
    UnsupportedVersion,
    derived_event_id,
    envelope_for,
    read_data,
    register_upcaster,
)
from shared.events.versions import UPCASTERS

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_envelope_round_trips_through_bytes() -> None:
    data = CaseOpened(case_id="k1", consulter_id="c_1", reopened=False, opened_at=NOW)
    envelope = envelope_for(data, producer="triage", correlation_id="01WEBHOOK", causation_id="e0")

    decoded = Envelope.from_bytes(envelope.to_bytes())

    assert decoded == envelope
    assert decoded.type == "case.opened" and decoded.version == 1
    assert read_data(decoded) == data


def test_catalogue_holds_every_event_of_the_design() -> None:
    assert set(CATALOGUE) == {
        "line.event.received",
        "case.opened",
        "case.message.appended",
        "case.risk.assessed",
        "case.assigned",
        "case.escalated",
        "case.closed",
        "outbound.line.requested",
        "outbound.line.delivered",
        "outbound.line.failed",
        "outbound.line.retry_scheduled",  # progress the console shows as "retrying"
        "outreach.requested",
        "outreach.scheduled",
        "outreach.completed",
        "outreach.cancelled",
        # Outreach's consent, funnel and her side on LINE (issue 11).
        "outreach.proposed",
        "outreach.consent.withdrawn",
        "outreach.message.requested",
        "outreach.reply.received",
        "partner.alert.requested",
        "partner.alert.delivered",
        "partner.alert.failed",
        "partner.alert.retry_scheduled",
        # What the reports count (issue 12): counts and codes only.
        "consulter.friendship.changed",
        "consulter.message.received",
        "consulter.intake.recorded",
        "case.first_response.given",
        "case.referred",
    }
    for model in CATALOGUE.values():
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} is undescribed"


def test_derived_ids_are_stable_and_distinct() -> None:
    assert derived_event_id("e1", "case.opened") == derived_event_id("e1", "case.opened")
    assert derived_event_id("e1", "case.opened") != derived_event_id("e1", "case.assigned")
    assert derived_event_id("a", "bc") != derived_event_id("ab", "c")


def test_unknown_type_and_future_version_are_refused() -> None:
    base = envelope_for(
        CaseOpened(case_id="k", consulter_id="c", reopened=False, opened_at=NOW),
        producer="t",
        correlation_id="x",
    )
    with pytest.raises(UnknownEventType):
        read_data(base.model_copy(update={"type": "case.vanished"}))
    with pytest.raises(UnsupportedVersion):
        read_data(base.model_copy(update={"version": 2}))


def test_older_version_is_upcast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CaseOpened, "VERSION", 2)
    monkeypatch.setitem(UPCASTERS, ("case.opened", 1), UPCASTERS.get(("case.opened", 1), lambda d: d))

    @register_upcaster("case.opened", 1)
    def v1_to_v2(data: dict) -> dict:  # type: ignore[type-arg]
        return {**data, "reopened": data.get("reopened", False)}

    v1 = Envelope(
        id="i",
        type="case.opened",
        version=1,
        occurred_at=NOW,
        producer="t",
        correlation_id="x",
        data={"case_id": "k", "consulter_id": "c", "opened_at": NOW.isoformat()},
    )
    assert read_data(v1) == CaseOpened(case_id="k", consulter_id="c", reopened=False, opened_at=NOW)


def test_models_refuse_bad_payloads() -> None:
    with pytest.raises(ValidationError):
        SendLineMessage(request_id="r", consulter_id="c", line_user_id="U1", messages=())
    with pytest.raises(ValidationError):
        SendLineMessage(
            request_id="r",
            consulter_id="c",
            line_user_id="U1",
            messages=({"type": "text", "text": "x"},),
            reply_token="t",
        )
    with pytest.raises(ValidationError):
        RequestPartnerAlert(
            alert_id="a",
            category="dv",
            urgency="emergency",
            action="call_back",
            case_ref="K-1",
            contact=AlertContact(name="相談員", role="counselor"),
        )
    with pytest.raises(ValidationError):
        CaseOpened(case_id="k", consulter_id="c", reopened=False, opened_at=NOW, text="leak")  # type: ignore[call-arg]


def test_derived_ids_are_the_uuid5_they_always_were() -> None:
    """Consumers de-duplicate by these ids across versions: the fast form must equal uuid5."""
    import random
    import uuid

    from shared.events.envelope import EVENT_ID_NAMESPACE

    rng = random.Random(15)
    for _ in range(2000):
        parts = tuple(
            "".join(rng.choice("abcXYZ019-_:é漢\x1f") for _ in range(rng.randint(0, 40)))
            for _ in range(rng.randint(1, 4))
        )
        assert derived_event_id(*parts) == str(uuid.uuid5(EVENT_ID_NAMESPACE, "\x1f".join(parts)))
