"""A small OpenAPI 3.1 helper: describe handlers where they are written, build the document from routes.

    @describe("List the waiting queue", tags=("cases",), roles=("counselor", "supervisor"),
              response=QueueOut)
    async def list_queue(request): ...

    app.router.add_get("/api/openapi.json", openapi_handler("tsunagari triage", "1"))

Request and response bodies are pydantic models; their schemas (and the models they refer to) go to
`components/schemas`, so every `$ref` resolves. Path parameters are declared from the route's
pattern; every operation lists its success status and the JSON errors it can give.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Awaitable[web.StreamResponse]])
ATTR = "__openapi__"
REF = "#/components/schemas/{model}"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}
ERROR_STATUSES_PUBLIC = ("400", "413", "415", "429")
ERROR_STATUSES = ("400", "401", "403", "404", "409", "413", "415", "429")


def describe(
    summary: str,
    *,
    tags: tuple[str, ...] = (),
    roles: tuple[str, ...] = (),
    public: bool = False,
    request: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    media: str = "application/json",
) -> Callable[[F], F]:
    """Attach OpenAPI metadata to a handler (no behaviour change: roles are still checked in code)."""

    def mark(handler: F) -> F:
        setattr(handler, ATTR, {"summary": summary, "tags": tags, "roles": roles, "public": public,
                                "request": request, "response": response, "status": status,
                                "media": media})  # fmt: skip
        return handler

    return mark


def _schema(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF)
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return {"$ref": REF.format(model=model.__name__)}


def _error() -> dict[str, Any]:
    return {
        "description": "JSON error",
        "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}},
    }


def _operation(meta: dict[str, Any], path: str, components: dict[str, Any]) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "Created" if meta["status"] == 201 else "OK"}
    if meta["response"] is not None:
        ok["content"] = {"application/json": {"schema": _schema(meta["response"], components)}}
    elif meta["media"] != "application/json":  # e.g. the live stream (text/event-stream)
        ok["content"] = {meta["media"]: {"schema": {"type": "string"}}}
    else:
        ok["content"] = {"application/json": {"schema": {"type": "object"}}}
    codes = list(ERROR_STATUSES_PUBLIC if meta["public"] else ERROR_STATUSES)
    if meta["request"] is not None:
        codes.append("422")
    op: dict[str, Any] = {
        "summary": meta["summary"],
        "tags": list(meta["tags"]),
        "responses": {str(meta["status"]): ok, **{code: _error() for code in sorted(codes)}},
    }
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", path)
    ]
    if parameters:
        op["parameters"] = parameters
    if meta["roles"]:
        op["description"] = "Roles: " + ", ".join(meta["roles"])
    if meta["request"] is not None:
        schema = _schema(meta["request"], components)
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    if not meta["public"]:
        op["security"] = [{"session": []}]
    return op


def openapi_document(app: web.Application, title: str, version: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    components: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for route in app.router.routes():
        meta = getattr(route.handler, ATTR, None)
        if meta is None or route.method == "HEAD":
            continue
        path = route.resource.canonical if route.resource is not None else ""
        paths.setdefault(path, {})[route.method.lower()] = _operation(meta, path, components)
    scheme = {"type": "apiKey", "in": "cookie", "name": "__Host-tsunagari"}
    return {"openapi": "3.1.0", "info": {"title": title, "version": version}, "paths": paths,
            "components": {"schemas": components, "securitySchemes": {"session": scheme}}}  # fmt: skip


def openapi_handler(title: str, version: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(openapi_document(request.app, title, version))

    return handler
