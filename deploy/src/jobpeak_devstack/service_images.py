"""One image per service, plus the load balancer's: the second half of ``make images``.

Each service image is built from ``deploy/images/service.Dockerfile`` with a build context made
here that holds only what ``uv sync --frozen --no-dev --package jobpeak-<service>`` needs: the
workspace manifests and lock (``manifests/``, one cached dependency layer) and the sources
(every file git does not ignore, tests left out) of the service and its workspace dependencies
(``sources/``). Nothing is pulled: the base is the debootstrap image ``images.py`` makes, uv is
the host's own binary, and the build stage trusts the host's CA bundle to reach the Python
package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from jobpeak_devstack.config import repository_root
from jobpeak_devstack.images import BASE_IMAGE, ImageBuilder
from jobpeak_devstack.platform import SERVICE_NAMES
from jobpeak_devstack.stack import LocalStack

IMAGES_DIR = repository_root() / "deploy" / "images"
HAPROXY_IMAGE = f"jobpeak/haproxy:{BASE_IMAGE.partition(':')[2]}"
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
# Workspace members a service image installs beside the service itself.
SHARED_MEMBERS = ("contracts", "runtime")


def service_version(service: str) -> str:
    pyproject = repository_root() / "services" / service / "pyproject.toml"
    return str(tomllib.loads(pyproject.read_text())["project"]["version"])


def service_image(service: str) -> str:
    return f"jobpeak/{service}:{service_version(service)}"


def git_revision() -> str:
    """The commit being built, ``-dirty`` when the work tree differs from it."""
    root = repository_root()

    def git(*arguments: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *arguments], check=True, capture_output=True, text=True
        ).stdout.strip()

    revision = git("rev-parse", "HEAD")
    return f"{revision}-dirty" if git("status", "--porcelain", "--untracked-files=no") else revision


def _unignored_files(*pathspecs: str) -> list[str]:
    listed = subprocess.run(
        [
            "git",
            "-C",
            str(repository_root()),
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            *pathspecs,
        ],
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [path for path in listed.split("\0") if path and "/tests/" not in f"/{path}"]


def _copy(paths: list[str], target: Path) -> None:
    root = repository_root()
    for path in paths:
        source = root / path
        if source.is_file():  # listed but deleted in the work tree: skip
            destination = target / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def fill_service_context(context: Path, service: str) -> None:
    """Lay out ``context`` for ``service.Dockerfile`` (see the module docstring)."""
    _copy(
        ["uv.lock", *_unignored_files("pyproject.toml", "*/pyproject.toml")], context / "manifests"
    )
    members = [*SHARED_MEMBERS, f"services/{service}"]
    _copy(_unignored_files(*members), context / "sources")
    image = context / "sources" / "image"
    image.mkdir()
    for name in ("jobpeak_image.py", "entrypoint"):
        shutil.copy2(IMAGES_DIR / name, image / name)
    uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    shutil.copy2(uv, context / "uv")
    shutil.copy2(CA_BUNDLE, context / "ca-certificates.crt")


class ServiceImageBuilder(ImageBuilder):
    def service(self, service: str) -> None:
        dockerfile = (IMAGES_DIR / "service.Dockerfile").read_text()
        with self._context(service, dockerfile) as context:
            fill_service_context(context, service)
            self._build(
                context,
                service_image(service),
                buildargs={
                    "SERVICE": service,
                    "SERVICE_PACKAGES": " ".join(f"--package jobpeak-{n}" for n in SERVICE_NAMES),
                    "VERSION": service_version(service),
                    "REVISION": git_revision(),
                    "BASE_IMAGE": BASE_IMAGE,
                },
            )

    def haproxy(self) -> None:
        dockerfile = (IMAGES_DIR / "haproxy.Dockerfile").read_text()
        with self._context("haproxy", dockerfile) as context:
            self._build(context, HAPROXY_IMAGE, buildargs={"BASE_IMAGE": BASE_IMAGE})

    def build_platform(self) -> dict[str, float]:
        """The infrastructure images, the load balancer, then every service image."""
        seconds = self.build_all()
        builds: list[tuple[str, Callable[[], None]]] = [(HAPROXY_IMAGE, self.haproxy)]
        builds += [(service_image(name), partial(self.service, name)) for name in SERVICE_NAMES]
        for tag, build in builds:
            started = time.monotonic()
            build()
            seconds[tag] = time.monotonic() - started
            print(f"[images] {tag:<30} ready ({seconds[tag]:.1f}s)", flush=True)
        return seconds


def build_platform_images(stack: LocalStack) -> dict[str, float]:
    import docker  # noqa: PLC0415 - only with an engine

    client = docker.from_env(timeout=int(os.environ.get("JOBPEAK_DOCKER_TIMEOUT", "600")))
    try:
        return ServiceImageBuilder(stack, client).build_platform()
    finally:
        client.close()
