"""Resolving partner hosts and holding every answer to the URL policy (`domain/partner_url.py`).

- `GuardedResolver` is the resolver of the webhook sender's connection pool (aiohttp
  `TCPConnector(resolver=...)`): the addresses a connection is opened to are the ones that were
  checked, so a name that changes its answer between registration and delivery (DNS rebinding)
  is still refused. aiohttp does not resolve IP literals, so the sender checks those itself.
- `UrlGuard.check_registration` resolves a partner's host when it is registered (API, seeds): one
  refused address refuses the URL. A name that does not resolve now, or not within the timeout,
  is accepted — it reaches nothing — and is checked again at every delivery.
"""

from __future__ import annotations

import asyncio
import socket

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from services.notifier.domain.partner_url import RefusedUrl, UrlPolicy


class GuardedResolver(AbstractResolver):
    """getaddrinfo (in a thread, as aiohttp's default), then `RefusedUrl` if any answer is refused."""

    def __init__(self, policy: UrlPolicy, inner: AbstractResolver | None = None) -> None:
        """`inner`: the resolver asked first (tests give one that answers without DNS)."""
        self._policy = policy
        self._inner = inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await (self._inner or ThreadedResolver()).resolve(host, port, family)
        self._policy.check_resolved(result["host"] for result in results)
        return results

    async def close(self) -> None:
        return None


class UrlGuard:
    def __init__(self, policy: UrlPolicy, resolver: GuardedResolver, *, timeout_s: float = 2.0) -> None:
        self.policy = policy
        self._resolver = resolver
        self._timeout_s = timeout_s

    async def check_registration(self, raw: str) -> None:
        """`RefusedUrl` when the URL breaks the policy or its host resolves to a refused address."""
        target = self.policy.check(raw)
        if target.address is not None:
            return  # an IP literal: the policy judged it already
        try:
            async with asyncio.timeout(self._timeout_s):
                await self._resolver.resolve(target.host, target.port, socket.AF_UNSPEC)
        except RefusedUrl:
            raise
        except (OSError, TimeoutError):
            return  # unresolvable now; the delivery resolves (and checks) again
