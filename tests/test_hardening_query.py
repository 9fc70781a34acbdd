"""Issue 18, items 2, 3 and 16 (RELIABILITY.md, "SPARQL (CLI and endpoint)" and "Output and
concurrency"): ``tradekg query`` streams rows with a cap it says it hit, has a time limit, stops
on Ctrl-C at once, and its worker dies with it; ``--timeout`` takes only seconds above 0.

The cartesian queries below would run for hours and take gigabytes without the limits; the
in-process ones run under an address-space limit, the others in a process of their own.
"""

from __future__ import annotations

import contextlib
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tradekg.cli.main import main

pytestmark = pytest.mark.timeout(120)

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ORDERED = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


@contextlib.contextmanager
def memory_guard(extra: int = 1 << 30) -> Iterator[None]:
    """Limit this process's address space to what it uses now plus ``extra`` bytes (an unbounded
    result raises MemoryError instead of taking the machine)."""
    with open("/proc/self/status", encoding="ascii") as status:
        vm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (vm + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def tradekg() -> str:
    return shutil.which("tradekg") or str(Path(sys.executable).with_name("tradekg"))


def test_rows_are_capped_and_the_cap_said(seed_built: Path) -> None:
    store = str(seed_built / "store")
    everything = cli("query", "--sparql", ORDERED, "--format", "csv", "--limit", "1000000", "--store", store)
    assert everything.exit_code == 0, everything.stderr
    assert everything.stderr == ""
    lines = everything.stdout.splitlines()
    assert len(lines) > 100
    capped = cli("query", "--sparql", ORDERED, "--format", "csv", "--limit", "5", "--store", store)
    assert capped.exit_code == 0
    assert capped.stdout.splitlines() == lines[:6]  # the header and the first five rows
    assert capped.stderr == "tradekg: stopped at 5 rows; there are more (--limit N shows another number)\n"
    exact = cli("query", "--sparql", ORDERED, "--format", "json", "--limit", str(len(lines) - 1), "--store", store)
    assert exact.exit_code == 0 and exact.stderr == ""  # exactly as many rows as there are: no note


def test_default_cap_bounds_a_cartesian_product(seed_built: Path) -> None:
    with memory_guard():
        result = cli("query", "--sparql", CARTESIAN, "--store", str(seed_built / "store"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 10_000 + 1  # headers, rule, rows, and the note on cut columns
    assert lines[-1].startswith("(cut at 70 characters with '…': ")
    assert result.stderr == ("(10000 rows)\n"
                             "tradekg: stopped at 10,000 rows; there are more (--limit N shows another number)\n")


def test_time_limit_stops_an_endless_aggregate(seed_built: Path) -> None:
    result = cli("query", "--sparql", CARTESIAN_COUNT, "--timeout", "1", "--store", str(seed_built / "store"))
    assert result.exit_code == 1
    assert result.stderr == ("tradekg: the query ran longer than 1 s and was stopped; narrow it "
                             "(LIMIT, fewer patterns) or give a longer --timeout\n")


@pytest.mark.parametrize("command", [["query", "--sparql", "ASK {}"], ["path", "India", "United States"],
                                     ["serve", "--port", "0"], ["push", "http://127.0.0.1:9/store"]])
@pytest.mark.parametrize("value", ["nan", "-1", "0", "inf", "soon"])
def test_timeout_is_seconds_above_zero(seed_built: Path, command: list[str], value: str) -> None:
    result = cli(*command, "--timeout", value, "--store", str(seed_built / "store"))
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.stderr and "Traceback" not in result.stderr


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
        return [int(c) for c in f.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _started_streaming(seed_built: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A `tradekg query` of a cartesian product as CSV with no practical cap, once its first
    rows have reached the pipe (they come as they are found); and its worker's pid."""
    proc = subprocess.Popen([tradekg(), "query", "--sparql", CARTESIAN, "--format", "csv", "--limit", "1000000000",
                             "--timeout", "300", "--store", str(seed_built / "store")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            # (Ctrl-C as a terminal delivers it, even where this run was started
                            # with SIGINT ignored, as a script's background job is)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    if not ready:
        proc.kill()
        proc.wait()
        pytest.fail("no row reached the pipe within 60 s: the rows are not streamed")
    assert proc.stdout.readline() == b"a,b,c,d,e,f\r\n"
    workers = _children(proc.pid)
    assert len(workers) == 1
    return proc, workers


def test_ctrl_c_stops_the_query_and_its_worker(seed_built: Path) -> None:
    proc, workers = _started_streaming(seed_built)
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=10)
    finally:
        proc.kill()
    elapsed = time.monotonic() - started
    assert code == 130
    assert proc.stderr is not None and proc.stderr.read().decode().endswith("tradekg: interrupted\n")
    assert not _alive(workers[0])
    print(f"stopped {elapsed:.2f} s after SIGINT")


def test_worker_dies_with_a_killed_parent(seed_built: Path) -> None:
    proc, workers = _started_streaming(seed_built)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _alive(workers[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(workers[0])
    if alive:
        os.kill(workers[0], signal.SIGKILL)
    assert not alive, "the query's worker outlived its parent"


def test_construct_is_capped_as_it_comes(seed_built: Path) -> None:
    store = str(seed_built / "store")
    # Every subject and predicate with every object: millions of distinct triples.
    construct = "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }"
    with memory_guard():
        result = cli("query", "--sparql", construct, "--limit", "5", "--format", "json", "--store", store)
    assert result.exit_code == 0, result.stderr
    from rdflib import Graph

    assert len(Graph().parse(data=result.stdout, format="json-ld")) == 5
    assert result.stderr == "tradekg: stopped at 5 rows; there are more (--limit N shows another number)\n"
    described = cli("query", "--sparql", "DESCRIBE party:IN", "--store", store)
    assert described.exit_code == 0 and described.stderr == ""
    assert "party:IN" in described.stdout and 'rdfs:label "India"' in described.stdout


def test_query_from_an_endless_stdin_is_a_bounded_read(seed_built: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = CliRunner().invoke(main, ["query", "-", "--store", str(seed_built / "store")],
                                    input=zero.read(2 * 1024 * 1024))
    assert result.exit_code == 1
    assert result.stderr == "tradekg: -: the query is more than 1,048,576 characters; the limit is 1,048,576\n"
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([tradekg(), "query", "-", "--store", str(seed_built / "store")], stdin=zero,
                              capture_output=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.decode().endswith("the query is more than 1,048,576 characters; the limit is 1,048,576\n")
