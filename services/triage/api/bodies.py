"""Request bodies of the case endpoints (pydantic: unknown fields refused), how they are read, and
how responses are written.

Bad JSON → 400 `invalid_json`; a body that does not fit → 422 `invalid_body` naming the fields, never
echoing what was sent (it may be her words). Nothing is stored before a body has passed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from services.triage.api.errors import api_error
from shared.events import CaseOutcome, PartnerKind, RiskLevelName, Urgency

M = TypeVar("M", bound=BaseModel)
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
AgeBand = Literal["under_20", "20s", "30s", "40s", "50s", "60s", "70_plus", "unknown"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextIn(Body):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class RiskIn(Body):
    level: RiskLevelName
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None


class CloseIn(Body):
    outcome: CaseOutcome


class OutreachIn(Body):
    consent: bool = Field(description="Her consent to a visit, recorded by the counselor: must be true.")
    urgency: Urgency = "normal"
    accompaniment: Code | None = None
    area: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = None


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


class IntakeIn(Body):
    age_band: AgeBand | None = None
    channel: Code | None = None


async def read_body(request: web.Request, model: type[M]) -> M:
    try:
        raw: Any = await request.json()
    except ValueError:
        raise api_error(400, "invalid_json", "The body is not valid JSON.") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
        raise api_error(422, "invalid_body", fields) from None


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    raise TypeError(type(value).__name__)


def respond(data: Any, status: int = 200) -> web.Response:
    return web.json_response(
        data, status=status, dumps=lambda d: json.dumps(d, default=_default, ensure_ascii=False)
    )
