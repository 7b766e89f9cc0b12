"""Local images for the testcontainers path: ``jobpeak-devstack images``.

No image registry is reachable from these machines and nothing here pulls. The base image is a
Debian minbase root filesystem made by ``debootstrap`` from the host's own apt mirror (cached as
a tarball under ``.cache/images``) and imported into the engine; the three images on top add
Debian packages with ``apt-get`` and what the local stack already fetched: the Kafka jars from
Maven Central and the stripe-mock binary built with ``go install``. Rebuilding is cheap: the
engine's layer cache turns an unchanged build into a no-op.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jobpeak_devstack.apt_sources import apt_mirror
from jobpeak_devstack.config import KAFKA_VERSION, STRIPE_MOCK_VERSION
from jobpeak_devstack.kafka import (
    MARKER,
    STORAGE_TOOL,
    broker_properties,
    format_arguments,
    java_command,
    render_properties,
)
from jobpeak_devstack.postgres import server_options
from jobpeak_devstack.stack import LocalStack

SUITE = "bookworm"
POSTGRES_MAJOR = "15"  # Debian bookworm's postgresql
BASE_IMAGE = f"jobpeak/debian:{SUITE}"
KAFKA_IMAGE = f"jobpeak/kafka:{KAFKA_VERSION}"
POSTGRES_IMAGE = f"jobpeak/postgres:{POSTGRES_MAJOR}"
STRIPE_MOCK_IMAGE = f"jobpeak/stripe-mock:{STRIPE_MOCK_VERSION}"
BUILD_COMMAND = "uv run jobpeak-devstack images"

# Where things live inside the images.
KAFKA_PORT, KAFKA_CONTROLLER_PORT = 9092, 9093
POSTGRES_PORT = 5432
STRIPE_MOCK_PORT, STRIPE_MOCK_HTTPS_PORT = 12111, 12112
_KAFKA_CONFIG = Path("/etc/kafka")
_KAFKA_STATE = Path("/var/lib/kafka")
_APT_INSTALL = (
    "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
    "--no-install-recommends {packages} && rm -rf /var/lib/apt/lists/*"
)
_NOBODY = "65534:65534"

LOG4J2_CONSOLE = """\
status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = console
"""


def _has_image(client: Any, name: str) -> bool:
    import docker.errors  # noqa: PLC0415 - only with an engine

    try:
        client.images.get(name)
    except docker.errors.ImageNotFound:
        return False
    return True


def missing_images(client: Any, names: list[str]) -> list[str]:
    return [name for name in names if not _has_image(client, name)]


class ImageBuilder:
    def __init__(self, stack: LocalStack, client: Any) -> None:
        self.stack = stack
        self.client = client
        self.root = stack.config.cache_dir / "images"

    def build_all(self) -> dict[str, float]:
        """Build (or confirm) every image; seconds spent on each."""
        seconds: dict[str, float] = {}
        for name, build in (
            (BASE_IMAGE, self.base),
            (KAFKA_IMAGE, self.kafka),
            (POSTGRES_IMAGE, self.postgres),
            (STRIPE_MOCK_IMAGE, self.stripe_mock),
        ):
            started = time.monotonic()
            build()
            seconds[name] = time.monotonic() - started
            print(f"[images] {name:<30} ready ({seconds[name]:.1f}s)")
        return seconds

    def base(self) -> None:
        if _has_image(self.client, BASE_IMAGE):
            return
        tarball = self.root / f"debian-{SUITE}-minbase.tar"
        if not tarball.exists():
            self._debootstrap(tarball)
        repository, _, tag = BASE_IMAGE.partition(":")
        self.client.api.import_image_from_file(str(tarball), repository=repository, tag=tag)

    def _debootstrap(self, tarball: Path) -> None:
        if shutil.which("debootstrap") is None or os.geteuid() != 0:
            raise RuntimeError(
                "the base image needs root and debootstrap: apt-get install debootstrap"
            )
        mirror = apt_mirror(SUITE)
        print(f"[images] debootstrap --variant=minbase {SUITE} from {mirror} (first run only)…")
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.root, prefix="rootfs-") as rootfs:
            subprocess.run(
                ["debootstrap", "--variant=minbase", SUITE, rootfs, mirror],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            partial = tarball.with_suffix(".partial")
            subprocess.run(["tar", "-C", rootfs, "-cf", str(partial), "."], check=True)
            partial.rename(tarball)

    def kafka(self) -> None:
        self.stack.kafka.install()
        server_properties = _KAFKA_CONFIG / "server.properties"
        java = {
            "libs": Path("/opt/kafka/libs"),
            "log4j2_config": _KAFKA_CONFIG / "log4j2.properties",
            "logs_dir": _KAFKA_STATE / "logs",
        }
        broker = java_command(heap="", main_class=MARKER, args=[str(server_properties)], **java)
        storage = java_command(
            heap="-Xmx256m",
            main_class=STORAGE_TOOL,
            args=format_arguments(server_properties),
            **java,
        )
        properties = broker_properties(
            bind_host="0.0.0.0",  # noqa: S104 - inside the container; published on loopback
            port=KAFKA_PORT,
            controller_port=KAFKA_CONTROLLER_PORT,
            log_dirs=str(_KAFKA_STATE / "data"),
        )
        entrypoint = f"""\
