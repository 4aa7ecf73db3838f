"""Which kind of deployment this is, and the start-up check that keeps public secrets out of production.

The profile is `dev` (compose's `dev` profile, `python -m services all`) or `production` (anything
else; the default). Compose's `secrets` step writes `tsunagari_profile=production` into the secrets
volume at every start and, only under `--profile dev`, a later step overwrites it with `dev`; services
read it through SECRETS_DIR like any other setting (TSUNAGARI_PROFILE in the environment wins).

The development values below are printed in this repository (compose defaults, `.env.example`), so
anyone can sign a webhook or log in to a broker that still uses them. Outside `dev`, start-up stops
and names each one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit

Profile = Literal["dev", "production"]
PROFILE_FILE = "tsunagari_profile"

DEVELOPMENT_VALUES: Mapping[str, str] = {
    "LINE_CHANNEL_SECRET": "dev-simulator-channel-secret",
    "LINE_CHANNEL_ACCESS_TOKEN": "dev-simulator-access-token",
    "RABBITMQ_DEFAULT_PASS": "change-me",
    "RABBITMQ_ERLANG_COOKIE": "tsunagari-dev-cookie-change-me",
}
"""Variable name → the development value this repository publishes for it."""


def url_password(url: str) -> str | None:
    """The password of an `amqp://user:password@host/` URL, if it has one."""
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def development_values_in(values: Mapping[str, str | None]) -> list[str]:
    """The variables in `values` (name → value in force) that still hold their development value."""
    return sorted(name for name, value in values.items() if value and DEVELOPMENT_VALUES.get(name) == value)


def refusal_message(profile: str, names: list[str]) -> str:
    listed = "\n".join(f"  {name}: still the development value from the repository" for name in names)
    return (
        f"refusing to start in the {profile!r} profile with public development secrets:\n{listed}\n"
        "Set real values in .env (see docs/operations.md, 'Production'), or start the development "
        "profile: docker compose --profile dev up"
    )
