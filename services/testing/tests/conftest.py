"""Puts the repository root on ``sys.path`` so tests import their helpers by full path.

With ``--import-mode=importlib`` no test directory is on ``sys.path``; the helpers are imported as
``services.testing.tests.samples``, a name no other member can shadow.
"""

from __future__ import annotations

import sys
from pathlib import Path

_REPO_ROOT = str(Path(__file__).resolve().parents[3])
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)
