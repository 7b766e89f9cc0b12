"""``make up``: the four services as separate processes on the local stack, Coding published.

A :class:`PlatformLayout` says where everything is (ports, databases, topic prefix, state);
the default one is what ``make up`` runs, and end-to-end tests build private ones so they can run
a whole platform beside it without sharing a topic or a row.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from jobpeak_devstack.config import StackConfig, port_setting, repository_root
from jobpeak_devstack.port_checks import PortNeed
from jobpeak_devstack.processes import running_pid, spawn, terminate, wait_until
from jobpeak_devstack.stack import LocalStack

SERVICE_NAMES = ("catalog", "testing", "billing", "matching")
CODING_SEED = repository_root() / "services/catalog/src/jobpeak_catalog/adapters/seed/coding"
DEFAULT_PORTS = {"catalog": 8001, "testing": 8002, "billing": 8003, "matching": 8004}


@dataclass(frozen=True)
class ServiceProcess:
    name: str
    port: int
    database_url: str

    @property
    def module(self) -> str:
        return f"jobpeak_{self.name}"

    @property
    def env_prefix(self) -> str:
        return f"JOBPEAK_{self.name.upper()}_"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class PlatformLayout:
    services: tuple[ServiceProcess, ...]
    kafka_bootstrap: str
    stripe_api_base: str
    state_dir: Path
    topic_prefix: str = ""
    environment: str = "development"
    extra_environment: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls, config: StackConfig) -> PlatformLayout:
        """What ``make up`` runs; a service's port moves with ``JOBPEAK_<NAME>_HTTP_PORT``."""
        return cls(
            services=tuple(
                ServiceProcess(
                    name,
                    port_setting(f"JOBPEAK_{name.upper()}_HTTP_PORT", DEFAULT_PORTS[name]),
                    config.database_url(f"jobpeak_{name}"),
                )
                for name in SERVICE_NAMES
            ),
            kafka_bootstrap=config.kafka_bootstrap,
            stripe_api_base=config.stripe_api_base,
            state_dir=config.state_dir / "services",
        )

    def service(self, name: str) -> ServiceProcess:
        return next(service for service in self.services if service.name == name)


class Platform:
    def __init__(self, layout: PlatformLayout) -> None:
        self.layout = layout
        self.state = layout.state_dir

    @classmethod
    def local(cls, stack: LocalStack) -> Platform:
        return cls(PlatformLayout.default(stack.config))

    def dev_secret(self, name: str) -> str:
        """Random development secrets, kept so tokens and webhooks survive a restart."""
        path = self.state / f"{name}.secret"
        if not path.exists():
            self.state.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def stripe_webhook_secret(self) -> str:
        return f"whsec_{self.dev_secret('stripe-webhook')}"

    def service_environment(self, service: ServiceProcess) -> dict[str, str]:
        values = {
            "ENVIRONMENT": self.layout.environment,
            "DATABASE_URL": service.database_url,
            "KAFKA_BOOTSTRAP": self.layout.kafka_bootstrap,
            "TOPIC_PREFIX": self.layout.topic_prefix,
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(service.port),
            "JWT_SECRET": self.dev_secret("jwt"),
            "LOG_JSON": "true",
        }
        if service.name == "billing":
            values |= {
                "STRIPE_API_BASE": self.layout.stripe_api_base,
                "STRIPE_API_KEY": "sk_test_JobpeakLocalDevelopment",
                "STRIPE_WEBHOOK_SECRET": self.stripe_webhook_secret,
            }
        values |= self.layout.extra_environment
        return {f"{service.env_prefix}{key}": value for key, value in values.items()}

    def _pid_file(self, service: ServiceProcess) -> Path:
        return self.state / f"{service.name}.pid"

    def log_file(self, service: ServiceProcess) -> Path:
        return self.state / f"{service.name}.log"

    def _marker(self, service: ServiceProcess) -> str:
        return f"-m {service.module}"

    def spawn_service(self, service: ServiceProcess) -> None:
        if running_pid(self._pid_file(service), marker=self._marker(service)) is None:
            spawn(
                [sys.executable, "-m", service.module],
                pid_file=self._pid_file(service),
                log_file=self.log_file(service),
                env={**os.environ, **self.service_environment(service)},
            )

    def wait_ready(self, service: ServiceProcess) -> None:
        wait_until(
            lambda: _answers(f"{service.url}/readyz"),
            timeout=180,
            what=f"the {service.name} service on {service.url}",
            alive=functools.partial(self.is_running, service),
            log_file=self.log_file(service),
        )

    def is_running(self, service: ServiceProcess) -> bool:
        """Whether this platform's own process of ``service`` runs."""
        return running_pid(self._pid_file(service), marker=self._marker(service)) is not None

    def port_needs(self) -> list[PortNeed]:
        """The HTTP port of every service, and whether this platform's own process holds it."""
        return [
            PortNeed(
                port=service.port,
                needed_by=f"the {service.name} service",
                setting=f"{service.env_prefix}HTTP_PORT",
                already_ours=functools.partial(self.is_running, service),
            )
            for service in self.layout.services
        ]

    def up(self) -> None:
        """Start the services side by side, then publish Coding once the catalog is ready."""
        self.state.mkdir(parents=True, exist_ok=True)
        for service in self.layout.services:
            print(f"[up] starting {service.name} on {service.url}", flush=True)
            self.spawn_service(service)
        for service in self.layout.services:
            self.wait_ready(service)
            print(f"[up] {service.name} is ready", flush=True)
        print("[up] importing the Coding seed into the catalog and publishing it", flush=True)
        self.run_service_command("catalog", "import-bank", str(CODING_SEED), "--publish")

    def run_service_command(self, name: str, *arguments: str) -> str:
        """Run ``python -m jobpeak_<name> <arguments>`` with that service's settings."""
        service = self.layout.service(name)
        completed = subprocess.run(
            [sys.executable, "-m", service.module, *arguments],
            check=False,
            capture_output=True,
            text=True,
            env={**os.environ, **self.service_environment(service)},
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"{service.module} {' '.join(arguments)} failed ({completed.returncode}):\n"
                f"{completed.stdout}{completed.stderr}"
            )
        return completed.stdout

    def token(self, *, role: str, subject: str) -> str:
        """A development JWT that every service of this platform accepts."""
        catalog = self.layout.service("catalog")
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
        for service in reversed(self.layout.services):
            if terminate(self._pid_file(service), marker=self._marker(service)):
                print(f"[down] stopped {service.name}")

    def summary(self) -> str:
        lines = ["", "Jobpeak is running:"]
        for service in self.layout.services:
            lines.append(
                f"  {service.name:<9} {service.url}/docs   (log: {self.log_file(service)})"
            )
        lines += [
            f"  kafka     {self.layout.kafka_bootstrap}"
            "   events: docs/events.md, AsyncAPI: docs/asyncapi.json",
            f"  stripe    {self.layout.stripe_api_base} (stripe-mock)",
            "",
            "A token for the APIs:   make token ROLE=candidate SUBJECT=me",
            "The journey, narrated:  make demo",
            "Stop everything:        make down",
        ]
        return "\n".join(lines)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            json.loads(response.read() or b"{}")
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False
