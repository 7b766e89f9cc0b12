"""Bad input reported as a list of problems, each naming the field it is about.

Every rejection in the catalog (HTTP body, bank file, publish refusal) is an
:class:`InvalidInput` carrying all problems found, never just the first one, so an admin
fixes a file in one round trip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

_UNION_TAG_ERRORS = frozenset({"union_tag_invalid", "union_tag_not_found"})
_FIELD_PREFIX = re.compile(r"^(?P<field>[A-Za-z_][\w.\[\]]*): (?P<message>.+)$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input; ``field`` is a path such as ``practice.pass_mark``."""

    field: str
    message: str
    source: str | None = None
    """The file the problem was found in, when the input came from files."""

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.field}: {self.message}"


class InvalidInput(Exception):
    """Input that breaks one or more rules; nothing has been written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("InvalidInput needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def join_path(*parts: str | int) -> str:
    """Render a location such as ``("questions", 3, "answer")`` as ``questions[3].answer``."""
    rendered = ""
    for part in parts:
        if isinstance(part, int):
            rendered += f"[{part}]"
        elif part:
            rendered += f".{part}" if rendered else part
    return rendered


def problems_from_validation_error(
    error: ValidationError,
    *,
    prefix: Sequence[str | int] = (),
    ignored_location_parts: Iterable[str] = (),
) -> list[Problem]:
    """Problems from a pydantic ``ValidationError``; see :func:`problems_from_error_details`."""
    return problems_from_error_details(
        error.errors(include_url=False),
        prefix=prefix,
        ignored_location_parts=ignored_location_parts,
    )


def problems_from_error_details(
    details: Iterable[Mapping[str, Any]],
    *,
    prefix: Sequence[str | int] = (),
    ignored_location_parts: Iterable[str] = (),
) -> list[Problem]:
    """Translate pydantic's errors into problems with readable field paths.

    Model validators in this code base raise ``ValueError("field: message")``; the field named
    in the message is appended to the location so the problem points at the real culprit.
    ``ignored_location_parts`` drops the tags pydantic inserts for discriminated unions
    (``single_choice`` and so on), which are not fields an author can find in their file.
    """
    ignored = set(ignored_location_parts)
    problems: list[Problem] = []
    for detail in details:
        location = [part for part in detail["loc"] if part not in ignored]
        message = str(detail["msg"])
        context = detail.get("ctx") or {}
        original = context.get("error")
        if detail["type"] in _UNION_TAG_ERRORS:
            location.append(str(context.get("discriminator", "")).strip("'"))
        elif detail["type"] == "value_error" and original is not None:
            message = str(original)
            named = _FIELD_PREFIX.match(message)
            if named:
                location.extend(named["field"].split("."))
                message = named["message"]
        problems.append(Problem(field=join_path(*prefix, *location) or "body", message=message))
    return problems


def with_source(problems: Iterable[Problem], source: str | None) -> list[Problem]:
    """The same problems, attributed to the file ``source``."""
    return [Problem(field=p.field, message=p.message, source=source) for p in problems]
