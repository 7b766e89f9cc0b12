"""Scores and pass marks: fractions between 0 and 1 (0.78 is 78 %)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

Fraction = Annotated[
    float,
    Field(
        ge=0.0,
        le=1.0,
        description="A fraction between 0 and 1 inclusive: 0.78 means 78 %.",
        examples=[0.78],
    ),
]
