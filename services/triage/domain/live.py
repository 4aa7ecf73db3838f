"""What the console's live stream says, and to whom (pure: no I/O).

A *notice* is one thing that changed on a case, reduced to ids and codes — never message text,
notes, names or LINE ids: the page reads the details through the audited API when it needs them.
Notices come from the events triage published (after its writes, so a re-read finds the change)
and from the delivery reports it stored (`delivery`, `alert`, `outreach`).

Who sees what follows per-case access (DESIGN §5): a supervisor every notice; a counselor the
notices of her own cases (or of a case just taken from her, or of the outreach she proposed: what
became of it reaches her even when the case is no longer hers), and for anyone else's case only that
the waiting queue changed — with the case id while it waits, since the queue shows it to her anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The fields of each published event a notice may carry (a whitelist: anything else stays out).
FIELDS: Mapping[str, tuple[str, ...]] = {
    "case.opened": ("reopened",),
    "case.message.appended": ("message_id", "direction", "kind"),
    "case.risk.assessed": ("level", "previous_level", "by"),
    "case.assigned": ("counselor_id", "previous_counselor_id", "reason", "level"),
    "case.escalated": ("level", "reason"),
    "case.closed": ("outcome",),
    "outbound.line.requested": ("request_id", "purpose"),
    "partner.alert.requested": ("alert_id", "urgency", "category"),
    "outreach.requested": ("request_id", "urgency"),
    "outreach.proposed": ("proposal_id", "answer"),
    "outreach.consent.withdrawn": ("request_id",),
}
# The queue may have changed: a case entered it, left it, or changed level while waiting.
QUEUE_KINDS = frozenset({"case.opened", "case.assigned", "case.closed", "case.risk.assessed"})


@dataclass(frozen=True, slots=True)
class CaseState:
    """The case as it is when the notice goes out (who may see it is decided on this)."""

    status: str
    level: str
    counselor_id: str | None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "level": self.level, "counselor_id": self.counselor_id}


@dataclass(frozen=True, slots=True)
class Notice:
    kind: str
    case_id: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    # The case as the announcing process knew it right after its write: the receiving processes
    # need not read it again (None: they read it).
    state: CaseState | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "case_id": self.case_id, **self.detail}


def notice_of(event_type: str, data: Mapping[str, Any]) -> Notice | None:
    """The notice for a published event, or None for events the console does not follow."""
    keep = FIELDS.get(event_type)
    case_id = data.get("case_id") or data.get("case_ref")
    if keep is None or not isinstance(case_id, str):
        return None
    return Notice(event_type, case_id, {k: data[k] for k in keep if data.get(k) is not None})


def view_for(user_id: str, role: str, notice: Notice, state: CaseState | None) -> dict[str, Any] | None:
    """What this staff member is told of `notice`: the whole notice, a queue hint, or nothing."""
    full = {**notice.to_json(), **(state.to_json() if state else {})}
    if role == "supervisor":
        return full
    if role != "counselor":
        return None
    concerned = {state.counselor_id if state else None, notice.detail.get("counselor_id")}
    concerned.add(notice.detail.get("previous_counselor_id"))
    concerned.add(notice.detail.get("proposed_by"))
    if user_id in concerned:
        return full
    if state is not None and state.status == "waiting":
        return {"kind": "queue", "case_id": notice.case_id, "level": state.level}
    if notice.kind in QUEUE_KINDS:
        return {"kind": "queue"}
    return None
