"""``make up``: the local stack plus the four services as separate processes, Coding published."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from jobpeak_devstack.config import StackConfig
from jobpeak_devstack.processes import running_pid, spawn, terminate, wait_until
from jobpeak_devstack.stack import LocalStack


@dataclass(frozen=True)
class ServiceProcess:
    name: str
    port: int

    @property
    def module(self) -> str:
        return f"jobpeak_{self.name}"

    @property
    def env_prefix(self) -> str:
        return f"JOBPEAK_{self.name.upper()}_"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


SERVICES = (
    ServiceProcess("catalog", 8001),
    ServiceProcess("testing", 8002),
    ServiceProcess("billing", 8003),
    ServiceProcess("matching", 8004),
)


class Platform:
    def __init__(self, stack: LocalStack | None = None) -> None:
        self.stack = stack or LocalStack()
        self.config: StackConfig = self.stack.config
        self.state = self.config.state_dir / "services"

    def _dev_secret(self, name: str) -> str:
        """Random development secrets, kept so tokens and webhooks survive a restart."""
        path = self.state / f"{name}.secret"
        if not path.exists():
            self.state.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def service_environment(self, service: ServiceProcess) -> dict[str, str]:
        prefix = service.env_prefix
        values = {
            "ENVIRONMENT": "development",
            "DATABASE_URL": self.config.database_url(f"jobpeak_{service.name}"),
            "KAFKA_BOOTSTRAP": self.config.kafka_bootstrap,
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(service.port),
            "JWT_SECRET": self._dev_secret("jwt"),
        }
        if service.name == "billing":
            values |= {
                "STRIPE_API_BASE": self.config.stripe_api_base,
                "STRIPE_API_KEY": "sk_test_jobpeak_local_development",
                "STRIPE_WEBHOOK_SECRET": f"whsec_{self._dev_secret('stripe-webhook')}",
            }
        return {f"{prefix}{key}": value for key, value in values.items()}

    def _pid_file(self, service: ServiceProcess) -> Path:
        return self.state / f"{service.name}.pid"

    def start_service(self, service: ServiceProcess) -> None:
        marker = f"-m {service.module}"
        if running_pid(self._pid_file(service), marker=marker) is None:
            spawn(
                [sys.executable, "-m", service.module],
                pid_file=self._pid_file(service),
                log_file=self.state / f"{service.name}.log",
                env={**os.environ, **self.service_environment(service)},
            )
        wait_until(
            lambda: _answers(f"{service.url}/healthz"),
            timeout=90,
            what=f"the {service.name} service on {service.url}",
            alive=lambda: running_pid(self._pid_file(service), marker=marker) is not None,
            log_file=self.state / f"{service.name}.log",
        )

    def up(self) -> None:
        print("[up] local stack: Kafka, PostgreSQL, stripe-mock (first run downloads and builds)")
        endpoints = self.stack.up()
        for service in SERVICES:
            print(f"[up] starting {service.name} on {service.url}")
            self.start_service(service)
        print("[up] seeding the catalog and publishing Coding")
        self._publish_coding()
        self._print_summary(endpoints.kafka_bootstrap)

    def _publish_coding(self) -> None:
        catalog = SERVICES[0]
        subprocess.run(
            [sys.executable, "-m", catalog.module, "seed", "--publish"],
            check=True,
            env={**os.environ, **self.service_environment(catalog)},
        )

    def _print_summary(self, kafka_bootstrap: str) -> None:
        print("\nJobpeak is running:")
        for service in SERVICES:
            print(
                f"  {service.name:<9} {service.url}/docs   (logs: {self.state}/{service.name}.log)"
            )
        print(
            f"  kafka     {kafka_bootstrap}   AsyncAPI: docs/asyncapi.yaml, guide: docs/events.md"
        )
        print(f"  stripe    {self.config.stripe_api_base} (stripe-mock)")
        print(
            "\nA token for the APIs:  uv run jobpeak-devstack token --role candidate --subject me"
        )
        print("Stop everything:       make down")

    def token(self, *, role: str, subject: str) -> str:
        """A development JWT that every service of ``make up`` accepts."""
        catalog = SERVICES[0]
        completed = subprocess.run(
            [
                sys.executable, "-m", "jobpeak_runtime.devtoken",
                "--env-prefix", catalog.env_prefix, "--role", role, "--subject", subject,
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, **self.service_environment(catalog)},
        )  # fmt: skip
        return completed.stdout.strip()

    def down(self) -> None:
        for service in reversed(SERVICES):
            if terminate(self._pid_file(service), marker=f"-m {service.module}"):
                print(f"[down] stopped {service.name}")
        self.stack.down()
        print("[down] local stack stopped (data kept under .cache/stack)")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            json.loads(response.read() or b"{}")
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False
