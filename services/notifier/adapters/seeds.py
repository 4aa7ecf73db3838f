"""Loading the partner registry from `partners.yaml` in SEEDS_DIR at start (DESIGN §6).

Each entry is `{id, name, kind, url, secret, alerts}`. `secret` should be `env:VARIABLE`: the
variable holds the `whsec_...` secret, so the file can be committed. Entries are inserted once and
never overwrite a partner that exists (changes made through `/api/partners` survive a restart).
A malformed entry, a URL the partner URL policy refuses (its host resolving to a private address
included: `url_guard.py`) or a missing secret variable stops start-up with a message naming each
problem — never the URL itself.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import structlog
import yaml

from services.notifier.adapters.partner_store import MissingSecret, PartnerStore, resolve_secret
from services.notifier.adapters.url_guard import UrlGuard
from services.notifier.domain.partner_url import RefusedUrl, UrlPolicy
from services.notifier.domain.partners import InvalidPartner, check_fields, check_id, check_secret
from shared.events import utcnow

log = structlog.get_logger(__name__)
SEED_FILE = "partners.yaml"


class SeedError(RuntimeError):
    """partners.yaml cannot be loaded as it is."""


def read_seed(path: Path, *, urls: UrlPolicy) -> list[tuple[str, dict[str, Any]]]:
    """Validated `(id, fields)` pairs of the seed file; `secret` is kept as written (a reference)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise SeedError(f"{path}: expected a list of partners")
    problems, out = [], []
    for index, entry in enumerate(entries):
        try:
            if not isinstance(entry, dict):
                raise InvalidPartner("entry", "must be a mapping")
            partner_id = check_id(entry.get("id"))
            fields = check_fields(
                {k: v for k, v in entry.items() if k != "secret"},
                urls=urls,
                partial=True,
            )
            raw_secret = entry.get("secret")
            check_secret(resolve_secret(raw_secret) if isinstance(raw_secret, str) else raw_secret)
            fields["secret"] = raw_secret
            for required in ("name", "kind", "url"):
                if required not in fields:
                    raise InvalidPartner(required, "is required")
            fields.setdefault("alerts", ["*"])
            out.append((partner_id, fields))
        except InvalidPartner as exc:
            problems.append(f"  entry {index}: {exc}")
        except MissingSecret as exc:
            problems.append(f"  entry {index}: secret variable {exc.args[0]} is not set")
    if problems:
        raise SeedError(f"{path} has problems:\n" + "\n".join(problems))
    return out


async def _refused(guard: UrlGuard, url: str) -> str | None:
    try:
        await guard.check_registration(url)
    except RefusedUrl as refused:
        return refused.message
    return None


async def load_partner_seeds(store: PartnerStore, seeds_dir: Path, *, guard: UrlGuard) -> int:
    """Insert the seeded partners that do not exist yet; returns how many were inserted."""
    path = seeds_dir / SEED_FILE
    if not path.exists():
        log.warning("partner_seeds_missing", path=str(path))
        return 0
    seeds = read_seed(path, urls=guard.policy)
    refusals = await asyncio.gather(*(_refused(guard, fields["url"]) for _, fields in seeds))
    problems = [f"  {pid}: url: {why}" for (pid, _), why in zip(seeds, refusals, strict=True) if why]
    if problems:
        raise SeedError(f"{path} has problems:\n" + "\n".join(problems))
    inserted = 0
    now = utcnow()
    for partner_id, fields in seeds:
        inserted += await store.seed(partner_id, fields, now)
    log.info("partner_seeds_loaded", path=str(path), inserted=inserted)
    return inserted
