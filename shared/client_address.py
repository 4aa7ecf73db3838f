"""The address of the person behind a request, when a reverse proxy stands in front of the service.

Behind nginx every request comes from the proxy's address, so a per-address login limit would count
every counselor (and every attacker) as one client. The proxy appends the address it saw to
`X-Forwarded-For`; anyone can send that header too, so it is believed only as far as the hops are
ours: starting from the connection's peer and walking the header right to left, each hop that is a
trusted proxy hands over to the entry before it, and the first address that is not a trusted proxy is
the client. A peer that is not a trusted proxy is the client, whatever the header says.

`TRUSTED_PROXIES` (CommonSettings) lists the proxies: addresses or CIDRs, comma-separated. In compose
it is the compose network's subnet, where only tsunagari's own containers live.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Protocol

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RequestLike(Protocol):
    """What is read from an aiohttp `web.Request` (kept abstract so the rule is testable alone)."""

    @property
    def remote(self) -> str | None: ...

    @property
    def headers(self) -> HeadersLike: ...


class HeadersLike(Protocol):
    def getall(self, key: str, default: list[str]) -> list[str]: ...


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, spec: str) -> TrustedProxies:
        """`"10.0.0.5, 172.31.240.0/24, ::1"` → networks; raises ValueError naming a bad entry."""
        networks = []
        for raw in spec.split(","):
            item = raw.strip()
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise ValueError(f"not an address or CIDR: {item!r}") from None
        return cls(tuple(networks))

    def __contains__(self, address: Address) -> bool:
        return any(address in network for network in self.networks)


def _address(text: str) -> Address | None:
    candidate = text.strip()
    if candidate.startswith("[") and "]" in candidate:  # "[2001:db8::1]:4711"
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # "192.0.2.1:4711"
        candidate = candidate.split(":", 1)[0]
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


def client_address(request: RequestLike, trusted: TrustedProxies) -> str:
    """The client's address as text: the peer, or the nearest untrusted hop the trusted proxies name."""
    peer = request.remote or "unknown"
    current = _address(peer)
    if current is None or current not in trusted:
        return peer
    hops = [hop for header in request.headers.getall("X-Forwarded-For", []) for hop in header.split(",")]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Garbage where an address should be: the last hop we could trust is as far as we go.
            return str(current)
        current = address
        if current not in trusted:
            return str(current)
    return str(current)
