"""`python -m services all`: every service in one process, for development and demos.

Each service runs its own aiohttp application on its own port, exactly as in compose, and a small
proxy on the main port (default 8080) joins them into one origin. The LINE simulator comes along and
notifier talks to it unless LINE_API_BASE_URL says otherwise. Missing development secrets are
generated once into `var/dev-secrets` (never used by compose, which generates its own).
"""

from __future__ import annotations

import asyncio
import importlib
import os
from pathlib import Path

import structlog
from aiohttp import web

from services.dev_proxy import create_proxy
from shared.config import load_settings
from shared.logging import configure_logging
from shared.secrets_init import ensure_secrets

log = structlog.get_logger(__name__)

PORTS = {"ingress": 8081, "triage": 8082, "outreach": 8083, "notifier": 8084, "reports": 8085, "simulator": 8090}
DEV_DEFAULTS = {
    "LINE_CHANNEL_SECRET": "dev-simulator-channel-secret",
    "LINE_CHANNEL_ACCESS_TOKEN": "dev-simulator-access-token",
    "LINE_API_BASE_URL": f"http://127.0.0.1:{PORTS['simulator']}",
    "ALLOW_INSECURE_LOOPBACK": "true",
    "SPOOL_DIR": "var/ingress-spool",
    # The one-origin proxy runs here: its X-Forwarded-For names the browser.
    "TRUSTED_PROXIES": "127.0.0.1/32, ::1/128",
    # Reports: channel links lead to a placeholder LINE page; the QR codes point at this machine; the
    # demo seed's events count (never in production: the flag defaults to off).
    "LINE_ADD_FRIEND_URL": "https://line.me/R/ti/p/@tsunagari-demo",
    "REPORTS_ACCEPT_DEMO_EVENTS": "true",
    "TSUNAGARI_PROFILE": "dev",  # accepts the development secrets above (shared/deploy_profile.py)
}


def prepare_environment(main_port: int) -> None:
    for key, value in DEV_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("SIMULATOR_INGRESS_URL", f"http://127.0.0.1:{main_port}/line/webhook")
    os.environ.setdefault("REPORTS_PUBLIC_BASE_URL", f"http://127.0.0.1:{main_port}")
    if "SECRETS_DIR" not in os.environ:
        directory = Path("var/dev-secrets")
        ensure_secrets(directory)
        os.environ["SECRETS_DIR"] = str(directory)


def build_apps(names: tuple[str, ...] = tuple(PORTS)) -> dict[str, web.Application]:
    apps = {}
    for name in names:
        try:
            module = importlib.import_module(f"services.{name}.app")
        except ModuleNotFoundError as exc:
            log.warning("service_not_available", service=name, error=str(exc))
            continue
        apps[name] = module.create_app(load_settings(module.Settings))
    return apps


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


async def run_all(host: str, port: int | None) -> None:
    main_port = port or 8080
    configure_logging("all", os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "auto"))
    prepare_environment(main_port)
    apps = build_apps()
    runners = [await serve(app, "127.0.0.1", PORTS[name]) for name, app in apps.items()]
    upstreams = {name: f"http://127.0.0.1:{p}" for name, p in PORTS.items()}
    runners.append(await serve(create_proxy(upstreams), host, main_port))
    log.info(
        "all_services_started",
        services=sorted(apps),
        console=f"http://127.0.0.1:{main_port}/",
        simulator=f"http://127.0.0.1:{PORTS['simulator']}/",
    )
    try:
        await asyncio.Event().wait()
    finally:
        for runner in reversed(runners):
            await runner.cleanup()
