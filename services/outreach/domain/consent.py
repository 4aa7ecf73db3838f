"""What her consent allows (DESIGN §4 "Outreach"; the consent record is `OutreachConsent`).

Nothing proceeds without consent: a request exists only because she agreed (triage refuses to send
one otherwise), a withdrawal cancels everything not yet done, and a place must be one she accepts —
not among those she would not meet at, among those she named if she named any, and her home only
when she asked for it and the counselor confirmed it is safe.
"""

from __future__ import annotations

from services.outreach.domain.places import Place
from shared.events import OutreachConsent


def place_refusal(place: Place, consent: OutreachConsent) -> str | None:
    """Why her consent does not allow meeting at `place` (a code), or None."""
    if place.is_home:
        return None if consent.home else "home_not_agreed"
    if place.id in consent.avoid:
        return "place_refused"
    if consent.meet_at and place.id not in consent.meet_at:
        return "place_not_agreed"
    return None


def summary(consent: OutreachConsent) -> dict[str, object]:
    """The consent as the coordinator's screens show it (codes and ids; the console labels them)."""
    return {
        "help": list(consent.help),
        "accompany_to": consent.accompany_to,
        "line_only": consent.contact.line_only,
        "never_call": consent.contact.never_call,
        "windows": [w.model_dump() for w in consent.contact.windows],
        "meet_at": list(consent.meet_at),
        "avoid": list(consent.avoid),
        "home": consent.home,
        "given_at": consent.given_at,
        "given_via": consent.given_via,
        "withdrawal_explained": consent.withdrawal_explained,
    }
