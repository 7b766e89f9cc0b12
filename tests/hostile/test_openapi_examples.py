"""Every example a service's OpenAPI shows is one the service accepts.

Two layers, since clients copy examples from either: each example in the document validates
against the schema it illustrates (fields, parameters, bodies); and for every route that takes a
JSON body, the body a client would assemble from the field examples, sent to the running service,
is never answered 422: pasting the documented example gets past validation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jobpeak_catalog
import pytest
import yaml
from jobpeak_runtime.auth import Role
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.hostile.running import SERVICES, Infrastructure, RunningService, build_service

_NOWHERE = Infrastructure(
    database_url="postgresql+asyncpg://examples:unused@127.0.0.1:1/examples",
    kafka_bootstrap="127.0.0.1:1",
    topic_prefix="examples.",
    stripe_api_base="http://127.0.0.1:1",
)
_DOCUMENT = "urn:jobpeak:openapi"
_FILLERS: dict[str, Callable[[], str]] = {
    "date-time": lambda: (datetime.now(UTC) + timedelta(days=1)).isoformat(),  # noqa: PLW0108
    "uuid": lambda: "00000000-0000-4000-8000-000000000000",
}
"""Values for fields that show no example on purpose (a start time; a resource's own id)."""


def _examples_with_schemas(node: Any, where: str) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(where, example, schema) for every example in ``node``, with the schema it illustrates."""
    if isinstance(node, dict):
        schema = node.get("schema", node) if ("in" in node or "content" in node) else node
        for example in node.get("examples", []) if isinstance(node.get("examples"), list) else []:
            yield where, example, schema
        if "example" in node:
            yield where, node["example"], node.get("schema", node)
        for key, child in node.items():
            if key not in ("examples", "example"):
                yield from _examples_with_schemas(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _examples_with_schemas(child, f"{where}/{index}")


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(_DOCUMENT, Resource.opaque(document))
    rebased = json.loads(json.dumps(schema).replace('"#/components', f'"{_DOCUMENT}#/components'))
    return Draft202012Validator(rebased, registry=registry)


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        *_, kind, name = schema["$ref"].split("/")
        schema = document["components"][kind][name]
    return schema


def _assembled(  # noqa: PLR0911 (one return per kind of schema)
    document: dict[str, Any], schema: dict[str, Any], where: str = "body"
) -> Any:
    """A body built from the field examples, as a client reading the document would build it."""
    schema = _resolve(document, schema)
    if "examples" in schema:
        return schema["examples"][0]
    if "const" in schema or "enum" in schema:  # a documented choice is as good as an example
        return schema.get("const", schema.get("enum", [None])[0])
    for alternative in schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
        if alternative.get("type") != "null":
            return _assembled(document, alternative, where)
    if schema.get("type") == "object" or "properties" in schema:
        return {
            name: _assembled(document, field, f"{where}.{name}")
            for name, field in schema.get("properties", {}).items()
            if name in schema.get("required", []) or "examples" in _resolve(document, field)
        }
    if schema.get("type") == "array":
        return [_assembled(document, schema["items"], f"{where}[]")]
    if "default" in schema:
        return schema["default"]
    if schema.get("format") in _FILLERS:  # undocumented values a client picks itself
        return _FILLERS[schema["format"]]()
    raise LookupError(f"{where} has no example (type {schema.get('type')!r})")


@pytest.mark.unit
@pytest.mark.parametrize("name", SERVICES)
def test_every_example_in_the_document_fits_its_schema(name: str) -> None:
    document = build_service(name, _NOWHERE).openapi()
    checked, wrong = 0, []
    for where, example, schema in _examples_with_schemas(document, "#"):
        checked += 1
        errors = [error.message for error in _validator(document, schema).iter_errors(example)]
        if errors:
            wrong.append(f"{where}: {example!r}: {errors}")
    assert checked > 0
    assert wrong == []


def _parameter_value(document: dict[str, Any], parameter: dict[str, Any]) -> str:
    schema = _resolve(document, parameter.get("schema", {}))
    if not ({"example"} & parameter.keys() or {"examples", "format", "enum"} & schema.keys()):
        return "unknown"  # an id the client holds, e.g. a question id: 404 is the honest answer
    value = parameter.get("example", _assembled(document, schema, parameter["name"]))
    return value if isinstance(value, str) else json.dumps(value)


def _media_example(document: dict[str, Any], media: dict[str, Any]) -> Any:
    """The body's own example when the document shows one, else one built from its fields."""
    if "example" in media:
        return media["example"]
    if media.get("examples"):
        return next(iter(media["examples"].values()))["value"]
    return _assembled(document, media["schema"])


_STATE_NOT_EXAMPLE = frozenset({"specialty"})
"""Where a 422 may point that is about the service's state, not the example: matching learns
specialties from catalog's events only, so on its own it knows no ``coding`` (the catalog is
given the Coding draft first; testing and billing answer 404)."""
CODING_SEED = Path(jobpeak_catalog.__file__).parent / "adapters" / "seed" / "coding"


def _refused_example(response: httpx.Response) -> str | None:
    """Why the service refused the example, or ``None`` when it did not (any non-422)."""
    if response.status_code != 422:
        return None
    problem = response.json()
    faults = [fault["location"] for fault in problem.get("errors", [])]
    faults += [fault["field"] for fault in problem.get("problems", [])]
    if faults and set(faults) <= _STATE_NOT_EXAMPLE:
        return None
    return response.text


async def _create_coding_draft(catalog: RunningService) -> None:
    definition = yaml.safe_load((CODING_SEED / "specialty.yaml").read_text(encoding="utf-8"))
    profile = {k: v for k, v in definition.items() if k not in ("practice", "certification")}
    created = await catalog.http.post(
        "/admin/specialties", json=profile, headers=catalog.auth(Role.ADMIN)
    )
    assert created.status_code == 201, created.text


def _documented_bodies(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, bytes]:
    """Content type → the request body its documented example makes."""
    bodies = {}
    for content_type, media in operation.get("requestBody", {}).get("content", {}).items():
        if content_type == "application/json":
            bodies[content_type] = json.dumps(_media_example(document, media)).encode()
        elif isinstance(media.get("example"), str):
            bodies[content_type] = media["example"].encode()
    return bodies


@pytest.mark.integration
async def test_every_documented_body_is_accepted_by_the_running_service(
    service: RunningService,
) -> None:
    """Sent with each role's token: a wrong role is refused (401/403), never a 422."""
    if service.name == "catalog":  # the examples name Coding and its languages
        await _create_coding_draft(service)
    document = service.app.openapi()
    answers: dict[str, list[int]] = {}
    for path, operations in sorted(document["paths"].items()):
        for method, operation in sorted(operations.items()):
            values = {
                (parameter["in"], parameter["name"]): _parameter_value(document, parameter)
                for parameter in operation.get("parameters", [])
                if parameter.get("required") or parameter["in"] == "path"
            }
            url = path.format(**{name: v for (where, name), v in values.items() if where == "path"})
            query = {name: v for (where, name), v in values.items() if where == "query"}
            headers = {name: v for (where, name), v in values.items() if where == "header"}
            for content_type, body in _documented_bodies(document, operation).items():
                statuses = []
                for role in Role:
                    response = await service.http.request(
                        method.upper(),
                        url,
                        params=query,
                        content=body,
                        headers={**headers, **service.auth(role), "Content-Type": content_type},
                    )
                    statuses.append(response.status_code)
                    refused = _refused_example(response)
                    assert refused is None, (method, path, content_type, role, body, refused)
                answers[f"{method.upper()} {path} {content_type}"] = statuses
    print(f"\n{service.name}: documented bodies sent as candidate/client/admin: {answers}")
    assert answers
    assert all(any(status not in (401, 403) for status in got) for got in answers.values())
