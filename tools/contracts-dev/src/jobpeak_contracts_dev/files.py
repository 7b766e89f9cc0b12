"""Reading and writing the committed contract documents of this checkout."""

from __future__ import annotations

import json
from pathlib import Path

from jobpeak_contracts.schemas import SCHEMA_SUFFIX, JsonObject


def render(document: JsonObject) -> str:
    """Stable text of a JSON document, as committed (so regenerating gives no spurious diff)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_schemas(directory: Path) -> dict[str, JsonObject]:
    """Committed schema documents in ``directory`` by CloudEvents type."""
    documents: dict[str, JsonObject] = {}
    for path in sorted(directory.glob(f"*{SCHEMA_SUFFIX}")):
        document = json.loads(path.read_text(encoding="utf-8"))
        documents[document["x-jobpeak"]["ce_type"]] = document
    return documents


def repository_root() -> Path:
    """The root of the source checkout these tools run from (``tools/contracts-dev/src/...``)."""
    return Path(__file__).resolve().parents[4]


def default_schema_dir() -> Path:
    """``contracts/schemas`` of this checkout."""
    return repository_root() / "contracts" / "schemas"


def default_asyncapi_path() -> Path:
    """``docs/asyncapi.json`` of this checkout."""
    return repository_root() / "docs" / "asyncapi.json"
