"""The rendered manifests pass the Kubernetes schemas and kube-score, offline."""

from __future__ import annotations

import subprocess
from typing import Any

import kubernetes_validate
import pytest
from jobpeak_runtime.provisioning.strimzi import render_strimzi

from tests.k8s.conftest import K8S, OVERLAYS, REPO

pytestmark = pytest.mark.unit

KUBERNETES_VERSION = "1.32"
"""The oldest Kubernetes the manifests target (sidecar-free, policy/v1, autoscaling/v2)."""
CUSTOM_GROUPS = ("kafka.strimzi.io/", "keda.sh/")


def test_the_strimzi_resources_are_exactly_what_the_topology_renders() -> None:
    committed = (K8S / "base" / "kafka" / "generated.yaml").read_text()
    assert committed == render_strimzi(), (
        "deploy/k8s/base/kafka/generated.yaml is stale: run `make k8s-generate`"
    )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_builtin_resource_matches_the_kubernetes_schema(
    overlay: str, resources: dict[str, list[dict[str, Any]]]
) -> None:
    builtin = [r for r in resources[overlay] if not r["apiVersion"].startswith(CUSTOM_GROUPS)]
    assert len(builtin) > 20
    for resource in builtin:
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


@pytest.mark.timeout(900)  # the first run on a fresh machine builds kube-score (minutes)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kube_score_finds_nothing_critical(overlay: str, rendered: dict[str, str]) -> None:
    kube_score = subprocess.run(
        [str(REPO / "deploy" / "bin" / "ensure-kube-score")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    result = subprocess.run(
        [kube_score, "score", "--output-format", "ci", "-"],
        input=rendered[overlay],
        capture_output=True,
        text=True,
        check=False,
    )
    critical = [line for line in result.stdout.splitlines() if line.startswith("[CRITICAL]")]
    assert critical == [], "\n".join(critical)
    assert "[OK]" in result.stdout, result.stdout + result.stderr
