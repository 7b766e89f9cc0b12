"""Repository-wide pytest set-up: real-infrastructure fixtures for every test directory."""

pytest_plugins = ["jobpeak_devstack.pytest_plugin"]
