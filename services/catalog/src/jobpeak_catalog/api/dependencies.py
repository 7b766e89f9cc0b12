"""FastAPI dependencies of the catalog's routes: the typed unit of work and the clock."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.http import unit_of_work

from jobpeak_catalog.application.ports import CatalogUnitOfWork


def _clock(request: Request) -> datetime:
    clock: Clock = request.app.state.clock
    return clock()


Now = Annotated[datetime, Depends(_clock)]
"""The time of the request, from the clock the app was built with."""

CatalogUow = Annotated[CatalogUnitOfWork, Depends(unit_of_work)]
"""This request's unit of work; the route commits it."""
