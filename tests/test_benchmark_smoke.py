"""The benchmark still runs: a synthetic corpus at the smallest size, then benchmarks/run.py on it.

Structure and sanity only: every figure is a positive number with a positive ratio to its
baseline. Wall-clock times are never asserted (the machine is shared; the benchmark reports
ratios measured in one run for that reason).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYNTH = ROOT / "benchmarks" / "synth.py"
RUN = ROOT / "benchmarks" / "run.py"
SIZE = "4k"  # the vocabulary alone is 2,288 triples: 4k leaves room for a handful of sources


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synthetic_corpus_is_deterministic_and_synthetic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(SYNTH), "--triples", SIZE, "--out", str(tmp_path / name), "--seed", "3"],
                       check=True, capture_output=True, timeout=120)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second  # same arguments and seed: byte-identical files
    yaml_files = [name for name in first if name.endswith(".yaml")]
    assert len(yaml_files) >= 5
    text = first[yaml_files[0]].decode("utf-8")
    assert text.startswith("format: tradekg/1")
    assert "publisher: tradekg synthetic" in text


@pytest.mark.timeout(300)
def test_benchmark_reports_every_figure_with_a_ratio(tmp_path: Path) -> None:
    from tradekg.graph.store.catalogue import list_queries

    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, str(RUN), "--sizes", SIZE, "--repeats", "2", "--cold-repeats", "1",
                           "--baseline-repeats", "1", "--work", str(tmp_path / "work"), "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| size | figure |" in done.stdout  # the table is printed too
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"nproc", "cpu", "ram_bytes", "python", "pyoxigraph", "rdflib"} <= set(data["machine"])
    # tradekg's modules were compiled to bytecode before anything was measured, as an installed
    # package's are (these machines set PYTHONDONTWRITEBYTECODE).
    import importlib.util

    import tradekg.graph.build.pipeline as pipeline

    assert " modules under " in data["machine"]["bytecode"], data["machine"]["bytecode"]
    assert Path(importlib.util.cache_from_source(pipeline.__file__)).is_file()
    [size] = data["sizes"]
    assert size["size"] == SIZE and size["triples"] > 1_000
    figures = {m["name"]: m for m in size["measurements"]}
    expected = ["build (compile, validate, persist, export)", "build throughput", "build peak RSS", "tradekg --help"]
    for query in list_queries():
        expected += [f"query {query.name} (warm)", f"query {query.name} (cold process)"]
    for prefix in ("path ", "blockers ", "tradeoffs ", "view --focus "):
        assert any(name.startswith(prefix) and name.endswith("(cold process)") for name in figures), prefix
    assert any(name.endswith("page size") for name in figures)
    # Answers over time (issue 16): every named query with a day parameter, warm as of a day of
    # the corpus; timeline, diff, conflicts and the pages over time as cold processes.
    time_queries = [q.name for q in list_queries() if {p.name for p in q.params} & {"asOf", "date"}]
    assert {"measures-in-force", "demand-status", "stances", "commitments"} <= set(time_queries)
    for query in time_queries:
        row = f"query {query} as of DAY (warm)"
        assert figures[row]["target"] == "< 50 ms", row
        assert figures[row]["note"].startswith("DAY = "), figures[row]
        assert "rdflib:" not in figures[row]["note"], figures[row]  # the baseline answers the same rows
    for command in ("timeline PARTY", "diff D1 D2", "conflicts", "view --timeline", "view --timeline PARTY",
                    "view --diff D1 D2"):
        assert figures[f"{command} (cold process)"]["target"] == "< 2 s", command
    for page in ("view --timeline", "view --timeline PARTY", "view --diff D1 D2"):
        assert figures[f"{page} page size"]["target"] == "< 2 MB", page
    assert figures["timeline PARTY (cold process)"]["note"].startswith("PARTY = ")
    assert " entries: " in figures["timeline PARTY (cold process)"]["note"]
    assert figures["diff D1 D2 (cold process)"]["note"].startswith("D1 = ")
    assert " pairs: " in figures["conflicts (cold process)"]["note"]
    # The incremental builds are measured as incremental (one source compiled again, not all),
    # each the median of as many add-edit-remove cycles as --repeats asks for.
    expected += ["build against oxigraph load", "build against oxigraph load of its quads",
                 "build after one source removed (incremental)"]
    for what in ("added", "edited"):
        note = figures[f"build after one source {what} (incremental)"]["note"]
        assert note.startswith("median of ") and "; 1 source(s) compiled again" in note and "FULL" not in note, note
    for name in expected:
        assert name in figures, name
    # The README's table renders every row with its target, and ✗ exactly where one is missed.
    readme = subprocess.run([sys.executable, str(RUN), "--readme", str(out)], capture_output=True, text=True,
                            check=True, timeout=60).stdout.splitlines()
    for name, m in figures.items():
        [row] = [line for line in readme if line.startswith(f"| {name} | ")]
        assert row.endswith(f"| {m['target']} |"), row
        assert ("✗" in row) == (m["met"] is False), row
    for m in figures.values():
        assert isinstance(m["value"], (int, float)) and m["value"] > 0, m
        assert isinstance(m["baseline"], (int, float)) and m["baseline"] > 0, m
        assert isinstance(m["ratio"], (int, float)) and m["ratio"] > 0, m
        assert m["baseline_what"], m
        assert "timed out" not in m["note"], m
