"""Every error is RFC 9457 problem details, and hostile input is refused at the edge with 422.

A small app with the runtime's edge installed; no service, broker or database.
"""

from __future__ import annotations

from typing import Any

import pytest
import structlog
from fastapi import FastAPI, HTTPException
from httpx import ASGITransport, AsyncClient
from jobpeak_runtime.edge import install_problem_details
from jobpeak_runtime.problems import (
    PROBLEM_MEDIA_TYPE,
    Problem,
    ProblemError,
    ProblemKind,
    register_problem,
    register_problems,
)
from jobpeak_runtime.problems_openapi import documented, problem_responses
from pydantic import BaseModel

pytestmark = pytest.mark.unit

SECRET_ANSWER = "the-answer-key-b"


class Answer(BaseModel):
    choice: str
    seconds: float = 0.0
    tags: list[str] = []


class AttemptNotFound(ProblemError):
    status = 404
    title = "Attempt not found"
    type_slug = "attempt-not-found"


class RetakeRefused(Exception):
    """A domain error that stays free of the runtime."""


def problem_app() -> FastAPI:
    app = FastAPI()
    install_problem_details(app)
    register_problem(
        app,
        RetakeRefused,
        status=409,
        title="Retake refused",
        type_slug="retake-refused",
        extensions=lambda _: {"not_before": "2026-03-02T09:00:00Z"},
    )

    @app.post("/answers/{item}", responses=problem_responses(404, 409))
    async def answer(item: int, body: Answer) -> dict[str, Any]:
        if item == 404:
            raise AttemptNotFound("attempt 404 not found", extensions={"attempt_id": "a-404"})
        if item == 409:
            raise RetakeRefused("retake not before 2026-03-02")
        if item == 500:
            raise RuntimeError("a bug at line forty-two")
        return body.model_dump()

    @app.get("/specialties/{slug}")
    async def specialty(slug: str, specialty: str | None = None) -> dict[str, str]:
        if slug == "locked":
            raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
        return {"slug": slug, "filter": specialty or ""}

    return app


async def call(method: str, url: str, **kwargs: Any) -> Any:
    async with AsyncClient(transport=ASGITransport(problem_app()), base_url="http://t") as http:
        return await http.request(method, url, **kwargs)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert "detail" not in body or isinstance(body["detail"], str)
    return body


async def test_a_good_request_passes_the_edge_untouched_and_carries_api_headers() -> None:
    response = await call("POST", "/answers/1", json={"choice": "b", "seconds": 1.5})
    assert response.status_code == 200
    assert response.json() == {"choice": "b", "seconds": 1.5, "tags": []}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


async def test_http_exceptions_become_about_blank_problems_keeping_their_headers() -> None:
    locked = assert_problem(await call("GET", "/specialties/locked"), 401)
    assert locked["type"] == "about:blank"
    assert locked["title"] == "Unauthorized"
    assert locked["detail"] == "a bearer token is required"
    missing = await call("GET", "/nowhere")
    assert assert_problem(missing, 404)["title"] == "Not Found"
    assert missing.headers["x-content-type-options"] == "nosniff"
    response = await call("GET", "/specialties/locked")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_service_refusal_is_a_typed_problem_with_its_extensions() -> None:
    body = assert_problem(await call("POST", "/answers/404", json={"choice": "a"}), 404)
    assert body["type"] == "urn:jobpeak:problem:attempt-not-found"
    assert body["title"] == "Attempt not found"
    assert body["detail"] == "attempt 404 not found"
    assert body["attempt_id"] == "a-404"
    mapped = assert_problem(await call("POST", "/answers/409", json={"choice": "a"}), 409)
    assert mapped["type"] == "urn:jobpeak:problem:retake-refused"
    assert mapped["not_before"] == "2026-03-02T09:00:00Z"


async def test_invalid_input_lists_each_location_and_never_echoes_the_value() -> None:
    response = await call(
        "POST", "/answers/x", json={"choice": ["not", SECRET_ANSWER], "tags": [SECRET_ANSWER, 3]}
    )
    body = assert_problem(response, 422)
    locations = {error["location"] for error in body["errors"]}
    assert locations == {"path.item", "body.choice", "body.tags.1"}
    assert SECRET_ANSWER not in response.text


async def test_malformed_json_is_a_422_problem_without_the_body() -> None:
    response = await call(
        "POST",
        "/answers/1",
        content=b'{"choice": "' + SECRET_ANSWER.encode() + b'",',
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 422)
    assert SECRET_ANSWER not in response.text


