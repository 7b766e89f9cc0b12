"""``python -m jobpeak_testing`` serves the testing service's API and consumes its events."""

from __future__ import annotations

from jobpeak_runtime.service import serve

from jobpeak_testing.app import build_app
from jobpeak_testing.settings import TestingSettings


def main() -> None:
    serve(build_app(TestingSettings()))  # required values come from the environment


if __name__ == "__main__":
    main()
