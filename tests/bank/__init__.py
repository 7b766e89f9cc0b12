"""Checks of the Coding question bank: loading, lint, proof by execution and the generated report.

Two pools are checked: certification (``seed/coding/questions``, the 150 items the catalog loads)
and practice (``seed/coding/practice``, ids ``cod-<code>-pNN``, never shown in a certification).
Per-item lint and proofs cover both; the 150-item and strata rules apply to certification only,
and ``test_practice.py`` holds the practice pool's own rules. Its figures print after every run.

Run everything with ``uv run pytest -p no:cacheprovider --import-mode=importlib tests/bank``.
Test ids read ``<language>:<question id>``, so ``-k go`` selects the Go questions (``-k "java:"``
keeps Java apart from JavaScript); ``-m unit`` skips the PostgreSQL cases, ``-m integration``
runs only them. Toolchains come from ``deploy/bin/ensure-bank-toolchain``. Environment knobs:
``JOBPEAK_BANK_WORKERS`` (default 2), ``JOBPEAK_BANK_CACHE`` (default ``.cache/bank``) and
``JOBPEAK_BANK_POSTGRES_URL`` (default: the devstack's ``postgres_admin_url``).
Regenerate ``docs/question-bank.md`` with ``uv run python -m tests.bank.report``.
"""
