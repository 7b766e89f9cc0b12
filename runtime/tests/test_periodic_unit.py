from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from jobpeak_runtime.periodic import PeriodicTask, interval_setting, running_periodically
from jobpeak_runtime.service import ServiceRuntime, build_runtime
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.testing import wait_until
from pydantic import BaseModel, ValidationError

pytestmark = pytest.mark.unit


@pytest.fixture
def runtime(make_settings: Callable[..., ServiceSettings]) -> ServiceRuntime:
    """Built, never started: the tasks below only receive it."""
    return build_runtime(settings=make_settings())


async def test_a_failing_run_is_logged_and_the_task_keeps_running_until_cancelled(
    runtime: ServiceRuntime,
) -> None:
    runs: list[ServiceRuntime] = []

    async def flaky(given: ServiceRuntime) -> None:
        runs.append(given)
        if len(runs) == 1:
            raise RuntimeError("first run fails")

    async with running_periodically([PeriodicTask("flaky", 0.01, flaky)], runtime=runtime):
        await wait_until(lambda: len(runs) >= 3, within=5, message="three runs")
    assert all(given is runtime for given in runs)
    assert [task for task in asyncio.all_tasks() if task.get_name() == "flaky"] == []


async def test_a_task_with_no_interval_never_runs(runtime: ServiceRuntime) -> None:
    runs: list[str] = []

    async def record(name: str) -> None:
        runs.append(name)

    async def disabled(_: ServiceRuntime) -> None:
        await record("disabled")

    async def ticker(_: ServiceRuntime) -> None:
        await record("ticker")

    async with running_periodically(
        [PeriodicTask("disabled", 0, disabled), PeriodicTask("ticker", 0.01, ticker)],
        runtime=runtime,
    ):
        await wait_until(lambda: len(runs) >= 3, within=5, message="ticker ran")
    assert set(runs) == {"ticker"}


async def test_shutdown_waits_for_the_cancelled_run_to_unwind(runtime: ServiceRuntime) -> None:
    started = asyncio.Event()
    unwound: list[bool] = []

    async def slow(_: ServiceRuntime) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            unwound.append(True)

    async with running_periodically([PeriodicTask("slow", 0.01, slow)], runtime=runtime):
        await asyncio.wait_for(started.wait(), timeout=5)
    assert unwound == [True]


class _Knobs(BaseModel):
    sweep_interval_seconds: float = interval_setting(30.0, task="Period of the sweep")


def test_an_interval_setting_is_never_negative_and_says_0_disables_the_task() -> None:
    field = _Knobs.model_fields["sweep_interval_seconds"]

    assert (
        _Knobs().sweep_interval_seconds,
        _Knobs(sweep_interval_seconds=0).sweep_interval_seconds,
    ) == (30.0, 0)
    assert field.description == "Period of the sweep; 0 disables it."
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        _Knobs(sweep_interval_seconds=-1)
