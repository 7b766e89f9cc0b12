"""B7: the services' HTTP hot paths under Locust against a bare Starlette + asyncpg app.

One iteration = start a practice attempt, answer an item, submit, check out, post work (five
requests, ``locustfile.py``). Offered rates rise step by step; at each rate the platform and the
bare app are loaded one after the other (the order alternates), each for ``--step-seconds``,
while every ``/readyz`` is probed twice a second. A step is *sustainable* when no request failed,
the p99 is under ``--p99-bound-ms`` and at least 80% of the offered iterations were started.
The bare app is also run with 2 uvicorn workers; the services run one process each
(``jobpeak_runtime.service.serve``), so only the bare app's scaling is measured.

    uv run python benchmarks/http/http_bench.py --rates 2,4,8 --step-seconds 10 [--json out.json]

Targets (issue 19): >= 300 attempt starts/s per process, >= 0.5x the bare app's max sustainable
requests/s, p99 <= 100 ms at 50% of max; /readyz never fails under load.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import httpx
from jobpeak_devstack.platform import Platform

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.http.load import Step, Target, run_step
from benchmarks.http.profile import sample
from benchmarks.http.starts import measure_starts, starts_comparisons
from benchmarks.http.summary import summarise
from benchmarks.http.targets import bare_app, jwt_environment, private_platform
from benchmarks.results import write_output
from benchmarks.signals import stop_on_sigterm

WARM_UP_SECONDS = 120
PROFILE_FILE = "b7_testing_profile.txt"
STATE = Path(__file__).resolve().parents[2] / ".cache" / "bench" / "state"


async def warm_up(target: Target, environment: dict[str, str]) -> None:
    """Until a short step has no failure: the services' catalog replicas may still be filling."""
    async with httpx.AsyncClient(timeout=5) as client:
        for _ in range(WARM_UP_SECONDS):
            answers = [await client.get(url) for url in target.readiness]
            if all(answer.status_code == 200 for answer in answers):
                break
            await asyncio.sleep(1)
    for _ in range(WARM_UP_SECONDS // 10):
        step = await run_step(target, offered=1, seconds=4, environment=environment, run="warm")
        print(f"  warm-up {target.name}: {step.requests} requests, {step.failures} failed")
        for kind, count in step.failure_kinds.items():
            print(f"    {kind} (x{count})")
        if step.requests and not step.failures:
            return
    raise RuntimeError(f"{target.name} still fails after warming up: {step.failure_kinds}")


def print_step(step: Step, bound: float) -> None:
    verdict = "sustainable" if step.sustainable(p99_bound_ms=bound) else "NOT sustainable"
    print(
        f"  {step.target:>8} x{step.workers} offered {step.offered:5.1f} it/s: "
        f"{step.requests_per_second:7.1f} req/s, starts {step.starts_per_second:6.1f}/s, "
        f"p50 {step.p50_ms:6.0f} ms, p99 {step.p99_ms:6.0f} ms, failures {step.failures}, "
        f"readyz failures {sum(step.readiness_failures.values())}/{step.readiness_probes} "
        f"-> {verdict}",
        flush=True,
    )


async def ladder(
    targets: list[Target], arguments: argparse.Namespace, environment: dict[str, str]
) -> list[Step]:
    """Every rate for every target, alternating which goes first; a target that missed two
    rates in a row is not pushed further."""
    steps: list[Step] = []
    misses = dict.fromkeys(((t.name, t.workers) for t in targets), 0)
    for index, rate in enumerate(arguments.rates):
        order = targets if index % 2 == 0 else targets[::-1]
        for target in order:
            if misses[(target.name, target.workers)] >= 2:
                continue
            print(f"step: {target.name} x{target.workers} at {rate} iterations/s", flush=True)
            step = await run_step(
                target,
                offered=rate,
                seconds=arguments.step_seconds,
                environment=environment,
                run=arguments.run,
            )
            print_step(step, arguments.p99_bound_ms)
            steps.append(step)
            sustained = step.sustainable(p99_bound_ms=arguments.p99_bound_ms)
            key = (target.name, target.workers)
            misses[key] = 0 if sustained else misses[key] + 1
    return steps


async def main(arguments: argparse.Namespace) -> None:
    state = STATE
    await asyncio.to_thread(state.mkdir, parents=True, exist_ok=True)
    print("starting the platform privately (four services, fresh databases)", flush=True)
    async with private_platform(
        admin_url=arguments.admin_url,
        kafka_bootstrap=arguments.bootstrap,
        stripe_api_base=arguments.stripe,
    ) as (platform, platform_target):
        environment = jwt_environment(platform)
        steps: list[Step] = []
        starts = None
        for workers in arguments.workers:
            async with bare_app(
                admin_url=arguments.admin_url,
                stripe_api_base=arguments.stripe,
                jwt=environment,
                workers=workers,
                state=state,
            ) as bare:
                targets = [platform_target, bare] if workers == 1 else [bare]
                for target in targets:
                    if target.workers == 1:
                        await warm_up(target, environment)
                steps += await ladder(targets, arguments, environment)
                if workers == 1 and arguments.starts_users > 0:
                    starts = await measure_starts(
                        targets,
                        users=arguments.starts_users,
                        seconds=arguments.starts_seconds,
                        environment=environment,
                        run=arguments.run,
                    )
        profile = None
        if arguments.profile_seconds > 0:
            profile = await profile_testing(platform, platform_target, arguments, environment)
    output = summarise(steps, p99_bound_ms=arguments.p99_bound_ms, charts=arguments.charts)
    if starts is not None:
        output.comparisons += starts_comparisons(starts, users=arguments.starts_users)
    if profile is not None:
        output.sections.append(profile)
    for comparison in output.comparisons:
        print(f"{comparison.name}: ratio {comparison.ratio:.2f}")
    if arguments.json:
        write_output(arguments.json, output)


async def profile_testing(
    platform: Platform,
    target: Target,
    arguments: argparse.Namespace,
    environment: dict[str, str],
) -> str:
    """One more step, not counted, of attempt starts back to back while py-spy samples the
    testing service; the top frames as Markdown."""
    pid = int(platform.state.joinpath("testing.pid").read_text())
    folder = arguments.charts or STATE
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    users = arguments.starts_users or 16
    print(f"profiling the testing service (pid {pid}), {users} users starting attempts", flush=True)
    seconds = arguments.profile_seconds
    load = asyncio.create_task(
        run_step(
            target,
            offered=0,
            seconds=seconds + 4,
            environment=environment,
            run="prof",
            user_class="AttemptStarts",
            closed_loop_users=users,
        )
    )
    await asyncio.sleep(2)  # past the ramp
    profile = await sample(pid, seconds=seconds, output=folder / PROFILE_FILE)
    await load
    return profile.markdown(
        title=f"Where the testing service's CPU goes starting attempts, {users} users back to "
        f"back (py-spy, {seconds:g} s; raw stacks in {PROFILE_FILE})"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--rates",
        type=lambda s: [float(r) for r in s.split(",") if r],
        default=[2, 4, 8],
        help="journey iterations/s, comma-separated ('' for none)",
    )
    parser.add_argument(
        "--starts-users", type=int, default=16, help="attempt starts back to back (0: none)"
    )
    parser.add_argument("--starts-seconds", type=float, default=15)
    parser.add_argument("--step-seconds", type=float, default=15)
    parser.add_argument("--workers", type=lambda s: [int(w) for w in s.split(",")], default=[1, 2])
    parser.add_argument("--p99-bound-ms", type=float, default=1000, help="sustainable when under")
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    parser.add_argument(
        "--admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:15432/postgres"
    )
    parser.add_argument("--stripe", default="http://127.0.0.1:12111")
    parser.add_argument("--run", default="b7")
    parser.add_argument("--json", type=Path, help="write the comparisons here for the report")
    parser.add_argument("--charts", type=Path, help="folder for the PNG chart")
    parser.add_argument(
        "--profile-seconds",
        type=float,
        default=0,
        help="after the ladder, sample the testing service with py-spy this long (0: no)",
    )
    stop_on_sigterm()
    asyncio.run(main(parser.parse_args()))
