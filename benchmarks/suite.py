"""``make bench`` / ``make bench-quick``: run every benchmark, write one report.

Each benchmark is a script of its own (run alone with ``uv run python <script>``); the suite runs
them one after another as child processes, bounded in time, prints their lines with the elapsed
time as they come, and gathers what they measured into ``.cache/bench/<timestamp>/report.md``
with PNG charts beside it. Everything it talks to is on 127.0.0.1.

    uv run python -m benchmarks.suite [--quick] [--only B1,B7]
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.existing import EXISTING, ScriptBenchmark
from benchmarks.machine import Machine, load_average
from benchmarks.report import write_report
from benchmarks.results import BenchmarkOutput, read_output

REPOSITORY = Path(__file__).resolve().parents[1]
ADMIN_DSN = "postgresql://postgres@127.0.0.1:15432/postgres"
KAFKA = "127.0.0.1:19092"


@dataclass(frozen=True)
class Profile:
    """How long and how often: the full suite or its quick version (under 3 minutes)."""

    rounds: int
    pipeline_events: int
    http_arguments: tuple[str, ...]
    latency_arguments: tuple[str, ...]
    timeout_seconds: float


FULL = Profile(
    rounds=3,
    pipeline_events=5_000,
    http_arguments=(
        *("--rates", "2,4,8,16,32,64,128", "--step-seconds", "20", "--workers", "1,2"),
        *("--starts-users", "16", "--starts-seconds", "20", "--profile-seconds", "15"),
    ),
    latency_arguments=("--rate", "20", "--seconds", "15", "--rounds", "2"),
    timeout_seconds=1200,
)
QUICK = Profile(
    rounds=1,
    pipeline_events=1_000,
    http_arguments=(
        *("--rates", "4,12", "--step-seconds", "6", "--workers", "1"),
        *("--starts-users", "16", "--starts-seconds", "6"),
    ),
    latency_arguments=("--rate", "20", "--seconds", "0.5", "--rounds", "1"),
    timeout_seconds=240,
)


class Progress:
    """Plain progress lines, each with the time since the suite started."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, message: str) -> None:
        print(f"[{self.elapsed:6.1f}s] {message}", flush=True)


async def run_script(
    script: str, arguments: list[str], *, progress: Progress, label: str, within: float
) -> str:
    """Run one benchmark script, echoing its lines; its whole output, or an error on failure."""
    command = [sys.executable, str(REPOSITORY / script), *arguments]
    progress.say(f"{label}: {shlex.join([Path(script).name, *arguments])}")
    child = await asyncio.create_subprocess_exec(
        *command,
        cwd=REPOSITORY,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert child.stdout is not None
    lines: list[str] = []

    async def echo() -> None:
        assert child.stdout is not None
        async for raw in child.stdout:
            line = raw.decode(errors="replace").rstrip()
            lines.append(line)
            progress.say(f"  {label} | {line}")

    try:
        await asyncio.wait_for(asyncio.gather(echo(), child.wait()), timeout=within)
    except TimeoutError:
        child.terminate()  # the child stops what it started (servers, databases) on SIGTERM
        try:
            await asyncio.wait_for(child.wait(), timeout=60)
        except TimeoutError:
            child.kill()
        raise RuntimeError(f"{label} did not finish within {within:.0f} s") from None
    if child.returncode not in (0, 1):  # the existing scripts exit 1 when a target is missed
        tail = "\n".join(lines[-5:])
        raise RuntimeError(f"{label} exited with {child.returncode}: {tail}")
    return "\n".join(lines)


def kafka_answers(bootstrap: str) -> bool:
    host, _, port = bootstrap.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=3):
            return True
    except OSError:
        return False


async def run_existing(
    benchmark: ScriptBenchmark, *, profile: Profile, quick: bool, progress: Progress
) -> BenchmarkOutput:
    arguments = list(benchmark.quick_arguments if quick else benchmark.arguments)
    outputs = []
    for round_number in range(1, profile.rounds + 1):
        outputs.append(
            await run_script(
                benchmark.script,
                arguments,
                progress=progress,
                label=f"{benchmark.key} round {round_number}/{profile.rounds}",
                within=profile.timeout_seconds,
            )
        )
    return BenchmarkOutput(comparisons=benchmark.parse(outputs))


