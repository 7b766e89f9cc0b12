"""The catalog's typed unit of work as a FastAPI dependency, and its documented path parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from jobpeak_runtime.http import unit_of_work

from jobpeak_catalog.application.ports import CatalogUnitOfWork
from jobpeak_catalog.domain.blueprint import BlueprintKind

CatalogUow = Annotated[CatalogUnitOfWork, Depends(unit_of_work)]
"""This request's unit of work; the route commits it."""

SlugPath = Annotated[
    str, Path(description="The specialty's slug, as in its URL.", examples=["coding"])
]
QuestionIdPath = Annotated[
    str, Path(description="The question's stable id.", examples=["cod-py-bug-001"])
]
BlueprintKindPath = Annotated[
    BlueprintKind, Path(description="Which of the two blueprints.", examples=["certification"])
]
