"""What ``make cluster-up`` generates under ``deploy/cluster/.state/`` (git-ignored).

Secrets are made once per cluster (``secrets.json``) and written into the environment files the
Compose services read; the Kafka provisioning script is generated from the platform's topology
(``jobpeak_runtime.provisioning.topology``, which the Kubernetes manifests use too). Nothing here
talks to an engine.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from jobpeak_runtime.provisioning.topology import (
    ADMIN_PRINCIPAL,
    PRINCIPALS,
    SERVICES,
    AclRule,
    PatternType,
    ResourceType,
    acl_rules,
)
from jobpeak_runtime.secret_strength import placeholder_reason

from jobpeak_devstack.config import repository_root

CLUSTER_DIR = repository_root() / "deploy" / "cluster"
SUPER_USER = "admin"
"""The inter-broker principal, the only one in ``super.users``; it also writes the ACLs."""
PARTITIONS, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS = 3, 3, 2
EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000
INTERNAL_BOOTSTRAP = "kafka-1:9092,kafka-2:9092,kafka-3:9092"
DEFAULT_KAFKA_HOST_PORTS = (29092, 29093, 29094)
KAFKA_HOST_PORTS_VARIABLE = "JOBPEAK_CLUSTER_KAFKA_PORTS"
SERVICE_PORTS = {"catalog": 18001, "testing": 18002, "billing": 18003, "matching": 18004}
POSTGRES_HOST_PORT, STRIPE_MOCK_HOST_PORT = 25432, 22111
# Fixed, like the local stack's: 22 characters of base64.
KAFKA_CLUSTER_ID = "am9icGVhay1jbHVzdGVyMQ"
KAFKA_IMAGE_UID = 65534


def kafka_host_ports() -> tuple[int, ...]:
    """The brokers' host ports: ``JOBPEAK_CLUSTER_KAFKA_PORTS=a,b,c`` or 29092-29094."""
    raw = os.environ.get(KAFKA_HOST_PORTS_VARIABLE)
    if not raw:
        return DEFAULT_KAFKA_HOST_PORTS
    try:
        ports = tuple(int(port) for port in raw.split(","))
    except ValueError:
        raise SystemExit(f"{KAFKA_HOST_PORTS_VARIABLE}={raw!r}: three ports, a,b,c") from None
    if len(ports) != 3 or not all(1 <= port <= 65535 for port in ports):
        raise SystemExit(f"{KAFKA_HOST_PORTS_VARIABLE}={raw!r}: three ports, a,b,c")
    return ports


def _secret() -> str:
    """43 url-safe characters (no "=", "," or quotes) that the services' own check accepts."""
    candidate = secrets.token_urlsafe(32)
    return candidate if placeholder_reason(candidate) is None else _secret()


@dataclass(frozen=True)
class ClusterSecrets:
    kafka: dict[str, str]
    """SCRAM password per principal (the super user, the topic admin, services, analyst)."""
    postgres: dict[str, str]
    """Password per database role: ``postgres`` and one per service."""
    jwt_secret: str
    stripe_api_key: str
    stripe_webhook_secret: str
    candidate_id_secret: str
    """Derives pseudonymous user ids from token subjects (the same in every service)."""

    @classmethod
    def generate(cls) -> ClusterSecrets:
        return cls(
            kafka={name: _secret() for name in (SUPER_USER, ADMIN_PRINCIPAL, *PRINCIPALS)},
            postgres={name: _secret() for name in ("postgres", *SERVICES)},
            jwt_secret=_secret(),
            stripe_api_key=f"sk_test_{secrets.token_hex(24)}",  # stripe-mock wants [0-9A-Za-z]
            stripe_webhook_secret=f"whsec_{_secret()}",
            candidate_id_secret=_secret(),
        )

    @classmethod
    def load_or_generate(cls, path: Path) -> ClusterSecrets:
        if path.exists():
            stored = json.loads(path.read_text())
            if "candidate_id_secret" not in stored:  # written before the key existed
                stored["candidate_id_secret"] = _secret()
                _write_private(path, json.dumps(stored, indent=2))
            return cls(**stored)
        made = cls.generate()
        _write_private(path, json.dumps(made.__dict__, indent=2))
        return made


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(text)


