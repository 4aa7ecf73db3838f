"""The automatic reply to a group or room chat: the service talks with one person at a time.

Whatever the service sends itself is read on phones that others may see (DESIGN §4, safe messaging):
the text names no topic (no violence, DV, suicide, counseling, support), only that the account is
used in one-to-one chats. `SENSITIVE_WORDS` guards it in the tests.
"""

from __future__ import annotations

from typing import Any

GROUP_CHAT_REPLY = "このアカウントは個別のトークでご利用ください。"

# Words the service's own messages must never contain (checked by the unit tests).
SENSITIVE_WORDS = ("暴力", "DV", "ＤＶ", "自殺", "死", "虐待", "相談", "支援", "避難", "保護", "被害", "訪問")


def group_chat_messages() -> tuple[dict[str, Any], ...]:
    """The LINE message objects of the reply."""
    return ({"type": "text", "text": GROUP_CHAT_REPLY},)
