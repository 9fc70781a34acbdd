"""docs/api.md is a walk through the public API on the bundled corpus: run it, so it cannot go stale."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_api_walkthrough_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the page builds into ./output and writes ./article.txt
    result = doctest.testfile(str(DOC), module_relative=False, report=True,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 30, "docs/api.md lost its examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/api.md fail (see above)"
