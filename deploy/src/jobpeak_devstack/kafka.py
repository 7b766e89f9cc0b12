"""Apache Kafka in KRaft mode (one combined broker+controller) run from Maven Central jars."""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from jobpeak_devstack.config import KAFKA_VERSION, StackConfig, repository_root
from jobpeak_devstack.processes import running_pid, spawn, terminate, wait_until

MARKER = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
# A fixed cluster id (22 characters of base64) keeps formatting free of output parsing.
CLUSTER_ID = "am9icGVhay1sb2NhbC0wMQ"
POM = repository_root() / "deploy" / "kafka" / "pom.xml"


LOG4J2_PROPERTIES = """\
status = warn
appender.broker.type = File
appender.broker.name = broker
appender.broker.fileName = ${sys:kafka.logs.dir}/server.log
appender.broker.layout.type = PatternLayout
appender.broker.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.broker.ref = broker
"""


def broker_properties(
    *, bind_host: str, port: int, controller_port: int, log_dirs: str
) -> dict[str, str]:
    """A single combined broker+controller; clients are told ``127.0.0.1:<port>``.

    The controller listens on loopback only. A broker in a container binds ``0.0.0.0`` and gets
    its advertised address (the host's published port) with ``--override`` when it starts.
    """
    return {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{controller_port}",
        "listeners": f"PLAINTEXT://{bind_host}:{port},CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": log_dirs,
        "num.partitions": "3",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "true",
        "log.retention.hours": "168",
    }


def render_properties(properties: dict[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in properties.items())


def java_command(
    *,
    heap: str,
    libs: Path,
    log4j2_config: Path,
    logs_dir: Path,
    main_class: str,
    args: Sequence[str] = (),
) -> list[str]:
    return [
        "java",
        *heap.split(),
        "-XX:+UseG1GC",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        f"-Dlog4j2.configurationFile={log4j2_config}",
        f"-Dkafka.logs.dir={logs_dir}",
        "-cp",
        f"{libs}/*",
        main_class,
        *args,
    ]


def format_arguments(server_properties: Path) -> list[str]:
    """``StorageTool`` arguments that format the metadata log once, with the fixed cluster id."""
    return ["format", "-t", CLUSTER_ID, "-c", str(server_properties), "--ignore-formatted"]


class Kafka:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.home = config.cache_dir / f"kafka-{KAFKA_VERSION}"
        self.libs = self.home / "libs"
        self.state = config.state_dir / "kafka"
        self.data = self.state / "data"
        self.logs = self.state / "logs"
        self.pid_file = self.state / "kafka.pid"

    @property
    def log_file(self) -> Path:
        return self.logs / "server.log"

    def install(self) -> None:
        wanted = (f"kafka_2.13-{KAFKA_VERSION}.jar", f"kafka-tools-{KAFKA_VERSION}.jar")
        if all((self.libs / jar).exists() for jar in wanted):
            return
        if shutil.which("mvn") is None or shutil.which("java") is None:
            raise RuntimeError(
                "Kafka needs Java 17 and Maven: apt-get install openjdk-17-jdk maven"
            )
        print(f"[kafka] resolving Apache Kafka {KAFKA_VERSION} jars with Maven (first run only)…")
        self.libs.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "mvn", "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
                "-DincludeScope=runtime", f"-DoutputDirectory={self.libs}",
                f"-Dkafka.version={KAFKA_VERSION}",
            ],
            check=True,
        )  # fmt: skip

    def _write_config(self) -> Path:
        self.state.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        server_properties = self.state / "server.properties"
        server_properties.write_text(
            render_properties(
                broker_properties(
                    bind_host="127.0.0.1",
                    port=self.config.kafka_port,
                    controller_port=self.config.kafka_controller_port,
                    log_dirs=str(self.data),
                )
            )
        )
        (self.state / "log4j2.properties").write_text(LOG4J2_PROPERTIES)
        return server_properties

    def _java(self, main_class: str, *args: str) -> list[str]:
        return java_command(
            heap=self.config.kafka_heap,
            libs=self.libs,
            log4j2_config=self.state / "log4j2.properties",
            logs_dir=self.logs,
            main_class=main_class,
            args=args,
        )

    def running_pid(self) -> int | None:
        return running_pid(self.pid_file, marker=MARKER)

    def start(self) -> None:
        self.install()
        if self.running_pid() is not None:
            self.wait_ready()
            return
        server_properties = self._write_config()
        if not (self.data / "meta.properties").exists():
            subprocess.run(
                self._java(STORAGE_TOOL, *format_arguments(server_properties)),
                check=True,
                capture_output=True,
            )
        spawn(
            self._java(MARKER, str(server_properties)),
            pid_file=self.pid_file,
            log_file=self.logs / "stdout.log",
        )
        self.wait_ready()

    def wait_ready(self, timeout: float = 90.0) -> None:
        wait_until(
            self.is_ready,
            timeout=timeout,
            what=f"Kafka on {self.config.kafka_bootstrap}",
            alive=lambda: self.running_pid() is not None,
            log_file=self.log_file,
        )

    def is_ready(self) -> bool:
        return broker_answers(self.config.kafka_bootstrap)

    def stop(self) -> bool:
        return terminate(self.pid_file, marker=MARKER, timeout=30.0)


def broker_answers(bootstrap: str) -> bool:
    """Ready means a metadata request names this broker, not that a port is open."""
    return asyncio.run(_metadata_names_broker(bootstrap))


async def _metadata_names_broker(bootstrap: str) -> bool:
    from aiokafka.client import AIOKafkaClient  # noqa: PLC0415 - optional until used
    from aiokafka.errors import KafkaError  # noqa: PLC0415

    # A refused connection is the expected answer while the broker boots; don't log it.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await client.bootstrap()
        metadata = await client.fetch_all_metadata()
        return bool(metadata.brokers())
    except (KafkaError, OSError):
        return False
    finally:
        await client.close()


async def delete_topics_with_prefix(bootstrap: str, prefix: str) -> list[str]:
    """Delete every topic whose name starts with ``prefix`` (a test's own); returns the names."""
    from aiokafka.admin import AIOKafkaAdminClient  # noqa: PLC0415 - optional until used

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        doomed = sorted(name for name in await admin.list_topics() if name.startswith(prefix))
        if doomed:
            await admin.delete_topics(doomed)
    finally:
        await admin.close()
    return doomed
