"""Run the item-statistics job against a private platform's topics and read back every record it
published on the public ``analytics.item-statistics.v1``, for a scan against the bank."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobpeak_contracts.envelope import Event, decode
from jobpeak_contracts.topics import ANALYTICS_ITEM_STATISTICS
from jobpeak_tap.cli import main as tap_main
from jobpeak_tap.itemstats_job import read_to_end


@dataclass(frozen=True)
class PublishedStatistic:
    """One record; its key is the payload's ``statistics_id`` (the contracts' encoding)."""

    headers: dict[str, str]
    payload: dict[str, Any]
    event: Event

    def texts(self) -> list[str]:
        """Every text of the record: header values and the payload (as JSON)."""
        return [*self.headers.values(), json.dumps(self.payload)]


async def publish_item_statistics(
    *, bootstrap: str, topic_prefix: str, state_dir: Path
) -> list[PublishedStatistic]:
    """``jobpeak-tap item-stats --publish`` over the platform's (synthetic) certification
    attempts with ``--min-n 1``, so every figure is published, not only ``n``; then every record
    of the statistics topic."""
    command = ["item-stats", "--bootstrap", bootstrap, "--topic-prefix", topic_prefix]
    command += ["--include-synthetic", "--min-n", "1", "--publish"]
    command += ["--out", str(state_dir / "item-statistics.json")]
    status = await asyncio.to_thread(tap_main, command)
    assert status == 0, f"item-stats exited {status}"
    topic = ANALYTICS_ITEM_STATISTICS.qualified_name(topic_prefix)
    records = await read_to_end(bootstrap=bootstrap, topic=topic)
    return [
        PublishedStatistic(
            headers={name: value.decode(errors="replace") for name, value in headers},
            payload=json.loads(value),
            event=decode(topic=topic, headers=headers, value=value).event,
        )
        for _, headers, value in records
    ]
