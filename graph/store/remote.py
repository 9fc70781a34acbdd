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

Which graphs a query reads: ``tradekg push`` writes one named graph per source and a shared
one, and a server's default graph is not always their union (Oxigraph without
``--union-default-graph``, Fuseki without ``unionDefaultGraph``), or is the union of much
more (Virtuoso's holds its own system graphs). So a RemoteStore first asks which graphs
hold tradekg's data — those with a ``tk:Source`` in them, and the shared graph — and, when
there are any, names them in every query as its default graph (``default-graph-uri``, one
per graph): the server then answers from exactly what was pushed, as the local store does.
Without such graphs (pushed with ``--graph default``, or another tradekg endpoint) queries
read the server's default graph.

Credentials in a URL (``http://user:password@host/…``) are sent as HTTP Basic auth, or as
Digest when the server asks for Digest (Virtuoso's ``/sparql-auth`` and
``/sparql-graph-crud-auth``): :class:`URLCredentials`.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

from tradekg.graph.core.errors import RemoteError
from tradekg.graph.core.fingerprint import tradekg_version
from tradekg.graph.core.namespaces import BUILD_SHARED_GRAPH, BUILD_VOCABULARY_GRAPH, ID, TK
from tradekg.graph.store.query_text import bind_values, query_form

__all__ = [
    "BUILD_SHARED_GRAPH",
    "BUILD_VOCABULARY_GRAPH",
    "DEFAULT_TIMEOUT",
    "MAX_ANSWER_BYTES",
    "QUERY_ACCEPT",
    "SHARED_GRAPH",
    "RemoteStore",
    "Traffic",
    "URLCredentials",
    "http_client",
    "http_failure",
    "parse_answer",
    "read_capped",
    "redact",
    "remote_traffic",
    "server_message",
    "sparql_query",
    "tradekg_graphs",
    "transport_failure",
]

DEFAULT_TIMEOUT = 60.0
# An answer larger than this is refused rather than held in memory (a runaway query on a
# server without a timeout streams tens of MB per second).
MAX_ANSWER_BYTES = 256 * 1024 * 1024
# Result formats asked for, best first. JSON-LD is never asked for: a JSON-LD answer may
# name remote @context documents.
QUERY_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.8, "
                "application/n-triples;q=0.9, text/turtle;q=0.7")
# Asked for when the query's form is known: a server that takes the first type it knows
# (Virtuoso 7) would otherwise write a CONSTRUCT result as a broken table.
_ACCEPT_BY_FORM = {"SELECT": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
                   "ASK": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
                   "CONSTRUCT": "application/n-triples, text/turtle;q=0.7",
                   "DESCRIBE": "application/n-triples, text/turtle;q=0.7"}
# Virtuoso 7.2 answers an ASK as a one-row table binding this variable to 1 or 0.
_VIRTUOSO_ASK = "__ASK_RETVAL"
SHARED_GRAPH = ID + "graph/shared"  # the graph `push` sends everything but the sources' own triples to
# The graphs holding what tradekg pushed or built: a source's description is in its graph (or
# in the one graph of `push --graph IRI`), everything shared in the shared graphs.
_TRADEKG_GRAPHS = f"""SELECT DISTINCT ?g WHERE {{
  {{ GRAPH ?g {{ ?source a <{TK}Source> }} }}
  UNION {{ VALUES ?g {{ <{SHARED_GRAPH}> <{BUILD_VOCABULARY_GRAPH}> <{BUILD_SHARED_GRAPH}> }}
          FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}
}} ORDER BY ?g"""


def redact(url: str) -> str:
    """``url`` without a password in it, for messages (``https://user@host/…``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class URLCredentials(httpx.Auth):
    """The user and password in a request's URL, sent as HTTP Basic auth, or as Digest when the
    server refuses Basic: then Digest from the next request on, for that host. No credentials
    in the URL: the request goes as it is.

    A server may answer Basic with a bare 401 (Virtuoso does): the request is then sent
    without credentials to get the server's challenge, and httpx's own ``DigestAuth``
    answers it (a Basic challenge leaves the 401 as the answer).
    """

    def __init__(self) -> None:
        self._digest: dict[tuple[str, str, str, int | None], httpx.DigestAuth] = {}

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        user, password = request.url.username, request.url.password
        if not (user or password):
            yield request
            return
        key = (user, password, request.url.host, request.url.port)
        digest = self._digest.get(key)
        if digest is not None:
            yield from digest.auth_flow(request)
            return
        response = yield next(httpx.BasicAuth(user, password).auth_flow(request))
        if response.status_code != 401:
            return
        digest = httpx.DigestAuth(user, password)
        del request.headers["Authorization"]
        flow = digest.auth_flow(request)
        request_sent = next(flow)
        if not response.headers.get("www-authenticate", "").lower().lstrip().startswith("digest"):
            response = yield request_sent  # no Digest challenge yet: ask for one
            if not response.headers.get("www-authenticate", "").lower().lstrip().startswith("digest"):
                return  # the server wants Basic (or something else): its 401 stands
        self._digest[key] = digest
        try:
            response = yield flow.send(response)
            flow.send(response)
        except StopIteration:
            pass


def http_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An httpx client with tradekg's timeouts; credentials in a URL (``user:pass@``) become Basic
    auth, or Digest when the server asks for it (:class:`URLCredentials`)."""
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), auth=URLCredentials(),
                        headers={"User-Agent": f"tradekg/{tradekg_version()}"}, follow_redirects=True)


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
                 default_graph: str | Sequence[str] | None = None, max_bytes: int = MAX_ANSWER_BYTES,
                 traffic: Traffic | None = None) -> Result:
    """Send ``query`` to ``endpoint`` (SPARQL 1.1 Protocol, POST form) and parse the answer.

    ``default_graph``: the graph (or graphs, merged) to query as the default graph.

    Raises RemoteError for an unreachable server, an HTTP error status, a timeout, an answer
    too large, or a 200 whose body is not a complete result in the format it claims.
    """
    form: dict[str, str | list[str]] = {"query": query}
    if default_graph is not None:
        form["default-graph-uri"] = [default_graph] if isinstance(default_graph, str) else list(default_graph)
    try:
        form_name = query_form(query)
        accept = _ACCEPT_BY_FORM.get(form_name or "", QUERY_ACCEPT)
        with client.stream("POST", endpoint, data=form, headers={"Accept": accept}) as response:
            if response.status_code != 200:
                # The start of the body is enough to say what went wrong (and an error page
                # may be large): read at most 64 KiB of it.
                head = b""
                for chunk in response.iter_bytes():
                    head += chunk
                    if len(head) >= 65536:
                        break
                ctype = {"content-type": response.headers.get("content-type", "")}  # body already decoded
                raise http_failure(endpoint, httpx.Response(response.status_code, headers=ctype,
                                                            content=head[:65536], request=response.request))
            body = read_capped(response, endpoint, max_bytes)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise transport_failure(endpoint, exc, timeout) from None
    if traffic is not None:
        traffic.requests += 1
        traffic.bytes_received += len(body)
    return parse_answer(body, content_type, endpoint, form_name)


