"""Toolchain versions a stem names must be the ones its proof runs on (issue 16, item 7).

A stem that says "C++17" is proven by programs compiled as C++17 (``// std=c++17``); one that
says "Go 1.22" by programs pinned to it (``//go:build go1.22``). Fixed toolchains (Java, Node.js,
PostgreSQL, Python) are named only at the version the runners use.
"""

from __future__ import annotations

import re

from tests.bank.model import BankEntry
from tests.bank.runners import gxx_flags

RUNNER_VERSIONS = {"Java": "17", "Node.js": "20", "PostgreSQL": "15", "Python": "3.11"}
"""The version of each fixed toolchain the runners use (deploy/bin/ensure-bank-toolchain)."""
GO_TOOLCHAIN = "1.26"
"""The Go the runner builds with; a stem naming an older Go needs its programs pinned to it."""

_FIXED = re.compile(r"\b(Java|Node\.js|PostgreSQL|Python) (\d+(?:\.\d+)?)")
_CPP = re.compile(r"\bC\+\+(\d\d)\b")
_GO = re.compile(r"\b[Gg]o (1\.\d+)\b")


def version_problems(entry: BankEntry) -> list[str]:
    question = entry.question
    if question is None:
        return []
    stem = question.stem
    problems = [
        f"stem: names {tool} {version}, but the runners use {tool} {RUNNER_VERSIONS[tool]}"
        for tool, version in _FIXED.findall(stem)
        if not RUNNER_VERSIONS[tool].startswith(version) and question.section == "domain"
    ]
    verification = entry.runnable
    if verification is None:
        return problems
    programs = [case.program for case in verification.cases]
    for standard in set(_CPP.findall(stem)) if verification.runner == "cpp" else ():
        if any(f"-std=c++{standard}" not in gxx_flags(program) for program in programs):
            problems.append(
                f"stem: names C++{standard}; every case compiles as it (// std=c++{standard})"
            )
    for version in set(_GO.findall(stem)) - {GO_TOOLCHAIN} if verification.runner == "go" else ():
        if any(f"//go:build go{version}" not in program for program in programs):
            problems.append(
                f"stem: names Go {version}; every case pins it (//go:build go{version})"
            )
    return problems
