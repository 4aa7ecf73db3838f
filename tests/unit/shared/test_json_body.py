"""The one bounded JSON reader of every API: what it refuses, and that it never repeats a client's
own keys back."""

import json

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import BaseModel, ConfigDict

from shared.web.headers import json_errors
from shared.web.json_body import MAX_BYTES, read_model


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str


async def handler(request: web.Request) -> web.Response:
    note = await read_model(request, Note)
    return web.json_response({"length": len(note.text)})


@pytest.fixture
async def client() -> TestClient:  # type: ignore[type-arg]
    app = web.Application(middlewares=[json_errors()])
    app.router.add_post("/api/notes", handler)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def post(client: TestClient, raw: bytes) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = await client.post("/api/notes", data=raw, headers={"Content-Type": "application/json"})
    return response.status, await response.json()


@pytest.mark.parametrize(
    "raw",
    [
        b'{"text": "\\ud800"}',  # a lone surrogate: no database or hash can encode it
        b'{"\\udfff": 1}',
        b"[" * 600 + b"]" * 600,  # deeper than the parser's recursion
        b'{"text": ' + b"[" * 20 + b"]" * 20 + b"}",  # deeper than the reader allows
        b"\xff\xfe",
        b"{not json",
    ],
)
async def test_unacceptable_json_is_a_400(client: TestClient, raw: bytes) -> None:  # type: ignore[type-arg]
    status, body = await post(client, raw)
    assert status == 400 and body["error"]["code"] == "invalid_json"


async def test_a_huge_integer_is_refused_as_json_not_a_crash(client: TestClient) -> None:  # type: ignore[type-arg]
    status, _ = await post(client, b'{"text": "x", "n": ' + b"9" * 5000 + b"}")
    assert status == 400


async def test_too_large_is_a_413(client: TestClient) -> None:  # type: ignore[type-arg]
    status, body = await post(client, json.dumps({"text": "あ" * MAX_BYTES}).encode())
    assert status == 413 and body["error"]["code"] == "payload_too_large"


async def test_422_names_the_models_fields_never_the_clients_keys(client: TestClient) -> None:  # type: ignore[type-arg]
    status, body = await post(client, json.dumps({"text": 1, "私の秘密": "x"}).encode())
    assert status == 422
    assert "私の秘密" not in body["error"]["message"] and "text" in body["error"]["message"]
    assert "unexpected field" in body["error"]["message"]


async def test_a_good_body_passes(client: TestClient) -> None:  # type: ignore[type-arg]
    assert await post(client, json.dumps({"text": "こんにちは"}).encode()) == (200, {"length": 5})