_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # N-Triples' old media type
    "text/turtle": ox.RdfFormat.TURTLE,
}


def _term(term: Any) -> Any:
    """An Oxigraph term as rdflib's, exactly as oxrdflib converts it for the local store
    (a plain string keeps its xsd:string datatype), so remote answers equal local ones."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.Triple):
        return _term(term.subject), _term(term.predicate), _term(term.object)
    raise ValueError(f"unexpected term {term!r}")


def parse_answer(body: bytes, content_type: str, endpoint: str, form: str | None = None) -> Result:
    """Parse a 200 answer (with Oxigraph's parsers, fully, before anything is used).

    An error message inside the body, or a stream cut short, makes it unparsable: that is
    a RemoteError, never a short result. ``form``: the query's form, when known (an ASK
    answered as Virtuoso 7 does, a table of one ``__ASK_RETVAL``, is read as its boolean).
    """
    if content_type not in _RESULT_FORMATS and content_type not in _GRAPH_FORMATS:
        raise RemoteError(f"{redact(endpoint)}: HTTP 200 but the answer is {content_type or 'untyped'}, "
                          f"not SPARQL results: {_excerpt(body)}")
    try:
        if content_type in _GRAPH_FORMATS:
            result = Result("CONSTRUCT")
            graph = Graph()
            for triple in ox.parse(body, _GRAPH_FORMATS[content_type]):
                graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
            result.graph = graph
            return result
        parsed = ox.parse_query_results(body, _RESULT_FORMATS[content_type])
        if isinstance(parsed, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(parsed)
            return result
        if form == "ASK" and [v.value for v in parsed.variables] == [_VIRTUOSO_ASK]:
            rows = [solution[_VIRTUOSO_ASK] for solution in parsed]
            result = Result("ASK")
            result.askAnswer = bool(rows) and isinstance(rows[0], ox.Literal) and rows[0].value not in ("0", "false")
            return result
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in parsed.variables]
        result.bindings = [{var: _term(value) for var, value in zip(result.vars, solution, strict=True)}
                           for solution in parsed]
        return result
    except (SyntaxError, ValueError, OSError) as exc:
        raise RemoteError(f"{redact(endpoint)}: HTTP 200 but the answer is not a complete result "
                          f"({exc}); the server said: {_excerpt(body, tail=True)}") from None


def _excerpt(body: bytes, tail: bool = False, limit: int = 200) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    if len(text) <= limit:
        return text
    return "…" + text[-limit:] if tail else text[:limit] + "…"


def tradekg_graphs(client: httpx.Client, endpoint: str, timeout: float, traffic: Traffic | None = None) -> list[str]:
    """The named graphs at ``endpoint`` that hold what ``tradekg push`` sent (see the module's doc)."""
    result = sparql_query(client, endpoint, _TRADEKG_GRAPHS, timeout, traffic=traffic)
    return [str(row[0]) for row in result if isinstance(row[0], URIRef)]  # type: ignore[index]


class RemoteStore(SPARQLStore):
    """rdflib's read-only SPARQLStore whose HTTP goes through :func:`sparql_query`.

    ``graphs``: ``"auto"`` (default) queries the graphs tradekg pushed as the default graph
    when there are any (:func:`tradekg_graphs`, asked before the first query); None queries
    the server's own default graph; a list names the graphs to query.
    """

    def query(self, query: Any, initNs: Any = None, initBindings: Any = None,  # type: ignore[override]
              queryGraph: Any = None, DEBUG: bool = False) -> Result:
        if initBindings:
            query = bind_values(query, {str(k): self.node_to_sparql(v) for k, v in initBindings.items()})
        return super().query(query, initNs, None, queryGraph, DEBUG)

    def __init__(self, endpoint: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_ANSWER_BYTES,
                 graphs: str | Sequence[str] | None = "auto") -> None:
        super().__init__(query_endpoint=endpoint, returnFormat="json")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.traffic = Traffic()
        self._client = http_client(timeout)
        self._graphs: str | list[str] | None = graphs if graphs is None or isinstance(graphs, str) else list(graphs)

    @property
    def graphs(self) -> list[str] | None:
        """The graphs queried as the default graph (None: the server's default graph)."""
        if self._graphs == "auto":
            assert self.query_endpoint is not None
            self._graphs = tradekg_graphs(self._client, self.query_endpoint, self.timeout, self.traffic) or None
        return self._graphs if isinstance(self._graphs, list) else None

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None,
               **_: Any) -> Result:
        self._queries += 1
        graph: str | list[str] | None = self.graphs
        if default_graph is not None and not isinstance(default_graph, BNode):
            graph = default_graph
        assert self.query_endpoint is not None
        return sparql_query(self._client, self.query_endpoint, query, self.timeout, graph,
                            self.max_bytes, self.traffic)

    def close(self, commit_pending_transaction: bool = False) -> None:
        self._client.close()


def remote_traffic(graph: Any) -> Traffic | None:
    """The request and byte counts of a graph opened on a remote endpoint (None for a local store)."""
    store = getattr(graph, "store", None)
    return store.traffic if isinstance(store, RemoteStore) else None

