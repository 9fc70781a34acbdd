"""RELIABILITY.md: no command but push (and serve, listening on its own port) opens a network
connection. Each command that reads a local store runs in-process under an audit hook that
refuses any socket.connect; the same hook trips for push."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import COMMANDS, main

# Every registered command that works on local data, with argument vectors that exercise it
# ({store}: a built store, {tmp}: a scratch folder). A new command is added here when it lands,
# e.g. "path": [["path", "India", "United States", "--store", "{store}"]].
LOCAL_COMMANDS: dict[str, list[list[str]]] = {
    "build": [["build", "--out", "{tmp}/out"]],
    "validate": [["validate"]],
    "query": [["query", "demands", "--store", "{store}", "--format", "json"], ["query", "--list"],
              ["query", "demands"]],  # the default store, built on first use in the working folder
    "entities": [["entities", "india", "--store", "{store}"]],
    "path": [["path", "India", "Japan", "--store", "{store}"]],
    "view": [["view", "--focus", "India", "--radius", "2", "-o", "{tmp}/v.html", "--store", "{store}"],
             ["view", "--path", "India", "Japan", "-o", "{tmp}/p.html", "--store", "{store}"]],
    "ingest": [["ingest", "{corpus}/india-us-bta-tech-parity.txt", "-o", "{tmp}/draft.yaml"]],
    "blockers": [["blockers", "India", "--store", "{store}"]],
    "tradeoffs": [["tradeoffs", "India", "United States", "--store", "{store}"]],
    "timeline": [["timeline", "India", "--as-of", "2025-09-01", "--store", "{store}"]],
    "diff": [["diff", "2025-05-01", "2025-09-01", "--store", "{store}"],
             ["diff", "--sources", "india-us-bta-tech-parity", "r08-pti-tech-parity", "--store", "{store}"]],
    "measures": [["measures", "US", "India", "--on", "2025-09-01", "--store", "{store}"]],
    "conflicts": [["conflicts", "--store", "{store}"],
                  ["conflicts", "India", "--as-of", "2026-02-28", "--format", "json", "--store", "{store}"]],
    "status": [["status", "india-us-bta-tech-parity/us-concessions", "--on", "2026-02-10", "--store", "{store}"]],
    "export": [["export", "--format", "gexf", "-o", "{tmp}/g.gexf", "--store", "{store}"],
               ["export", "--format", "nt", "-o", "{tmp}/g.nt", "--store", "{store}"]],
}
# Commands whose job is the network: push connects to a server; serve only listens (its
# protocol is tested against a real process in test_serve_endpoint.py).
NETWORK_COMMANDS = {"push", "serve"}

_audit = {"armed": False, "connects": []}


def _hook(event: str, args: tuple) -> None:
    if _audit["armed"] and event == "socket.connect":
        _audit["connects"].append(args[1])
        raise ConnectionRefusedError(f"audit: a network connection to {args[1]!r} was attempted")


@pytest.fixture(scope="module")
def audit_hook():
    # An audit hook cannot be removed: it is installed once and only acts while armed.
    if not getattr(sys, "_tradekg_audit_installed", False):
        sys.addaudithook(_hook)
        sys._tradekg_audit_installed = True  # type: ignore[attr-defined]
    return _audit


def run_audited(args: list[str]) -> tuple[object, list]:
    _audit["connects"] = []
    _audit["armed"] = True
    try:
        result = CliRunner().invoke(main, args)
    finally:
        _audit["armed"] = False
    return result, list(_audit["connects"])


def test_every_registered_command_is_audited() -> None:
    missing = set(COMMANDS) - set(LOCAL_COMMANDS) - NETWORK_COMMANDS
    assert not missing, (f"add argument vectors for {sorted(missing)} to LOCAL_COMMANDS in "
                         "tests/test_remote_network_audit.py (or to NETWORK_COMMANDS if talking to the network is "
                         "its job)")


_CASES = [(name, args) for name, vectors in LOCAL_COMMANDS.items() for args in vectors]


@pytest.mark.parametrize(("name", "args"), _CASES, ids=[" ".join(args) for _, args in _CASES])
def test_local_commands_open_no_connection(name: str, args: list[str], built: Path, tmp_path: Path, audit_hook,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    from tradekg.ontology import corpus_dir

    argv = [a.format(store=built / "store", tmp=tmp_path, corpus=corpus_dir()) for a in args]
    result, connects = run_audited(argv)
    assert connects == []
    assert result.exit_code == 0, (result.output, result.exception)  # type: ignore[attr-defined]


def test_the_hook_trips_for_push(built: Path, closed_port: int, audit_hook) -> None:
    result, connects = run_audited(["push", f"http://127.0.0.1:{closed_port}/store", "--store", str(built / "store")])
    assert ("127.0.0.1", closed_port) in connects
    assert result.exit_code != 0  # type: ignore[attr-defined]
