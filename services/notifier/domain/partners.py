"""The partner registry's rules: what a valid partner record is (DESIGN §4, §6).

A partner is `{id, name, kind, url, secret, alerts}`. The URL must be HTTPS — an alert carries a case
reference and sometimes personal details — except a loopback address in development when
`allow_insecure_loopback` is on. The secret is a Standard Webhooks secret: `whsec_` and base64 of
24 to 64 random bytes. `alerts` lists the categories the partner takes, or `"*"` for all.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from shared.events import PartnerKind

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
EDITABLE = ("name", "kind", "url", "secret", "alerts", "active")


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


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: Any, *, allow_insecure_loopback: bool) -> str:
    if not isinstance(url, str) or not url.strip():
        raise InvalidPartner("url", "is required")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        _ = parts.port  # raises on a malformed port
    except ValueError as exc:
        raise InvalidPartner("url", f"does not parse ({exc})") from None
    if parts.scheme not in ("https", "http") or not host:
        raise InvalidPartner("url", "must be an absolute https:// URL with a host")
    if parts.scheme == "http" and not (allow_insecure_loopback and _is_loopback(host)):
        raise InvalidPartner("url", "must use HTTPS (plain http only to loopback in development)")
    return url.strip()


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
    return tuple(alerts)


def check_fields(raw: Mapping[str, Any], *, allow_insecure_loopback: bool, partial: bool) -> dict[str, Any]:
    """The validated fields of `raw`; `partial` for an update (only the fields given)."""
    unknown = set(raw) - {"id", *EDITABLE}
    if unknown:
        raise InvalidPartner(sorted(unknown)[0], "is not a partner field")
    out: dict[str, Any] = {}
    if not partial or "name" in raw:
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidPartner("name", "is required")
        out["name"] = name.strip()
    if not partial or "kind" in raw:
        out["kind"] = check_kind(raw.get("kind")).value
    if not partial or "url" in raw:
        out["url"] = check_url(raw.get("url"), allow_insecure_loopback=allow_insecure_loopback)
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
    if not isinstance(partner_id, str) or not ID_PATTERN.match(partner_id):
        raise InvalidPartner("id", "must be 1-64 characters of a-z, 0-9, _ and -, starting alphanumeric")
    return partner_id
