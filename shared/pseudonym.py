"""Pseudonymous ids for consulters: the only form of a LINE user id that may leave triage and notifier.

A keyed HMAC (not a plain hash): without the key nobody can test a guessed LINE id against a pseudonym.
"""

from __future__ import annotations

import hmac


def consulter_pseudonym(line_user_id: str, key: str) -> str:
    """The stable pseudonym (`c_` + 24 hex digits) of a LINE user id under `key`."""
    # hmac.digest: the same HMAC-SHA256, in one C call (ingress computes one per event).
    digest = hmac.digest(key.encode(), line_user_id.encode(), "sha256").hex()
    return f"c_{digest[:24]}"
