"""Where an alert may be sent: the one policy for partner webhook URLs (issue 15), checked when a
partner is registered (API and seeds) and again before every delivery (for operators).

An alert carries a case reference and sometimes a consulter's personal details, and notifier can
reach the service's own network: a partner URL must never point it at an internal service, the
cloud's metadata endpoint or this machine. So a URL is refused, with a reason and never repeated
back, unless all of this holds:

- `https://` (plain `http://` only to loopback, and only with the development allow-list below);
- at most 2,048 characters, no control characters (CR, LF, tab, NUL ...) and no spaces;
- no user information (`user:pass@`, or even a bare `@`) in the authority;
- a host: a fully qualified name of at most 253 characters in labels of 1-63 letters, digits, `-`
  and `_` (an international name counts in its IDNA form), or an IP address in its standard form
  (`127.0.0.1`, `[::1]`); decimal, hex, octal or shortened IPv4 (`2130706433`, `0x7f000001`,
  `0177.0.0.1`, `127.1`) are refused outright — resolvers read them as addresses, people do not;
- every address the host is or resolves to is public: not private, loopback, link-local, shared
  (100.64/10), multicast, reserved, unspecified, or a cloud metadata address, including an IPv4
  address hidden in an IPv6 one (IPv4-mapped `::ffff:…`, 6to4, Teredo, NAT64).

Resolution is the adapter's (`adapters/url_guard.py`); this module only judges what it is given.
The development allow-list is ALLOW_INSECURE_LOOPBACK: loopback (127.0.0.0/8, ::1, `localhost`)
is then accepted, over http as well — for a receiver on the developer's machine; nothing else that
is not public ever is.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from yarl import URL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_LENGTH = 2048
MAX_HOST_LENGTH = 253
LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
# Controls (C0, C1), spaces and the other Unicode separators and invisible marks.
CONTROL = re.compile(r"[\x00-\x20\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
METADATA_NAMES = frozenset(
    {"metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"}
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "fd00:ec2::23")
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class RefusedUrl(ValueError):
    """A partner URL the policy refuses. `reason` is a stable code; `message` says what is wrong
    without repeating any of the URL."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class PartnerUrl:
    """A URL that passed the syntax rules. `address` is set when the host is an IP literal (then
    there is nothing to resolve); otherwise `host` (IDNA, lower case) still has to be resolved."""

    url: str
    scheme: str
    host: str
    port: int
    address: IPAddress | None


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo client, NAT64), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a host made only of numeric labels denotes, as resolvers read it (inet_aton:
    decimal, hex, octal and shortened forms), or None when the host is a name."""
    labels = host.rstrip(".").split(".")
    if not all(NUMERIC_LABEL.match(label) for label in labels):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except OSError:
        raise RefusedUrl("host", "the host is neither a name nor an IP address") from None


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    """`allow_loopback`: the development allow-list (ALLOW_INSECURE_LOOPBACK)."""

    allow_loopback: bool = False

    def check(self, raw: Any) -> PartnerUrl:
        """The syntax rules (and the address rule for an IP literal); RefusedUrl otherwise."""
        if not isinstance(raw, str) or not raw.strip():
            raise RefusedUrl("required", "is required")
        text = raw.strip()
        if len(text) > MAX_URL_LENGTH:
            raise RefusedUrl("too_long", f"must be at most {MAX_URL_LENGTH} characters")
        try:
            url = URL(text)
            netloc = urlsplit(text).netloc
            host = url.raw_host or ""
            port = url.port
        except (ValueError, UnicodeError):
            raise RefusedUrl("parse", "does not parse as a URL") from None
        if not url.absolute or url.scheme not in ("https", "http") or not host:
            raise RefusedUrl("scheme", "must be an absolute https:// URL with a host")
        if CONTROL.search(text):  # yarl would quietly drop a CR/LF; refuse what was sent instead
            raise RefusedUrl("characters", "must not contain spaces, line breaks or other control characters")
        if "@" in netloc or url.raw_user is not None or url.raw_password is not None:
            raise RefusedUrl("userinfo", "must not carry a user name or password")
        address = self._literal(host)
        name = None if address is not None else self._name(host)
        loopback = (address is not None and _is_loopback(address)) or name in LOOPBACK_NAMES
        if url.scheme == "http" and not (self.allow_loopback and loopback):
            raise RefusedUrl("scheme", "must use HTTPS (plain http only to loopback in development)")
        if address is not None:
            self.check_address(address)
        elif name in LOOPBACK_NAMES and not self.allow_loopback:
            raise RefusedUrl("address", "must not point at this machine")
        return PartnerUrl(text, url.scheme, host.lower(), port or 0, address)

    def check_address(self, address: IPAddress | str) -> None:
        """Refuse an address that is not public (see the module's rules)."""
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        if self.allow_loopback and _is_loopback(ip):
            return
        inner = embedded_ipv4(ip)
        if inner is not None:
            self.check_address(inner)
        if ip in METADATA_ADDRESSES:
            raise RefusedUrl("address", "must not point at a cloud metadata address")
        if (
            not ip.is_global
            or ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
            or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
        ):
            raise RefusedUrl("address", "must point at a public address (not private, local or reserved)")

    def check_resolved(self, addresses: Iterable[str]) -> None:
        """Refuse when any address a name resolved to is refused (one bad answer is enough: the
        client may pick any of them)."""
        for address in addresses:
            self.check_address(address.split("%", 1)[0])

    def _literal(self, host: str) -> IPAddress | None:
        if ":" in host:  # an IPv6 literal (yarl gives it without brackets)
            if "%" in host:
                raise RefusedUrl("host", "must not carry an IPv6 zone")
            try:
                return ipaddress.IPv6Address(host)
            except ValueError:
                raise RefusedUrl("parse", "does not parse as a URL") from None
        numeric = _numeric_ipv4(host)
        if numeric is not None and str(numeric) != host:
            raise RefusedUrl("host", "an IP address must be written in its standard form (like 192.0.2.1)")
        return numeric

    def _name(self, host: str) -> str:
        name = host.lower().removesuffix(".")
        if len(name) > MAX_HOST_LENGTH:
            raise RefusedUrl("host", f"the host must be at most {MAX_HOST_LENGTH} characters")
        labels = name.split(".")
        if not all(LABEL.match(label) for label in labels):
            raise RefusedUrl("host", "the host must be a name of letters, digits, '-' and '.' (labels of 1-63)")
        if name in METADATA_NAMES or name.endswith(".localhost"):
            raise RefusedUrl("address", "must not point at a cloud metadata or local name")
        if len(labels) < 2 and name not in LOOPBACK_NAMES:
            raise RefusedUrl("host", "the host must be a fully qualified name (like partner.example.jp)")
        return name


def _is_loopback(ip: IPAddress) -> bool:
    inner = embedded_ipv4(ip)
    return ip.is_loopback or (inner is not None and inner.is_loopback)
