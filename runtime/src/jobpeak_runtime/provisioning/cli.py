"""``jobpeak-admin``: provision the platform's Kafka topics and render its cluster resources.

::

    jobpeak-admin topics check       # exit 1 if a topic is missing or differs from the topology
    jobpeak-admin topics apply       # create the missing ones; exit 1 if an existing one differs
    jobpeak-admin render strimzi     # KafkaTopic + KafkaUser resources (deploy/k8s/base/kafka)
    jobpeak-admin render kafka-acls  # one `kafka-acls` argument list per ACL rule
    jobpeak-admin render topic-env   # JOBPEAK_ADMIN_TOPIC_* of the production shape

Settings come from ``JOBPEAK_ADMIN_*`` (:class:`ProvisioningSettings`). ACLs cannot be applied
from here: aiokafka's admin client has no ACL calls, so Strimzi's User Operator (Kubernetes) or
the ``kafka-acls`` tool (compose cluster) applies the rendered rules.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from jobpeak_runtime.provisioning.settings import ProvisioningSettings
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
    arguments = parser.parse_args(argv)

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
