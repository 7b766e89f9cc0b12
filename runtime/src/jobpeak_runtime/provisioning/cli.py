"""``jobpeak-admin``: provision the platform's Kafka topics and render its cluster resources.

::

    jobpeak-admin topics check       # exit 1 if a topic is missing or differs from the topology
    jobpeak-admin topics apply       # create the missing ones; exit 1 if an existing one differs
    jobpeak-admin render strimzi     # KafkaTopic + KafkaUser resources (deploy/k8s/base/kafka)
    jobpeak-admin render kafka-acls  # one `kafka-acls` argument list per ACL rule
    jobpeak-admin render topic-env   # JOBPEAK_ADMIN_TOPIC_* of the production shape
    jobpeak-admin docs settings FILE [--check]  # regenerate FILE's settings tables

Settings come from ``JOBPEAK_ADMIN_*`` (:class:`ProvisioningSettings`). ACLs cannot be applied
from here: aiokafka's admin client has no ACL calls, so Strimzi's User Operator (Kubernetes) or
the ``kafka-acls`` tool (compose cluster) applies the rendered rules.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from jobpeak_runtime.provisioning.settings import ProvisioningSettings
from jobpeak_runtime.provisioning.settings_doc import update_settings_tables
from jobpeak_runtime.provisioning.strimzi import render_kafka_acls, render_strimzi
from jobpeak_runtime.provisioning.topics import TopicReport, apply_topics, check_topics
from jobpeak_runtime.provisioning.topology import PRODUCTION_SHAPE, TopicShape

EXIT_DIFFERENT = 1


def topic_env(shape: TopicShape = PRODUCTION_SHAPE) -> str:
    """The environment that makes ``topics apply`` create topics of ``shape``."""
    values = {
        "TOPIC_PARTITIONS": shape.partitions,
        "TOPIC_REPLICATION_FACTOR": shape.replication_factor,
        "TOPIC_MIN_INSYNC_REPLICAS": shape.min_insync_replicas,
        "TOPIC_RETENTION_MS": shape.retention_ms,
        "DLQ_RETENTION_MS": shape.dlq_retention_ms,
    }
    return "".join(
        f"JOBPEAK_ADMIN_{name}={value}\n" for name, value in values.items() if value is not None
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="jobpeak-admin", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="group", required=True)
    topics = commands.add_parser("topics", help="create or check the platform topics")
    topics.add_argument("action", choices=["check", "apply"])
    render = commands.add_parser("render", help="print resources generated from the topology")
    render.add_argument("what", choices=["strimzi", "kafka-acls", "topic-env"])
    render.add_argument("--prefix", default="", help="topic and group prefix (default none)")
    docs = commands.add_parser("docs", help="regenerate generated parts of a document")
    docs.add_argument("what", choices=["settings"])
    docs.add_argument("file", type=Path)
    docs.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    arguments = parser.parse_args(argv)

    if arguments.group == "docs":
        _update_document(arguments.file, check=arguments.check)
        return

    if arguments.group == "render":
        if arguments.what == "strimzi":
            sys.stdout.write(render_strimzi(prefix=arguments.prefix))
        elif arguments.what == "kafka-acls":
            sys.stdout.write(render_kafka_acls(prefix=arguments.prefix))
        else:
            sys.stdout.write(topic_env())
        return
    settings = ProvisioningSettings()
    act = apply_topics if arguments.action == "apply" else check_topics
    report = asyncio.run(
        act(client_options=settings.kafka_client_options(), specs=settings.topic_specs())
    )
    _print(report)
    if not report.ok:
        raise SystemExit(EXIT_DIFFERENT)


def _update_document(path: Path, *, check: bool) -> None:
    current = path.read_text()
    updated = update_settings_tables(current)
    if updated == current:
        return
    if check:
        print(f"{path}: settings tables are stale; run `make k8s-generate`", file=sys.stderr)
        raise SystemExit(EXIT_DIFFERENT)
    path.write_text(updated)
    print(f"{path}: settings tables regenerated")


def _print(report: TopicReport) -> None:
    for line in report.lines():
        print(line)
    summary = (
        f"{len(report.matching)} ok, {len(report.created)} created, "
        f"{len(report.missing)} missing, {len(report.problems)} problems"
    )
    print(summary, file=sys.stderr if not report.ok else sys.stdout)


if __name__ == "__main__":
    main()
