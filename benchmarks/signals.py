"""What every benchmark script that starts servers does when the suite stops it."""

from __future__ import annotations

import signal


def stop_on_sigterm() -> None:
    """The suite stops a late benchmark with SIGTERM: unwind so servers and databases go."""

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
