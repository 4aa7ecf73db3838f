"""First-start key generation for compose: `python -m shared.secrets_init DIR`.

Writes each missing secret as a file (mode 0600) that pydantic-settings reads through SECRETS_DIR;
existing files are never overwritten, so restarts keep their keys. Values set in the environment
win over these files.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from shared.crypto import generate_key_spec


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
    "notifier_admin_token": _random_token,
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


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/run/tsunagari-secrets")
    made = ensure_secrets(target)
    print(f"secrets in {target}: created {', '.join(made) or 'none (all present)'}")
