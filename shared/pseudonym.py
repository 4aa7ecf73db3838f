"""Pseudonymous ids for consulters: the only form of a LINE user id that may leave triage and notifier.

A keyed HMAC (not a plain hash): without the key nobody can test a guessed LINE id against a pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac


def consulter_pseudonym(line_user_id: str, key: str) -> str:
    """The stable pseudonym (`c_` + 24 hex digits) of a LINE user id under `key`."""
    digest = hmac.new(key.encode(), line_user_id.encode(), hashlib.sha256).hexdigest()
    return f"c_{digest[:24]}"
