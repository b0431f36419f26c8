"""Contract snapshots of v1: a breaking change to a request or a response shape fails this test.

Additions are allowed (a new operation, a new optional request field, a new response field). Removing an
operation, removing or retyping a field, or making a request field required breaks clients: that needs /api/v2/.
After an allowed addition, refresh the snapshot with `MIXEDFLOWS_UPDATE_CONTRACT=1 make test PYTEST_ARGS=-k contract`.
"""

import json
import os
from pathlib import Path

from mixedflows.api import api

SNAPSHOT = Path(__file__).with_name("api_v1_contract.json")


def _shape(schema: dict, components: dict, depth: int = 0) -> object:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return {"ref": name} if depth > 3 else _shape(components[name], components, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return {key: sorted((_shape(s, components, depth + 1) for s in schema[key]), key=json.dumps)}
    if schema.get("type") == "object" and "properties" in schema:
        return {
            "properties": {
                k: _shape(v, components, depth + 1) for k, v in sorted(schema["properties"].items())
            },
            "required": sorted(schema.get("required", [])),
        }
    if schema.get("type") == "array":
        return {"array": _shape(schema.get("items", {}), components, depth + 1)}
    return {k: schema[k] for k in ("type", "format") if k in schema}


def contract() -> dict:
    openapi = api.get_openapi_schema(path_prefix="/api/v1")
    components = openapi.get("components", {}).get("schemas", {})
    operations = {}
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            body = (
                operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            operations[operation["operationId"]] = {
                "method": method,
                "path": path,
                "parameters": sorted(p["name"] for p in operation.get("parameters", []) if p.get("required")),
                "request": _shape(body, components) if body else None,
                "responses": {
                    str(code): _shape(answer["content"]["application/json"]["schema"], components)
                    for code, answer in operation["responses"].items()
                    if str(code).startswith("2") and "content" in answer
                },
            }
    return operations


def _breaks(old, new, where: str, *, request: bool) -> list[str]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [f"{where}: {old} became {new}"]
    problems = []
    if "array" in old:
        # An array's items follow the same rules as any object (a field added to each item is an addition).
        if "array" not in new:
            return [f"{where}: no longer an array"]
        return _breaks(old["array"], new["array"], f"{where}[]", request=request)
    if "properties" in old:
        if "properties" not in new:
            return [f"{where}: no longer an object"]
        for name, shape in old["properties"].items():
            if name not in new["properties"]:
                problems.append(f"{where}.{name}: removed")
            else:
                problems += _breaks(shape, new["properties"][name], f"{where}.{name}", request=request)
        added = set(new["required"]) - set(old["required"])
        if request and added:
            problems.append(f"{where}: newly required {sorted(added)}")
        return problems
    if old != new and not (request and "anyOf" in new):
        problems.append(f"{where}: {old} became {new}")
    return problems


def test_v1_keeps_its_contract():
    current = contract()
    if os.environ.get("MIXEDFLOWS_UPDATE_CONTRACT"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    snapshot = json.loads(SNAPSHOT.read_text())
    problems = []
    for op, old in snapshot.items():
        new = current.get(op)
        if new is None:
            problems.append(f"{op}: removed")
            continue
        if (old["method"], old["path"]) != (new["method"], new["path"]):
            problems.append(
                f"{op}: moved from {old['method']} {old['path']} to {new['method']} {new['path']}"
            )
        problems += _breaks(old["request"], new["request"], f"{op} request", request=True)
        for code, shape in old["responses"].items():
            if code not in new["responses"]:
                problems.append(f"{op} {code}: no longer answered")
            else:
                problems += _breaks(shape, new["responses"][code], f"{op} {code}", request=False)
    assert not problems, "Breaking changes to /api/v1/:\n" + "\n".join(problems)


def test_the_check_catches_a_removed_field_and_a_new_required_one():
    old = {"properties": {"id": {"type": "string"}, "name": {"type": "string"}}, "required": ["id"]}
    assert _breaks(old, {"properties": {"id": {"type": "string"}}, "required": ["id"]}, "x", request=False)
    assert _breaks(old, {**old, "required": ["id", "name"]}, "x", request=True)
    assert not _breaks(
        old,
        {"properties": {**old["properties"], "new": {"type": "integer"}}, "required": ["id"]},
        "x",
        request=False,
    )


def test_a_field_removed_from_the_items_of_a_list_breaks_and_one_added_does_not():
    item = {
        "properties": {"id": {"type": "string"}, "title": {"type": "string"}},
        "required": ["id", "title"],
    }
    old = {"properties": {"results": {"array": item}}, "required": ["results"]}
    added = {
        "properties": {"results": {"array": {**item, "properties": {**item["properties"], "project": {}}}}}
    }
    added["required"] = ["results"]
    removed = {"properties": {"results": {"array": {**item, "properties": {"id": {"type": "string"}}}}}}
    removed["required"] = ["results"]
    assert _breaks(old, added, "op 200", request=False) == []
    assert _breaks(old, removed, "op 200", request=False) == ["op 200.results[].title: removed"]