#!/bin/sh
# KAFKA_ADVERTISED_LISTENERS: the address clients are told (the port published on the host).
# KAFKA_HEAP: the JVM heap flags.
set -eu
advertised="${{KAFKA_ADVERTISED_LISTENERS:-PLAINTEXT://127.0.0.1:{KAFKA_PORT}}}"
exec java ${{KAFKA_HEAP:-{self.stack.config.kafka_heap}}} {shlex.join(broker[1:])} \\
  --override "advertised.listeners=$advertised" "$@"
"""
        dockerfile = f"""\
FROM {BASE_IMAGE}
RUN {_APT_INSTALL.format(packages="openjdk-17-jre-headless")}
COPY libs/ {java["libs"]}/
COPY server.properties log4j2.properties {_KAFKA_CONFIG}/
COPY entrypoint /usr/local/bin/kafka-entrypoint
RUN {shlex.join(storage)} && chown -R {_NOBODY} {_KAFKA_STATE}
USER {_NOBODY}
EXPOSE {KAFKA_PORT}
ENTRYPOINT ["/usr/local/bin/kafka-entrypoint"]
"""
        with self._context("kafka", dockerfile) as context:
            shutil.copytree(self.stack.kafka.libs, context / "libs", copy_function=_link_or_copy)
            (context / "server.properties").write_text(render_properties(properties))
            (context / "log4j2.properties").write_text(LOG4J2_CONSOLE)
            _executable(context / "entrypoint", entrypoint)
            self._build(context, KAFKA_IMAGE)

    def postgres(self) -> None:
        bin_dir = f"/usr/lib/postgresql/{POSTGRES_MAJOR}/bin"
        data = "/var/lib/postgresql/data"
        entrypoint = f"""\
#!/bin/sh
# POSTGRES_PASSWORD set: password (scram-sha-256) for the postgres role over TCP; unset: trust.
# POSTGRES_PORT: the port inside the container.
set -eu
if [ -n "${{POSTGRES_PASSWORD:-}}" ]; then
  quoted=$(printf '%s' "$POSTGRES_PASSWORD" | sed "s/'/''/g")
  printf "ALTER ROLE postgres PASSWORD '%s';\\n" "$quoted" \\
    | {bin_dir}/postgres --single -D {data} postgres > /dev/null
  method=scram-sha-256
else
  method=trust
fi
printf 'local all all trust\\nhost all all all %s\\n' "$method" > {data}/pg_hba.conf
exec {bin_dir}/postgres -D {data} -p "${{POSTGRES_PORT:-{POSTGRES_PORT}}}" \\
  -c listen_addresses='*' {server_options()} "$@"
"""
        dockerfile = f"""\
FROM {BASE_IMAGE}
RUN mkdir -p /etc/postgresql-common/createcluster.d \\
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/jobpeak.conf \\
 && {_APT_INSTALL.format(packages=f"postgresql-{POSTGRES_MAJOR}")}
RUN install -d -o postgres -g postgres {data} /run/postgresql \\
 && runuser -u postgres -- {bin_dir}/initdb -D {data} -U postgres --auth=trust \\
      --encoding=UTF8 --locale=C.UTF-8 --no-sync > /dev/null
COPY entrypoint /usr/local/bin/postgres-entrypoint
USER postgres
EXPOSE {POSTGRES_PORT}
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]
"""
        with self._context("postgres", dockerfile) as context:
            _executable(context / "entrypoint", entrypoint)
            self._build(context, POSTGRES_IMAGE)

    def stripe_mock(self) -> None:
        self.stack.stripe_mock.install()
        dockerfile = f"""\
FROM {BASE_IMAGE}
COPY stripe-mock /usr/local/bin/stripe-mock
USER {_NOBODY}
EXPOSE {STRIPE_MOCK_PORT} {STRIPE_MOCK_HTTPS_PORT}
ENTRYPOINT ["/usr/local/bin/stripe-mock"]
CMD ["-http-port", "{STRIPE_MOCK_PORT}", "-https-port", "{STRIPE_MOCK_HTTPS_PORT}"]
"""
        with self._context("stripe-mock", dockerfile) as context:
            _link_or_copy(str(self.stack.stripe_mock.binary), str(context / "stripe-mock"))
            self._build(context, STRIPE_MOCK_IMAGE)

    @contextmanager
    def _context(self, name: str, dockerfile: str) -> Iterator[Path]:
        """A fresh build context with ``dockerfile``, removed after the build."""
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.root, prefix=f"context-{name}-") as context:
            (Path(context) / "Dockerfile").write_text(dockerfile)
            yield Path(context)

    def _build(self, context: Path, tag: str, buildargs: dict[str, str] | None = None) -> None:
        output: list[str] = []
        for chunk in self.client.api.build(
            path=str(context), tag=tag, rm=True, forcerm=True, pull=False, decode=True,
            buildargs=buildargs,
        ):  # fmt: skip
            if "error" in chunk:
                tail = "".join(output[-30:])
                raise RuntimeError(f"building {tag} failed: {chunk['error']}\n{tail}")
            output.append(str(chunk.get("stream", "")))


def _executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


def _link_or_copy(source: str, target: str) -> object:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return target


def build_images(stack: LocalStack) -> dict[str, float]:
    import docker  # noqa: PLC0415 - only with an engine

    client = docker.from_env()
    try:
        return ImageBuilder(stack, client).build_all()
    finally:
        client.close()
