"""The kernels in use: compiled by mypyc when the build could, their Python source otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobpeak_testing.domain import kernels
else:
    try:
        import _jobpeak_testing_kernels as kernels
    except ImportError:  # built where mypyc could not compile (see hatch_build.py)
        from jobpeak_testing.domain import kernels

COMPILED = kernels.__name__ != "jobpeak_testing.domain.kernels"
"""Whether the mypyc extension is in use."""

__all__ = ["COMPILED", "kernels"]
