"""A corpus read, compiled and validated in worker processes builds exactly what one process
builds, reports the same problems in the same order, and a failing worker is an error, not a hang."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tradekg.graph.build import workers as shards
from tradekg.graph.build.pipeline import build, validate_sources
from tradekg.graph.sources.authoring.format import CorpusIndex
from tradekg.graph.sources.discovery import bundled_sources

pytestmark = pytest.mark.timeout(120)  # guards against a hang; nothing here asserts a duration

TRADEKG = str(Path(sys.executable).parent / "tradekg")

PLAIN = """\
format: tradekg/1
source:
  id: {id}
  title: Article {id}
  published: 2025-0{month}-10
agreements:
  - id: ag-{id}
    label: Agreement {id}
    parties: [India, Norway]
claims:
  - id: ask
    kind: demand
    by: India
    to: Norway
    demand_kind: market access
    sectors: [HS 0306.17]
    quote: "India asks Norway to open its market to shrimp, article {id} says."
    agreement: ag-{id}
  - id: worry
    kind: concern
    by: Norway
    about: India
    topic: export controls
    quote: "Norway worries about export controls, article {id} says."
    agreement: ag-{id}
"""


def mixed_corpus(folder: Path) -> Path:
    """Eight sources dealt over the shards: good ones, one with a YAML syntax error, one with
    an unknown party and an unknown key, one whose claim refers to a claim that does not
    exist, and one RDF file."""
    folder.mkdir()
    for n in range(1, 6):
        (folder / f"a{n}.yaml").write_text(PLAIN.format(id=f"s{n}", month=n), encoding="utf-8")
    (folder / "b-syntax.yaml").write_text("format: tradekg/1\nsource: [unclosed\n", encoding="utf-8")
    broken = PLAIN.format(id="s6", month=6).replace("to: Norway", "to: Narnia").replace(
        "    agreement: ag-s6\n  - id: worry", "    agreement: ag-s6\n    colour: blue\n  - id: worry")
    (folder / "c-unknown.yaml").write_text(broken, encoding="utf-8")
    dangling = PLAIN.format(id="s7", month=7).replace(
        "    topic: export controls\n", "    topic: export controls\n    blocks: s1/no-such-claim\n")
    (folder / "d-dangling.yaml").write_text(dangling, encoding="utf-8")
    (folder / "e.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/x> rdfs:label \"x\" ; rdfs:seeAlso [ rdfs:label \"nested\" ] .\n",
        encoding="utf-8")
    return folder


def test_two_workers_build_the_same_export_as_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in bundled_sources():
        shutil.copy(path, corpus / path.name)
        if path.with_suffix(".txt").exists():  # the text the claims quote
            shutil.copy(path.with_suffix(".txt"), corpus)
    one = build([str(corpus)], tmp_path / "one", workers=1)
    two = build([str(corpus)], tmp_path / "two", workers=2)
    assert one.triples == two.triples == 6337
    assert (one.entities, one.claims, one.sources) == (two.entities, two.claims, two.sources)
    assert (tmp_path / "one" / "tradekg.ttl").read_bytes() == (tmp_path / "two" / "tradekg.ttl").read_bytes()


def test_the_export_is_the_same_from_process_to_process(tmp_path: Path) -> None:
    # Each process has its own string-hash seed, which changes rdflib's iteration order and
    # its blank-node labels; the export must not follow either.
    exports = []
    for n, seed in enumerate(("1", "2")):
        out = tmp_path / f"out{n}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([TRADEKG, "build", "--out", str(out)], check=True, capture_output=True, env=env)
        exports.append((out / "tradekg.ttl").read_bytes())
    assert exports[0] == exports[1]
    assert b"_:b0 " in exports[0]  # the ontology's blank nodes, labelled in a fixed order


def test_workers_report_the_same_problems_in_the_same_order(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path / "mixed")
    one = [str(p) for p in validate_sources([str(corpus)], workers=1)]
    three = [str(p) for p in validate_sources([str(corpus)], workers=3)]
    assert one == three
    text = "\n".join(one)
    assert f"{corpus / 'b-syntax.yaml'}:" in text and "YAML syntax error" in text
    assert f"{corpus / 'c-unknown.yaml'}:" in text and "'Narnia'" in text and "'colour'" in text
    assert f"{corpus / 'd-dangling.yaml'}:" in text and "no-such-claim" in text
    assert not any(str(corpus / f"a{n}.yaml") in line for n in range(1, 6) for line in one
                   if not line.split(": ", 1)[1].startswith("warning"))


def test_a_worker_that_raises_is_an_error_with_its_traceback(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path / "mixed")
    pool = shards.Shards(sorted(corpus.iterdir()), 2)
    processes = list(pool.processes)
    assert len(processes) == 2
    try:
        pool.ask("read")
        with pytest.raises(shards.WorkerFailed, match="AttributeError"):
            pool.ask("compile", None)  # no index: the compiler fails inside the workers
    finally:
        pool.close()
    assert all(not p.is_alive() for p in processes)


def test_a_worker_that_dies_is_an_error_not_a_hang(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path / "mixed")
    pool = shards.Shards(sorted(corpus.iterdir()), 2)
    try:
        pool.ask("read")
        os.kill(pool.processes[1].pid, signal.SIGKILL)
        pool.processes[1].join()
        with pytest.raises(shards.WorkerFailed, match="ended unexpectedly"):
            pool.ask("compile", CorpusIndex())
    finally:
        pool.close()


def test_worker_count_follows_the_corpus_and_the_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEKG_WORKERS", "4")
    assert shards.worker_count(10) == 1  # too few files to be worth a process
    assert shards.worker_count(shards.MIN_FILES_PER_WORKER * 2) == 2
    assert shards.worker_count(10_000) == 4
    monkeypatch.setenv("TRADEKG_WORKERS", "1")
    assert shards.worker_count(10_000) == 1


def test_an_aborted_pool_kills_its_workers_instead_of_waiting_for_them(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path / "mixed")
    pool = shards.Shards(sorted(corpus.iterdir()), 2)
    processes = list(pool.processes)
    pool.ask("read")
    for conn in pool.conns:  # a request whose answer nobody will wait for
        conn.send(("compile", (CorpusIndex(),)))
    pool.close(abort=True)
    assert [p.exitcode for p in processes] == [-signal.SIGKILL, -signal.SIGKILL]


def test_a_finished_pool_lets_its_workers_end_on_their_own(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path / "mixed")
    pool = shards.Shards(sorted(corpus.iterdir()), 2)
    processes = list(pool.processes)
    pool.ask("read")
    pool.close()
    assert [p.exitcode for p in processes] == [0, 0]


_ORPHAN_SCRIPT = """
import sys, time
from pathlib import Path
from tradekg.graph.build import workers as shards

