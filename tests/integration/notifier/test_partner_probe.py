"""The probe's cases against notifier (issue 15): hostile bodies and partner URLs on `POST
/api/partners` are a clear 4xx, never a 500, store nothing and repeat nothing; a partner URL that
the policy refuses at delivery time (DNS rebinding, a URL stored before the policy) fails the
alert for good — `partner.alert.failed` (`url_refused`), shown to supervisors — and nothing is sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from yarl import URL

from services.notifier.adapters.url_guard import GuardedResolver
from services.notifier.app import NOTIFIER
from services.notifier.domain.partner_url import UrlPolicy
from shared.events import utcnow
from shared.staff_auth import HEADER, StaffClaims, sign_assertion
from tests.integration.notifier.conftest import NotifierHarness, Receiver, add_partner, new_secret
from tests.support.resolver import FakeDns
from tests.support.staff import STAFF_KEY, staff_headers

ADMIN = StaffClaims("a-admin", "admin", "admin", "admin")

pytestmark = pytest.mark.integration


def partner(**change: Any) -> dict[str, Any]:
    return {
        "id": "p1",
        "name": "P",
        "kind": "npo",
        "url": "https://partner.example/hook",
        "secret": new_secret(),
        **change,
    }


async def post_raw(url: str, raw: bytes) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        headers = {**staff_headers("POST", "/api/partners"), "Content-Type": "application/json"}
        async with session.post(f"{url}/api/partners", data=raw, headers=headers) as r:
            return r.status, await r.text()


HOSTILE_BODIES = {
    "surrogate-name": b'{"id": "p1", "name": "\\ud800", "kind": "npo", "url": "https://p.example/", "secret": "x"}',
    "surrogate-key": b'{"\\udfff": 1}',
    "deep": b"[" * 600 + b"]" * 600,
    "deepish": b'{"id": "p1", "name": ' + b"[" * 100 + b"]" * 100 + b"}",
    "bigint": b'{"id": "p1", "alerts": ' + b"9" * 5000 + b"}",
    "not-json": b"{'id': 'p1'}",
    "array": b"[1, 2, 3]",
}


@pytest.mark.parametrize("raw", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
async def test_hostile_bodies_are_400_and_store_nothing(notifier: NotifierHarness, raw: bytes) -> None:
    app, url = await notifier.start()
    status, text = await post_raw(url, raw)
    error = json.loads(text)["error"]
    assert status == 400 and (error == "invalid_partner" or error["code"] == "invalid_json"), text
    assert await app[NOTIFIER].stores.partners.documents() == []


async def test_a_body_over_the_limit_is_413(notifier: NotifierHarness) -> None:
    app, url = await notifier.start()
    status, _ = await post_raw(url, json.dumps(partner(name="x" * 70_000)).encode())
    assert status == 413
    assert await app[NOTIFIER].stores.partners.documents() == []


@pytest.mark.parametrize(
    "bad_url",
    [
        "https://169.254.169.254/latest/meta-data/",
        "https://2130706433/hook",
        "https://0x7f000001/hook",
        "https://[::ffff:10.0.0.5]/hook",
        "https://partner.example/hook\r\nX-Injected: 1",
        "https://admin:s3cr3t@partner.example/hook",
        "https://" + "a" * 60_000 + ".example/hook",
        "https://inside.example/hook",  # resolves to a private address (the test's DNS)
    ],
    ids=["metadata", "decimal", "hex", "v4-mapped", "crlf", "userinfo", "60kb-host", "resolves-private"],
)
async def test_refused_urls_are_400_name_the_field_and_repeat_nothing(
    notifier: NotifierHarness, bad_url: str
) -> None:
    dns = FakeDns({"inside.example": ["10.20.30.40"]})
    app, url = await notifier.start(
        allow_insecure_loopback=False, resolver=GuardedResolver(UrlPolicy(), dns)
    )
    async with aiohttp.ClientSession() as session:
        headers = staff_headers("POST", "/api/partners")
        async with session.post(f"{url}/api/partners", json=partner(url=bad_url), headers=headers) as r:
            status, text = r.status, await r.text()
    assert status == 400 and json.loads(text)["field"] == "url"
    for piece in ("s3cr3t", "admin:", "inside", "169.254", "2130706433", "X-Injected", "aaaa"):
        assert piece not in text
    assert await app[NOTIFIER].stores.partners.documents() == []


async def test_a_made_up_key_is_not_named_back(notifier: NotifierHarness) -> None:
    _, url = await notifier.start()
    async with aiohttp.ClientSession() as session:
        headers = staff_headers("POST", "/api/partners")
        body = partner(**{"夫の名前は山田": "x"})
        async with session.post(f"{url}/api/partners", json=body, headers=headers) as r:
            assert r.status == 400 and "山田" not in await r.text()


async def test_an_id_in_the_path_that_cannot_be_one_is_404(notifier: NotifierHarness) -> None:
    _, url = await notifier.start()
    async with aiohttp.ClientSession() as session:
        for path in ("/api/partners/%ED%A0%80", "/api/partners/police%0A", "/api/partners/" + "a" * 500):
            signed = URL(path).path  # the assertion names the path as the service reads it (decoded)
            for method in ("GET", "PATCH", "DELETE"):
                token = sign_assertion(STAFF_KEY, ADMIN, method=method, path=signed, now=datetime.now(UTC))
                async with session.request(method, f"{url}{path}", json={}, headers={HEADER: token}) as r:
                    assert r.status == 404, (method, path, await r.text())


async def test_a_refused_url_at_delivery_time_is_a_final_failure_supervisors_see(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    sink = await sink_factory("partner.alert.*")
    dns = FakeDns({"rebind.example": ["93.184.216.34"]})  # public when it is registered ...
    app, url = await notifier.start(resolver=GuardedResolver(UrlPolicy(allow_loopback=True), dns))
    await add_partner(url, "rebind", "https://rebind.example/hook", new_secret())
    dns.answers["rebind.example"] = ["10.0.0.5"]  # ... private when an alert goes out
    # A URL stored before the policy existed (straight into the database): checked again as well.
    await app[NOTIFIER].stores.partners.create(
        "old",
        {"name": "old", "kind": "police", "url": "https://169.254.169.254/latest", "secret": new_secret(), "alerts": ["*"]},
        utcnow(),
    )
    live_secret = new_secret()
    await add_partner(url, "live", receiver.endpoint("live", live_secret), live_secret)
    for partner_id in ("rebind", "old", "live"):
        await publish(partner_id=partner_id)

    failed = await sink.wait_count("partner.alert.failed", 2)
    assert sorted((e.data["partner_id"], e.data["reason"], e.data["attempts"]) for e in failed) == [
        ("old", "url_refused", 1),
        ("rebind", "url_refused", 1),
    ]
    [delivered] = await sink.wait_count("partner.alert.delivered", 1)  # the others went on as usual
    assert delivered.data["partner_id"] == "live" and len(receiver.at("live")) == 1
    async with aiohttp.ClientSession() as session:
        path = "/api/partners/failures"
        async with session.get(f"{url}{path}", headers=staff_headers("GET", path, role="supervisor")) as r:
            text = await r.text()
            shown = json.loads(text)["failures"]
        path = "/api/partners/rebind/deliveries"
        async with session.get(f"{url}{path}", headers=staff_headers("GET", path)) as r:
            [attempt] = (await r.json())["attempts"]
    assert sorted((f["partner_id"], f["reason"]) for f in shown) == [("old", "url_refused"), ("rebind", "url_refused")]
    assert "169.254" not in text and "rebind.example" not in text
    assert attempt["error_class"] == "url_refused" and attempt["status"] is None
    assert sink.of_type("partner.alert.retry_scheduled") == []
