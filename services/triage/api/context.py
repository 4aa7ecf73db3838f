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

__all__ = ["AUTH_KEY", "PRINCIPAL_KEY", "SESSION_KEY", "AuthConfig", "AuthContext", "Clock"]


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """`trust_forwarded_for`: take the client address from the last `X-Forwarded-For` entry (the one
    our reverse proxy appends); only when a proxy we run is always in front, else it can be forged."""

    api_prefix: str = "/api/"
    public_paths: frozenset[str] = field(default_factory=lambda: frozenset({"/api/auth/login"}))
    trust_forwarded_for: bool = False
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
