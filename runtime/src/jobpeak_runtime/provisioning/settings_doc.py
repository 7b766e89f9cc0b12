"""Settings tables in Markdown, generated from pydantic-settings classes.

A document marks where a table goes and which class it describes::

    <!-- settings-table: jobpeak_catalog.settings:CatalogSettings -->
    (generated table)
    <!-- /settings-table -->

``jobpeak-admin docs settings docs/deploy.md`` rewrites every marked block; a test checks the
committed document equals its regeneration, so the tables follow the classes.
"""

from __future__ import annotations

import importlib
import re
import types
import typing
from typing import Any

from pydantic import SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

_BLOCK = re.compile(
    r"(<!-- settings-table: (?P<target>[\w.]+:\w+) -->\n)(?P<body>.*?)(<!-- /settings-table -->)",
    re.DOTALL,
)


def load_settings_class(target: str) -> type[BaseSettings]:
    """``package.module:ClassName`` → the class (a settings class, or ``TypeError``)."""
    module_name, _, class_name = target.partition(":")
    found = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(found, type) and issubclass(found, BaseSettings)):
        raise TypeError(f"{target} is not a pydantic-settings class")
    return found


def settings_table(settings_class: type[BaseSettings]) -> str:
    """One row per field: environment variable, type, default (or required), description."""
    prefix = str(settings_class.model_config.get("env_prefix", ""))
    rows = ["| variable | type | default | meaning |", "|---|---|---|---|"]
    for name, field in settings_class.model_fields.items():
        variable = f"{prefix}{name}".upper()
        rows.append(
            f"| `{variable}` | {_type_name(field.annotation)} | {_default(field)} "
            f"| {_one_line(field.description)} |"
        )
    return "\n".join(rows) + "\n"


def update_settings_tables(document: str) -> str:
    """``document`` with every marked block regenerated."""

    def regenerate(match: re.Match[str]) -> str:
        table = settings_table(load_settings_class(match["target"]))
        return f"{match.group(1)}{table}{match.group(4)}"

    return _BLOCK.sub(regenerate, document)


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    value: Any = field.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if value == "":
        return '`""`'
    if isinstance(value, SecretStr):
        return "(secret)"
    if isinstance(value, tuple):
        value = ",".join(str(item) for item in value)
    return f"`{value}`".replace("|", "\\|")


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return " \\| ".join(f"`{value}`" for value in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        present = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return " or ".join(_type_name(arg) for arg in present)
    if origin is tuple:
        return "list of " + _type_name(typing.get_args(annotation)[0])
    if annotation is SecretStr:
        return "secret"
    return getattr(annotation, "__name__", str(annotation))


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")
