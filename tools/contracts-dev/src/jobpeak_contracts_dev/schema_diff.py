"""Comparing one committed payload schema (old) with the current one (new), field by field.

A value the old schema accepted must still be accepted: each narrowing (a type or null dropped,
an enum value removed, a bound tightened, a pattern or format added or changed), each removed
field and each new required field is an :class:`Incompatibility`. Unions are matched member by
member through their discriminator (a ``const`` property).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jobpeak_contracts.schemas import JsonObject

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
class SchemaComparison:
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
