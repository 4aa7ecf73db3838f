"""One small fiscal year (FY2025) of events whose figures are worked out by hand in
test_reports_figures.py: four consulters, five cases, two outreach requests, one referral."""

from __future__ import annotations

from shared.events import (
    CaseClosed,
    CaseEscalated,
    CaseOpened,
    CaseOutcome,
    CaseReferred,
    CaseRiskAssessed,
    ConsulterMessageReceived,
    Envelope,
    FirstResponseGiven,
    FriendshipChanged,
    IntakeRecorded,
    OutreachCancelled,
    OutreachCompleted,
    OutreachConsent,
    OutreachConsentWithdrawn,
    OutreachProposed,
    OutreachScheduled,
    PartnerAlertDelivered,
    PartnerKind,
    RequestOutreach,
    SafeContact,
)
from tests.unit.reports.support import envelope, jst


def _message(consulter: str, case: str, n: int, at, in_hours: bool) -> Envelope:  # type: ignore[no-untyped-def]
    data = ConsulterMessageReceived(
        consulter_id=consulter, case_id=case, message_id=f"{case}-m{n}", at=at,
        weekday=at.weekday(), hour=at.hour, in_hours=in_hours,
    )
    return envelope(data, at)


def _opened(consulter: str, case: str, at) -> Envelope:  # type: ignore[no-untyped-def]
    return envelope(CaseOpened(case_id=case, consulter_id=consulter, reopened=False, opened_at=at), at)


def _risk(consulter: str, case: str, level: str, at) -> Envelope:  # type: ignore[no-untyped-def]
    data = CaseRiskAssessed(case_id=case, consulter_id=consulter, level=level, assessed_level=level, by="auto")
    return envelope(data, at)


def _responded(consulter: str, case: str, at, waited: float, level: str, target: float) -> Envelope:  # type: ignore[no-untyped-def]
    data = FirstResponseGiven(
        case_id=case, consulter_id=consulter, at=at, waited_seconds=waited, level=level,
        target_seconds=target, consultation=True,
    )
    return envelope(data, at)


def _closed(consulter: str, case: str, outcome: CaseOutcome, consultation: bool, at) -> Envelope:  # type: ignore[no-untyped-def]
    data = CaseClosed(case_id=case, consulter_id=consulter, outcome=outcome, closed_by="c-1", consultation=consultation)
    return envelope(data, at)


def _friend(consulter: str, change: str, at) -> Envelope:  # type: ignore[no-untyped-def]
    return envelope(FriendshipChanged(consulter_id=consulter, change=change, at=at), at)


def _intake(consulter: str, source: str, at, **fields: str) -> Envelope:  # type: ignore[no-untyped-def]
    return envelope(IntakeRecorded(consulter_id=consulter, source=source, at=at, **fields), at)


def _consent(at) -> OutreachConsent:  # type: ignore[no-untyped-def]
    return OutreachConsent(
        help=("meet_and_talk",), contact=SafeContact(line_only=True, never_call=True), given_at=at,
        given_via="line_chat", withdrawal_explained=True,
    )


