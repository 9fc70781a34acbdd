"""Shared fixtures: a store built once per session from the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module", autouse=True)
def _stores_closed_after_each_module() -> Iterator[None]:
    """Collect a module's garbage when it ends: stores a test leaves in reference cycles keep
    their RocksDB files open until Python's collector runs, and test_build_incremental.py
    left 1,600 descriptors open, which a later module's ``select`` refused."""
    yield
    import gc

    gc.collect()


@pytest.fixture(scope="session")
def corpus_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of one build of the bundled corpus (do not modify it in tests), by a name
    no test module overrides (tests/test_view_browser.py makes ``built`` the seed's)."""
    from tradekg.graph.build.pipeline import build

    out = tmp_path_factory.mktemp("built")
    build(out=out)
    return out


@pytest.fixture(scope="session")
def built(corpus_built: Path) -> Path:
    """Output folder of one build of the bundled corpus (do not modify it in tests)."""
    return corpus_built


@pytest.fixture(scope="session")
def graph(built: Path):
    """The bundled corpus's store, opened read-only as an rdflib Graph."""
    from tradekg.graph.store.local import open_graph

    return open_graph(built / "store")


SEED_SOURCES = ("india-us-bta-tech-parity.yaml", "india-us-bta-tor.yaml")


@pytest.fixture(scope="session")
def seed_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of a build of the seed article alone (with the terms of reference it
    describes): for tests of how something is drawn or served, whose counts should not move
    each time a brief joins the bundled corpus (do not modify it in tests)."""
    from tradekg.graph.build.pipeline import build
    from tradekg.graph.sources.discovery import bundled_sources

    out = tmp_path_factory.mktemp("seed-built")
    paths = [p for p in bundled_sources() if p.name in SEED_SOURCES]
    assert len(paths) == len(SEED_SOURCES)
    build(paths, out=out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_built: Path):
    """The seed article's store, opened read-only as an rdflib Graph."""
    from tradekg.graph.store.local import open_graph

    return open_graph(seed_built / "store")


# ---------------------------------------------------------------- real servers on loopback
# A real Oxigraph server process (`pip install oxigraph` gives the `oxigraph` command) and a
# scriptable fake HTTP server for the failures a real server will not produce on demand.
# Everything listens on 127.0.0.1 only and is stopped by the fixture that started it.

import contextlib  # noqa: E402
import http.server  # noqa: E402
import selectors  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import psutil  # noqa: E402


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 20.0) -> bool:
    """True once 127.0.0.1:port accepts connections; False if ``proc`` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (a server that is down)."""
    return free_port()


@dataclass
class OxigraphServer:
    """A running `oxigraph serve`: its base URL and its SPARQL / Graph Store endpoints."""

    base: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def store_url(self) -> str:
        return self.base + "/store"

    @property
    def update_url(self) -> str:
        return self.base + "/update"


def oxigraph_command() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the `oxigraph` server command is missing: pip install -e '.[test]' installs it")
    return found


@contextlib.contextmanager
def running_oxigraph(location: Path, *options: str) -> Iterator[OxigraphServer]:
    """Start `oxigraph serve --location LOCATION` on a free loopback port; stop it afterwards."""
    for _attempt in range(3):  # a free port can be taken between choosing and binding it
        port = free_port()
        proc = subprocess.Popen([oxigraph_command(), "serve", "--location", str(location),
                                 "--bind", f"127.0.0.1:{port}", *options],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if wait_for_port(port, proc):
            break
        proc.kill()
        proc.wait()
    else:
        pytest.fail("could not start an Oxigraph server on 127.0.0.1")
    try:
        yield OxigraphServer(f"http://127.0.0.1:{port}", proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One real Oxigraph server for the session, its default graph the union of all graphs
    (so that a graph pushed as one named graph per source is queried as a whole)."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph"), "--union-default-graph") as server:
        yield server


