"""Build hook: compile the drawing and grading kernels with mypyc (ADR 11).

``src/jobpeak_testing/domain/kernels.py`` is compiled on its own, under the top-level name
``_jobpeak_testing_kernels``, into every wheel this project builds: the editable one that
``uv sync`` installs as well as a release wheel, so tests, benchmarks and production run the same
machine code. The source stays in the package as the fallback that
``jobpeak_testing.domain.compiled`` imports when the extension is missing, which is what a build
without a C compiler, or one with ``JOBPEAK_PURE_PYTHON=1``, produces (with a warning).
uv rebuilds the project when the kernels change (``tool.uv.cache-keys``), so an edit never runs
against a stale extension.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

KERNELS_SOURCE = Path("src/jobpeak_testing/domain/kernels.py")
MODULE = "_jobpeak_testing_kernels"


class KernelsBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    _workdir: Path | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get("JOBPEAK_PURE_PYTHON") == "1":
            self.app.display_info("JOBPEAK_PURE_PYTHON=1: the kernels stay pure Python")
            return
        self._workdir = Path(tempfile.mkdtemp(prefix="jobpeak-kernels-"))
        shutil.copyfile(Path(self.root) / KERNELS_SOURCE, self._workdir / f"{MODULE}.py")
        compiled = subprocess.run(
            [sys.executable, "-m", "mypyc", f"{MODULE}.py"],
            cwd=self._workdir,
            capture_output=True,
            text=True,
            check=False,
        )
        extensions = sorted(self._workdir.glob(f"{MODULE}.*.so"))
        if compiled.returncode != 0 or not extensions:
            self.app.display_warning(
                f"mypyc could not compile {KERNELS_SOURCE}; the kernels stay pure Python "
                f"(slower, same results):\n{compiled.stdout[-2000:]}{compiled.stderr[-2000:]}"
            )
            return
        target = "force_include_editable" if version == "editable" else "force_include"
        build_data[target][str(extensions[0])] = extensions[0].name
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
