"""When to suggest outreach to the counselor (issue 11: last year's 0 visits came from proposals not
made at the right moment). A visible suggestion with its reasons, on the case screen; never an
automatic request — proposing it to her, and her consent, stay the counselor's.

Reasons, each a code the console explains:
- `asks_to_meet` — she asks to meet in person ("直接会って話したい", "来てもらえませんか");
- `asks_accompaniment` — she asks for someone to go with her ("一緒に行ってほしい", "付き添って");
- `afraid_of_counter` — she is afraid to go to a counter or an office alone ("窓口に一人で行くのが怖い");
- `recurring_need` — she keeps coming back with the same need unresolved: at least
  `RECURRING_CASES` earlier cases sharing a need with this one (or, with no need derived, none at
  all) that did not end resolved;
- `high_risk_partner_pending` — the case is high or emergency and a referral to a partner is still
  pending (not failed).
Her messages are read here in memory (folded like the safe-messaging check: width, case, kana), only
for the counselor who already reads them; the suggestion carries codes and message ids, never words.
No suggestion while an outreach request of the case is open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.triage.domain.safe_words import fold

RECURRING_CASES = 2
OPEN_OUTREACH = ("requested", "scheduled", "reschedule_requested")

_PHRASES: dict[str, tuple[str, ...]] = {
    "asks_to_meet": (
        "(直接|実際に|対面で).{0,6}(会|あ)(い|え|っ)",
        "会って(話|はな|相談|もらえ|ほしい)",
        "会え(ませんか|ますか|ないでしょうか)",
        "(来て|きて)(もらえ|ほしい|くれ)",
        "面談",
    ),
    "asks_accompaniment": (
        "一緒に(行|い|来|き|つい)",
        "付き添",
        "つきそ",
        "(ついて|着いて)(きて|来て|いって|行って)",
        "同行",
    ),
    "afraid_of_counter": (
        "(窓口|役所|市役所|区役所|警察|福祉事務所|交番|手続き).{0,14}(怖|こわ|不安|行けな|いけな|無理|むり|自信)",
        "(一人|ひとり)で.{0,10}(行く|いく|行け|いけ|手続き).{0,10}(怖|こわ|不安|無理|むり|自信)",
    ),
}
_PATTERNS = {code: tuple(re.compile(fold(p)) for p in phrases) for code, phrases in _PHRASES.items()}


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str
    message_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, **({"message_id": self.message_id} if self.message_id else {})}


def _from_messages(messages: Iterable[Mapping[str, Any]]) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    for message in messages:
        text = message.get("edited_text") or message.get("text")
        if message.get("direction") != "in" or not isinstance(text, str):
            continue
        folded = fold(text)
        for code, patterns in _PATTERNS.items():
            if code not in found and any(p.search(folded) for p in patterns):
                found[code] = Suggestion(code, message.get("id"))
    return [found[c] for c in _PATTERNS if c in found]


def _recurring(needs: Sequence[str], earlier: Iterable[Mapping[str, Any]]) -> bool:
    mine = set(needs)
    same = [
        c
        for c in earlier
        if c.get("outcome") != "resolved"
        and ((mine & set(c.get("needs") or ())) if mine else not (c.get("needs") or ()))
    ]
    return len(same) >= RECURRING_CASES


def suggest(
    *,
    level: str | None,
    needs: Sequence[str],
    messages: Iterable[Mapping[str, Any]],
    earlier_cases: Iterable[Mapping[str, Any]],
    referrals: Iterable[Mapping[str, Any]],
    outreach: Iterable[Mapping[str, Any]],
) -> list[Suggestion]:
    """The reasons to suggest outreach now (empty: no suggestion)."""
    if any(r.get("status") in OPEN_OUTREACH for r in outreach):
        return []
    found = _from_messages(messages)
    if _recurring(needs, earlier_cases):
        found.append(Suggestion("recurring_need"))
    if level in ("high", "emergency") and any(r.get("status") != "failed" for r in referrals):
        found.append(Suggestion("high_risk_partner_pending"))
    return found
