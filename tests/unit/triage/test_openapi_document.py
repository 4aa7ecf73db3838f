"""The served OpenAPI document is whole: every `$ref` resolves, every path parameter is declared,
bodies and their 201/422 answers are documented (what a client generator or schemathesis needs)."""

import re
from typing import Any


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


async def test_every_reference_resolves_and_every_parameter_is_declared(api: Any) -> None:
    document = await (await api.get("/api/openapi.json")).json()
    for ref in refs(document):
        assert resolve(document, ref) is not None
    for path, operations in document["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for method, op in operations.items():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == names, (method, path)


async def test_bodies_and_their_answers_are_documented(api: Any) -> None:
    paths = (await (await api.get("/api/openapi.json")).json())["paths"]
    login = paths["/api/auth/login"]["post"]
    assert "requestBody" in login and {"200", "400", "429"} <= set(login["responses"])
    reply = paths["/api/cases/{case_id}/reply"]["post"]
    assert {"201", "422", "404", "409"} <= set(reply["responses"]) and "200" not in reply["responses"]
    assert "requestBody" in reply
