"""In-memory state of the simulated LINE platform: consulters, tokens, retry keys, quota, failures.

Everything lives in one process and is lost on restart, which is what a test double wants.
Time that decides behaviour (reply-token age, retry-key lifetime) comes from an injectable
monotonic clock so tests can move time instead of sleeping.
"""

import asyncio
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Clock = Callable[[], float]
FailureKind = Literal["none", "5xx", "429", "slow", "drop"]
EntryKind = Literal["sent", "event", "reply", "push"]  # sent: her message; event: follow etc.

# LINE honours a retry key for about 24 hours.
RETRY_KEY_LIFETIME_S = 24 * 3600.0
CONSULTER_LETTERS = "ABCDE"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def consulter_user_id(letter: str) -> str:
    """A stable fake LINE user id: "U" and 32 hex digits, the same on every start."""
    return "U" + hashlib.sha256(f"tsunagari-simulator-consulter-{letter}".encode()).hexdigest()[:32]


def new_message_id() -> str:
    return str(10**17 + secrets.randbelow(9 * 10**17))


def new_quote_token() -> str:
    return secrets.token_urlsafe(48)


@dataclass
class ConversationEntry:
    """One line in a consulter's chat: what she sent, or what the bot replied or pushed."""

    kind: EntryKind
    messages: list[dict[str, Any]]
    at: str = field(default_factory=now_iso)
    notification_disabled: bool = False
    webhook_event_id: str | None = None
    webhook_status: int | None = None


@dataclass
class Consulter:
    user_id: str
    display_name: str
    following: bool = True
    conversation: list[ConversationEntry] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"user_id": self.user_id, "display_name": self.display_name, "following": self.following}


@dataclass
class ReplyToken:
    user_id: str
    issued_at: float
    used: bool = False


@dataclass(frozen=True)
class AcceptedRequest:
    request_id: str
    sent_messages: list[dict[str, str]]
    accepted_at: float


@dataclass
class FailureMode:
    """An injected platform failure; `count` is how many requests it still applies to (None: no end)."""

    mode: FailureKind = "none"
    count: int | None = None
    delay_s: float = 0.0
    endpoints: list[str] | None = None

    def applies_to(self, endpoint: str) -> bool:
        if self.mode == "none" or self.count == 0:
            return False
        return self.endpoints is None or endpoint in self.endpoints


@dataclass
class Delivery:
    """One Messaging API call as the simulator saw and answered it."""

    endpoint: str
    status: int | None  # None: the connection was dropped without an answer
    request_id: str
    retry_key: str | None = None
    to: str | None = None
    message_count: int = 0
    at: str = field(default_factory=now_iso)


class SimulatorState:
    def __init__(self, quota_limit: int, reply_token_ttl_s: float, clock: Clock = time.monotonic) -> None:
        self.initial_quota_limit = quota_limit
        self.reply_token_ttl_s = reply_token_ttl_s
        self.clock = clock
        self.subscribers: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self.stopping = asyncio.Event()  # wakes slow answers and live feeds at shutdown
        self.reset()

    def reset(self) -> None:
        """Forget everything except the live-feed subscribers."""
        self.consulters: dict[str, Consulter] = {
            consulter_user_id(letter): Consulter(consulter_user_id(letter), f"相談者{letter}")
            for letter in CONSULTER_LETTERS
        }
        self.reply_tokens: dict[str, ReplyToken] = {}
        self.accepted: dict[str, AcceptedRequest] = {}
        self.quota_limit = self.initial_quota_limit
        self.quota_used = 0
        self.deliveries: list[Delivery] = []
        self.webhook_events: dict[str, dict[str, Any]] = {}
        self.failure = FailureMode()

    # reply tokens
    def issue_reply_token(self, user_id: str) -> str:
        token = secrets.token_hex(16)
        self.reply_tokens[token] = ReplyToken(user_id, self.clock())
        return token

    def redeem_reply_token(self, token: str) -> str | None:
        """The user the token was issued for, if it is ours, unused and young enough; it is then used."""
        issued = self.reply_tokens.get(token)
        if issued is None or issued.used or self.clock() - issued.issued_at >= self.reply_token_ttl_s:
            return None
        issued.used = True
        return issued.user_id

    # retry keys (only accepted requests are remembered, so failed attempts leave the key free)
    def accepted_request(self, retry_key: str) -> AcceptedRequest | None:
        accepted = self.accepted.get(retry_key)
        if accepted and self.clock() - accepted.accepted_at < RETRY_KEY_LIFETIME_S:
            return accepted
        return None

    def accept(self, retry_key: str, request_id: str, sent_messages: list[dict[str, str]]) -> None:
        self.accepted[retry_key] = AcceptedRequest(request_id, sent_messages, self.clock())

    # quota
    def quota_allows(self, message_count: int) -> bool:
        return self.quota_used + message_count <= self.quota_limit

    # failure injection
    def take_failure(self, endpoint: str) -> FailureMode | None:
        """The failure to play on this request, counting it down; None when the request goes through."""
        failure = self.failure
        if not failure.applies_to(endpoint):
            return None
        if failure.count is not None:
            failure.count -= 1
        return FailureMode(failure.mode, 1, failure.delay_s, failure.endpoints)

    # conversation
    def record(self, user_id: str, entry: ConversationEntry) -> None:
        self.consulters[user_id].conversation.append(entry)
        if entry.kind in ("reply", "push"):
            self.publish({"user_id": user_id, **asdict(entry)})

    def publish(self, item: dict[str, Any]) -> None:
        for queue in self.subscribers:
            queue.put_nowait(item)

    def stop(self) -> None:
        self.stopping.set()
        for queue in self.subscribers:
            queue.put_nowait(None)