@pytest.mark.parametrize(
    ("raw_body", "location", "message"),
    [
        (b'{"choice": "a", "seconds": NaN}', "body.seconds", "NaN and Infinity"),
        (b'{"choice": "a", "seconds": Infinity}', "body.seconds", "NaN and Infinity"),
        (b'{"choice": "a", "seconds": -Infinity}', "body.seconds", "NaN and Infinity"),
        (b'{"choice": "a", "seconds": 1e400}', "body.seconds", "out of range"),
        (b'{"choice": "a", "seconds": 184467440737095516160}', "body.seconds", "64-bit"),
        (b'{"choice": "\\ud800x"}', "body.choice", "surrogate"),
        (b'{"choice": "a", "tags": ["ok", "b\\u0000c"]}', "body.tags.1", "NUL"),
        (b'{"choice": "a", "b\\u0000": 1}', "body", "NUL character not allowed (in a key)"),
        (b'{"choice": "\xff\xfe"}', "body", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "body", "nested too deeply"),
    ],
)
async def test_hostile_json_is_refused_with_a_422_naming_where(
    raw_body: bytes, location: str, message: str
) -> None:
    response = await call(
        "POST", "/answers/1", content=raw_body, headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 422)
    assert [error["location"] for error in body["errors"]] == [location]
    assert message in body["errors"][0]["message"]
    assert "ud800" not in response.text
    assert "184467440737095516160" not in response.text


async def test_hostile_json_without_a_content_type_is_refused_too() -> None:
    response = await call("POST", "/answers/1", content=b'{"choice": "a", "seconds": NaN}')
    body = assert_problem(response, 422)
    assert [error["location"] for error in body["errors"]] == ["body.seconds"]


@pytest.mark.parametrize(
    ("url", "location"),
    [("/specialties/%00", "path"), ("/specialties/a?specialty=a%00b", "query.specialty")],
)
async def test_a_nul_in_the_path_or_query_is_refused_with_a_422(url: str, location: str) -> None:
    body = assert_problem(await call("GET", url), 422)
    assert [error["location"] for error in body["errors"]] == [location]


async def test_an_unhandled_error_is_a_500_problem_and_one_concise_log_line() -> None:
    with structlog.testing.capture_logs() as logs:
        response = await call("POST", "/answers/500", json={"choice": "a"})
    body = assert_problem(response, 500)
    assert "forty-two" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["cache-control"] == "no-store"
    errors = [entry for entry in logs if entry["log_level"] == "error"]
    assert len(errors) == 1
    assert errors[0]["error_type"] == "RuntimeError"
    assert errors[0]["error"] == "a bug at line forty-two"
    assert errors[0]["at"].startswith(__file__ + ":")
    assert "exc_info" not in errors[0]
    assert body["detail"]


def test_the_openapi_documents_every_error_as_problem_details() -> None:
    document = problem_app().openapi()
    responses = document["paths"]["/answers/{item}"]["post"]["responses"]
    for status in ("404", "409", "422"):
        assert responses[status]["content"] == {
            PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert "ValidationError" not in schemas
    assert set(schemas["Problem"]["properties"]) >= {"type", "title", "status", "detail", "errors"}
    assert "ProblemFieldError" in schemas


async def test_a_table_of_problem_kinds_maps_each_refusal_and_its_subclasses() -> None:
    class Refused(Exception):
        pass

    class RefusedLater(Refused):
        pass

    app = FastAPI()
    install_problem_details(app)
    register_problems(
        app,
        {
            Refused: ProblemKind(409, "Refused", "refused", lambda e: {"why": str(e)}),
            LookupError: ProblemKind(
                429, "Slow down", "slow-down", headers=lambda e: {"Retry-After": "7"}
            ),
        },
    )

    @app.get("/refused")
    async def refuse() -> None:
        raise RefusedLater("too late")

    @app.get("/busy")
    async def busy() -> None:
        raise KeyError("busy")

    async with AsyncClient(transport=ASGITransport(app), base_url="http://t") as http:
        body = assert_problem(await http.get("/refused"), 409)
        busy_response = await http.get("/busy")
    assert body["type"] == "urn:jobpeak:problem:refused"
    assert body["detail"] == body["why"] == "too late"
    assert assert_problem(busy_response, 429)["title"] == "Slow down"
    assert busy_response.headers["Retry-After"] == "7"


def test_documented_describes_each_status_as_a_problem_for_the_route() -> None:
    assert documented({404: "No such attempt."}) == {
        404: {"model": Problem, "description": "No such attempt."}
    }