def events() -> list[Envelope]:
    a, b, c, d = "c_A", "c_B", "c_C", "c_D"
    return [
        # A: new friend and new consulter in April, high level answered in 300 s (target 600).
        _friend(a, "followed", jst(2025, 4, 10, 18, 55)),
        _opened(a, "a1", jst(2025, 4, 10, 19, 0)),
        _message(a, "a1", 1, jst(2025, 4, 10, 19, 0), True),
        _risk(a, "a1", "high", jst(2025, 4, 10, 19, 0)),
        _responded(a, "a1", jst(2025, 4, 10, 19, 5), 300, "high", 600),
        _intake(a, "counselor", jst(2025, 4, 10, 19, 30), age_band="30s", channel="school_card"),
        _closed(a, "a1", CaseOutcome.RESOLVED, True, jst(2025, 4, 10, 20, 0)),
        # B: May; emergency answered late (200 s, target 120) and escalated; said 20s on LINE, the
        # counselor later set 40s (the counselor's entry wins); referred to the police (delivered).
        _friend(b, "followed", jst(2025, 5, 3, 18, 20)),
        _opened(b, "b1", jst(2025, 5, 3, 18, 30)),
        _message(b, "b1", 1, jst(2025, 5, 3, 18, 30), True),
        _message(b, "b1", 2, jst(2025, 5, 3, 23, 10), False),
        _risk(b, "b1", "emergency", jst(2025, 5, 3, 18, 30)),
        envelope(
            CaseEscalated(case_id="b1", consulter_id=b, level="emergency", reason="sla_breach"),
            jst(2025, 5, 3, 18, 32),
        ),
        _responded(b, "b1", jst(2025, 5, 3, 18, 33, 20), 200, "emergency", 120),
        _intake(b, "line", jst(2025, 5, 3, 20, 0), age_band="20s"),
        _intake(b, "line", jst(2025, 5, 3, 20, 1), channel="toilet_sticker"),
        _intake(b, "counselor", jst(2025, 5, 2, 12, 0), age_band="40s"),
        envelope(
            CaseReferred(
                case_id="b1", consulter_id=b, alert_id="al-1", partner_kind=PartnerKind.POLICE,
                category="dv_imminent", urgency="emergency", at=jst(2025, 5, 3, 18, 40),
            ),
            jst(2025, 5, 3, 18, 40),
        ),
        envelope(PartnerAlertDelivered(alert_id="al-1", partner_id="p-police", attempts=1, status=200), jst(2025, 5, 3, 18, 41)),
        _closed(b, "b1", CaseOutcome.REFERRED, True, jst(2025, 5, 4, 10, 0)),
        # B's outreach: consented, scheduled, completed in May; a second request cancelled in June.
        envelope(
            RequestOutreach(
                request_id="r1", case_id="b1", consulter_id=b, consent_recorded_at=jst(2025, 5, 10, 19, 0),
                requested_by="c-1", consent=_consent(jst(2025, 5, 10, 19, 0)),
            ),
            jst(2025, 5, 10, 19, 0),
        ),
        envelope(
            OutreachScheduled(
                request_id="r1", visit_id="v1", case_id="b1", starts_at=jst(2025, 5, 20, 14, 0),
                ends_at=jst(2025, 5, 20, 15, 0), staff_ids=("o-1", "o-2"),
            ),
            jst(2025, 5, 12, 10, 0),
        ),
        envelope(OutreachCompleted(request_id="r1", visit_id="v1", case_id="b1", result="completed"), jst(2025, 5, 20, 16, 0)),
        envelope(
            RequestOutreach(
                request_id="r2", case_id="b1", consulter_id=b, consent_recorded_at=jst(2025, 6, 1, 19, 0),
                requested_by="c-1", consent=_consent(jst(2025, 6, 1, 19, 0)),
            ),
            jst(2025, 6, 1, 19, 0),
        ),
        envelope(
            OutreachConsentWithdrawn(
                request_id="r2", case_id="b1", consulter_id=b, recorded_by="c-1", via="line_chat", at=jst(2025, 6, 2, 8, 0)
            ),
            jst(2025, 6, 2, 8, 0),
        ),
        envelope(OutreachCancelled(request_id="r2", case_id="b1", reason="consent_withdrawn"), jst(2025, 6, 2, 9, 0)),
        # A proposal B declined in July: proposed, never consented.
        envelope(
            OutreachProposed(
                proposal_id="p1", case_id="b1", consulter_id=b, proposed_by="c-1", answer="declined", at=jst(2025, 7, 1, 19, 0)
            ),
            jst(2025, 7, 1, 19, 0),
        ),
        # C: followed and consulted in FY2024 (March 2025), consulted again in June: continuing;
        # blocked the account in July; never gave an intake.
        _friend(c, "followed", jst(2025, 3, 19, 18, 0)),
        _opened(c, "c0", jst(2025, 3, 20, 18, 20)),
        _message(c, "c0", 1, jst(2025, 3, 20, 18, 20), True),
        _responded(c, "c0", jst(2025, 3, 20, 18, 25), 300, "low", 1800),
        _opened(c, "c1", jst(2025, 6, 5, 18, 10)),
        _message(c, "c1", 1, jst(2025, 6, 5, 18, 10), True),
        _risk(c, "c1", "medium", jst(2025, 6, 5, 18, 10)),
        _responded(c, "c1", jst(2025, 6, 5, 18, 25), 900, "medium", 1800),
        _friend(c, "blocked", jst(2025, 7, 1, 9, 0)),
        # D: August; wrote out of hours (a sticker: never assessed), nobody replied: not a consultation.
        _friend(d, "followed", jst(2025, 8, 1, 20, 50)),
        _opened(d, "d1", jst(2025, 8, 1, 21, 0)),
        _message(d, "d1", 1, jst(2025, 8, 1, 21, 0), False),
        _intake(d, "line", jst(2025, 8, 1, 21, 5), channel="social_ad"),
        _closed(d, "d1", CaseOutcome.NO_RESPONSE, False, jst(2025, 8, 4, 10, 0)),
    ]
