"""The compatibility gate: current event models against the committed JSON Schemas.

A change is compatible when every consumer keeps working whichever side upgrades first: readers
ignore fields they do not know, so adding an optional field is fine; anything else an existing
reader or an existing record would trip over is breaking:

* a field of the committed schema is gone (removed, or renamed, which is the same to a reader);
* a type is narrowed: a value the committed schema accepts is rejected now (a type or a null
  dropped, an enum value removed, a bound tightened, a pattern or format added or changed);
* a new required field (or an optional field made required): records already written lack it;
* the key field or the topic of an event type changed;
* an event type disappeared without a higher version of it existing.

A breaking change is made by adding the event at a higher ``schema_version`` on a new topic, which
gives it a new CloudEvents type and a schema file of its own; the gate then also checks that the
new version did not stay on the old version's topic.

Run ``python -m jobpeak_contracts_dev.compat``; it exits 1 and names each field and rule broken.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from jobpeak_contracts.schemas import JsonObject, current_schemas

from jobpeak_contracts_dev.files import default_schema_dir, read_schemas
from jobpeak_contracts_dev.schema_diff import Incompatibility, Rule, SchemaComparison

__all__ = ["Incompatibility", "Rule", "check_compatibility", "main"]


def _identity(document: JsonObject) -> JsonObject:
    identity: JsonObject = document["x-jobpeak"]
    return identity


def _compare_identity(old: JsonObject, new: JsonObject) -> list[Incompatibility]:
    found = []
    ce_type = old["ce_type"]
    if old["key_field"] != new["key_field"]:
        found.append(
            Incompatibility(
                ce_type,
                old["key_field"],
                Rule.CHANGED_KEY,
                f"records were keyed by {old['key_field']!r}, now by {new['key_field']!r}",
            )
        )
    if old["topic"] != new["topic"]:
        found.append(
            Incompatibility(
                ce_type,
                "<topic>",
                Rule.CHANGED_TOPIC,
                f"published on {old['topic']!r}, now on {new['topic']!r}",
            )
        )
    return found


def check_compatibility(
    *, committed: Mapping[str, JsonObject], current: Mapping[str, JsonObject]
) -> list[Incompatibility]:
    """Every breaking difference between ``committed`` and ``current`` schemas (by ce_type)."""
    found: list[Incompatibility] = []

    def versions_of(documents: Mapping[str, JsonObject], identity: JsonObject) -> list[JsonObject]:
        return [
            _identity(document)
            for document in documents.values()
            if _identity(document)["source"] == identity["source"]
            and _identity(document)["event_name"] == identity["event_name"]
        ]

    for ce_type, old in committed.items():
        old_identity = _identity(old)
        new = current.get(ce_type)
        if new is None:
            superseded = any(
                other["schema_version"] > old_identity["schema_version"]
                for other in versions_of(current, old_identity)
            )
            if not superseded:
                found.append(
                    Incompatibility(
                        ce_type,
                        "<event>",
                        Rule.REMOVED_EVENT,
                        "no model produces it and no higher version replaces it",
                    )
                )
            continue
        found.extend(_compare_identity(old_identity, _identity(new)))
        comparison = SchemaComparison(ce_type, old_root=old, new_root=new)
        comparison.compare(old, new, "")
        found.extend(comparison.found)

    for ce_type, new in current.items():
        if ce_type in committed:
            continue
        identity = _identity(new)
        for earlier in versions_of(committed, identity):
            if (
                earlier["schema_version"] < identity["schema_version"]
                and earlier["topic"] == identity["topic"]
            ):
                found.append(
                    Incompatibility(
                        ce_type,
                        "<topic>",
                        Rule.NEW_VERSION_ON_SAME_TOPIC,
                        f"version {identity['schema_version']} must move off {earlier['topic']!r}"
                        f", where version {earlier['schema_version']} is published",
                    )
                )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jobpeak_contracts_dev.compat",
        description="Fail when the event models are not backward compatible with the committed "
        "JSON Schemas.",
    )
    parser.add_argument(
        "--schemas",
        type=Path,
        default=None,
        help="directory of committed schemas (default: contracts/schemas of this checkout)",
    )
    arguments = parser.parse_args(argv)
    directory: Path = arguments.schemas or default_schema_dir()
    committed = read_schemas(directory)
    if not committed:
        print(f"no committed schemas in {directory}; run the generator first", file=sys.stderr)
        return 2
    current = current_schemas()
    breaks = check_compatibility(committed=committed, current=current)
    for incompatibility in breaks:
        print(incompatibility, file=sys.stderr)
    if breaks:
        print(
            f"{len(breaks)} breaking change(s). Restore compatibility, or publish the event at a "
            "higher schema_version on a new topic.",
            file=sys.stderr,
        )
        return 1
    print(f"compatible: {len(current)} event types checked against {len(committed)} schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
