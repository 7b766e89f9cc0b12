"""Running verification programs on each language's own toolchain.

Compiled languages build once per distinct program: the artefact (or the compiler's refusal) is
cached under ``.cache/bank/<runner>/`` keyed by a hash of the program, the toolchain version and
the flags, so a warm run only executes. Every process runs in its own session with a deadline
and is killed (with its children) when it overruns.

Conventions a verification program can rely on:

* python: ``python -I -S`` (standard library only), CPython of this workspace.
* node: ``node prog.js`` (CommonJS; ``require("node:assert")`` works).
* typescript: ``tsc --strict --target es2022 --module commonjs --lib es2022,dom --noEmitOnError``
  then ``node``; there are no Node type definitions, so fail with ``throw``, print with
  ``console.log``. A type error is a compile failure, i.e. ``expect: fail``.
* go: ``go build`` of a single ``package main`` file outside any module (Go 1.22+ semantics).
* rust: ``rustc --edition 2021`` debug build (overflow checks on; a panic exits 101).
* java: ``javac`` then ``java -ea`` (assertions enabled); the public class holds ``main``.
* cpp: ``g++ -std=c++20 -O0`` with AddressSanitizer, LeakSanitizer and UBSan, so memory errors
  and undefined behaviour that they detect fail the run. A line ``// std=c++17`` in the program
  compiles it as that standard instead (for a stem that names one).
* sqlite: the script is fed to ``sqlite3 -bail :memory:``; output is list mode (``a|b``). Assert
  with ``CREATE TEMP TABLE t(ok CHECK (ok IS TRUE)); INSERT INTO t SELECT <condition>;`` (``IS
  TRUE``, because a plain CHECK lets NULL through). A snippet ending in ``;`` can be checked
  verbatim as the body of ``CREATE VIEW result AS``.
* postgres: ``psql -X -q -t -A -v ON_ERROR_STOP=1`` in a scratch schema (first on the
  search_path, dropped afterwards); output is unaligned tuples. Assert with
  ``DO $$ BEGIN ASSERT <condition>; END $$;``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tests.bank.model import Runner

COMPILE_TIMEOUT_SECONDS = 120.0
RUN_TIMEOUT_SECONDS = 15.0
"""Programs must finish in under 5 s; the margin absorbs a loaded two-core machine."""
MAX_CAPTURED_CHARS = 20_000
_CACHE_LAYOUT = 2
"""Bumped whenever what a cache entry records changes, so stale entries are never read."""

TSC_FLAGS = (
    "--strict",
    "--target",
    "es2022",
    "--module",
    "commonjs",
    "--lib",
    "es2022,dom",
    "--noEmitOnError",
    "--skipLibCheck",
)
RUSTC_FLAGS = ("--edition", "2021", "-C", "debuginfo=0")
GXX_FLAGS = (
    "-std=c++20",
    "-O0",
    "-g",
    "-pthread",
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
)
JAVA_FLAGS = ("-ea", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


CPP_STANDARD_DIRECTIVE = re.compile(r"^// std=(c\+\+\d\d)$", re.MULTILINE)
"""A cpp program's line ``// std=c++17`` compiles it as that standard instead of C++20."""


def gxx_flags(program: str) -> tuple[str, ...]:
    """GXX_FLAGS, with ``-std`` taken from the program's standard directive when it has one."""
    directive = CPP_STANDARD_DIRECTIVE.search(program)
    if directive is None:
        return GXX_FLAGS
    return tuple(
        f"-std={directive.group(1)}" if flag.startswith("-std=") else flag for flag in GXX_FLAGS
    )


class MissingToolchainError(RuntimeError):
    """A tool the runner needs is not installed."""


@dataclass(frozen=True)
class Outcome:
    """How a program ended: refused by the compiler, or run to an exit status."""

    phase: Literal["compile", "run"]
    exit_code: int | None
    """None when the deadline killed it."""
    stdout: str
    stderr: str
    seconds: float

    @property
    def succeeded(self) -> bool:
        return self.phase == "run" and self.exit_code == 0

    def describe(self) -> str:
        status = "timed out" if self.exit_code is None else f"exit {self.exit_code}"
        tail = self.stderr.strip()[-1500:]
        return f"{self.phase}: {status} after {self.seconds:.1f}s" + (
            f"\n--- stderr (tail) ---\n{tail}" if tail else ""
        )


def _execute(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    stdin: str | None = None,
) -> tuple[int | None, str, str, float]:
    started = time.monotonic()
    with subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout)
            exit_code: int | None = process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            exit_code = None
    return (
        exit_code,
        stdout[:MAX_CAPTURED_CHARS],
        stderr[-MAX_CAPTURED_CHARS:],
        time.monotonic() - started,
    )


def java_main_class(program: str) -> str:
    match = re.search(r"\bpublic\s+(?:final\s+)?class\s+([A-Za-z_]\w*)", program)
    return match.group(1) if match else "Main"


@dataclass(frozen=True)
class _Build:
    directory: Path
    exit_code: int | None
    stderr: str
    seconds: float


