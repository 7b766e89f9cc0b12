"""The catalog's typed unit of work as a FastAPI dependency (the runtime's, with its ports)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from jobpeak_runtime.http import unit_of_work

from jobpeak_catalog.application.ports import CatalogUnitOfWork

CatalogUow = Annotated[CatalogUnitOfWork, Depends(unit_of_work)]
"""This request's unit of work; the route commits it."""
