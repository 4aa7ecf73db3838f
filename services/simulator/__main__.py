"""`python -m services.simulator [--host H] [--port N]` (the same as `python -m services simulator`)."""

import argparse
import asyncio
import contextlib

from services.simulator.app import DEFAULT_PORT, run
from services.simulator.config import SimulatorSettings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args()
    settings = SimulatorSettings()  # required values come from the environment
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(settings, args.host, args.port))


if __name__ == "__main__":
    main()