@pytest.fixture
def oxigraph_factory(tmp_path: Path) -> Iterator:
    """Start fresh Oxigraph servers for a test that changes their contents: ``factory(*options)``."""
    with contextlib.ExitStack() as stack:
        def start(*options: str) -> OxigraphServer:
            location = tmp_path / f"oxigraph-{free_port()}"
            return stack.enter_context(running_oxigraph(location, *options))

        yield start


@pytest.fixture(scope="session")
def remote_store(built: Path, oxigraph_server: OxigraphServer) -> str:
    """Query URL of the session's Oxigraph server holding the bundled corpus, pushed by `tradekg push`."""
    from click.testing import CliRunner

    from tradekg.cli.main import main

    result = CliRunner().invoke(main, ["push", oxigraph_server.store_url, "--replace",
                                       "--store", str(built / "store")])
    assert result.exit_code == 0, result.output
    return oxigraph_server.query_url


@dataclass
class FakeServer:
    """A loopback HTTP server answering every request from ``reply`` and recording what it got.

    ``reply`` is (status, content type, body), or a function of (method, path) giving one;
    ``stall`` makes it read the request line and headers, then neither read the body nor
    answer until the test ends.
    """

    url: str
    reply: tuple[int, str, bytes] | Callable[[str, str], tuple[int, str, bytes]] = (200, "text/plain", b"")
    stall: bool = False
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    state = FakeServer("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _handle(self) -> None:
            if state.stall:
                state.requests.append((self.command, self.path, b""))
                state.released.wait(30)
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.requests.append((self.command, self.path, body))
            reply = state.reply
            status, ctype, payload = reply(self.command, self.path) if callable(reply) else reply
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.released.set()
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- tradekg serve


@dataclass
class Served:
    """A running `tradekg serve` process and its base URL."""

    url: str
    process: subprocess.Popen

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def workers(self) -> set[int]:
        """PIDs of the processes serving queries (all the server's descendants)."""
        return {p.pid for p in psutil.Process(self.process.pid).children(recursive=True)}


@contextlib.contextmanager
def serving(store: Path, *options: str) -> Iterator[Served]:
    """Start `tradekg serve --port 0` on ``store``; stop it (SIGTERM) afterwards, workers included."""
    exe = shutil.which("tradekg") or str(Path(sys.executable).with_name("tradekg"))
    proc = subprocess.Popen([exe, "serve", "--store", str(store), "--port", "0", "--no-log", *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    line = b""
    deadline = time.monotonic() + 60
    # (a selector, not select.select: that refuses a descriptor past 1023, which a test
    # process holding many stores' files reaches)
    try:
        with selectors.DefaultSelector() as waiting:
            waiting.register(proc.stderr, selectors.EVENT_READ)
            while b"\n" not in line and time.monotonic() < deadline and proc.poll() is None:
                if waiting.select(0.5):
                    line += proc.stderr.read1(4096)  # type: ignore[attr-defined]
    except BaseException:  # (a server left running outlives the test run: two did, after select failed here)
        proc.kill()
        proc.wait()
        raise
    text = line.decode()
    if "serving" not in text:
        proc.kill()
        pytest.fail(f"tradekg serve did not start: {text!r}")
    url = text.split(" at ", 1)[1].split(" ", 1)[0]
    # Keep reading stderr so that the server never blocks on a full pipe.
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    served = Served(url, proc)
    descendants = psutil.Process(proc.pid).children(recursive=True)
    try:
        yield served
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        _gone, alive = psutil.wait_procs(descendants, timeout=10)
        for p in alive:
            p.kill()
        assert not alive, "serve left worker processes behind"


@pytest.fixture(scope="session")
def serve_factory():
    """``serve_factory(store, *options)``: a context manager running `tradekg serve` on a free port."""
    return serving


@pytest.fixture(scope="session")
def tradekg_endpoint(built: Path) -> Iterator[Served]:
    """`tradekg serve` over the bundled corpus for the session (default limits)."""
    with serving(built / "store") as served:
        yield served