class Toolchain:
    """Runs programs for every runner; safe to share between worker threads."""

    def __init__(self, *, repo_root: Path, cache_root: Path, postgres_url: str | None) -> None:
        self._cache_root = cache_root
        self._tsc = repo_root / ".cache/node/node_modules/.bin/tsc"
        self._typescript_package = repo_root / ".cache/node/node_modules/typescript/package.json"
        self._postgres_url = postgres_url
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._fingerprints: dict[str, str] = {}
        self._env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "NODE_", "PG", "ASAN_", "UBSAN_", "LSAN_"))
            and key not in {"GOFLAGS", "VIRTUAL_ENV", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"}
        } | {
            "LC_ALL": "C.UTF-8",
            "GOTOOLCHAIN": "local",
            "GOPROXY": "off",
            "ASAN_OPTIONS": "detect_leaks=1",
            "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
        }

    def run(self, *, runner: Runner, program: str) -> Outcome:
        handlers: dict[Runner, Callable[[str], Outcome]] = {
            "python": self._python,
            "node": self._node,
            "typescript": self._typescript,
            "go": self._go,
            "rust": self._rust,
            "java": self._java,
            "cpp": self._cpp,
            "sqlite": self._sqlite,
            "postgres": self._postgres,
        }
        return handlers[runner](program)

    # -- helpers ---------------------------------------------------------------------------

    def _tool(self, name: str) -> str:
        path = shutil.which(name, path=self._env.get("PATH"))
        if path is None:
            raise MissingToolchainError(
                f"{name} is not installed: run deploy/bin/ensure-bank-toolchain"
            )
        return path

    def _run_in_scratch(
        self,
        argv: Sequence[str],
        *,
        files: Mapping[str, str],
        stdin: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Outcome:
        with tempfile.TemporaryDirectory(prefix="jobpeak-bank-") as scratch:
            for name, content in files.items():
                (Path(scratch) / name).write_text(content, encoding="utf-8")
            exit_code, stdout, stderr, seconds = _execute(
                argv,
                cwd=Path(scratch),
                env=env or self._env,
                timeout=RUN_TIMEOUT_SECONDS,
                stdin=stdin,
            )
        return Outcome(
            phase="run", exit_code=exit_code, stdout=stdout, stderr=stderr, seconds=seconds
        )

    def _fingerprint(self, runner: str, version_argv: Sequence[str]) -> str:
        with self._lock:
            cached = self._fingerprints.get(runner)
        if cached is not None:
            return cached
        _, stdout, stderr, _ = _execute(
            version_argv, cwd=self._cache_root.parent, env=self._env, timeout=60.0
        )
        fingerprint = (stdout + stderr).strip()
        with self._lock:
            self._fingerprints[runner] = fingerprint
        return fingerprint

    def _key_lock(self, key: str) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(key, threading.Lock())

    def _build(
        self,
        *,
        runner: str,
        fingerprint: str,
        flags: Sequence[str],
        program: str,
        source_name: str,
        compile_argv: Callable[[Path], Sequence[str]],
    ) -> _Build:
        """Compile ``program`` once; later calls (any process) reuse the cached result."""
        key = hashlib.sha256(
            json.dumps(
                [_CACHE_LAYOUT, runner, fingerprint, list(flags), source_name, program]
            ).encode()
        ).hexdigest()
        final = self._cache_root / runner / key[:2] / key
        with self._key_lock(key):
            record = final / "compile.json"
            if record.is_file():
                stored = json.loads(record.read_text(encoding="utf-8"))
                return _Build(final, stored["exit_code"], stored["stderr"], 0.0)
            final.parent.mkdir(parents=True, exist_ok=True)
            staging = final.parent / f".{key}.{uuid.uuid4().hex}"
            staging.mkdir()
            (staging / source_name).write_text(program, encoding="utf-8")
            exit_code, stdout, stderr, seconds = _execute(
                compile_argv(staging), cwd=staging, env=self._env, timeout=COMPILE_TIMEOUT_SECONDS
            )
            diagnostics = "\n".join(part for part in (stdout.strip(), stderr.strip()) if part)
            if exit_code is None:
                shutil.rmtree(staging, ignore_errors=True)
                return _Build(final, None, diagnostics, seconds)
            (staging / "compile.json").write_text(
                json.dumps({"exit_code": exit_code, "stderr": diagnostics}), encoding="utf-8"
            )
            try:
                staging.rename(final)
            except OSError:  # another process cached the same program first
                shutil.rmtree(staging, ignore_errors=True)
            return _Build(final, exit_code, diagnostics, seconds)

    def _compiled(
        self, build: _Build, run_argv: Callable[[Path], Sequence[str]], env: Mapping[str, str]
    ) -> Outcome:
        if build.exit_code != 0:
            return Outcome(
                phase="compile",
                exit_code=build.exit_code,
                stdout="",
                stderr=build.stderr,
                seconds=build.seconds,
            )
        with tempfile.TemporaryDirectory(prefix="jobpeak-bank-") as scratch:
            exit_code, stdout, stderr, seconds = _execute(
                run_argv(build.directory), cwd=Path(scratch), env=env, timeout=RUN_TIMEOUT_SECONDS
            )
        return Outcome(
            phase="run", exit_code=exit_code, stdout=stdout, stderr=stderr, seconds=seconds
        )

    # -- interpreted -------------------------------------------------------------------------

    def _python(self, program: str) -> Outcome:
        return self._run_in_scratch(
            [sys.executable, "-I", "-S", "prog.py"], files={"prog.py": program}
        )

    def _node(self, program: str) -> Outcome:
        return self._run_in_scratch([self._tool("node"), "prog.js"], files={"prog.js": program})

    def _sqlite(self, program: str) -> Outcome:
        argv = [self._tool("sqlite3"), "-bail", "-batch", "-init", os.devnull, ":memory:"]
        return self._run_in_scratch(argv, files={}, stdin=program)

    def _postgres(self, program: str) -> Outcome:
        if self._postgres_url is None:
            raise MissingToolchainError("no PostgreSQL URL: start the local stack (make infra-up)")
        psql = self._tool("psql")
        schema = f"bank_{uuid.uuid4().hex[:16]}"
        admin = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self._postgres_url, "-c"]
        exit_code, _, stderr, _ = _execute(
            [*admin, f"CREATE SCHEMA {schema}"],
            cwd=self._cache_root.parent,
            env=self._env,
            timeout=RUN_TIMEOUT_SECONDS,
        )
        if exit_code != 0:
            raise MissingToolchainError(f"PostgreSQL at {self._postgres_url} refused: {stderr}")
        try:
            return self._run_in_scratch(
                [
                    psql,
                    "-X",
                    "-q",
                    "-t",
                    "-A",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    self._postgres_url,
                    "-f",
                    "prog.sql",
                ],
                files={"prog.sql": program},
                env=self._env
                | {
                    "PGOPTIONS": f"-c search_path={schema} -c statement_timeout=10000 "
                    "-c client_min_messages=warning"
                },
            )
        finally:
            _execute(
                [*admin, f"DROP SCHEMA {schema} CASCADE"],
                cwd=self._cache_root.parent,
                env=self._env,
                timeout=RUN_TIMEOUT_SECONDS,
            )

    # -- compiled ----------------------------------------------------------------------------

    def _typescript(self, program: str) -> Outcome:
        if not self._tsc.exists():
            raise MissingToolchainError(
                "tsc is not installed: run deploy/bin/ensure-bank-toolchain"
            )
        node = self._tool("node")
        version = json.loads(self._typescript_package.read_text(encoding="utf-8"))["version"]
        build = self._build(
            runner="typescript",
            fingerprint=f"typescript {version}",
            flags=TSC_FLAGS,
            program=program,
            source_name="prog.ts",
            compile_argv=lambda d: [
                node,
                str(self._tsc),
                *TSC_FLAGS,
                "--outDir",
                str(d / "out"),
                str(d / "prog.ts"),
            ],
        )
        return self._compiled(build, lambda d: [node, str(d / "out/prog.js")], self._env)

    def _go(self, program: str) -> Outcome:
        go = self._tool("go")
        build = self._build(
            runner="go",
            fingerprint=self._fingerprint("go", [go, "version"]),
            flags=(),
            program=program,
            source_name="prog.go",
            compile_argv=lambda d: [go, "build", "-o", str(d / "prog"), str(d / "prog.go")],
        )
        return self._compiled(build, lambda d: [str(d / "prog")], self._env)

    def _rust(self, program: str) -> Outcome:
        rustc = self._tool("rustc")
        build = self._build(
            runner="rust",
            fingerprint=self._fingerprint("rust", [rustc, "--version"]),
            flags=RUSTC_FLAGS,
            program=program,
            source_name="prog.rs",
            compile_argv=lambda d: [rustc, *RUSTC_FLAGS, "-o", str(d / "prog"), str(d / "prog.rs")],
        )
        return self._compiled(build, lambda d: [str(d / "prog")], self._env)

    def _java(self, program: str) -> Outcome:
        javac, java = self._tool("javac"), self._tool("java")
        main_class = java_main_class(program)
        build = self._build(
            runner="java",
            fingerprint=self._fingerprint("java", [javac, "-version"]),
            flags=(),
            program=program,
            source_name=f"{main_class}.java",
            compile_argv=lambda d: [
                javac,
                "-encoding",
                "UTF-8",
                "-d",
                str(d / "classes"),
                str(d / f"{main_class}.java"),
            ],
        )
        return self._compiled(
            build, lambda d: [java, *JAVA_FLAGS, "-cp", str(d / "classes"), main_class], self._env
        )

    def _cpp(self, program: str) -> Outcome:
        gxx = self._tool("g++")
        flags = gxx_flags(program)
        build = self._build(
            runner="cpp",
            fingerprint=self._fingerprint("cpp", [gxx, "--version"]),
            flags=flags,
            program=program,
            source_name="prog.cpp",
            compile_argv=lambda d: [gxx, *flags, "-o", str(d / "prog"), str(d / "prog.cpp")],
        )
        return self._compiled(build, lambda d: [str(d / "prog")], self._env)
