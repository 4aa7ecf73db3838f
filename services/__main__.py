"""`python -m services <name> [--host H] [--port P]`: run one service, or `all` of them in one process.

Each service package has `app.py` with `Settings` (its pydantic-settings class), `DEFAULT_PORT` and
`create_app(settings) -> aiohttp.web.Application`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib

from aiohttp import web

from shared.config import load_settings
from shared.logging import configure_logging

SERVICES = ("ingress", "triage", "outreach", "notifier", "reports", "simulator")


def _load(name: str) -> tuple[web.Application, int]:
    module = importlib.import_module(f"services.{name}.app")
    settings = load_settings(module.Settings)
    configure_logging(name, getattr(settings, "log_level", "INFO"), getattr(settings, "log_format", "auto"))
    return module.create_app(settings), module.DEFAULT_PORT


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__)
    parser.add_argument("name", choices=(*SERVICES, "all"))
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")  # noqa: S104
    parser.add_argument("--port", type=int, help="port (default: the service's own)")
    args = parser.parse_args()
    if args.name == "all":
        from services.all_in_one import run_all

        asyncio.run(run_all(args.host, args.port))
        return
    app, default_port = _load(args.name)
    web.run_app(app, host=args.host, port=args.port or default_port, access_log=None, print=None)


if __name__ == "__main__":
    main()
