"""Configuration shared by every service, loaded once from the environment (pydantic-settings).

Each service declares its own `Settings` subclass with the secrets it needs; `load_settings` turns a
missing or malformed variable into one clear start-up error instead of a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.client_address import TrustedProxies
from shared.deploy_profile import Profile, development_values_in, refusal_message, url_password
from shared.messaging.topology import Topology


class CommonSettings(BaseSettings):
    """What every service reads: where the broker and the database are, and how to log."""

    # Empty variables count as unset, so compose can pass `${VAR:-}` and fall back to secret files.
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True, env_ignore_empty=True)

    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ URL (AMQP_URL).")
    mongodb_url: str | None = Field(
        None,
        description="MongoDB URL (MONGODB_URL); unset means the in-process substitute (nothing persists).",
    )
    amqp_prefix: str = Field(
        "", description="AMQP_PREFIX: prefix of exchange and queue names (tests, side-by-side environments)."
    )
    amqp_queue_type: Literal["quorum", "classic"] = Field(
        "quorum", description="AMQP_QUEUE_TYPE: quorum everywhere it runs; classic only for test suites."
    )
    log_level: str = Field("INFO", description="LOG_LEVEL: DEBUG, INFO, WARNING, ERROR.")
    log_format: Literal["auto", "json", "console"] = Field(
        "auto", description="LOG_FORMAT: json for machines, console for people; auto picks by TTY."
    )
    prefetch: int = Field(32, ge=1, le=1000, description="AMQP prefetch per consumer (PREFETCH).")
    delivery_limit: int = Field(
        10, ge=1, description="Deliveries before a message is dead-lettered (DELIVERY_LIMIT)."
    )
    pseudonym_key: str = Field(
        ..., min_length=16, description="PSEUDONYM_KEY: HMAC key that turns LINE user ids into pseudonyms."
    )
    tsunagari_profile: Profile = Field(
        "production",
        description="TSUNAGARI_PROFILE: dev accepts the repository's development secrets; production refuses them.",
    )
    trusted_proxies: str = Field(
        "",
        description="TRUSTED_PROXIES: addresses or CIDRs whose X-Forwarded-For is believed (the reverse proxy).",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, value: str) -> str:
        TrustedProxies.parse(value)  # a typo stops start-up instead of silently trusting nobody
        return value

    @property
    def trusted_proxy_networks(self) -> TrustedProxies:
        return TrustedProxies.parse(self.trusted_proxies)

    def development_secrets(self) -> list[str]:
        """Variables still holding the repository's development values (see shared.deploy_profile)."""
        values = {
            "LINE_CHANNEL_SECRET": getattr(self, "line_channel_secret", None),
            "LINE_CHANNEL_ACCESS_TOKEN": getattr(self, "line_channel_access_token", None),
            "RABBITMQ_DEFAULT_PASS": url_password(self.amqp_url),
        }
        return [
            "AMQP_URL (its password is RABBITMQ_DEFAULT_PASS's)" if name == "RABBITMQ_DEFAULT_PASS" else name
            for name in development_values_in(values)
        ]

    @property
    def topology(self) -> Topology:
        return Topology(
            prefix=self.amqp_prefix, delivery_limit=self.delivery_limit, queue_type=self.amqp_queue_type
        )


class ConsoleApiSettings(CommonSettings):
    """A service whose API the console's staff use: it checks the staff assertion triage signs
    (shared/staff_auth.py), so it needs the same key."""

    staff_assertion_key: str = Field(
        ...,
        min_length=32,
        description="STAFF_ASSERTION_KEY: HMAC key of the signed staff assertion (one login, all services).",
    )


S = TypeVar("S", bound=BaseSettings)


class ConfigurationError(SystemExit):
    """Start-up stops here: the message names every variable that is missing or wrong."""


def load_settings(cls: type[S]) -> S:
    """Read `cls` from the environment, or stop start-up with a message an operator can act on: a
    missing or malformed variable, or (outside the `dev` profile) a public development secret."""
    secrets_dir = os.environ.get("SECRETS_DIR")
    try:
        if secrets_dir and os.path.isdir(secrets_dir):
            # Files named after fields (compose's generated keys); environment variables still win.
            settings = cls(_secrets_dir=secrets_dir)
        else:
            settings = cls()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = "_".join(str(part) for part in error["loc"]).upper()
            problems.append(f"  {name}: {error['msg']}")
        message = f"{cls.__name__}: configuration is incomplete:\n" + "\n".join(problems)
        print(message, file=sys.stderr)
        raise ConfigurationError(2) from None
    if isinstance(settings, CommonSettings) and settings.tsunagari_profile != "dev":
        found = settings.development_secrets()
        if found:
            print(f"{cls.__name__}: {refusal_message(settings.tsunagari_profile, found)}", file=sys.stderr)
            raise ConfigurationError(2)
    return settings
