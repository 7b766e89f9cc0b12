"""`jobpeak-admin topics` against the running broker, on topics of a unique prefix."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from jobpeak_contracts.topics import BILLING_PAYMENTS, CATALOG_QUESTION_BANK
from jobpeak_runtime.provisioning.cli import main
from jobpeak_runtime.provisioning.settings import ProvisioningSettings
from jobpeak_runtime.provisioning.topics import (
    apply_topics,
    check_topics,
    wait_until_described,
)

pytestmark = pytest.mark.integration


@pytest.fixture
async def settings(
    kafka_bootstrap: str, topic_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[ProvisioningSettings]:
    """Settings for this test's prefix (also in the environment, for the CLI); topics dropped."""
    monkeypatch.setenv("JOBPEAK_ADMIN_KAFKA_BOOTSTRAP", kafka_bootstrap)
    monkeypatch.setenv("JOBPEAK_ADMIN_TOPIC_PREFIX", topic_prefix)
    monkeypatch.setenv("JOBPEAK_ADMIN_TOPIC_RETENTION_MS", "86400000")
    yield ProvisioningSettings()
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        ours = [name for name in await admin.list_topics() if name.startswith(topic_prefix)]
        if ours:
            await admin.delete_topics(ours)
    finally:
        await admin.close()


async def test_apply_creates_every_topic_then_check_finds_them_as_specified(
    settings: ProvisioningSettings,
) -> None:
    options, specs = settings.kafka_client_options(), settings.topic_specs()

    before = await check_topics(client_options=options, specs=specs)
    assert sorted(before.missing) == sorted(spec.name for spec in specs)
    assert not before.ok

    applied = await apply_topics(client_options=options, specs=specs)
    assert sorted(applied.created) == sorted(spec.name for spec in specs)
    assert applied.ok, applied.lines()

    after = await check_topics(client_options=options, specs=specs)
    assert after.ok, after.lines()
    assert sorted(after.matching) == sorted(spec.name for spec in specs)


async def test_an_existing_topic_with_other_settings_is_reported_not_changed(
    settings: ProvisioningSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    payments = settings.topic_prefix + BILLING_PAYMENTS.name
    bank = settings.topic_prefix + CATALOG_QUESTION_BANK.name
    admin = AIOKafkaAdminClient(**settings.kafka_client_options())
    await admin.start()
    try:
        await admin.create_topics(
            [
                NewTopic(name=payments, num_partitions=1, replication_factor=1),
                NewTopic(
                    name=bank,
                    num_partitions=settings.topic_partitions,
                    replication_factor=1,
                    topic_configs={"cleanup.policy": "delete", "min.insync.replicas": "1"},
                ),
            ]
        )
        await wait_until_described(admin, {payments, bank})
    finally:
        await admin.close()

    with pytest.raises(SystemExit) as exited:
        await _run_cli(["topics", "apply"])

    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert f"{payments}: partitions is 1, expected {settings.topic_partitions}" in out
    assert f"{payments}: retention.ms is 604800000, expected 86400000" in out
    assert f"{bank}: cleanup.policy is delete, expected compact" in out
    assert f"{bank}.dlq: created" in out
    report = await check_topics(
        client_options=settings.kafka_client_options(), specs=settings.topic_specs()
    )
    assert not report.missing
    assert {problem.topic for problem in report.problems} == {payments, bank}


async def _run_cli(argv: list[str]) -> None:
    """Run the command in a worker thread: it starts its own event loop."""
    await asyncio.to_thread(main, argv)
