"""Where the host's apt packages come from: the images are bootstrapped from the same mirror."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path


def apt_mirror(suite: str, sources: Sequence[Path] | None = None) -> str:
    """The host's apt mirror for ``suite`` (main), from /etc/apt/sources.list and sources.list.d."""
    if sources is None:
        apt = Path("/etc/apt")
        sources = [apt / "sources.list", *sorted((apt / "sources.list.d").glob("*"))]
    for path in sources:
        if not path.is_file():
            continue
        entries = _deb822_entries if path.suffix == ".sources" else _one_line_entries
        for uri, suites, components in entries(path.read_text()):
            if suite in suites and "main" in components:
                return uri
    raise RuntimeError(f"no apt source for Debian {suite} main in /etc/apt/sources.list*")


def _one_line_entries(text: str) -> Iterator[tuple[str, list[str], list[str]]]:
    for line in text.splitlines():
        fields = re.sub(r"\[[^]]*\]", " ", line.split("#", 1)[0]).split()
        if len(fields) >= 4 and fields[0] == "deb":
            yield fields[1], [fields[2]], fields[3:]


def _deb822_entries(text: str) -> Iterator[tuple[str, list[str], list[str]]]:
    for stanza in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        for line in stanza.splitlines():
            key, colon, value = line.partition(":")
            if colon and not line.startswith((" ", "#")):
                fields[key.strip().lower()] = value.strip()
        if "deb" in fields.get("types", "").split() and fields.get("enabled", "yes") != "no":
            for uri in fields.get("uris", "").split():
                yield uri, fields.get("suites", "").split(), fields.get("components", "").split()