def _env_file(values: dict[str, str]) -> str:
    return "".join(f"{name}={value}\n" for name, value in values.items())


def database_url(service: str, password: str, host: str = "postgres", port: int = 5432) -> str:
    return f"postgresql+asyncpg://{service}:{password}@{host}:{port}/jobpeak_{service}"


def service_environment(service: str, cluster: ClusterSecrets) -> dict[str, str]:
    values = {
        "ENVIRONMENT": "production",
        "DATABASE_URL": database_url(service, cluster.postgres[service]),
        "KAFKA_BOOTSTRAP": INTERNAL_BOOTSTRAP,
        "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": service,
        "KAFKA_SASL_PASSWORD": cluster.kafka[service],
        "KAFKA_TOPIC_PARTITIONS": str(PARTITIONS),
        "KAFKA_REPLICATION_FACTOR": str(REPLICATION_FACTOR),
        "JWT_SECRET": cluster.jwt_secret,
        "CANDIDATE_ID_SECRET": cluster.candidate_id_secret,
        "MIGRATE_ON_STARTUP": "false",
        "LOG_JSON": "true",
    }
    if service == "billing":
        values |= {
            "STRIPE_API_BASE": "http://stripe-mock:12111",
            "STRIPE_API_KEY": cluster.stripe_api_key,
            "STRIPE_WEBHOOK_SECRET": cluster.stripe_webhook_secret,
        }
    return {f"JOBPEAK_{service.upper()}_{name}": value for name, value in values.items()}


_RESOURCE_OPTION = {
    ResourceType.TOPIC: "--topic",
    ResourceType.GROUP: "--group",
    ResourceType.TRANSACTIONAL_ID: "--transactional-id",
}


def acl_commands(rules: list[AclRule]) -> list[list[str]]:
    """``AclCommand`` arguments, one command per principal, operation and resource kind.

    One command adds every resource of its group (each JVM start costs about a second).
    """
    grouped: dict[tuple[str, str, ResourceType, PatternType], list[str]] = defaultdict(list)
    for rule in rules:
        operation = rule.operation.value.title().replace(
            "_", ""
        )  # DESCRIBE_CONFIGS → DescribeConfigs
        grouped[rule.principal, operation, rule.resource_type, rule.pattern_type].append(
            rule.resource_name
        )
    commands = []
    for (principal, operation, resource_type, pattern_type), names in sorted(grouped.items()):
        if resource_type is ResourceType.CLUSTER:
            resources = ["--cluster"]
        else:
            resources = [arg for name in names for arg in (_RESOURCE_OPTION[resource_type], name)]
        pattern = ["--resource-pattern-type", pattern_type.value.lower()]
        commands.append(
            ["--add", "--allow-principal", f"User:{principal}", "--operation", operation,
             *resources, *pattern]
        )  # fmt: skip
    return commands


def acl_script() -> str:
    """Every ACL of the topology, added as the super user (``AclCommand`` adds idempotently).

    The commands run one after the other: each is a JVM, and the machine may be small.
    """
    lines = [
        "#!/bin/sh",
        "# Generated by `jobpeak-devstack cluster-up` from jobpeak_runtime.provisioning.topology.",
        "set -eu",
        "acl() {",
        "  java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \\",
        "    -Dlog4j2.configurationFile=/cluster/state/tools-log4j2.properties \\",
        "    -cp '/opt/kafka/libs/*' org.apache.kafka.tools.AclCommand \\",
        f"    --bootstrap-server {INTERNAL_BOOTSTRAP} \\",
        '    --command-config /cluster/state/super-user.properties "$@" > /dev/null',
        "}",
    ]
    rules = acl_rules()
    lines += [f"acl {shlex.join(command)}" for command in acl_commands(rules)]
    lines.append(f'echo "provisioned {len(rules)} ACL rules"')
    return "\n".join(lines) + "\n"


