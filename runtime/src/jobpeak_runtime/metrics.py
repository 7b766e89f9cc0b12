"""Prometheus metrics of one service process, in a registry of its own.

A registry per process (not the library's global one) lets tests build many services in one
interpreter. Consumer lag and outbox backlog are measured when ``/metrics`` is scraped; counters and
the handler-latency histogram are updated as events flow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from jobpeak_runtime.checks import Check, run_checks
from jobpeak_runtime.logging import get_logger

_log = get_logger(__name__)

LagSource = Callable[[], dict[tuple[str, int], int]]
"""Returns the current lag per (topic, partition)."""
BacklogSource = Callable[[], Awaitable[int]]


class RuntimeMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.handler_seconds = Histogram(
            "jobpeak_handler_seconds",
            "Time to handle one consumed record, retries included, by outcome.",
            ["topic", "outcome"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.dead_letters = Counter(
            "jobpeak_dead_letters",
            "Records sent to a dead-letter topic.",
            ["topic"],
            registry=self.registry,
        )
        self.skipped = Counter(
            "jobpeak_records_skipped",
            "Consumed records deliberately not handled, by reason.",
            ["topic", "reason"],
            registry=self.registry,
        )
        self.handler_retries = Counter(
            "jobpeak_handler_retries",
            "Failed handler attempts that were retried.",
            ["topic"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "jobpeak_http_rate_limited",
            "Requests refused with 429 because their caller was over a limit, by route class.",
            ["route_class"],
            registry=self.registry,
        )
        self.outbox_published = Counter(
            "jobpeak_outbox_published",
            "Outbox rows published to Kafka by the relay.",
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "jobpeak_outbox_backlog",
            "Outbox rows committed but not yet published.",
            registry=self.registry,
        )
        self.consumer_lag = Gauge(
            "jobpeak_consumer_lag",
            "Records on the broker not yet handled, per topic partition.",
            ["topic", "partition"],
            registry=self.registry,
        )
        self.dependency_up = Gauge(
            "jobpeak_dependency_up",
            "1 if the dependency answered at this scrape, else 0.",
            ["dependency"],
            registry=self.registry,
        )
        self._handler_timers: dict[tuple[str, str], Histogram] = {}
        self._dependency_checks: dict[str, Check] = {}
        self._lag_sources: list[LagSource] = []
        self._backlog_source: BacklogSource | None = None

    def observe_handling(self, *, topic: str, outcome: str, seconds: float) -> None:
        """One record's handling time; the labelled child is looked up once per topic and
        outcome (``labels()`` per record was a measurable share of the consumer, issue 19 B1)."""
        timer = self._handler_timers.get((topic, outcome))
        if timer is None:
            timer = self.handler_seconds.labels(topic=topic, outcome=outcome)
            self._handler_timers[(topic, outcome)] = timer
        timer.observe(seconds)

    def add_lag_source(self, source: LagSource) -> None:
        self._lag_sources.append(source)

    def count_rate_limited(self, route_class: str) -> None:
        self.rate_limited.labels(route_class).inc()

    def set_backlog_source(self, source: BacklogSource) -> None:
        self._backlog_source = source

    def add_dependency_check(self, name: str, check: Check) -> None:
        self._dependency_checks[name] = check

    async def render(self) -> bytes:
        """Refresh the scrape-time gauges and render the text exposition format."""
        if self._backlog_source is not None:
            try:
                self.outbox_backlog.set(await self._backlog_source())
            except Exception as error:  # the database is down: keep the last value
                _log.warning("outbox backlog unavailable", error=repr(error))
        for name, result in (await run_checks(self._dependency_checks)).items():
            self.dependency_up.labels(dependency=name).set(1 if result == "ok" else 0)
        self.consumer_lag.clear()
        for source in self._lag_sources:
            for (topic, partition), lag in source().items():
                self.consumer_lag.labels(topic=topic, partition=str(partition)).set(lag)
        return generate_latest(self.registry)
