"""Which automatic text goes when (services/triage/domain/reply_rules.py): nothing twice, nothing
missing, across a closed period and a case's opening."""

from dataclasses import dataclass, field

import pytest

from services.triage.domain.reply_rules import AlreadySent, AutoText, automatic_texts, once_keys
from services.triage.risk.levels import RiskLevel

ACK, SOON = AutoText.ACKNOWLEDGEMENT, AutoText.ANSWER_SOON
OOH, URGENT = AutoText.OUT_OF_HOURS, AutoText.URGENT_OUT_OF_HOURS
LOW, HIGH, EMERGENCY = RiskLevel.LOW, RiskLevel.HIGH, RiskLevel.EMERGENCY


@pytest.mark.parametrize(
    ("open_", "level", "opened", "present", "sent", "texts"),
    [
        # in hours
        (True, LOW, True, False, AlreadySent(), (ACK,)),
        (True, LOW, False, False, AlreadySent(), ()),  # once per case opening
        (True, None, True, False, AlreadySent(), (ACK,)),  # a sticker opens a case too
        (True, EMERGENCY, True, False, AlreadySent(), (SOON,)),  # instead of the acknowledgement
        (True, EMERGENCY, False, False, AlreadySent(), (SOON,)),  # rose while waiting
        (True, EMERGENCY, False, False, AlreadySent(answer_soon=True), ()),
        (True, EMERGENCY, False, True, AlreadySent(), ()),  # a counselor is answering her
        # out of hours
        (False, LOW, True, False, AlreadySent(), (OOH,)),
        (False, HIGH, False, False, AlreadySent(out_of_hours=True), ()),  # once per closed period
        (False, EMERGENCY, True, False, AlreadySent(), (URGENT,)),  # first message: urgent only
        (False, EMERGENCY, False, False, AlreadySent(out_of_hours=True), (URGENT,)),  # rose: urgent too
        (False, EMERGENCY, False, False, AlreadySent(out_of_hours=True, urgent=True), ()),
        (False, LOW, False, True, AlreadySent(), ()),  # 20:30-21:00, in a conversation
        (False, EMERGENCY, False, True, AlreadySent(), ()),
    ],
)
def test_which_text_goes_when(
    open_: bool,
    level: RiskLevel | None,
    opened: bool,
    present: bool,
    sent: AlreadySent,
    texts: tuple[AutoText, ...],
) -> None:
    decided = automatic_texts(
        intake_open=open_, level=level, opened=opened, counselor_present=present, sent=sent
    )
    assert decided == texts


def test_once_keys() -> None:
    keys = {t: once_keys(t, consulter_id="p1", case_id="c1", period="P", opening="O") for t in AutoText}
    assert keys[OOH] == ("ooh:p1:P",)  # today's key: a reply sent before this rule counts
    assert keys[URGENT] == ("urgent:c1:P", "ooh:p1:P")  # the plain reply never follows the urgent one
    assert keys[SOON] == ("soon:c1:O",) and keys[ACK] == ()


@dataclass
class Marks:
    """`once_marks` as the handler uses them: claim the first key (send if won), then the rest."""

    owner: dict[str, str] = field(default_factory=dict)

    def sent_by_others(self, event: str, consulter: str, case: str, period: str, opening: str) -> AlreadySent:
        def other(text: AutoText) -> bool:
            first = once_keys(text, consulter_id=consulter, case_id=case, period=period, opening=opening)[0]
            return self.owner.get(first, event) != event

        return AlreadySent(out_of_hours=other(OOH), urgent=other(URGENT), answer_soon=other(SOON))

    def claim(self, keys: tuple[str, ...], event: str) -> bool:
        won = [self.owner.setdefault(k, event) == event for k in keys]
        return not keys or won[0]


def run(messages: list[tuple[str, bool, RiskLevel, bool, str, str]], *, read: bool = True) -> list[AutoText]:
    """Each message: (event id, intake open, level, opened, case, closed period) for one consulter.
    `read`: look at the marks before deciding; else decide blind and let the claims settle it."""
    marks, delivered = Marks(), []
    for event, open_, level, opened, case, period in messages:
        sent = marks.sent_by_others(event, "p1", case, period, f"{case}-open") if read else AlreadySent()
        for text in automatic_texts(
            intake_open=open_, level=level, opened=opened, counselor_present=False, sent=sent
        ):
            keys = once_keys(text, consulter_id="p1", case_id=case, period=period, opening=f"{case}-open")
            if marks.claim(keys, event):
                delivered.append(text)
    return delivered


def test_a_level_rising_to_emergency_gets_the_urgent_reply_once() -> None:
    night = [
        ("e1", False, LOW, True, "c1", "sat"),
        ("e2", False, LOW, False, "c1", "sat"),
        ("e3", False, EMERGENCY, False, "c1", "sat"),
        ("e3", False, EMERGENCY, False, "c1", "sat"),  # a redelivery of e3 redoes its own reply
        ("e4", False, EMERGENCY, False, "c1", "sat"),
        ("e5", False, LOW, False, "c1", "sat"),
    ]
    assert run(night) == [OOH, URGENT, URGENT]  # the second URGENT is e3's retry, same ids
    assert run([m for m in night if m[0] != "e3" or m is night[2]]) == [OOH, URGENT]
    assert run(night, read=False) == run(night)


def test_a_new_closed_period_or_case_starts_again() -> None:
    messages = [
        ("e1", False, EMERGENCY, True, "c1", "thu"),
        ("e2", False, LOW, False, "c1", "thu"),  # the urgent reply held everything
        ("e3", False, LOW, False, "c1", "sat"),  # next closed period
        ("e4", False, EMERGENCY, False, "c1", "sat"),
        ("e5", True, EMERGENCY, True, "c2", "now"),  # in hours, a new case
        ("e6", True, EMERGENCY, False, "c2", "now"),
        ("e7", True, LOW, False, "c2", "now"),
    ]
    assert run(messages) == run(messages, read=False) == [URGENT, OOH, URGENT, SOON]
