"""A private PostgreSQL cluster from Debian's ``postgresql`` binaries, on loopback only."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

from jobpeak_devstack.config import SERVICE_DATABASES, StackConfig
from jobpeak_devstack.processes import wait_until

SERVER_SETTINGS = {
    "max_connections": "300",
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
}
"""Durable, as DESIGN §6 asks: a write acknowledged to a client survives a crash of the server.

(The stack once ran ``fsync``, ``synchronous_commit`` and ``full_page_writes`` off, and lost two
acknowledged writes to ``pg_ctl stop -m immediate``.) Throwaway test databases opt out of waiting
for the WAL flush per database (:data:`THROWAWAY_DATABASE_SETTINGS`); the server stays durable.
"""

THROWAWAY_DATABASE_SETTINGS = {"synchronous_commit": "off"}
"""For a test's own database, dropped after it: commits do not wait for the WAL flush, so a crash
may lose its last fraction of a second, never corrupt the cluster (``fsync`` stays on)."""


def server_options() -> str:
    """``SERVER_SETTINGS`` as ``postgres`` command-line options."""
    return " ".join(f"-c {name}={value}" for name, value in SERVER_SETTINGS.items())


def throwaway_database_statements(name: str) -> list[str]:
    """``ALTER DATABASE`` statements that make database ``name`` fast and crash-unsafe."""
    return [
        f'ALTER DATABASE "{name}" SET {setting} = {value}'
        for setting, value in THROWAWAY_DATABASE_SETTINGS.items()
    ]


def _find_bin_dir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


class Postgres:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.state = config.state_dir / "postgres"
        self.data = self.state / "data"
        self.socket_dir = self.state / "run"
        self.log_file = self.state / "postgres.log"

    def install(self) -> Path:
        bin_dir = _find_bin_dir()
        if bin_dir is not None:
            return bin_dir
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            raise RuntimeError(
                "PostgreSQL server binaries are missing: install Debian's 'postgresql' package "
                "(sudo apt-get install postgresql)."
            )
        print("[postgres] installing Debian's postgresql package (first run only)…")
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        installed = _find_bin_dir()
        if installed is None:
            raise RuntimeError("apt-get installed postgresql but no initdb was found")
        return installed

    def _as_owner(self, command: list[str]) -> list[str]:
        """PostgreSQL refuses to run as root; run it as the ``postgres`` system user then."""
        if os.geteuid() != 0:
            return command
        return ["runuser", "-u", "postgres", "--", *command]

    def _prepare_dirs(self) -> None:
        for directory in (self.state, self.socket_dir):
            directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.state, self.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)

    def _pg_ctl(self, bin_dir: Path, *args: str, check: bool = True) -> int:
        result = subprocess.run(
            self._as_owner([str(bin_dir / "pg_ctl"), "-D", str(self.data), *args]),
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"pg_ctl {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.returncode

    def is_running(self) -> bool:
        bin_dir = _find_bin_dir()
        return (
            bin_dir is not None
            and self.data.exists()
            and self._pg_ctl(bin_dir, "status", check=False) == 0
        )

    def start(self) -> None:
        bin_dir = self.install()
        self._prepare_dirs()
        if not (self.data / "PG_VERSION").exists():
            subprocess.run(
                self._as_owner(
                    [
                        str(bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                capture_output=True,
            )  # fmt: skip
        if not self.is_running():
            options = (
                f"-p {self.config.postgres_port} -c listen_addresses=127.0.0.1 "
                f"-k {self.socket_dir} {server_options()}"
            )
            self._pg_ctl(
                bin_dir, "start", "-w", "-t", "60", "-l", str(self.log_file), "-o", options
            )
        wait_until(
            lambda: self._psql(bin_dir, "SELECT 1", check=False) == "1",
            timeout=60,
            what=f"PostgreSQL on 127.0.0.1:{self.config.postgres_port}",
            log_file=self.log_file,
        )
        self.create_databases(bin_dir)

    def _psql(self, bin_dir: Path, sql: str, *, check: bool = True) -> str:
        result = subprocess.run(
            [
                str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(self.config.postgres_port),
                "-U", "postgres", "-d", "postgres", "-tAqc", sql,
            ],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def create_databases(self, bin_dir: Path) -> None:
        existing = set(self._psql(bin_dir, "SELECT datname FROM pg_database").split())
        for service in SERVICE_DATABASES:
            name = f"jobpeak_{service}"
            if name not in existing:
                self._psql(bin_dir, f'CREATE DATABASE "{name}"')

    def stop(self) -> bool:
        bin_dir = _find_bin_dir()
        if bin_dir is None or not self.is_running():
            return False
        self._pg_ctl(bin_dir, "stop", "-m", "fast", "-w")
        return True

    def crash(self) -> None:
        """Stop the server at once, as a crash would (``pg_ctl stop -m immediate``): no
        checkpoint, whatever is not in the WAL on disk is gone. For durability tests."""
        bin_dir = _find_bin_dir()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL binaries to crash a server with")
        self._pg_ctl(bin_dir, "stop", "-m", "immediate", "-w")
