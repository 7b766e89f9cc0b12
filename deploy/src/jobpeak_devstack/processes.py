"""Start and stop the processes the stack owns, tracked by pid files.

Only pids the stack wrote are ever signalled, and only while they still run the command the
stack started (a recycled pid is never killed).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def running_pid(pid_file: Path, *, marker: str) -> int | None:
    """The pid in ``pid_file`` if that process is alive and runs the command we started.

    A live process whose command line reads empty is still being exec'd and counts as ours; a
    live one with another command line is a recycled pid and is never ours.
    """
    pid = read_pid(pid_file)
    if pid is None:
        return None
    if not _alive(pid):
        pid_file.unlink(missing_ok=True)
        return None
    command_line = _command_line(pid)
    if command_line and marker not in command_line:
        pid_file.unlink(missing_ok=True)
        return None
    return pid


def spawn(
    command: Sequence[str],
    *,
    pid_file: Path,
    log_file: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            list(command),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    pid_file.write_text(str(process.pid))
    return process.pid


def wait_until(
    condition: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    alive: Callable[[], bool] | None = None,
    log_file: Path | None = None,
    logs: Callable[[], str] | None = None,
) -> None:
    """Poll ``condition`` until it holds; fail early if the process died.

    The failure quotes the end of ``log_file``, or of what ``logs`` returns (a container's).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if alive is not None and not alive():
            break
        time.sleep(0.2)
    text = ""
    if log_file is not None and log_file.exists():
        text = log_file.read_text(errors="replace")
    elif logs is not None:
        text = logs()
    tail = "\n".join(text.splitlines()[-25:])
    source = f" ({log_file})" if log_file is not None else ""
    state = "exited" if alive is not None and not alive() else f"not ready after {timeout:.0f}s"
    raise RuntimeError(f"{what} {state}. Last log lines{source}:\n{tail}")


def terminate(pid_file: Path, *, marker: str, timeout: float = 20.0) -> bool:
    """SIGTERM the recorded process, SIGKILL it after ``timeout``. True if one was stopped."""
    pid = running_pid(pid_file, marker=marker)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    return True


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = (
        Path(f"/proc/{pid}/stat").read_text().split()[2] if Path(f"/proc/{pid}").exists() else "X"
    )
    return state not in {"Z", "X"}
