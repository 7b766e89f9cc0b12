"""The official JavaScript tooling, run on the generated documents.

``@asyncapi/parser`` (the parser behind the AsyncAPI CLI, Studio and generators) validates
``docs/asyncapi.json``, and ajv (JSON Schema 2020-12, unicode regular expressions) compiles every
``pattern`` in it and every committed schema, which proves they are ECMA-262 and usable outside
Python. The npm packages are pinned by the committed ``js/package-lock.json`` and installed with
``npm ci`` into the ignored ``.cache/node-validators/``, once, under a file lock so parallel runs
wait for one install. The folder is its own because ``npm ci`` deletes whatever its lock does not
list, which once removed the bank checks' TypeScript from ``.cache/node/``.

``python -m jobpeak_contracts_dev.node_validators`` installs if needed, validates, prints the
report and exits 1 on any error; with ``--install-only`` it only installs.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jobpeak_contracts_dev.files import default_asyncapi_path, default_schema_dir, repository_root

JS_DIR = Path(__file__).resolve().parents[2] / "js"
_MANIFESTS = ("package.json", "package-lock.json")
_STAMP = ".installed-package-lock.json"


def default_install_dir() -> Path:
    return repository_root() / ".cache" / "node-validators"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not on PATH; Node.js is required to validate the documents")
    return found


def ensure_installed(install_dir: Path | None = None) -> Path:
    """``install_dir`` holding the pinned packages; ``npm ci`` runs when the lock changed."""
    target = install_dir or default_install_dir()
    target.mkdir(parents=True, exist_ok=True)
    lock_text = (JS_DIR / "package-lock.json").read_text(encoding="utf-8")
    stamp = target / _STAMP
    with (target.parent / f"{target.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text(encoding="utf-8") == lock_text:
            return target
        for manifest in _MANIFESTS:
            shutil.copyfile(JS_DIR / manifest, target / manifest)
        quiet = ("--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
        subprocess.run([_tool("npm"), "ci", "--prefix", str(target), *quiet], check=True)
        stamp.write_text(lock_text, encoding="utf-8")
    return target


def validate(
    asyncapi: Path, schemas: Sequence[Path], *, install_dir: Path | None = None
) -> dict[str, Any]:
    """The report of ``js/validate_asyncapi.cjs``: parser errors, pattern and schema errors."""
    modules = ensure_installed(install_dir)
    completed = subprocess.run(
        [
            _tool("node"),
            str(JS_DIR / "validate_asyncapi.cjs"),
            str(modules),
            str(asyncapi),
            *(str(path) for path in schemas),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"the validator crashed: {completed.stderr.strip()}")
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


def error_count(report: dict[str, Any]) -> int:
    return sum(len(report[key]) for key in ("parser_errors", "pattern_errors", "schema_errors"))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--install-only"]:
        print(f"node validators in {ensure_installed()}")
        return 0
    schemas = sorted(default_schema_dir().glob("*.json"))
    report = validate(default_asyncapi_path(), schemas)
    print(json.dumps(report, indent=1))
    errors = error_count(report)
    print(
        f"@asyncapi/parser: {len(report['parser_errors'])} error(s), "
        f"{len(report['parser_warnings'])} warning(s); ajv: {report['patterns']} pattern(s), "
        f"{len(report['pattern_errors'])} not ECMA-262; {report['schemas_compiled']} of "
        f"{len(schemas)} schema(s) compiled",
        file=sys.stderr,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
