"""What a partner agency receives: the minimum it needs to act, and nothing else (DESIGN §4).

A partner gets the case reference to quote when calling back, the category, the urgency, the action
asked of it, and the staff contact to call. Personal details (a name, a place, a phone number of the
consulter) go only when a counselor put them in `details` explicitly — with her consent or to protect
a life. Never: message text, the LINE user id, the consulter pseudonym, the risk reasons, notes.

The body is built once when the alert is accepted and stored, so every retry sends the same bytes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from shared.events import RequestPartnerAlert

EVENT_TYPE = "partner.alert"
# The complete list of keys a partner can ever see; a test holds the builder to it.
ALLOWED_DATA_KEYS = frozenset({"alert_id", "case_ref", "category", "urgency", "action", "contact", "details"})
ALLOWED_CONTACT_KEYS = frozenset({"name", "role", "phone"})


def alert_payload(alert: RequestPartnerAlert, requested_at: datetime) -> dict[str, Any]:
    """The Standard Webhooks body (`type`, `timestamp`, `data`) for `alert`."""
    contact: dict[str, str] = {"name": alert.contact.name, "role": alert.contact.role}
    if alert.contact.phone:
        contact["phone"] = alert.contact.phone
    data: dict[str, Any] = {
        "alert_id": alert.alert_id,
        "case_ref": alert.case_ref,
        "category": alert.category,
        "urgency": alert.urgency,
        "action": alert.action,
        "contact": contact,
    }
    if alert.details:
        # Only what the counselor wrote in, as strings; nothing is added from elsewhere.
        data["details"] = {str(k): str(v) for k, v in alert.details.items()}
    return {"type": EVENT_TYPE, "timestamp": requested_at.isoformat(), "data": data}


def encode_payload(payload: dict[str, Any]) -> str:
    """The exact text that is signed and sent (compact, UTF-8 kept readable)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
