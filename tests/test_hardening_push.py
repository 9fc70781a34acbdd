"""Issue 18, item 10 (RELIABILITY.md, "Remote stores"): a redirect on push is reported, and the
upload never re-sent to where it points (another origin, here another loopback port)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main

pytestmark = pytest.mark.timeout(60)


class Recorder:
    """A loopback HTTP server that records each request and answers ``status`` with ``headers``."""

    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.requests: list[tuple[str, str, int, str | None]] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorder.requests.append((self.command, self.path, len(body), self.headers.get("Authorization")))
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def elsewhere() -> Iterator[Recorder]:
    server = Recorder(204)
    yield server
    server.close()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_is_reported_and_the_upload_not_resent(seed_built: Path, elsewhere: Recorder, status: int) -> None:
    target = f"{elsewhere.url}/store"
    redirecting = Recorder(status, {"Location": target})
    try:
        url = redirecting.url.replace("http://", "http://user:secret@") + "/store"
        result = CliRunner().invoke(main, ["push", url, "--query-url", redirecting.url + "/query",
                                           "--store", str(seed_built / "store")])
    finally:
        redirecting.close()
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert f"redirects the upload to {target}; it was not sent there" in lines[0]
    assert "secret" not in result.stderr
    assert elsewhere.requests == []  # nothing reached the other origin
    assert len(redirecting.requests) == 1 and redirecting.requests[0][2] > 10_000  # sent once, in full


def test_credentials_never_follow_a_redirect_of_the_count_queries(seed_built: Path, elsewhere: Recorder) -> None:
    store = Recorder(204)  # takes the upload
    redirecting = Recorder(307, {"Location": f"{elsewhere.url}/query"})
    try:
        url = store.url.replace("http://", "http://user:secret@") + "/store"
        query_url = redirecting.url.replace("http://", "http://user:secret@") + "/query"
        result = CliRunner().invoke(main, ["push", url, "--query-url", query_url, "--store", str(seed_built / "store")])
    finally:
        store.close()
        redirecting.close()
    assert result.exit_code == 1  # the other origin answers no counts
    assert "Traceback" not in result.stderr and "secret" not in result.stderr
    assert [auth for _, _, _, auth in store.requests] and all(auth for _, _, _, auth in store.requests)
    assert redirecting.requests and all(auth for _, _, _, auth in redirecting.requests)
    assert elsewhere.requests, "the count query was not redirected: the test proves nothing"
    assert [auth for _, _, _, auth in elsewhere.requests] == [None] * len(elsewhere.requests)
