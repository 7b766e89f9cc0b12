"""Finding a service's Alembic versions in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

import pytest
from jobpeak_runtime.migrate import service_migrations

pytestmark = pytest.mark.unit


def test_a_source_checkout_keeps_them_beside_src(tmp_path: Path) -> None:
    package = tmp_path / "services" / "billing" / "src" / "jobpeak_billing"
    package.mkdir(parents=True)

    assert (
        service_migrations(package) == tmp_path / "services" / "billing" / "migrations" / "versions"
    )


def test_a_wheel_ships_them_inside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "jobpeak_billing"
    (package / "migrations" / "versions").mkdir(parents=True)

    assert service_migrations(package) == package / "migrations" / "versions"


@pytest.mark.parametrize("service", ["catalog", "testing", "billing", "matching"])
def test_every_service_keeps_its_versions_beside_its_sources(service: str) -> None:
    root = Path(__file__).resolve().parents[2]
    package = root / "services" / service / "src" / f"jobpeak_{service}"

    versions = service_migrations(package)

    assert versions == root / "services" / service / "migrations" / "versions"
    assert list(versions.glob("*.py")), f"{versions} holds no revisions"
