"""Triage's MongoDB repositories (its own database, DESIGN §2) and the indexes they rely on.

Only single-document atomic operations, upserts and unique indexes: the in-process substitute has no
transactions, and none are needed when every write is keyed on an id derived from its cause.
"""

from services.triage.adapters.cases import CaseRepository
from services.triage.adapters.consulters import ConsulterRepository, FriendFigures
from services.triage.adapters.indexes import INDEXES
from services.triage.adapters.line_events import Claim, LineEventLog
from services.triage.adapters.messages import InsertResult, MessageRepository, StoredText

__all__ = [
    "INDEXES",
    "CaseRepository",
    "Claim",
    "ConsulterRepository",
    "FriendFigures",
    "InsertResult",
    "LineEventLog",
    "MessageRepository",
    "StoredText",
]
