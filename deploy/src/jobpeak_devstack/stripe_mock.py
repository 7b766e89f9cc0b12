"""stripe-mock, built from its Go module at a pinned version."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.error
import urllib.request

from jobpeak_devstack.config import STRIPE_MOCK_VERSION, StackConfig
from jobpeak_devstack.processes import running_pid, spawn, terminate, wait_until

MARKER = "stripe-mock"


class StripeMock:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.binary = config.bin_dir / f"stripe-mock-{STRIPE_MOCK_VERSION}"
        self.state = config.state_dir / "stripe-mock"
        self.pid_file = self.state / "stripe-mock.pid"
        self.log_file = self.state / "stripe-mock.log"

    def install(self) -> None:
        if self.binary.exists():
            return
        if shutil.which("go") is None:
            raise RuntimeError("stripe-mock is built with Go >= 1.22: install Go first")
        print(f"[stripe-mock] building stripe-mock {STRIPE_MOCK_VERSION} (first run only)…")
        build_dir = self.config.cache_dir / "go-build"
        subprocess.run(
            ["go", "install", f"github.com/stripe/stripe-mock@{STRIPE_MOCK_VERSION}"],
            check=True,
            env={**os.environ, "GOBIN": str(build_dir)},
        )
        self.binary.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(build_dir / "stripe-mock", self.binary)

    def running_pid(self) -> int | None:
        return running_pid(self.pid_file, marker=MARKER)

    def start(self) -> None:
        self.install()
        self.state.mkdir(parents=True, exist_ok=True)
        if self.running_pid() is None:
            spawn(
                [
                    str(self.binary),
                    "-http-addr",
                    f"127.0.0.1:{self.config.stripe_mock_port}",
                    # Without an explicit address stripe-mock also binds HTTPS on every interface.
                    "-https-addr",
                    f"127.0.0.1:{self.config.stripe_mock_https_port}",
                ],
                pid_file=self.pid_file,
                log_file=self.log_file,
            )
        wait_until(
            self.is_ready,
            timeout=30,
            what=f"stripe-mock on {self.config.stripe_api_base}",
            alive=lambda: self.running_pid() is not None,
            log_file=self.log_file,
        )

    def is_ready(self) -> bool:
        return answers(self.config.stripe_api_base)

    def stop(self) -> bool:
        return terminate(self.pid_file, marker=MARKER)


def answers(api_base: str) -> bool:
    """Ready means the API answers a request, not that a port is open."""
    request = urllib.request.Request(  # noqa: S310 - loopback URL built from config
        f"{api_base}/v1/customers", headers={"Authorization": "Bearer sk_test_123"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False
