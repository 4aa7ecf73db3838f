"""Schemathesis against triage's served OpenAPI document, logged in as a supervisor (and as a
counselor): generated valid and invalid requests to every operation; no answer may be a 5xx, and
every answer must fit the document. Bounded: a few dozen examples per operation and mode, so the
suite stays quick; `SCHEMATHESIS_EXAMPLES` raises it for a longer probe."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from services.triage.app import TRIAGE, create_app
from services.triage.config import Settings
from shared.crypto import generate_key_spec
from shared.events import read_data
from shared.messaging import PublishFailed
from shared.mongo import reset_substitute
from shared.pseudonym import consulter_pseudonym
from tests.unit.triage.support_duty import PASSWORD, PASSWORDS
from tests.unit.triage.support_triage import USER, line_envelope, text_event

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))


@dataclass
class Running:
    url: str
    case_id: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def triage() -> Iterator[Running]:
    """Triage's app on a port of its own, in a thread with its own loop (schemathesis calls it with
    `requests`); no broker (actions keep their events in the outbox), the in-process database, and
    one real case (a consulter's message handled the real way), so the case operations are probed
    past the lookup of their case."""
    from aiohttp import web

    os.environ["DEMO_PASSWORD"] = PASSWORD
    reset_substitute()
    config = Settings(
        encryption_keys=generate_key_spec("k1"),
        pseudonym_key="fuzz-pseudonym-key-0123",
        staff_assertion_key="fuzz-staff-assertion-key-0123456789abcdef",
        amqp_url=f"amqp://guest:guest@127.0.0.1:{_free_port()}/",
        mongodb_url=None,
        mongodb_database="fuzz_triage",
    )
    port, loop, ready = _free_port(), asyncio.new_event_loop(), threading.Event()
    runner: list[web.AppRunner] = []
    app = create_app(config, periodic=False, passwords=PASSWORDS)

    async def serve() -> None:
        app_runner = web.AppRunner(app, access_log=None)
        await app_runner.setup()
        await web.TCPSite(app_runner, "127.0.0.1", port).start()
        runner.append(app_runner)
        ready.set()

    async def first_case() -> str:
        envelope = line_envelope(text_event("夫に殴られて怖い", at=datetime.now(UTC)))
        # Stored first, published after: without a broker the publish fails (a consumer would
        # retry it), the case is there.
        with contextlib.suppress(PublishFailed):
            await app[TRIAGE].line_events(envelope, read_data(envelope))
        found = await app[TRIAGE].stores.cases.find_open(consulter_pseudonym(USER, config.pseudonym_key))
        assert found is not None
        return str(found["_id"])

    thread = threading.Thread(
        target=lambda: (loop.run_until_complete(serve()), loop.run_forever()), daemon=True
    )
    thread.start()
    assert ready.wait(30), "triage did not start"
    case_id = asyncio.run_coroutine_threadsafe(first_case(), loop).result(30)
    yield Running(f"http://127.0.0.1:{port}", case_id)
    asyncio.run_coroutine_threadsafe(runner[0].cleanup(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture(scope="module")
def sessions(triage: Running) -> dict[str, dict[str, str]]:
    """Both logins first: fuzzing the login itself soon meets the address's failure limit."""
    return {username: _login(triage.url, username) for username in ("sato", "aoki")}


def _login(base: str, username: str) -> dict[str, str]:
    response = requests.post(
        f"{base}/api/auth/login", json={"username": username, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    cookie = (
        response.cookies.get("__Host-tsunagari")
        or response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    )
    return {"Cookie": f"__Host-tsunagari={cookie}", "X-CSRF-Token": response.json()["csrf_token"]}


@pytest.mark.parametrize("username", ["sato", "aoki"])
@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
def test_no_5xx_and_every_answer_fits_the_document(
    triage: Running, sessions: dict[str, dict[str, str]], username: str, mode: Any
) -> None:
    schema = schemathesis.openapi.from_url(f"{triage.url}/api/openapi.json")
    headers = sessions[username]
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15  # the whole console API, not an empty document

    for operation in operations:
        if operation.path in ("/api/auth/logout",):
            continue  # it would end the session the other operations run in
        if operation.path == "/api/events":
            continue  # the live stream never ends (text/event-stream): tests/unit/triage/test_live_stream.py

        real = {"case_id": triage.case_id} if "{case_id}" in operation.path else None

        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=real))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def probe(case: Any) -> None:
            response = case.call(base_url=triage.url, headers=headers, timeout=10)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            probe()
        except Exception as exc:  # collect, so one run names every broken operation
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:400]}")
    assert failures == []
