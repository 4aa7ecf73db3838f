"""What the auth middlewares and handlers share, stored on the app under typed keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from services.triage.adapters.passwords import Passwords
from services.triage.api.ratelimit import LoginLimiter
from services.triage.api.sessions import Sessions
from services.triage.domain.ports import AuditLog, Clock, UserDirectory
from services.triage.domain.sessions import SessionRecord
from services.triage.domain.staff import Principal
from shared.client_address import TrustedProxies

__all__ = ["AUTH_KEY", "PRINCIPAL_KEY", "SESSION_KEY", "AuthConfig", "AuthContext", "Clock"]


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """`trusted_proxies`: the reverse proxies whose `X-Forwarded-For` names the client (TRUSTED_PROXIES;
    shared/client_address.py); from anyone else the header is ignored, so it cannot be forged."""

    api_prefix: str = "/api/"
    public_paths: frozenset[str] = field(default_factory=lambda: frozenset({"/api/auth/login"}))
    trusted_proxies: TrustedProxies = field(default_factory=TrustedProxies)
    max_password_length: int = 1024  # bounds the hashing cost of a hostile request


@dataclass(frozen=True, slots=True)
class AuthContext:
    users: UserDirectory
    sessions: Sessions
    limiter: LoginLimiter
    audit: AuditLog
    passwords: Passwords
    clock: Clock
    config: AuthConfig


AUTH_KEY = web.AppKey("tsunagari_auth", AuthContext)
PRINCIPAL_KEY = web.RequestKey("tsunagari_principal", Principal)
SESSION_KEY = web.RequestKey("tsunagari_session", SessionRecord)
