"""Regenerate the committed JSON Schemas and the AsyncAPI document from the models.

``python -m jobpeak_contracts_dev.generate`` writes ``contracts/schemas/<ce_type>.json`` and
``docs/asyncapi.json``. It refuses to overwrite a committed schema with a breaking change (that
would silently move the baseline the compatibility gate checks against): bump the event's version
on a new topic instead. Schemas of event types no longer modelled are kept, as the record of
what was once published. ``--check`` writes nothing and exits 1 when a file is out of date.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from jobpeak_contracts.schemas import current_schemas, schema_file_name

from jobpeak_contracts_dev.asyncapi import asyncapi_document
from jobpeak_contracts_dev.compat import check_compatibility
from jobpeak_contracts_dev.files import (
    default_asyncapi_path,
    default_schema_dir,
    read_schemas,
    render,
)


def _outputs(schema_dir: Path, asyncapi_path: Path) -> dict[Path, str]:
    files = {
        schema_dir / schema_file_name(ce_type): render(document)
        for ce_type, document in current_schemas().items()
    }
    files[asyncapi_path] = render(asyncapi_document())
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jobpeak_contracts_dev.generate",
        description="Write the events' JSON Schemas and the AsyncAPI document.",
    )
    parser.add_argument("--schemas", type=Path, default=None, help="schema directory")
    parser.add_argument("--asyncapi", type=Path, default=None, help="AsyncAPI output file")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any file is out of date"
    )
    arguments = parser.parse_args(argv)
    schema_dir: Path = arguments.schemas or default_schema_dir()
    asyncapi_path: Path = arguments.asyncapi or default_asyncapi_path()

    breaks = check_compatibility(committed=read_schemas(schema_dir), current=current_schemas())
    if breaks:
        for incompatibility in breaks:
            print(incompatibility, file=sys.stderr)
        print("refusing to regenerate over breaking changes", file=sys.stderr)
        return 1

    outputs = _outputs(schema_dir, asyncapi_path)
    stale = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if arguments.check:
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path}")
    print(f"{len(outputs)} files, {len(stale)} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
