"""Load benchmark for `tradekg serve`: a bounded loopback load, then numbers. Not a test.

Starts `tradekg serve` on a free 127.0.0.1 port over a store (built from the bundled corpus
into a temporary folder unless --store is given), sends --queries requests from --clients
threads (a mix of named queries, formats and forms), and prints:

- throughput and latency of the endpoint, against a baseline measured in the same run: the
  same queries answered in-process by ``answer_query`` (no HTTP, no worker processes);
- errors (any answer that is not 200 with the expected body);
- the resident memory of the server and its workers after warm-up and at the end;
- what a timed-out query leaves running: a thread that gives up on Oxigraph (CPU stays
  busy) against the endpoint's worker kill (CPU back to idle).

Everything goes to 127.0.0.1 only; the load is bounded in count and time and stops itself.

    python benchmarks/serve_load.py                  # 2,000 queries from 8 clients
    python benchmarks/serve_load.py --queries 500 --clients 4
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

MIX = [
    ("SELECT ?d WHERE { ?d a tk:Demand } ORDER BY ?d", "application/sparql-results+json"),
    ("SELECT ?d WHERE { ?d a tk:Demand } ORDER BY ?d", "text/csv"),
    ("ASK { party:IN a tk:Country }", "application/sparql-results+xml"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    ("CONSTRUCT WHERE { party:IN ?p ?o }", "text/turtle"),
]
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_SECONDS = 600  # the whole load stops by itself after this


def named_queries() -> list[tuple[str, str]]:
    from tradekg.graph.store.catalogue import list_queries

    return [(q.text, "application/sparql-results+json") for q in list_queries()]


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    root = psutil.Process(pid)
    total = 0
    for p in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def tree_cpu(pid: int, seconds: float) -> float:
    """CPU percent used by a process tree over ``seconds`` (100 = one core)."""
    procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    for p in procs:
        with contextlib.suppress(psutil.Error):
            p.cpu_percent(None)
    time.sleep(seconds)
    total = 0.0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.cpu_percent(None)
    return total


@contextlib.contextmanager
def serving(store: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    exe = shutil.which("tradekg") or str(Path(sys.executable).with_name("tradekg"))
    proc = subprocess.Popen([exe, "serve", "--store", str(store), "--port", "0", "--no-log", *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    line = b""
    deadline = time.monotonic() + 60
    while b"\n" not in line and time.monotonic() < deadline and proc.poll() is None:
        if select.select([proc.stderr], [], [], 0.5)[0]:
            line += proc.stderr.read1(4096)  # type: ignore[attr-defined]
    text = line.decode()
    if "serving" not in text:
        proc.kill()
        raise SystemExit(f"tradekg serve did not start: {text!r}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    try:
        yield text.split(" at ", 1)[1].split(" ", 1)[0] + "sparql", proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def baseline(store: Path, mix: list[tuple[str, str]], n: int) -> tuple[float, dict[tuple[str, str], bytes]]:
    """Queries per second answered in-process, one thread, no HTTP; and the expected bodies."""
    from tradekg.graph.serve.endpoint import GRAPH_TYPES, answer_query
    from tradekg.graph.store.local import open_local_store

    ox_store = open_local_store(store)
    expected = {}
    for text, accept in mix:
        graph_type = accept if accept in GRAPH_TYPES else None
        result_type = None if graph_type else accept
        expected[(text, accept)] = answer_query(ox_store, text, result_type, graph_type).body
    started = time.perf_counter()
    for i in range(n):
        text, accept = mix[i % len(mix)]
        graph_type = accept if accept in GRAPH_TYPES else None
        answer_query(ox_store, text, None if graph_type else accept, graph_type)
    return n / (time.perf_counter() - started), expected


def load(url: str, pid: int, mix: list[tuple[str, str]], expected: dict, queries: int, clients: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    rss: list[tuple[int, int]] = []
    done = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + MAX_SECONDS

    def client(n: int) -> None:
        nonlocal done
        with httpx.Client(timeout=60) as c:
            for i in range(n, queries, clients):
                if time.monotonic() > stop_at:
                    return
                text, accept = mix[i % len(mix)]
                t0 = time.perf_counter()
                try:
                    r = c.post(url, data={"query": text}, headers={"Accept": accept})
                    ok = r.status_code == 200 and r.content == expected[(text, accept)]
                    problem = "" if ok else f"HTTP {r.status_code}: {r.text[:80]}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        errors.append(problem)
                    done += 1
                    if done % max(1, queries // 8) == 0:
                        rss.append((done, tree_rss(pid)))

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "latencies": latencies, "errors": errors, "rss": rss}


def timeout_demo(store: Path, url: str, pid: int, timeout: float) -> tuple[float, float]:
    """CPU left busy after giving up on an expensive query: a thread vs the endpoint."""
    from tradekg.graph.store.local import open_local_store

    ox_store = open_local_store(store)
    worker = threading.Thread(target=lambda: list(ox_store.query(EXPENSIVE)), daemon=True)
    worker.start()
    worker.join(timeout)  # give up waiting, as a thread-based timeout would
    thread_cpu = tree_cpu(os.getpid(), 1.0)
    with httpx.Client(timeout=60) as c:
        status = c.post(url, data={"query": EXPENSIVE}).status_code
    assert status == 503, status
    time.sleep(0.2)
    return thread_cpu, tree_cpu(pid, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a built store folder (default: build the bundled corpus)")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=2.0, help="the endpoint's query time limit for the demo")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tradekg-bench-") as tmp:
        store = args.store
        if store is None:
            from tradekg.graph.build.pipeline import build

            store = build(out=Path(tmp) / "out").store
        mix = MIX + named_queries()
        base_qps, expected = baseline(store, mix, 500)
        with serving(store, "--workers", str(args.workers), "--timeout", str(args.timeout)) as (url, proc):
            warm = load(url, proc.pid, mix, expected, 200, args.clients)
            rss_start = tree_rss(proc.pid)
            result = load(url, proc.pid, mix, expected, args.queries, args.clients)
            rss_end = tree_rss(proc.pid)
            thread_cpu, endpoint_cpu = timeout_demo(store, url, proc.pid, args.timeout)

    lat = sorted(result["latencies"])
    qps = len(lat) / result["seconds"]
    print(f"tradekg serve: {len(lat):,} queries from {args.clients} clients, {args.workers} workers, "
          f"{os.cpu_count()} cores")
    print(f"  throughput        {qps:8.0f} queries/s over HTTP  (in-process baseline {base_qps:.0f}/s, "
          f"ratio {qps / base_qps:.2f})")
    print(f"  latency           p50 {statistics.median(lat) * 1000:6.1f} ms   "
          f"p95 {lat[int(len(lat) * 0.95)] * 1000:6.1f} ms   max {lat[-1] * 1000:6.1f} ms")
    print(f"  errors            {len(result['errors']) + len(warm['errors'])}"
          + (f"  (first: {result['errors'][0]})" if result["errors"] else ""))
    growth = rss_end - rss_start
    print(f"  memory (RSS)      {rss_start / 2**20:.1f} MiB after warm-up, {rss_end / 2**20:.1f} MiB at the end "
          f"({growth / 2**20:+.1f} MiB, {growth / rss_start:+.1%})")
    print("                    during the run: " + ", ".join(f"{n}: {b / 2**20:.1f}" for n, b in result["rss"]))
    print(f"  timed-out query   CPU left busy 1 s later: thread that gave up {thread_cpu:.0f}%, "
          f"endpoint (worker killed) {endpoint_cpu:.0f}%")
    os._exit(1 if result["errors"] else 0)  # the abandoned thread above cannot be joined


if __name__ == "__main__":
    main()
