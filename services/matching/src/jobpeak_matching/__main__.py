"""``python -m jobpeak_matching`` serves the API, consumes events and runs the periodic tasks."""

from __future__ import annotations

from jobpeak_runtime.service import serve

from jobpeak_matching.app import build_app
from jobpeak_matching.settings import MatchingSettings


def main() -> None:
    serve(build_app(MatchingSettings()))  # required values come from the environment


if __name__ == "__main__":
    main()
