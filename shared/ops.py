"""Operations commands: `python -m shared.ops dead-letters list|replay|discard ...`.

    python -m shared.ops dead-letters list                  # JSON lines: queue, message_id, type, reason, ...
    python -m shared.ops dead-letters replay QUEUE --id ID  # back to tsunagari.events, original routing key
    python -m shared.ops dead-letters replay QUEUE --all    # after fixing the cause of a whole batch
    python -m shared.ops dead-letters discard QUEUE --id ID

Reads AMQP_URL and AMQP_PREFIX like the services (in compose: `docker compose exec triage python -m
shared.ops ...`). Never prints a message body (shared/dead_letters.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.config import load_settings
from shared.dead_letters import DeadLetters
from shared.messaging import Topology, connect


class OpsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True, env_ignore_empty=True)

    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", description="AMQP_URL.")
    amqp_prefix: str = Field("", description="AMQP_PREFIX (empty in production).")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m shared.ops", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    dead = commands.add_parser("dead-letters", help="list, replay or discard dead-lettered messages")
    actions = dead.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="every dead letter, one JSON line each (no bodies)")
    for name in ("replay", "discard"):
        action = actions.add_parser(name)
        action.add_argument("queue", help="a dead-letter queue, e.g. triage.line-events.dead")
        which = action.add_mutually_exclusive_group(required=True)
        which.add_argument("--id", dest="message_id", help="the message_id (event id) from `list`")
        if name == "replay":
            which.add_argument("--all", action="store_true", help="every message of the queue")
    return parser


async def run(args: argparse.Namespace, settings: OpsSettings) -> int:
    connection = await connect(settings.amqp_url, name="tsunagari-ops")
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        letters = DeadLetters(channel, Topology(prefix=settings.amqp_prefix))
        if args.action == "list":
            for letter in await letters.list():
                print(json.dumps(letter.as_row(), ensure_ascii=False))
            return 0
        if args.action == "replay":
            count = await letters.replay(args.queue, None if args.all else args.message_id)
        else:
            count = await letters.discard(args.queue, args.message_id)
        print(json.dumps({"action": args.action, "queue": args.queue, "messages": count}))
        return 0 if count else 1
    finally:
        await connection.close()


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    try:
        sys.exit(asyncio.run(run(args, load_settings(OpsSettings))))
    except ValueError as exc:
        print(f"shared.ops: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
