"""ruff and mypy run with the tests, so that one command checks everything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "ruff", "check", "graph", "cli", "ontology", "tests"],
    [sys.executable, "-m", "mypy", "graph"],
])
def test_static_checks_pass(command: list[str]) -> None:
    if shutil.which(command[2]) is None and subprocess.run([*command[:3], "--version"], capture_output=True).returncode:
        pytest.fail(f"{command[2]} is not installed: pip install -e '.[test]'")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
