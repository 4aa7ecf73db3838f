"""Request bodies of the case endpoints (pydantic: unknown fields refused), read by the one bounded
JSON reader every API uses (`shared.web.json_body.read_model`).

Bad JSON → 400 `invalid_json`; a body that does not fit → 422 `invalid_body` naming the model's
fields, never echoing what was sent (it may be her words). Nothing is stored before a body has passed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.events import CaseOutcome, PartnerKind, RiskLevelName, Urgency

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
AgeBand = Literal["under_20", "20s", "30s", "40s", "50s", "60s", "70_plus", "unknown"]
ReplyLanguage = Literal["ja", "ja-easy", "en", "zh", "ko", "vi", "tl", "pt", "ne"]
"""domain/reply_language.REPLY_LANGUAGES (a test keeps the two the same)."""


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class TextIn(Body):
    text: Text


class ReplyIn(Body):
    text: Text
    confirm_unsafe: bool = Field(False, description="Send despite safe-messaging words in a silent channel.")


RiskReasonCode = Literal[
    "confirmed", "more_urgent", "hyperbole", "joke", "fiction", "past", "third_person", "not_abuse", "other"
]


class RiskIn(Body):
    level: RiskLevelName
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None
    reason_code: RiskReasonCode = Field(
        "other", description="Why the counselor set this level (kept as counts, to improve the assessment)."
    )


class CloseIn(Body):
    outcome: CaseOutcome
    cancel_outreach: bool = Field(False, description="Close although outreach is pending (it is cancelled).")


class ChannelIn(Body):
    silent: bool = Field(description="Her phone may be seen: replies without sound, words checked.")


class AbusiveIn(Body):
    abusive: bool = Field(description="Mark (or unmark) the consulter as abusive: no automatic replies.")


class TemplateIn(Body):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    text: Text


class PreferencesIn(Body):
    lang: Literal["ja", "en"] | None = None
    sound: bool | None = None
    desktop: bool | None = None


class ReferralIn(Body):
    partner_kind: PartnerKind
    category: Code
    urgency: Urgency
    action: Code
    details: dict[Code, Annotated[str, StringConstraints(max_length=1000)]] | None = Field(
        None, max_length=20
    )
    include_personal_details: bool = False


class AssignIn(Body):
    counselor_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class LanguageIn(Body):
    language: ReplyLanguage | None = Field(
        description="The language of her automatic replies; null: follow the language she writes in."
    )


class IntakeIn(Body):
    age_band: AgeBand | None = None
    channel: Code | None = None