def topic_admin_environment(password: str) -> dict[str, str]:
    """The environment of the one-shot ``jobpeak-admin topics apply`` job: the topic-admin
    principal and the cluster's topic shape (RF 3, ``min.insync.replicas`` 2, a week's retention);
    the job creates what is missing and fails if an existing topic differs."""
    return {
        "JOBPEAK_ADMIN_KAFKA_BOOTSTRAP": INTERNAL_BOOTSTRAP,
        "JOBPEAK_ADMIN_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "JOBPEAK_ADMIN_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "JOBPEAK_ADMIN_KAFKA_SASL_USERNAME": ADMIN_PRINCIPAL,
        "JOBPEAK_ADMIN_KAFKA_SASL_PASSWORD": password,
        "JOBPEAK_ADMIN_TOPIC_PARTITIONS": str(PARTITIONS),
        "JOBPEAK_ADMIN_TOPIC_REPLICATION_FACTOR": str(REPLICATION_FACTOR),
        "JOBPEAK_ADMIN_TOPIC_MIN_INSYNC_REPLICAS": str(MIN_INSYNC_REPLICAS),
        "JOBPEAK_ADMIN_TOPIC_RETENTION_MS": str(EVENT_RETENTION_MS),
    }


def client_properties(user: str, password: str) -> str:
    return (
        "security.protocol=SASL_PLAINTEXT\n"
        "sasl.mechanism=SCRAM-SHA-512\n"
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
        f'username="{user}" password="{password}";\n'
    )


TOOLS_LOG4J2 = """\
status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.console.ref = console
"""

INIT_DATABASES = """\
#!/bin/sh
# One role and one database per service (passwords from postgres.env); idempotent.
set -eu
export PGHOST=postgres PGUSER=postgres
for service in {services}; do
  password=$(printenv "$(echo "$service" | tr a-z A-Z)_DB_PASSWORD")
  psql -v ON_ERROR_STOP=1 -q -d postgres <<SQL
SELECT 'CREATE ROLE $service LOGIN'
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$service')\\gexec
ALTER ROLE $service PASSWORD '$password';
SELECT 'CREATE DATABASE jobpeak_$service OWNER $service'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'jobpeak_$service')\\gexec
SQL
done
echo "databases ready: {services}"
"""


def write_state(state: Path) -> ClusterSecrets:
    """Generate (or keep) the secrets and write every file the Compose project reads."""
    cluster = ClusterSecrets.load_or_generate(state / "secrets.json")
    scram_users = " ".join(
        f"{name}={password}" for name, password in cluster.kafka.items() if name != SUPER_USER
    )
    files = {
        "compose.env": _env_file(
            {
                "POSTGRES_PASSWORD": cluster.postgres["postgres"],
                **{
                    f"KAFKA_{node}_HOST_PORT": str(port)
                    for node, port in enumerate(kafka_host_ports(), start=1)
                },
            }
        ),
        "kafka.env": _env_file(
            {
                "KAFKA_CLUSTER_ID": KAFKA_CLUSTER_ID,
                "KAFKA_ADMIN_PASSWORD": cluster.kafka[SUPER_USER],
                "KAFKA_SCRAM_USERS": scram_users,
                "KAFKA_HEAP": "-Xms256m -Xmx768m",
            }
        ),
        "postgres.env": _env_file(
            {
                "PGPASSWORD": cluster.postgres["postgres"],
                **{f"{s.upper()}_DB_PASSWORD": cluster.postgres[s] for s in SERVICES},
            }
        ),
        "super-user.properties": client_properties(SUPER_USER, cluster.kafka[SUPER_USER]),
        "topic-admin.env": _env_file(topic_admin_environment(cluster.kafka[ADMIN_PRINCIPAL])),
        **{f"{s}.env": _env_file(service_environment(s, cluster)) for s in SERVICES},
    }
    for name, text in files.items():
        _write_private(state / name, text)
    if os.geteuid() == 0:  # the provisioning job runs as the Kafka image's user, nobody
        os.chown(state / "super-user.properties", KAFKA_IMAGE_UID, KAFKA_IMAGE_UID)
    public = {
        "init-databases.sh": INIT_DATABASES.format(services=" ".join(SERVICES)),
        "provision-acls.sh": acl_script(),
        "tools-log4j2.properties": TOOLS_LOG4J2,
    }
    for name, text in public.items():
        (state / name).write_text(text)
    return cluster
