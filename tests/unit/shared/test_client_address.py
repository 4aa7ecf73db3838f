"""Who the client is behind the proxy: X-Forwarded-For believed only as far as the hops are ours."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from multidict import CIMultiDict

from shared.client_address import TrustedProxies, client_address
from shared.config import CommonSettings

PROXY_NET = TrustedProxies.parse("10.247.80.0/24, ::1")


@dataclass
class Request:
    remote: str | None
    forwarded: list[str] = field(default_factory=list)

    @property
    def headers(self) -> CIMultiDict[str]:
        return CIMultiDict(("X-Forwarded-For", value) for value in self.forwarded)


def test_behind_our_proxy_the_client_is_the_address_the_proxy_saw() -> None:
    assert client_address(Request("10.247.80.7", ["198.51.100.23"]), PROXY_NET) == "198.51.100.23"


def test_two_people_behind_one_proxy_are_two_clients() -> None:
    first = client_address(Request("10.247.80.7", ["198.51.100.23"]), PROXY_NET)
    second = client_address(Request("10.247.80.7", ["203.0.113.9"]), PROXY_NET)
    assert first != second


def test_a_forged_header_from_outside_is_ignored() -> None:
    assert client_address(Request("203.0.113.50", ["10.0.0.1"]), PROXY_NET) == "203.0.113.50"


def test_a_client_cannot_hide_behind_an_entry_it_wrote_itself() -> None:
    # She sent "X-Forwarded-For: 1.2.3.4"; a proxy that appends makes it "1.2.3.4, <her address>".
    request = Request("10.247.80.7", ["1.2.3.4, 198.51.100.23"])
    assert client_address(request, PROXY_NET) == "198.51.100.23"


def test_chained_trusted_proxies_are_walked_and_repeated_headers_joined() -> None:
    request = Request("10.247.80.7", ["198.51.100.23", "10.247.80.9"])
    assert client_address(request, PROXY_NET) == "198.51.100.23"


def test_garbage_stops_at_the_last_trusted_hop() -> None:
    assert client_address(Request("10.247.80.7", ["not-an-ip"]), PROXY_NET) == "10.247.80.7"


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert client_address(Request("10.247.80.7", ["198.51.100.23"]), TrustedProxies()) == "10.247.80.7"


def test_ipv6_and_ports_in_entries() -> None:
    assert client_address(Request("::1", ["[2001:db8::5]:4711"]), PROXY_NET) == "2001:db8::5"
    assert client_address(Request("::1", ["192.0.2.1:4711"]), PROXY_NET) == "192.0.2.1"


def test_a_bad_trusted_proxies_setting_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSEUDONYM_KEY", "x" * 20)
    with pytest.raises(ValueError, match="not an address or CIDR"):
        CommonSettings(trusted_proxies="10.0.0.0/33")
    assert CommonSettings(trusted_proxies="10.0.0.0/8").trusted_proxy_networks == TrustedProxies.parse(
        "10.0.0.0/8"
    )
