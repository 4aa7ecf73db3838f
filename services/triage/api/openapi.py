"""A small OpenAPI 3.1 helper: describe handlers where they are written, build the document from routes.

    @describe("List the waiting queue", tags=("cases",), roles=("counselor", "supervisor"),
              response=QueueOut)
    async def list_queue(request): ...

    app.router.add_get("/api/openapi.json", openapi_handler("tsunagari triage", "1"))

Request and response bodies are pydantic models (their JSON schema is inlined); every operation also
lists the JSON error responses it can give.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Awaitable[web.StreamResponse]])
ATTR = "__openapi__"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            "required": ["code", "message"],
        }
    },
}


def describe(
    summary: str,
    *,
    tags: tuple[str, ...] = (),
    roles: tuple[str, ...] = (),
    public: bool = False,
    request: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
) -> Callable[[F], F]:
    """Attach OpenAPI metadata to a handler (no behaviour change: roles are still checked in code)."""

    def mark(handler: F) -> F:
        setattr(handler, ATTR, {"summary": summary, "tags": tags, "roles": roles, "public": public,
                                "request": request, "response": response})  # fmt: skip
        return handler

    return mark


def _operation(meta: dict[str, Any]) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "OK"}
    if meta["response"] is not None:
        ok["content"] = {"application/json": {"schema": meta["response"].model_json_schema()}}
    error = {"description": "JSON error", "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    codes = ["400", "429"] if meta["public"] else ["400", "401", "403", "404", "409"]
    op: dict[str, Any] = {"summary": meta["summary"], "tags": list(meta["tags"]),
                          "responses": {"200": ok, **dict.fromkeys(codes, error)}}  # fmt: skip
    if meta["roles"]:
        op["description"] = "Roles: " + ", ".join(meta["roles"])
    if meta["request"] is not None:
        schema = meta["request"].model_json_schema()
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    if not meta["public"]:
        op["security"] = [{"session": []}]
    return op


def openapi_document(app: web.Application, title: str, version: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for route in app.router.routes():
        meta = getattr(route.handler, ATTR, None)
        if meta is None or route.method == "HEAD":
            continue
        path = route.resource.canonical if route.resource is not None else ""
        paths.setdefault(path, {})[route.method.lower()] = _operation(meta)
    scheme = {"type": "apiKey", "in": "cookie", "name": "__Host-tsunagari"}
    return {"openapi": "3.1.0", "info": {"title": title, "version": version}, "paths": paths,
            "components": {"securitySchemes": {"session": scheme}}}  # fmt: skip


def openapi_handler(title: str, version: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(openapi_document(request.app, title, version))

    return handler
