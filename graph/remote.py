"""Remote SPARQL servers: query them as an rdflib store, and talk HTTP to them safely.

rdflib's own ``SPARQLStore`` speaks HTTP through ``urllib`` with no timeout, turns every HTTP
error of a GET into "You did something wrong formulating either the URI or your SPARQL
query" (status and server message lost), and hands a half-streamed body to the result
parser. :class:`RemoteStore` keeps rdflib's store (so every library function runs unchanged
against a remote endpoint) and replaces only the HTTP exchange: httpx with connect, read
and write timeouts, a cap on the answer's size, and one-line :class:`RemoteError`s that
carry the status and the server's own words. An error reported inside an HTTP 200 body
(Oxigraph appends "The SPARQL operation has been cancelled" to a results stream it had to
stop) makes the answer unparsable, and is reported as an error, never as a short result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from rdflib.term import BNode

from tradekg.graph.errors import RemoteError

DEFAULT_TIMEOUT = 60.0
# An answer larger than this is refused rather than held in memory (a runaway query on a
# server without a timeout streams tens of MB per second).
MAX_ANSWER_BYTES = 256 * 1024 * 1024
# Result formats asked for, best first. JSON-LD is never asked for: rdflib's JSON-LD parser
# fetches remote @context documents.
QUERY_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.8, "
                "application/n-triples;q=0.9, text/turtle;q=0.7")
_PARSEABLE = {"application/sparql-results+json", "application/json", "application/sparql-results+xml",
              "application/xml", "text/xml", "application/n-triples", "text/turtle", "text/plain"}


def redact(url: str) -> str:
    """``url`` without a password in it, for messages (``https://user@host/…``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def http_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An httpx client with tradekg's timeouts; credentials in a URL (``user:pass@``) become Basic auth."""
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                        headers={"User-Agent": f"tradekg/{_version()}"}, follow_redirects=True)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tradekg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def server_message(response: httpx.Response, limit: int = 300) -> str:
    """The server's explanation in a response body, on one line and cut to ``limit`` characters."""
    try:
        text = response.text
    except (httpx.HTTPError, UnicodeDecodeError):
        text = ""
    if "html" in response.headers.get("content-type", ""):
        title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        text = title.group(1) if title else re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def http_failure(url: str, response: httpx.Response) -> RemoteError:
    """A RemoteError for an HTTP error status: URL, status, reason and what the server said."""
    said = server_message(response)
    reason = response.reason_phrase or ""
    return RemoteError(f"{redact(url)}: HTTP {response.status_code} {reason}".rstrip() + (f": {said}" if said else ""))


def transport_failure(url: str, exc: httpx.HTTPError, timeout: float) -> RemoteError:
    """A RemoteError for a server that could not be reached or stopped answering."""
    where = redact(url)
    if isinstance(exc, httpx.ConnectTimeout):
        return RemoteError(f"{where}: could not connect within {timeout:g} s")
    if isinstance(exc, httpx.WriteTimeout):
        return RemoteError(f"{where}: the server stopped reading the upload (no progress for {timeout:g} s)")
    if isinstance(exc, httpx.TimeoutException):
        return RemoteError(f"{where}: no answer within {timeout:g} s")
    if isinstance(exc, httpx.ConnectError):
        return RemoteError(f"{where}: cannot connect: {exc}")
    return RemoteError(f"{where}: {type(exc).__name__}: {exc}")


def read_capped(response: httpx.Response, url: str, max_bytes: int = MAX_ANSWER_BYTES) -> bytes:
    """The body of a streamed response, refusing one larger than ``max_bytes``."""
    chunks = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise RemoteError(f"{redact(url)}: the answer exceeds {max_bytes:,} bytes; "
                              "narrow the query (LIMIT) or raise the limit")
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class Traffic:
    """What a RemoteStore asked and received: for tests that check a command fetched little."""

    requests: int = 0
    bytes_received: int = 0


def sparql_query(client: httpx.Client, endpoint: str, query: str, timeout: float,
                 default_graph: str | None = None, max_bytes: int = MAX_ANSWER_BYTES,
                 traffic: Traffic | None = None) -> Result:
    """Send ``query`` to ``endpoint`` (SPARQL 1.1 Protocol, POST form) and parse the answer.

    Raises RemoteError for an unreachable server, an HTTP error status, a timeout, an answer
    too large, or a 200 whose body is not a complete result in the format it claims.
    """
    form = {"query": query}
    if default_graph is not None:
        form["default-graph-uri"] = default_graph
    try:
        with client.stream("POST", endpoint, data=form, headers={"Accept": QUERY_ACCEPT}) as response:
            if response.status_code != 200:
                response.read()
                raise http_failure(endpoint, response)
            body = read_capped(response, endpoint, max_bytes)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise transport_failure(endpoint, exc, timeout) from None
    if traffic is not None:
        traffic.requests += 1
        traffic.bytes_received += len(body)
    return parse_answer(body, content_type, endpoint)


def parse_answer(body: bytes, content_type: str, endpoint: str) -> Result:
    """Parse a 200 answer; an error message inside it (or a truncated stream) is a RemoteError."""
    if content_type == "application/json":
        content_type = "application/sparql-results+json"
    elif content_type in ("application/xml", "text/xml"):
        content_type = "application/sparql-results+xml"
    elif content_type == "text/plain":
        content_type = "application/n-triples"  # N-Triples' old media type
    if content_type not in _PARSEABLE:
        raise RemoteError(f"{redact(endpoint)}: HTTP 200 but the answer is {content_type or 'untyped'}, "
                          f"not SPARQL results: {_excerpt(body)}")
    try:
        return Result.parse(BytesIO(body), content_type=content_type)
    except Exception as exc:  # each result parser raises its own error types
        raise RemoteError(f"{redact(endpoint)}: HTTP 200 but the answer is not a complete result "
                          f"({type(exc).__name__}); the server said: {_excerpt(body, tail=True)}") from None


def _excerpt(body: bytes, tail: bool = False, limit: int = 200) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    if len(text) <= limit:
        return text
    return "…" + text[-limit:] if tail else text[:limit] + "…"


class RemoteStore(SPARQLStore):
    """rdflib's read-only SPARQLStore whose HTTP goes through :func:`sparql_query`."""

    def __init__(self, endpoint: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_ANSWER_BYTES) -> None:
        super().__init__(query_endpoint=endpoint, returnFormat="json")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.traffic = Traffic()
        self._client = http_client(timeout)

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None,
               **_: Any) -> Result:
        self._queries += 1
        graph = default_graph if default_graph is not None and not isinstance(default_graph, BNode) else None
        assert self.query_endpoint is not None
        return sparql_query(self._client, self.query_endpoint, query, self.timeout, graph,
                            self.max_bytes, self.traffic)

    def close(self, commit_pending_transaction: bool = False) -> None:
        self._client.close()


def remote_traffic(graph: Any) -> Traffic | None:
    """The request and byte counts of a graph opened on a remote endpoint (None for a local store)."""
    store = getattr(graph, "store", None)
    return store.traffic if isinstance(store, RemoteStore) else None

