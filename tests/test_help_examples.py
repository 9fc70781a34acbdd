"""Every example a command's --help shows runs as shown (against the bundled corpus's store).

Examples that need something a test cannot take for granted (a file the user has, a running
server, a folder of their own sources) are listed in NEEDS_OUTSIDE with the reason, so a new
example is run unless someone decides otherwise.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import COMMANDS, main

NEEDS_OUTSIDE = {
    "tradekg build mine/ --with-bundled": "a folder of the user's own sources (tests/test_own_sources.py)",
    "tradekg build mine/ --out out": "a folder of the user's own sources (tests/test_own_sources.py)",
    "tradekg validate drafts/new-article.yaml --with-bundled": "a draft the user wrote",
    "tradekg ingest article.txt --date 2025-04-20 --publisher \"Financial Express\" -o article.yaml":
        "the user's article text",
    "tradekg validate article.yaml": "the draft written by the line above",
    "tradekg ingest article.txt --format json | jq '.claims[] | {kind, quote}'": "the user's article text, jq",
    "tradekg serve": "runs until stopped (tests/test_serve_*.py start it for real)",
    "tradekg push http://127.0.0.1:7878/store --replace": "a running triple store (tests/test_remote_*.py)",
    "tradekg query demands --store http://127.0.0.1:7878/query": "a running triple store",
}


def examples() -> list[str]:
    """The `tradekg ...` lines under 'Example' in the top-level and every command's help."""
    runner = CliRunner()
    found: list[str] = []
    for args in [[], *([name] for name in COMMANDS)]:
        text = runner.invoke(main, [*args, "--help"], terminal_width=200).output
        inside = False
        for line in text.splitlines():
            if "Example" in line:
                inside = True
                continue
            if inside and not line.strip():
                inside = False
            if inside and line.strip().startswith("tradekg"):
                found.append(re.sub(r"\s+#.*$", "", line.strip()))
    return list(dict.fromkeys(found))


def test_examples_are_found() -> None:
    lines = examples()
    assert "tradekg blockers india-technology-access-parity" in lines
    assert len(lines) >= 20
    assert set(NEEDS_OUTSIDE) <= set(lines), set(NEEDS_OUTSIDE) - set(lines)


@pytest.mark.parametrize("line", [line for line in examples() if line not in NEEDS_OUTSIDE])
def test_example_runs(line: str, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "output").mkdir()
    command = line.split(" | ")[0]  # `... | head` only trims what a person sees
    argv = shlex.split(command)[1:]
    if argv[0] not in ("build", "validate"):
        monkeypatch.setenv("TRADEKG_STORE", str(built / "store"))
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert result.exit_code == 0, (line, result.output)
    assert result.output.strip(), line
