"""The whole local stack: Kafka, PostgreSQL and stripe-mock, started and stopped together."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from jobpeak_devstack.config import StackConfig, load_config
from jobpeak_devstack.kafka import Kafka
from jobpeak_devstack.port_checks import PortNeed
from jobpeak_devstack.postgres import Postgres
from jobpeak_devstack.stripe_mock import StripeMock


@dataclass(frozen=True)
class Endpoints:
    kafka_bootstrap: str
    postgres_admin_url: str
    stripe_api_base: str


class LocalStack:
    def __init__(self, config: StackConfig | None = None) -> None:
        self.config = config or load_config()
        self.kafka = Kafka(self.config)
        self.postgres = Postgres(self.config)
        self.stripe_mock = StripeMock(self.config)

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints(
            kafka_bootstrap=self.config.kafka_bootstrap,
            postgres_admin_url=self.config.postgres_admin_url,
            stripe_api_base=self.config.stripe_api_base,
        )

    def up(self) -> Endpoints:
        """Start whatever is not running; harmless when everything already is."""
        with ThreadPoolExecutor(max_workers=3) as pool:
            futures = [
                pool.submit(part.start) for part in (self.kafka, self.postgres, self.stripe_mock)
            ]
            for future in futures:
                future.result()
        return self.endpoints

    def port_needs(self) -> list[PortNeed]:
        """The ports of Kafka, PostgreSQL and stripe-mock, each with the setting that moves it."""
        config = self.config

        def kafka_runs() -> bool:
            return self.kafka.running_pid() is not None

        def stripe_runs() -> bool:
            return self.stripe_mock.running_pid() is not None

        return [
            PortNeed(config.kafka_port, "Kafka", "JOBPEAK_KAFKA_PORT", kafka_runs),
            PortNeed(
                config.kafka_controller_port,
                "Kafka's controller",
                "JOBPEAK_KAFKA_CONTROLLER_PORT",
                kafka_runs,
            ),
            PortNeed(
                config.postgres_port,
                "PostgreSQL",
                "JOBPEAK_POSTGRES_PORT",
                self.postgres.is_running,
            ),
            PortNeed(
                config.stripe_mock_port, "stripe-mock", "JOBPEAK_STRIPE_MOCK_PORT", stripe_runs
            ),
            PortNeed(
                config.stripe_mock_https_port,
                "stripe-mock (HTTPS)",
                "JOBPEAK_STRIPE_MOCK_HTTPS_PORT",
                stripe_runs,
            ),
        ]

    def down(self) -> None:
        self.stripe_mock.stop()
        self.kafka.stop()
        self.postgres.stop()

    def status(self) -> dict[str, str]:
        def describe(up: bool, where: str) -> str:
            return f"up   {where}" if up else f"down {where}"

        return {
            "kafka": describe(self.kafka.running_pid() is not None and self.kafka.is_ready(),
                              self.config.kafka_bootstrap),
            "postgres": describe(self.postgres.is_running(), self.config.postgres_admin_url),
            "stripe-mock": describe(self.stripe_mock.is_ready(), self.config.stripe_api_base),
        }  # fmt: skip
