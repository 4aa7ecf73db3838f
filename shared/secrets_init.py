"""First-start key generation for compose: `python -m shared.secrets_init DIR [--tls TLS_DIR]
[--profile dev --setting NAME=VALUE ...]`.

Writes each missing secret as a file (mode 0400) that pydantic-settings reads through SECRETS_DIR;
existing files are never overwritten, so restarts keep their keys. Values set in the environment
win over these files. `--tls` also writes a self-signed certificate for the proxy when none is there.

Every run also writes the deploy profile (`tsunagari_profile`, shared.deploy_profile): compose's
`secrets` step runs at each start without `--profile` and so resets it to `production` and removes
the development settings; under `docker compose --profile dev` the `dev-profile` step runs after it
with `--profile dev` and the development settings (`--setting line_api_base_url=...`).
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path

from shared.crypto import generate_key_spec
from shared.deploy_profile import PROFILE_FILE
from shared.dev_certificate import ensure_dev_certificate


def _random_token() -> str:
    return secrets.token_urlsafe(32)


def _encryption_key() -> str:
    return generate_key_spec("k1")


def _webhook_secret() -> str:
    # The Standard Webhooks form: whsec_ + base64 of random bytes.
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


PARTNER_SECRETS = (
    "partner_secret_womens_council",
    "partner_secret_npo",
    "partner_secret_social_welfare_council",
    "partner_secret_school_board",
    "partner_secret_child_family_center",
    "partner_secret_welfare_division",
    "partner_secret_police",
    "partner_secret_on_call",
)
"""The `env:` secrets seeds/partners.yaml refers to (development placeholders until a partner's real
secret is set through the environment or /api/partners)."""

GENERATORS: dict[str, Callable[[], str]] = {
    "encryption_keys": _encryption_key,
    "pseudonym_key": _random_token,
    "staff_assertion_key": _random_token,
    **dict.fromkeys(PARTNER_SECRETS, _webhook_secret),
}


def ensure_secrets(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    created = []
    for name, make in GENERATORS.items():
        path = directory / name
        if not path.exists():
            path.write_text(make())
            path.chmod(0o400)
            if os.geteuid() == 0:
                # Generated as root in compose; the services run as the image's unprivileged user.
                owner = int(os.environ.get("SECRETS_UID", "10001"))
                os.chown(path, owner, owner)
            created.append(name)
    return created


DEV_SETTINGS = ("line_api_base_url",)
"""Settings only the `dev` profile writes (and every production start removes)."""


def _owner() -> int:
    return int(os.environ.get("SECRETS_UID", "10001"))


def _replace(path: Path, value: str) -> None:
    path.unlink(missing_ok=True)
    path.write_text(value)
    path.chmod(0o444)  # not secret: what profile this is, where the simulator is
    if os.geteuid() == 0:
        os.chown(path, _owner(), _owner())


def write_profile(directory: Path, profile: str, settings: Mapping[str, str]) -> None:
    """Record the deploy profile; outside `dev` the development settings are removed."""
    unknown = set(settings) - set(DEV_SETTINGS)
    if unknown:
        raise ValueError(f"not a development setting: {', '.join(sorted(unknown))}")
    _replace(directory / PROFILE_FILE, profile)
    for name in DEV_SETTINGS:
        path = directory / name
        if profile == "dev" and name in settings:
            _replace(path, settings[name])
        else:
            path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.secrets_init", description=__doc__)
    parser.add_argument("directory", type=Path, nargs="?", default=Path("/run/tsunagari-secrets"))
    parser.add_argument("--tls", type=Path, help="also write a self-signed proxy certificate here")
    parser.add_argument("--profile", choices=("dev", "production"), default="production")
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    made = ensure_secrets(args.directory)
    dev_settings = dict(item.split("=", 1) for item in args.setting)
    write_profile(args.directory, args.profile, dev_settings)
    print(f"secrets in {args.directory}: created {', '.join(made) or 'none (all present)'}; profile {args.profile}")
    if args.tls is not None and ensure_dev_certificate(args.tls):
        print(f"self-signed development certificate written to {args.tls}")


if __name__ == "__main__":
    main()