files = sorted(Path(sys.argv[1]).iterdir())
pool = shards.Shards(files, 2)
for conn in pool.conns:  # each answer is bigger than a pipe holds, and nobody reads it
    conn.send(("read", ()))
print(" ".join(str(p.pid) for p in pool.processes), flush=True)
time.sleep(120)
"""


def test_workers_die_with_a_build_killed_by_sigkill(tmp_path: Path) -> None:
    """Issue 18, item 7: a worker blocked sending its answer to a build killed with kill -9
    used to stay blocked for ever (it holds the pipe's read end itself, so no broken pipe)."""
    import psutil

    corpus = tmp_path / "big"
    corpus.mkdir()
    filler = "# " + "x" * (1 << 20) + "\n"  # 1 MB of comment: an answer of 1 MB per file
    for n in range(4):
        (corpus / f"f{n}.nt").write_text(filler + f"<urn:s{n}> <urn:p> <urn:o> .\n", encoding="utf-8")
    script = tmp_path / "orphans.py"
    script.write_text(_ORPHAN_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), str(corpus)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert len(pids) == 2
    parent.kill()
    parent.wait()

    def alive(pid: int) -> bool:
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 15
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in pids if alive(p)]
    for p in survivors:  # do not leave them behind if the test fails
        os.kill(p, signal.SIGKILL)
    assert survivors == []