async def run_own(
    key: str,
    script: str,
    arguments: list[str],
    *,
    profile: Profile,
    progress: Progress,
) -> BenchmarkOutput:
    """A script of this suite: it writes its comparisons as JSON (and any chart) itself."""
    with tempfile.TemporaryDirectory() as scratch:
        result = Path(scratch) / f"{key}.json"
        await run_script(
            script,
            [*arguments, "--json", str(result)],
            progress=progress,
            label=key,
            within=profile.timeout_seconds,
        )
        return read_output(result)


async def main(arguments: argparse.Namespace) -> Path:
    profile = QUICK if arguments.quick else FULL
    progress = Progress()
    folder = arguments.output / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=True)
    machine = await Machine.describe(admin_dsn=ADMIN_DSN)
    if arguments.kafka != KAFKA:
        machine.notes.append(f"B1, B2 and B7 used the Kafka broker at {arguments.kafka}")
    progress.say(f"machine: {machine.cores} cores, load average {machine.load_before}")
    wanted = set(arguments.only.split(",")) if arguments.only else None
    outputs: dict[str, BenchmarkOutput] = {}
    errors: dict[str, str] = {}

    async def attempt(key: str, title: str, run: asyncio.Future[BenchmarkOutput]) -> None:
        try:
            outputs[title] = await run
        except (RuntimeError, OSError, ValueError, KeyError) as error:
            errors[title] = str(error)
            progress.say(f"{key} failed: {error}")

    own = {
        "B1": (
            "B1 event pipeline",
            "runtime/benchmarks/pipeline_bench.py",
            [
                *("--events", str(profile.pipeline_events)),
                *("--rounds", str(max(profile.rounds, 2))),
                *("--bootstrap", arguments.kafka),
            ],
        ),
        "B2": (
            "B2 end-to-end latency",
            "benchmarks/e2e/e2e_latency_bench.py",
            [*profile.latency_arguments, "--bootstrap", arguments.kafka],
        ),
        "B7": (
            "B7 HTTP under Locust",
            "benchmarks/http/http_bench.py",
            [*profile.http_arguments, "--bootstrap", arguments.kafka, "--charts", str(folder)],
        ),
    }
    for key, (title, script, script_arguments) in own.items():
        if wanted is not None and key not in wanted:
            continue
        if not kafka_answers(arguments.kafka):
            errors[title] = f"Kafka on {arguments.kafka} does not answer; skipped"
            progress.say(errors[title])
            continue
        run = run_own(key, script, script_arguments, profile=profile, progress=progress)
        await attempt(key, title, asyncio.ensure_future(run))
    for benchmark in EXISTING:
        if wanted is None or benchmark.key in wanted:
            run_existing_future = asyncio.ensure_future(
                run_existing(benchmark, profile=profile, quick=arguments.quick, progress=progress)
            )
            await attempt(benchmark.key, benchmark.title, run_existing_future)
    machine.load_after = load_average()
    command = "make bench-quick" if arguments.quick else "make bench"
    if arguments.only or arguments.kafka != KAFKA:
        command = f"uv run python -m benchmarks.suite{' --quick' if arguments.quick else ''}"
        command += f" --only {arguments.only}" if arguments.only else ""
        command += f" --kafka {arguments.kafka}" if arguments.kafka != KAFKA else ""
    report = write_report(
        folder=folder,
        command=command,
        machine=machine,
        outputs=outputs,
        errors=errors,
        elapsed_seconds=progress.elapsed,
    )
    progress.say(f"report: {report}")
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the short version (< 3 minutes)")
    parser.add_argument("--only", help="comma-separated keys: B1,B2,B3,B4,B6,B7")
    parser.add_argument("--output", type=Path, default=REPOSITORY / ".cache" / "bench")
    parser.add_argument("--kafka", default=KAFKA, help="bootstrap of the broker B1, B2 and B7 use")
    asyncio.run(main(parser.parse_args()))
