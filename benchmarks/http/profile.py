"""Where a service spends its CPU under load: py-spy samples one process, the top frames.

py-spy (``record --format raw``) writes one line per distinct stack, "frame;frame;...;frame
count", idle threads left out. A frame's *self* share counts the samples where it was running;
its *inclusive* share those where it was anywhere on the stack (once per stack). The inclusive
table keeps the platform's own frames (``jobpeak_*``): the framework's are on every request's
stack and say little.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Profile:
    samples: int
    self_time: list[tuple[str, float]]
    inclusive: list[tuple[str, float]]

    def markdown(self, *, title: str, top: int = 10) -> str:
        lines = [f"**{title}** ({self.samples} samples)", ""]
        tables = (("self", self.self_time), ("inclusive, jobpeak frames", self.inclusive))
        for heading, rows in tables:
            lines += [f"| {heading} share | frame |", "|---|---|"]
            lines += [f"| {share:.1%} | `{frame}` |" for frame, share in rows[:top]]
            lines.append("")
        return "\n".join(lines)


def read_collapsed(text: str) -> Profile:
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            anywhere[frame] += count
    if total == 0:
        return Profile(samples=0, self_time=[], inclusive=[])
    # The frames on (nearly) every stack of the busiest thread - runpy, the server's run(), the
    # event loop - say nothing; keep those below 90% of the commonest frame's count.
    top = anywhere.most_common(1)[0][1]
    telling = [
        (f, n / total) for f, n in anywhere.most_common() if n < 0.9 * top and "jobpeak_" in f
    ]
    return Profile(
        samples=total,
        self_time=[(f, n / total) for f, n in own.most_common()],
        inclusive=telling,
    )


def py_spy() -> str:
    return shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))


async def sample(pid: int, *, seconds: float, output: Path) -> Profile:
    """Sample ``pid`` for ``seconds`` (100 Hz, without pausing it); the raw stacks go to
    ``output``."""
    child = await asyncio.create_subprocess_exec(
        py_spy(), "record", "--pid", str(pid), "--duration", f"{seconds:.0f}", "--rate", "100",
        "--nonblocking", "--format", "raw", "--output", str(output),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, errors = await asyncio.wait_for(child.communicate(), timeout=seconds + 30)
    if child.returncode != 0:
        raise RuntimeError(f"py-spy failed: {errors.decode()[-300:]}")
    return read_collapsed(await asyncio.to_thread(output.read_text))
