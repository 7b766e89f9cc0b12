"""The official JavaScript tooling accepts the AsyncAPI document and every schema pattern.

Node.js is always on the machines this runs on, so these tests never skip: without node they fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jobpeak_contracts_dev.files import default_asyncapi_path, default_schema_dir, render
from jobpeak_contracts_dev.node_validators import error_count, validate

pytestmark = pytest.mark.unit


def test_the_official_asyncapi_parser_and_ajv_report_no_error() -> None:
    schemas = sorted(default_schema_dir().glob("*.json"))

    report = validate(default_asyncapi_path(), schemas)

    assert report["parser_errors"] == []
    assert report["pattern_errors"] == []
    assert report["schema_errors"] == []
    assert report["patterns"] > 100
    assert report["schemas_compiled"] == len(schemas) > 0


def test_a_python_only_pattern_and_an_openapi_discriminator_are_caught(tmp_path: Path) -> None:
    document = json.loads(default_asyncapi_path().read_text(encoding="utf-8"))
    headers = document["components"]["schemas"]["CloudEventsKafkaHeaders"]["properties"]
    headers["ce_type"]["pattern"] = r"^jobpeak\.(?P<service>[a-z]+)$"
    question = document["components"]["schemas"]["QuestionPublished"]["properties"]["question"]
    question["discriminator"] = {"propertyName": "format"}
    broken = tmp_path / "asyncapi.json"
    broken.write_text(render(document), encoding="utf-8")

    report = validate(broken, [])

    assert [error["at"] for error in report["pattern_errors"]] == [
        "#/components/schemas/CloudEventsKafkaHeaders/properties/ce_type/pattern"
    ]
    assert any(
        error["path"].endswith("question.discriminator") for error in report["parser_errors"]
    )
    assert error_count(report) > 1
