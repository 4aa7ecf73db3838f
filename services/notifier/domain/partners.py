"""The partner registry's rules: what a valid partner record is (DESIGN §4, §6).

A partner is `{id, name, kind, url, secret, alerts}`. The URL must pass the partner URL policy
(`partner_url.py`: HTTPS to a public address; loopback only with the development allow-list). The
secret is a Standard Webhooks secret: `whsec_` and base64 of 24 to 64 random bytes. `alerts` lists
the categories the partner takes, or `"*"` for all. No refusal repeats what was sent: not the URL,
not a field name the client made up.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.notifier.domain.partner_url import RefusedUrl, UrlPolicy
from shared.events import PartnerKind

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # used with fullmatch (a `$` lets "\n" through)
MAX_NAME = 200
MAX_ALERTS, MAX_CATEGORY = 64, 64
SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
EDITABLE = ("name", "kind", "url", "secret", "alerts", "active")


class PartnerExists(LookupError):
    """A partner with this id is already registered."""


class InvalidPartner(ValueError):
    """A partner field is wrong; `field` names it so the API answers a clear 400."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Partner:
    """A partner as the rest of the notifier sees it: never with its secret."""

    id: str
    name: str
    kind: PartnerKind
    url: str
    alerts: tuple[str, ...]
    active: bool = True

    def takes(self, category: str) -> bool:
        return "*" in self.alerts or category in self.alerts


def check_url(url: Any, urls: UrlPolicy) -> str:
    try:
        return urls.check(url).url
    except RefusedUrl as refused:
        raise InvalidPartner("url", refused.message) from None


def check_secret(secret: Any) -> str:
    if not isinstance(secret, str) or not secret:
        raise InvalidPartner("secret", "is required (a Standard Webhooks whsec_... secret)")
    if not secret.startswith(SECRET_PREFIX):
        raise InvalidPartner("secret", "must start with whsec_")
    try:
        raw = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidPartner("secret", "is not valid base64 after whsec_") from None
    if not 24 <= len(raw) <= 64:
        raise InvalidPartner("secret", "must encode 24 to 64 random bytes")
    return secret


def check_kind(kind: Any) -> PartnerKind:
    try:
        return PartnerKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in PartnerKind)
        raise InvalidPartner("kind", f"must be one of: {allowed}") from None


def check_alerts(alerts: Any) -> tuple[str, ...]:
    if not isinstance(alerts, list | tuple) or not all(isinstance(a, str) and a for a in alerts):
        raise InvalidPartner("alerts", 'must be a list of category names, or ["*"]')
    if len(alerts) > MAX_ALERTS or any(len(a) > MAX_CATEGORY for a in alerts):
        raise InvalidPartner("alerts", f"at most {MAX_ALERTS} categories of at most {MAX_CATEGORY} characters")
    return tuple(alerts)


def check_fields(raw: Mapping[str, Any], *, urls: UrlPolicy, partial: bool) -> dict[str, Any]:
    """The validated fields of `raw`; `partial` for an update (only the fields given)."""
    if set(raw) - {"id", *EDITABLE}:
        # Not named back: a key a client made up may be anything (docs/notifier.md lists the fields).
        raise InvalidPartner("body", "holds a field that is not a partner field")
    out: dict[str, Any] = {}
    if not partial or "name" in raw:
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidPartner("name", "is required")
        if len(name.strip()) > MAX_NAME:
            raise InvalidPartner("name", f"must be at most {MAX_NAME} characters")
        out["name"] = name.strip()
    if not partial or "kind" in raw:
        out["kind"] = check_kind(raw.get("kind")).value
    if not partial or "url" in raw:
        out["url"] = check_url(raw.get("url"), urls)
    if not partial or "secret" in raw:
        out["secret"] = check_secret(raw.get("secret"))
    if not partial or "alerts" in raw:
        out["alerts"] = list(check_alerts(raw.get("alerts", ["*"])))
    if "active" in raw:
        if not isinstance(raw["active"], bool):
            raise InvalidPartner("active", "must be true or false")
        out["active"] = raw["active"]
    return out


def check_id(partner_id: Any) -> str:
    if not isinstance(partner_id, str) or not ID_PATTERN.fullmatch(partner_id):
        raise InvalidPartner("id", "must be 1-64 characters of a-z, 0-9, _ and -, starting alphanumeric")
    return partner_id
