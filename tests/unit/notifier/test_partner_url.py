"""The partner URL policy against the probe's cases (issue 15): private, loopback, link-local,
metadata, unspecified, multicast and reserved targets refused in every spelling, CR/LF, user
information and huge hosts refused, and no refusal ever repeats the URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.notifier.adapters.seeds import SeedError, load_partner_seeds
from services.notifier.adapters.url_guard import GuardedResolver, UrlGuard
from services.notifier.domain.partner_url import RefusedUrl, UrlPolicy
from tests.support.resolver import FakeDns

REFUSED = {
    # private, shared, loopback, link-local, metadata, unspecified, multicast, reserved
    "private-10": "https://10.0.0.5/alerts",
    "private-172": "https://172.16.3.4/alerts",
    "private-192": "https://192.168.1.10/alerts",
    "private-v6": "https://[fd12:3456::1]/alerts",
    "shared-cgnat": "https://100.64.0.1/alerts",
    "loopback": "https://127.0.0.1/alerts",
    "loopback-other": "https://127.5.0.1:8443/alerts",
    "loopback-v6": "https://[::1]/alerts",
    "localhost": "https://localhost/alerts",
    "localhost-dot": "https://localhost./alerts",
    "localhost-sub": "https://alerts.localhost/alerts",
    "link-local": "https://169.254.10.10/alerts",
    "link-local-v6": "https://[fe80::1]/alerts",
    "link-local-v6-zone": "https://[fe80::1%25eth0]/alerts",
    "metadata-aws": "https://169.254.169.254/latest/meta-data/",
    "metadata-gcp": "https://metadata.google.internal/computeMetadata/v1/",
    "metadata-alibaba": "https://100.100.100.200/latest/meta-data/",
    "metadata-aws-v6": "https://[fd00:ec2::254]/latest/meta-data/",
    "unspecified": "https://0.0.0.0/alerts",
    "unspecified-v6": "https://[::]/alerts",
    "multicast": "https://224.0.0.1/alerts",
    "multicast-v6": "https://[ff02::1]/alerts",
    "reserved": "https://240.0.0.1/alerts",
    "broadcast": "https://255.255.255.255/alerts",
    # other spellings of an address
    "decimal": "https://2130706433/alerts",
    "decimal-public": "https://134744072/alerts",  # 8.8.8.8: refused as a spelling, not as a place
    "hex": "https://0x7f000001/alerts",
    "hex-dotted": "https://0x7f.0x0.0x0.0x1/alerts",
    "octal": "https://0177.0.0.1/alerts",
    "short": "https://127.1/alerts",
    "trailing-dot": "https://127.0.0.1./alerts",
    "v4-mapped": "https://[::ffff:127.0.0.1]/alerts",
    "v4-mapped-private": "https://[::ffff:10.0.0.5]/alerts",
    "v4-compatible": "https://[::7f00:1]/alerts",
    "6to4-loopback": "https://[2002:7f00:1::]/alerts",
    "nat64-private": "https://[64:ff9b::a00:5]/alerts",
    # what the URL itself carries
    "crlf": "https://partner.example/alerts\r\nX-Injected: 1",
    "lf-in-host": "https://partner.exa\nmple/alerts",
    "tab": "https://partner.example/\talerts",
    "nul": "https://partner.example/\x00",
    "userinfo": "https://admin:s3cr3t@partner.example/alerts",
    "user-only": "https://user@partner.example/alerts",
    "bare-at": "https://@partner.example/alerts",
    "huge-host": "https://" + "a" * 100_000 + ".example/alerts",
    "long-label": "https://" + "a" * 64 + ".example/alerts",
    "long-url": "https://partner.example/" + "a" * 3000,
    "bad-label": "https://-partner.example/alerts",
    "single-label": "https://intranet/alerts",
    "http": "http://partner.example/alerts",
    "http-loopback-not-allowed": "http://127.0.0.1:9000/alerts",
    "ftp": "ftp://partner.example/alerts",
    "no-host": "https:///alerts",
    "bad-port": "https://partner.example:99999/alerts",
}


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_the_probes_urls_are_refused_without_being_repeated(url: str) -> None:
    with pytest.raises(RefusedUrl) as refused:
        UrlPolicy().check(url)
    message = refused.value.message
    assert refused.value.reason and message
    host = url.split("://", 1)[-1].split("/", 1)[0]
    assert url not in message and (not host or host not in message) and "s3cr3t" not in message


@pytest.mark.parametrize(
    "url",
    [
        "https://partner.example.jp/alerts",
        "https://PARTNER.example.jp:8443/alerts?x=1",
        "https://8.8.8.8/alerts",
        "https://[2001:4860:4860::8888]/alerts",
        "https://例え.jp/alerts",  # an international name (checked in its IDNA form)
        "https://partner.example/a%0d%0ab",  # an encoded CR/LF stays encoded: harmless in a path
    ],
)
def test_public_https_urls_pass(url: str) -> None:
    assert UrlPolicy().check(url).url == url


def test_the_development_allow_list_opens_loopback_only() -> None:
    dev = UrlPolicy(allow_loopback=True)
    for url in ("http://127.0.0.1:9000/a", "http://localhost/a", "http://[::1]:8080/a", "https://127.5.0.1/"):
        dev.check(url)
    for url in (
        "http://10.0.0.5/a",
        "https://169.254.169.254/",
        "https://192.168.1.1/",
        "http://partner.example/a",
        "http://2130706433/",
    ):
        with pytest.raises(RefusedUrl):
            dev.check(url)


def test_one_refused_answer_among_public_ones_refuses_the_name() -> None:
    policy = UrlPolicy()
    policy.check_resolved(["8.8.8.8", "2001:4860:4860::8888"])
    for answers in (["8.8.8.8", "10.0.0.1"], ["fe80::1%eth0"], ["::ffff:169.254.169.254"]):
        with pytest.raises(RefusedUrl):
            policy.check_resolved(answers)


def _guard(dns: FakeDns, policy: UrlPolicy | None = None) -> UrlGuard:
    policy = policy or UrlPolicy()
    return UrlGuard(policy, GuardedResolver(policy, dns))


async def test_registration_resolves_the_host_and_refuses_a_private_answer() -> None:
    dns = FakeDns({"inside.example": ["10.1.2.3"], "public.example": ["93.184.216.34"]})
    guard = _guard(dns)
    with pytest.raises(RefusedUrl) as refused:
        await guard.check_registration("https://inside.example/alerts")
    assert "inside" not in refused.value.message
    await guard.check_registration("https://public.example/alerts")
    # A name that does not resolve reaches nothing; the delivery resolves and checks again.
    await guard.check_registration("https://partner.invalid/alerts")
    assert dns.asked == ["inside.example", "public.example", "partner.invalid"]


async def test_a_seed_whose_host_resolves_inside_stops_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "partners.yaml").write_text(
        "- {id: police, name: 警察, kind: police, url: 'https://inside.example/a', secret: 'env:SEED_URL_TEST'}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SEED_URL_TEST", "whsec_" + "a" * 44)
    dns = FakeDns({"inside.example": ["10.0.0.9"]})
    with pytest.raises(SeedError) as stopped:  # before anything is stored: no store is needed
        await load_partner_seeds(None, tmp_path, guard=_guard(dns))  # type: ignore[arg-type]
    assert "police" in str(stopped.value) and "inside.example" not in str(stopped.value)
