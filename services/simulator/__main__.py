"""`python -m services.simulator [--host H] [--port N]`; `python -m services simulator` does the same."""

import argparse
import asyncio
import contextlib

from services.simulator.app import DEFAULT_PORT, run
from services.simulator.config import SimulatorSettings
from shared.config import load_settings
from shared.logging import configure_logging


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args()
    settings = load_settings(SimulatorSettings)
    configure_logging("simulator")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(settings, args.host, args.port))


if __name__ == "__main__":
    main()
