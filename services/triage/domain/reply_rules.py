"""Which automatic text goes when: by opening hours and by the level of her message (DESIGN §4
"Hours"). Pure: the handler gives what it knows and what was already sent; nothing twice, nothing
missing.

For a supervisor, what she receives after a one-to-one message:

| intake | her message | she receives |
| --- | --- | --- |
| open | opens or reopens a case | the acknowledgement, once per case opening |
| open | emergency level, no counselor has answered yet | "someone will answer you very soon" (instead of the acknowledgement), once per case opening |
| closed | any, first in this closed period | the out-of-hours reply, once per consulter per closed period |
| closed | emergency level | the **urgent** out-of-hours reply, once per case per closed period — also after the plain one, if her level rises |
| any | a counselor is answering her (answered, and counselors are on duty) | nothing: the counselor speaks |

The urgent reply holds everything the plain one has, so once it has gone the plain one does not
follow. "Closed" is intake closed (`hours.is_open` false), so between last intake and closing a new
message is told the hours, while a conversation a counselor is in goes on undisturbed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from services.triage.risk.levels import RiskLevel


class AutoText(enum.StrEnum):
    """The automatic replies; the values are the `purpose` of their `SendLineMessage`."""

    ACKNOWLEDGEMENT = "ack"
    ANSWER_SOON = "answer_soon"
    OUT_OF_HOURS = "out_of_hours"
    URGENT_OUT_OF_HOURS = "urgent_out_of_hours"


@dataclass(frozen=True, slots=True)
class AlreadySent:
    """What **another** event already sent (a retry of this same event must redo its own effect).

    - `out_of_hours`: either out-of-hours reply, to this consulter, in this closed period;
    - `urgent`: the urgent reply, in this case, in this closed period;
    - `answer_soon`: "someone will answer you very soon", in this case opening.
    """

    out_of_hours: bool = False
    urgent: bool = False
    answer_soon: bool = False


def automatic_texts(
    *,
    intake_open: bool,
    level: RiskLevel | None,
    opened: bool,
    counselor_present: bool,
    sent: AlreadySent,
) -> tuple[AutoText, ...]:
    """The texts to send for this message, in order (today at most one: one reply token, one reply).

    `intake_open`: `hours.is_open` at the time she wrote. `level`: this message's level (None: not
    text). `opened`: this message opened or reopened her case. `counselor_present`: a counselor has
    answered in this case and counselors are on duty (`hours.in_session`).
    """
    if counselor_present:
        return ()
    emergency = level == RiskLevel.EMERGENCY
    if intake_open:
        if emergency and not sent.answer_soon:
            return (AutoText.ANSWER_SOON,)
        return (AutoText.ACKNOWLEDGEMENT,) if opened else ()
    if emergency and not sent.urgent:
        return (AutoText.URGENT_OUT_OF_HOURS,)
    return () if sent.out_of_hours else (AutoText.OUT_OF_HOURS,)


def once_keys(
    text: AutoText, *, consulter_id: str, case_id: str, period: str, opening: str
) -> tuple[str, ...]:
    """The `once_marks` a text claims. Send it only if the **first** is won; claim the others too.

    `period` names the closed period (the next opening, as the handler does today); `opening` names
    the case opening (e.g. the case's `waiting_since`). The out-of-hours key is today's, so a reply
    sent before this rule counts. The urgent reply also claims it, so the plain one never follows.

    The handler needs no read before claiming: with `sent=AlreadySent()` the claims decide alone,
    because losing a text's first claim always means "already sent, nothing else owed" (tested).
    """
    ooh = f"ooh:{consulter_id}:{period}"
    if text is AutoText.OUT_OF_HOURS:
        return (ooh,)
    if text is AutoText.URGENT_OUT_OF_HOURS:
        return (f"urgent:{case_id}:{period}", ooh)
    if text is AutoText.ANSWER_SOON:
        return (f"soon:{case_id}:{opening}",)
    return ()  # the acknowledgement: `opened` already makes it once per opening
