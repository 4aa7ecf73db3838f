"""Broker definitions rendered at start: `python -m shared.broker_init OUT_DIR` (compose's `broker-init`).

A RabbitMQ node that imports definitions at boot does not create its default vhost and user (3.10 and
4.x alike: "Will not seed default virtual host and user: have definitions to load"), so the file it
imports must carry them. The repository cannot hold that file — it would publish the password — so
this step writes it from the environment before the broker starts: the topology from the code
(`shared.messaging.definitions`), the vhost `/`, the user RABBITMQ_DEFAULT_USER with a salted SHA-256
hash of RABBITMQ_DEFAULT_PASS (the format RabbitMQ itself stores; the plain password is never written)
and its permissions on `/`.

The salt is derived from the credentials, so unchanged credentials render a byte-identical file and
`definitions.skip_if_unchanged` spares the node a re-import at every boot.

Outside the `dev` profile a development password or Erlang cookie stops here, before any broker runs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.config import ConfigurationError, load_settings
from shared.deploy_profile import Profile, development_values_in, refusal_message
from shared.messaging.definitions import definitions

HASHING_ALGORITHM = "rabbit_password_hashing_sha256"
DEFINITIONS_FILE = "definitions.json"


class BrokerInitSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True, env_ignore_empty=True)

    rabbitmq_default_user: str = Field(
        ..., min_length=1, description="RABBITMQ_DEFAULT_USER: the services' user."
    )
    rabbitmq_default_pass: str = Field(..., min_length=1, description="RABBITMQ_DEFAULT_PASS: its password.")
    rabbitmq_erlang_cookie: str | None = Field(
        None, description="RABBITMQ_ERLANG_COOKIE: checked only (clustered overlay), never written here."
    )
    tsunagari_profile: Profile = Field(
        "production", description="TSUNAGARI_PROFILE (see shared.deploy_profile)."
    )
    rabbitmq_uid: int = Field(999, description="RABBITMQ_UID: owner of the file (the rabbitmq image's user).")


def password_hash(user: str, password: str) -> str:
    """RabbitMQ's stored form: base64(salt ‖ sha256(salt ‖ utf-8 password)), with a 4-byte salt."""
    salt = hmac.new(password.encode(), b"tsunagari-broker-salt:" + user.encode(), hashlib.sha256).digest()[:4]
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def render(user: str, password: str) -> dict[str, Any]:
    """The whole definitions document the broker imports at boot."""
    document = definitions()
    return {
        "vhosts": [{"name": "/"}],
        "users": [
            {
                "name": user,
                "password_hash": password_hash(user, password),
                "hashing_algorithm": HASHING_ALGORITHM,
                # The same account opens the management UI (127.0.0.1:15672) for operations.
                "tags": ["administrator"],
            }
        ],
        "permissions": [{"user": user, "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"}],
        **document,
    }


def write_definitions(directory: Path, document: dict[str, Any], owner: int | None) -> Path:
    """Atomically replace `directory/definitions.json` (mode 0400; chowned to `owner` when root)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / DEFINITIONS_FILE
    temporary = directory / f".{DEFINITIONS_FILE}.tmp"
    temporary.unlink(missing_ok=True)
    temporary.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    temporary.chmod(0o400)
    if owner is not None and os.geteuid() == 0:
        os.chown(temporary, owner, owner)
    temporary.replace(target)
    return target


def refuse_development_secrets(settings: BrokerInitSettings) -> None:
    if settings.tsunagari_profile == "dev":
        return
    found = development_values_in(
        {
            "RABBITMQ_DEFAULT_PASS": settings.rabbitmq_default_pass,
            "RABBITMQ_ERLANG_COOKIE": settings.rabbitmq_erlang_cookie,
        }
    )
    if found:
        print(f"broker-init: {refusal_message(settings.tsunagari_profile, found)}", file=sys.stderr)
        raise ConfigurationError(2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.broker_init", description=__doc__)
    parser.add_argument("directory", type=Path, help="where definitions.json is written")
    args = parser.parse_args(argv)
    settings = load_settings(BrokerInitSettings)
    refuse_development_secrets(settings)
    path = write_definitions(
        args.directory,
        render(settings.rabbitmq_default_user, settings.rabbitmq_default_pass),
        settings.rabbitmq_uid,
    )
    print(f"broker definitions written to {path} (user {settings.rabbitmq_default_user}, vhost /)")


if __name__ == "__main__":
    main()
