"""The strict JSON policy at the edge: what a request may carry before any route sees it.

Python's ``json`` accepts ``NaN``, ``Infinity``, ``1e400`` (as ``inf``), integers of any size,
lone UTF-16 surrogates (``"\\ud800"``) and NUL characters. None of these is a value a Jobpeak
API means: they either crash later (a PostgreSQL text column refuses NUL, an unencodable
surrogate breaks the response) or carry a number no column can hold. This module finds them and
names where they are, never what they were, so the refusal can not echo hostile input.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class InputViolation:
    """Where a request breaks the policy (``body.answers.0.text``) and what is wrong there."""

    location: str
    message: str


class _Refused:
    """Stands in for a number the policy refuses, so the walk can say where it was."""

    def __init__(self, message: str) -> None:
        self.message = message


def _constant(_: str) -> _Refused:
    return _Refused("NaN and Infinity are not JSON numbers")


def _float(text: str) -> float | _Refused:
    value = float(text)
    return value if math.isfinite(value) else _Refused("number out of range")


def _int(text: str) -> int | _Refused:
    value = int(text)
    if INT64_MIN <= value <= INT64_MAX:
        return value
    return _Refused("integer out of the 64-bit range")


def string_problem(text: str) -> str | None:
    """Why ``text`` may not enter the platform, or ``None`` when it may."""
    if "\x00" in text:
        return "NUL character not allowed"
    if any("\ud800" <= character <= "\udfff" for character in text):
        return "lone UTF-16 surrogate not allowed"
    return None


def _walk(value: Any, location: str) -> Iterator[InputViolation]:
    if isinstance(value, _Refused):
        yield InputViolation(location, value.message)
    elif isinstance(value, str):
        problem = string_problem(value)
        if problem is not None:
            yield InputViolation(location, problem)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{location}.{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = string_problem(key)
            if problem is not None:
                yield InputViolation(location, f"{problem} (in a key)")
                continue
            yield from _walk(item, f"{location}.{key}")


def json_body_violations(body: bytes) -> list[InputViolation]:
    """Every place where a JSON body breaks the policy; empty when it keeps to it.

    A body that is not JSON at all is left to the route's own validation (which reports it
    without echoing it); only bytes that are not UTF-8 and nesting too deep to parse are
    refused here.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return [InputViolation("body", "not UTF-8 encoded")]
    try:
        document = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        return [InputViolation("body", "nested too deeply")]
    except ValueError:
        return []
    return list(_walk(document, "body"))


def url_violations(*, path: str, query_string: bytes) -> list[InputViolation]:
    """Every NUL character or lone surrogate in the (decoded) path or query parameters."""
    violations: list[InputViolation] = []
    problem = string_problem(path)
    if problem is not None:
        violations.append(InputViolation("path", problem))
    query = query_string.decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        problem = string_problem(name) or string_problem(value)
        if problem is not None:
            where = "query" if string_problem(name) else f"query.{name}"
            violations.append(InputViolation(where, problem))
    return violations
