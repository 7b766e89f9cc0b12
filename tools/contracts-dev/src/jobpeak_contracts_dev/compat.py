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
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from jobpeak_contracts.schemas import JsonObject, current_schemas

from jobpeak_contracts_dev.files import default_schema_dir, read_schemas

_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_EXACT_CONSTRAINTS = ("pattern", "format")
_JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}


class Rule(StrEnum):
    REMOVED_FIELD = "removed or renamed field"
    NARROWED_TYPE = "narrowed type"
    NEW_REQUIRED_FIELD = "new required field"
    CHANGED_KEY = "changed key"
    CHANGED_TOPIC = "changed topic"
    REMOVED_EVENT = "removed event type"
    NEW_VERSION_ON_SAME_TOPIC = "new version on the same topic"


@dataclass(frozen=True)
class Incompatibility:
    ce_type: str
    field: str
    rule: Rule
    detail: str

    def __str__(self) -> str:
        return f"{self.ce_type}: field '{self.field}' breaks rule '{self.rule}': {self.detail}"


@dataclass
class _SchemaComparison:
    """Compares one committed payload schema (old) with the current one (new)."""

    ce_type: str
    old_root: JsonObject
    new_root: JsonObject
    found: list[Incompatibility] = field(default_factory=list)

    def report(self, path: str, rule: Rule, detail: str) -> None:
        self.found.append(Incompatibility(self.ce_type, path or "<payload>", rule, detail))

    def compare(self, old: JsonObject, new: JsonObject, path: str) -> None:
        new_options = _alternatives(new, self.new_root)
        for old_option in _alternatives(old, self.old_root):
            candidates = [option for option in new_options if _accepts_type(option, old_option)]
            if not candidates:
                self.report(
                    path,
                    Rule.NARROWED_TYPE,
                    f"no longer accepts {_describe(old_option)} (now {_describe_all(new_options)})",
                )
                continue
            counterpart = _counterpart(old_option, candidates)
            if counterpart is None:
                self.report(
                    path,
                    Rule.NARROWED_TYPE,
                    f"no longer accepts the variant {dict(_discriminator_values(old_option))}",
                )
                continue
            self._compare_option(old_option, counterpart, path)

    def _compare_option(self, old: JsonObject, new: JsonObject, path: str) -> None:
        for key in _LOWER_BOUNDS:
            if key in new and (key not in old or new[key] > old[key]):
                self.report(path, Rule.NARROWED_TYPE, f"{key} {old.get(key)} -> {new[key]}")
        for key in _UPPER_BOUNDS:
            if key in new and (key not in old or new[key] < old[key]):
                self.report(path, Rule.NARROWED_TYPE, f"{key} {old.get(key)} -> {new[key]}")
        for key in _EXACT_CONSTRAINTS:
            if key in new and new.get(key) != old.get(key):
                self.report(path, Rule.NARROWED_TYPE, f"{key} {old.get(key)!r} -> {new[key]!r}")
        self._compare_values(old, new, path)
        if "properties" in old or "properties" in new:
            self._compare_properties(old, new, path)
        if "items" in new:
            if "items" in old:
                self.compare(old["items"], new["items"], f"{path}[]")
            else:
                self.report(path, Rule.NARROWED_TYPE, "array items are constrained now")

    def _compare_values(self, old: JsonObject, new: JsonObject, path: str) -> None:
        allowed_now = _allowed_values(new)
        if allowed_now is None:
            return
        allowed_before = _allowed_values(old)
        if allowed_before is None:
            self.report(path, Rule.NARROWED_TYPE, f"restricted to {sorted(allowed_now, key=str)}")
            return
        dropped = [value for value in allowed_before if value not in allowed_now]
        if dropped:
            self.report(path, Rule.NARROWED_TYPE, f"no longer accepts value(s) {dropped}")

    def _compare_properties(self, old: JsonObject, new: JsonObject, path: str) -> None:
        old_fields: JsonObject = old.get("properties", {})
        new_fields: JsonObject = new.get("properties", {})
        required_before = set(old.get("required", ()))
        required_now = set(new.get("required", ()))
        prefix = f"{path}." if path else ""
        for name, old_schema in old_fields.items():
            if name not in new_fields:
                self.report(
                    prefix + name,
                    Rule.REMOVED_FIELD,
                    "the committed schema has this field; readers relying on it would break",
                )
                continue
            self.compare(old_schema, new_fields[name], prefix + name)
        for name in new_fields:
            if name in required_now and name not in old_fields:
                self.report(
                    prefix + name, Rule.NEW_REQUIRED_FIELD, "records already written lack it"
                )
            elif name in required_now and name not in required_before:
                self.report(
                    prefix + name,
                    Rule.NEW_REQUIRED_FIELD,
                    "an optional field became required; records already written may lack it",
                )


def _resolve(node: JsonObject, root: JsonObject) -> JsonObject:
    """``node`` with a local ``$ref`` replaced by its target (sibling keywords kept)."""
    while "$ref" in node:
        reference: str = node["$ref"]
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are supported, not {reference!r}")
        target: Any = root
        for part in reference[2:].split("/"):
            target = target[part]
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return node


def _alternatives(node: JsonObject, root: JsonObject) -> list[JsonObject]:
    """The flat list of schemas a value may match (``anyOf``/``oneOf`` expanded)."""
    node = _resolve(node, root)
    for combinator in ("anyOf", "oneOf"):
        if combinator in node:
            return [option for branch in node[combinator] for option in _alternatives(branch, root)]
    return [node]


def _types(node: JsonObject) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return set(declared)
    values = _allowed_values(node)
    if values is not None:
        return {_JSON_TYPES.get(type(value), "object") for value in values}
    return {"any"}


def _accepts_type(new: JsonObject, old: JsonObject) -> bool:
    new_types, old_types = _types(new), _types(old)
    if "any" in new_types:
        return True
    return all(
        kind in new_types or (kind == "integer" and "number" in new_types) for kind in old_types
    )


def _allowed_values(node: JsonObject) -> list[Any] | None:
    if "enum" in node:
        return list(node["enum"])
    if "const" in node:
        return [node["const"]]
    return None


def _discriminator_values(node: JsonObject) -> list[tuple[str, Any]]:
    return [
        (name, schema["const"])
        for name, schema in node.get("properties", {}).items()
        if isinstance(schema, dict) and "const" in schema
    ]


def _counterpart(old: JsonObject, candidates: Sequence[JsonObject]) -> JsonObject | None:
    """The new alternative that corresponds to ``old`` in a union.

    Union members are told apart by their discriminator (a ``const`` property such as a
    question's ``format``); when the old member had one and no new member carries it, that
    member was dropped. Without discriminators, the member with the same title is preferred.
    """
    if len(candidates) == 1:
        return candidates[0]
    tags = _discriminator_values(old)
    if tags:
        return next(
            (
                candidate
                for candidate in candidates
                if all(tag in _discriminator_values(candidate) for tag in tags)
            ),
            None,
        )
    for candidate in candidates:
        if "title" in old and candidate.get("title") == old["title"]:
            return candidate
    return candidates[0]


def _describe(node: JsonObject) -> str:
    values = _allowed_values(node)
    kinds = "/".join(sorted(_types(node)))
    return f"{kinds} {values}" if values is not None else kinds


def _describe_all(nodes: Sequence[JsonObject]) -> str:
    return " | ".join(_describe(node) for node in nodes)


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
        comparison = _SchemaComparison(ce_type, old_root=old, new_root=new)
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
