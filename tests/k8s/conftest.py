"""Rendering the Kubernetes overlays once per session (offline: `kubectl kustomize`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
OVERLAYS = ("production", "production-hpa")


def render(overlay: str) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail("kubectl is needed to render deploy/k8s (kubectl kustomize); install kubectl")
    return subprocess.run(
        [kubectl, "kustomize", str(K8S / "overlays" / overlay)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="session")
def rendered() -> dict[str, str]:
    """Each overlay's rendered YAML."""
    return {overlay: render(overlay) for overlay in OVERLAYS}


@pytest.fixture(scope="session")
def resources(rendered: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Each overlay's resources, parsed."""
    return {overlay: list(yaml.safe_load_all(text)) for overlay, text in rendered.items()}


def of_kind(documents: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    """The resources of ``kind``, by name."""
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}
