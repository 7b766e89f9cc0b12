"""``make cluster-up`` / ``cluster-status`` / ``cluster-down``: the Compose project of ADR 15.

The project is always named ``jobpeak-cluster``, so ``down`` removes exactly the containers,
network and state it created and nothing else on the engine. Start-up is done when every
service answers ``/readyz`` through the load balancer, not when containers exist.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from functools import partial

from jobpeak_devstack.cluster_config import (
    CLUSTER_DIR,
    POSTGRES_HOST_PORT,
    SERVICE_PORTS,
    STRIPE_MOCK_HOST_PORT,
    ClusterSecrets,
    database_url,
    kafka_host_ports,
    write_state,
)
from jobpeak_devstack.platform import PlatformLayout, ServiceProcess
from jobpeak_devstack.processes import wait_until

PROJECT = "jobpeak-cluster"
STATE_DIR = CLUSTER_DIR / ".state"


def compose(*arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = [
        "docker-compose", "--project-name", PROJECT, "--project-directory", str(CLUSTER_DIR),
        "--file", str(CLUSTER_DIR / "docker-compose.yml"),
        "--env-file", str(STATE_DIR / "compose.env"), *arguments,
    ]  # fmt: skip
    return subprocess.run(command, check=check, text=True)


def external_bootstrap() -> str:
    """The brokers as the host reaches them (the ports this cluster was started with)."""
    values = dict(
        line.split("=", 1) for line in (STATE_DIR / "compose.env").read_text().splitlines()
    )
    return ",".join(f"127.0.0.1:{values[f'KAFKA_{node}_HOST_PORT']}" for node in (1, 2, 3))


def _ready(port: int) -> bool:
    url = f"http://127.0.0.1:{port}/readyz"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _running() -> bool:
    listed = subprocess.run(
        ["docker", "ps", "--quiet", "--filter", f"label=com.docker.compose.project={PROJECT}"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return bool(listed.strip())


def _refuse_taken_ports() -> None:
    """Fail before Compose half-starts the project when another program holds a host port."""
    ports = [
        *kafka_host_ports(),
        *SERVICE_PORTS.values(),
        POSTGRES_HOST_PORT,
        STRIPE_MOCK_HOST_PORT,
    ]
    taken = [port for port in ports if _listening(port)]
    if taken:
        raise SystemExit(
            f"[cluster] host ports {taken} are in use by another program; pick free broker "
            "ports with JOBPEAK_CLUSTER_KAFKA_PORTS=a,b,c (see docs/adr/0015)"
        )


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_ready(timeout: float = 300.0) -> None:
    for service, port in SERVICE_PORTS.items():
        wait_until(partial(_ready, port), timeout=timeout, what=f"{service} via HAProxy")


def up() -> float:
    """Start the cluster; seconds until every service is ready behind the load balancer."""
    if shutil.which("docker-compose") is None:
        raise SystemExit("docker-compose is missing: run `make images` (it installs it)")
    started = time.monotonic()
    write_state(STATE_DIR)
    if not _running():
        _refuse_taken_ports()
    compose("up", "--detach", "--no-build")
    wait_ready()
    return time.monotonic() - started


def summary(seconds: float) -> str:
    lines = [
        f"[cluster] ready in {seconds:.0f}s: 3 Kafka brokers, PostgreSQL, stripe-mock, "
        "two replicas of every service behind HAProxy"
    ]
    lines += [f"  {name:<9} http://127.0.0.1:{port}/docs" for name, port in SERVICE_PORTS.items()]
    lines += [
        f"  kafka     {external_bootstrap()} (SASL/SCRAM-SHA-512; credentials in {STATE_DIR})",
        "The journey against it:  make demo",
        "Stop and remove it:      make cluster-down",
    ]
    return "\n".join(lines)


def down() -> None:
    if (STATE_DIR / "compose.env").exists():
        compose("down", "--volumes", "--remove-orphans", "--timeout", "20")
    shutil.rmtree(STATE_DIR, ignore_errors=True)


def status() -> int:
    if not (STATE_DIR / "compose.env").exists():
        print("the cluster is not up (make cluster-up)")
        return 1
    compose("ps")
    for service, port in SERVICE_PORTS.items():
        print(f"{service:<9} http://127.0.0.1:{port}  {'ready' if _ready(port) else 'NOT READY'}")
    return 0 if all(_ready(port) for port in SERVICE_PORTS.values()) else 1


def analyst_kafka_options() -> dict[str, str]:
    """aiokafka options for the read-only analyst principal, from the running cluster's secrets."""
    return kafka_options(principal="analyst")


def kafka_options(*, principal: str) -> dict[str, str]:
    secrets = ClusterSecrets.load_or_generate(STATE_DIR / "secrets.json")
    return {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": principal,
        "sasl_plain_password": secrets.kafka[principal],
    }


def demo_layout() -> PlatformLayout:
    """The cluster as a :class:`PlatformLayout`: the load balancer's URLs and the cluster's JWT
    and webhook secrets (``Platform.dev_secret`` files), so the journey tools can play on it."""
    if not (STATE_DIR / "secrets.json").exists():
        raise SystemExit("the cluster is not up: make images && make cluster-up")
    secrets = ClusterSecrets.load_or_generate(STATE_DIR / "secrets.json")
    demo = STATE_DIR / "demo"
    demo.mkdir(exist_ok=True)
    (demo / "jwt.secret").write_text(secrets.jwt_secret)
    (demo / "stripe-webhook.secret").write_text(
        secrets.stripe_webhook_secret.removeprefix("whsec_")
    )
    return PlatformLayout(
        services=tuple(
            ServiceProcess(
                name,
                port,
                database_url(
                    name, secrets.postgres[name], host="127.0.0.1", port=POSTGRES_HOST_PORT
                ),
            )
            for name, port in SERVICE_PORTS.items()
        ),
        kafka_bootstrap=external_bootstrap(),
        stripe_api_base=f"http://127.0.0.1:{STRIPE_MOCK_HOST_PORT}",
        state_dir=demo,
        extra_environment={"CANDIDATE_ID_SECRET": secrets.candidate_id_secret},
    )
