"""Checks of the Coding question bank: loading, lint, proof by execution and the generated report.

Run everything with ``uv run pytest -p no:cacheprovider --import-mode=importlib tests/bank``;
select one language with ``-k go`` (test ids read ``<language>:<question id>``) and regenerate
``docs/question-bank.md`` with ``uv run python -m tests.bank.report``.
"""
