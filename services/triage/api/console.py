"""Mounting the console API on triage's app: the security layer (`setup_auth`, with sessions and the
audit log in MongoDB), the case routes, and the OpenAPI document at `/api/openapi.json` (public: it
lists routes and shapes, no data). Reference: docs/console-api.md."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web

from services.triage.adapters.console_store import MongoAuditLog, MongoSessionStore
from services.triage.adapters.staff import StaffDirectory
from services.triage.api import action_routes, case_routes, queue_routes
from services.triage.api.access import CONTEXT_PROVIDER, ContextProvider
from services.triage.api.auth import setup_auth
from services.triage.api.context import AuthConfig, Clock
from services.triage.api.openapi import openapi_handler
from services.triage.api.security import Passwords
from services.triage.api.sessions import SessionPolicy
from services.triage.config import Settings

OPENAPI_PATH = "/api/openapi.json"


def setup_console(
    app: web.Application,
    provider: ContextProvider,
    settings: Settings,
    db: Any,
    *,
    clock: Clock,
    passwords: Passwords | None = None,
) -> None:
    policy = SessionPolicy(
        idle_timeout=timedelta(seconds=settings.session_idle_timeout_s),
        absolute_timeout=timedelta(seconds=settings.session_absolute_timeout_s),
    )
    setup_auth(
        app,
        users=StaffDirectory(db, passwords),
        sessions=MongoSessionStore(db, policy),
        audit=MongoAuditLog(db),
        passwords=passwords,
        policy=policy,
        config=AuthConfig(public_paths=frozenset({"/api/auth/login", OPENAPI_PATH})),
        clock=clock,
    )
    app[CONTEXT_PROVIDER] = provider
    add = app.router
    add.add_get("/api/queue", queue_routes.queue)
    add.add_get("/api/cases/mine", queue_routes.mine)
    add.add_get("/api/cases", queue_routes.all_active)
    add.add_get("/api/alerts/failures", queue_routes.failures)
    add.add_get("/api/cases/{case_id}", case_routes.read_case)
    add.add_get("/api/cases/{case_id}/audit", case_routes.case_audit)
    add.add_put("/api/cases/{case_id}/risk", case_routes.set_risk)
    add.add_post("/api/cases/{case_id}/notes", case_routes.add_note)
    add.add_put("/api/cases/{case_id}/intake", case_routes.set_intake)
    add.add_post("/api/cases/{case_id}/reply", action_routes.reply)
    add.add_post("/api/cases/{case_id}/close", action_routes.close)
    add.add_post("/api/cases/{case_id}/outreach", action_routes.outreach)
    add.add_post("/api/cases/{case_id}/referrals", action_routes.referral)
    add.add_post("/api/cases/{case_id}/take", action_routes.take)
    add.add_post("/api/cases/{case_id}/assign", action_routes.assign)
    add.add_get(OPENAPI_PATH, openapi_handler("tsunagari triage console API", "1"))
