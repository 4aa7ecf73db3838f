"""What a partner receives: only the allowed keys; no message text, no LINE id, no pseudonym."""

import json
from datetime import UTC, datetime

from services.notifier.domain.alert_payload import (
    ALLOWED_CONTACT_KEYS,
    ALLOWED_DATA_KEYS,
    alert_payload,
    encode_payload,
)
from shared.events import AlertContact, PartnerKind, RequestPartnerAlert

LINE_ID = "U" + "4af4980629" * 3 + "ab"
TEXT = "夫に殴られて今家の外にいます"
AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _alert(**extra: object) -> RequestPartnerAlert:
    return RequestPartnerAlert(
        alert_id="a-1",
        partner_kind=PartnerKind.POLICE,
        category="dv_imminent",
        urgency="emergency",
        action="dispatch",
        case_ref="C-2026-0042",
        contact=AlertContact(name="相談員 田中", role="counselor", phone="03-0000-0000"),
        **extra,  # type: ignore[arg-type]
    )


def test_the_body_has_only_the_allowed_keys() -> None:
    body = alert_payload(_alert(), AT)
    assert set(body) == {"type", "timestamp", "data"}
    assert set(body["data"]) <= ALLOWED_DATA_KEYS
    assert set(body["data"]["contact"]) <= ALLOWED_CONTACT_KEYS
    assert "details" not in body["data"]


def test_no_text_nor_line_id_reaches_a_partner_without_details() -> None:
    """The request the notifier receives never carries them, and the builder adds nothing else."""
    text = encode_payload(alert_payload(_alert(), AT))
    assert TEXT not in text and LINE_ID not in text and "consulter" not in text


def test_details_go_only_when_a_counselor_included_them() -> None:
    body = alert_payload(_alert(details={"name": "山田花子", "place": "駅前交番"}), AT)
    assert body["data"]["details"] == {"name": "山田花子", "place": "駅前交番"}


def test_the_request_refuses_fields_outside_the_contract() -> None:
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError):
        _alert(text=TEXT)
    with pytest.raises(pydantic.ValidationError):
        _alert(line_user_id=LINE_ID)


def test_encoding_is_stable_so_every_retry_sends_the_same_bytes() -> None:
    assert encode_payload(alert_payload(_alert(), AT)) == encode_payload(alert_payload(_alert(), AT))
    assert json.loads(encode_payload(alert_payload(_alert(), AT)))["data"]["case_ref"] == "C-2026-0042"
