"""Send a built graph to a SPARQL 1.1 Graph Store Protocol endpoint, then check it arrived.

By default each source gets its own named graph — named by the source's IRI, holding the
source's description, the documents it references or restates, and every claim and quotation derived
from it (its PROV-O links decide, not IRI spelling) — and everything else (ontology,
concept schemes, parties, agreements, HS headings) goes to one shared graph. ``graph=IRI``
sends everything to one named graph, ``graph="default"`` to the server's default graph.

Each graph goes up in one request (PUT with ``replace``, else POST), so a server that
rejects an upload — malformed, too large, unauthorised, cut off midway — leaves that graph
as it was: nothing is ever cleared first. The bodies are N-Triples written by Oxigraph
from the local store (opened read-only) into temporary files, and streamed with their
length known so progress can be shown. Afterwards the triples in each graph are counted
through the server's SPARQL query endpoint.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from tradekg.graph.core.errors import RemoteError, UsageError
from tradekg.graph.core.namespaces import compact
from tradekg.graph.store.remote import (
    DEFAULT_TIMEOUT,
    SHARED_GRAPH,
    http_client,
    http_failure,
    redact,
    transport_failure,
)

__all__ = [
    "DEFAULT_GRAPH",
    "SHARED_GRAPH",
    "UPLOAD_TYPE",
    "GraphPart",
    "Progress",
    "PushReport",
    "PushedGraph",
    "check_graph_iri",
    "push",
    "query_endpoint_for",
    "remote_counts",
    "source_graphs",
    "upload",
    "write_parts",
]

DEFAULT_GRAPH = "default"  # the value of --graph that means the server's default graph
UPLOAD_TYPE = "application/n-triples"
_CHUNK = 1 << 16
_BATCH = 20_000
_BAD_IRI = re.compile(r'[\s<>"{}|\\^`]')

Progress = Callable[[str, int, int], None]

# Top-level sources (not merely cited or restated by another) and the subjects that belong to each.
_MEMBERS = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?member ?source WHERE {
  ?source a tk:Source .
  FILTER NOT EXISTS { ?citing dcterms:references|tk:restates ?source }
  { ?source a tk:Source . BIND(?source AS ?member) }
  UNION { ?source dcterms:references|tk:restates ?member }
  UNION { ?member prov:wasDerivedFrom ?source }
  UNION { ?member prov:wasQuotedFrom ?source }
}
"""


@dataclass
class GraphPart:
    """One upload: the triples bound for one graph, written as N-Triples to ``path``."""

    graph: str | None  # None: the server's default graph
    path: Path
    triples: int = 0

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    @property
    def label(self) -> str:
        return compact(self.graph) if self.graph else "(default graph)"


@dataclass
class PushedGraph:
    """A graph as sent and as counted on the server afterwards."""

    graph: str | None
    sent: int
    on_server: int


@dataclass
class PushReport:
    """What ``push`` did: where to, which graphs, how many triples, how long."""

    endpoint: str
    query_endpoint: str
    replace: bool
    graphs: list[PushedGraph] = field(default_factory=list)
    bytes_sent: int = 0
    seconds: float = 0.0
    default_graph_triples: int = 0  # what a query without GRAPH sees afterwards through `--store URL`

    @property
    def triples(self) -> int:
        return sum(g.sent for g in self.graphs)


def check_graph_iri(graph: str) -> str:
    """``graph`` if it is an absolute IRI fit for a graph name; UsageError otherwise."""
    if graph == DEFAULT_GRAPH:
        return graph
    scheme = urlsplit(graph).scheme
    if not scheme or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme) or _BAD_IRI.search(graph):
        raise UsageError(f"--graph {graph!r}: not an absolute IRI (or 'default' for the default graph)")
    return graph


def query_endpoint_for(graph_store: str) -> str | None:
    """The query endpoint beside a known server's Graph Store endpoint, or None.

    Oxigraph ``…/store`` → ``…/query``; Fuseki ``…/DATASET/data`` → ``…/DATASET/sparql``;
    GraphDB ``…/repositories/ID/rdf-graphs/service`` → ``…/repositories/ID``; Virtuoso
    ``…/sparql-graph-crud-auth`` → ``…/sparql-auth`` (both authenticated, by Digest) and
    ``…/sparql-graph-crud`` → ``…/sparql``. Credentials in the URL are kept.
    """
    parts = urlsplit(graph_store)
    path = parts.path.rstrip("/")
    for suffix, replacement in (("/rdf-graphs/service", ""), ("/store", "/query"), ("/data", "/sparql"),
                                ("/sparql-graph-crud-auth", "/sparql-auth"), ("/sparql-graph-crud", "/sparql")):
        if path.endswith(suffix):
            return parts._replace(path=path[: -len(suffix)] + replacement, query="", fragment="").geturl()
    return None


# ---------------------------------------------------------------- partitioning


def source_graphs(store: ox.Store) -> dict[ox.NamedNode | ox.BlankNode, str]:
    """Subject → the IRI of the source graph it belongs to (see the module's doc)."""
    owner: dict[ox.NamedNode | ox.BlankNode, str] = {}
    for row in store.query(_MEMBERS, use_default_graph_as_union=True):  # type: ignore[union-attr]
        member, source = row["member"], row["source"]
        if isinstance(member, (ox.NamedNode, ox.BlankNode)) and isinstance(source, ox.NamedNode):
            current = owner.get(member)
            if current is None or source.value < current:  # deterministic if derived from two
                owner[member] = source.value
    # A blank node's triples travel with the subject that points at it: split over two
    # uploads it would become two different nodes on the server.
    referrer: dict[ox.BlankNode, ox.NamedNode | ox.BlankNode] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.object, ox.BlankNode):
            referrer.setdefault(quad.object, quad.subject)  # type: ignore[arg-type]
    for bnode in referrer:
        seen = set()
        node: ox.NamedNode | ox.BlankNode = bnode
        while isinstance(node, ox.BlankNode) and node in referrer and node not in seen and node not in owner:
            seen.add(node)
            node = referrer[node]
        if node in owner:
            owner[bnode] = owner[node]
    return owner


def write_parts(store: ox.Store, directory: Path, graph: str | None = None,
                progress: Progress | None = None) -> list[GraphPart]:
    """Split the store (the union of its graphs, each triple in one) into uploads written under ``directory``.

    ``graph=None``: one part per source plus the shared graph; an IRI: one named graph;
    ``"default"``: the default graph.
    """
    owner = source_graphs(store) if graph is None else {}
    single = None if graph == DEFAULT_GRAPH else graph
    parts: dict[str | None, GraphPart] = {}
    batches: dict[str | None, list[ox.Triple]] = {}
    handles: dict[str | None, BinaryIO] = {}
    total = len(store)
    try:
        def flush(key: str | None) -> None:
            batch = batches.pop(key, [])
            if batch:
                ox.serialize(batch, handles[key], ox.RdfFormat.N_TRIPLES)

        for n, quad in enumerate(store.quads_for_pattern(None, None, None, None), start=1):
            key = owner.get(quad.subject, SHARED_GRAPH) if graph is None else single  # type: ignore[arg-type]
            if key not in parts:
                path = directory / f"part-{len(parts)}.nt"
                parts[key] = GraphPart(key, path)
                handles[key] = open(path, "wb")  # closed in the finally below
            parts[key].triples += 1
            batch = batches.setdefault(key, [])
            batch.append(quad.triple)
            if len(batch) >= _BATCH:
                flush(key)
            if progress and n % _BATCH == 0:
                progress("preparing", n, total)
        for key in list(batches):
            flush(key)
    finally:
        for handle in handles.values():
            handle.close()
    return sorted(parts.values(), key=lambda p: (p.graph == SHARED_GRAPH, p.graph or ""))


# ---------------------------------------------------------------- sending


def _target(endpoint: str, graph: str | None) -> str | httpx.URL:
    if graph is None:
        # GSP names the default graph by a bare `default` parameter. httpx drops a bare
        # parameter when it merges `params`, and a POST without it would create a new graph.
        return endpoint + ("&" if "?" in endpoint else "?") + "default"
    return httpx.URL(endpoint).copy_merge_params({"graph": graph})


def _body(path: Path, label: str, progress: Progress | None) -> Iterator[bytes]:
    size = path.stat().st_size
    sent = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            sent += len(chunk)
            if progress:
                progress(f"sending {label}", sent, size)
            yield chunk


class _Resendable:
    """An upload body that can be sent again from its start: an HTTP Digest challenge to the
    first attempt makes httpx send the request twice, and a generator can be read only once."""

    def __init__(self, path: Path, label: str, progress: Progress | None) -> None:
        self.path, self.label, self.progress = path, label, progress

    def __iter__(self) -> Iterator[bytes]:
        return iter(_body(self.path, self.label, self.progress))


def upload(client: httpx.Client, endpoint: str, graph: str | None, body: Iterable[bytes], size: int,
           replace: bool, timeout: float) -> None:
    """Send one graph in one request: PUT (``replace``) or POST; RemoteError unless 2xx.

    A redirect is not followed: the upload (and any credentials) would go to wherever the
    server points, another origin included, and a streamed body cannot be sent twice anyway.
    It is reported with where it points, to give as the URL if that is meant."""
    try:
        response = client.request("PUT" if replace else "POST", _target(endpoint, graph), content=body,
                                  headers={"Content-Type": UPLOAD_TYPE, "Content-Length": str(size)},
                                  follow_redirects=False)
    except httpx.HTTPError as exc:
        raise transport_failure(endpoint, exc, timeout) from None
    if response.is_redirect or 300 <= response.status_code < 400:
        location = response.headers.get("Location", "")
        where = redact(str(response.url.join(location))) if location else "nowhere (no Location header)"
        raise RemoteError(f"{redact(endpoint)}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
                          + f" redirects the upload to {where}; it was not sent there (give that URL if it "
                            "is the store meant)")
    if not 200 <= response.status_code < 300:
        raise http_failure(endpoint, response)


def remote_counts(query_endpoint: str, timeout: float) -> tuple[dict[str, int], int]:
    """Triples per named graph, counted by the server, and the triples a query without GRAPH
    sees through ``--store URL`` (the graphs tradekg pushed, when it finds them: see
    :class:`tradekg.graph.store.remote.RemoteStore`)."""
    from rdflib import Graph

    from tradekg.graph.store.local import open_graph
    from tradekg.graph.store.queries import run_query
    from tradekg.graph.store.remote import RemoteStore

    server = Graph(store=RemoteStore(query_endpoint, timeout, graphs=None))  # the server's own dataset
    remote = open_graph(query_endpoint, timeout=timeout)
    try:
        named = {}
        for row in run_query(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
            graph, n = row.get("g"), row.get("n")
            if graph is not None and n is not None:
                named[str(graph)] = int(n)
        rows = list(run_query(remote, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        default = int(rows[0].get("n")) if rows and rows[0].get("n") is not None else 0
    except (TypeError, ValueError) as exc:
        raise RemoteError(f"{redact(query_endpoint)}: unexpected answer to a COUNT query: {exc}") from None
    finally:
        server.close()
        remote.close()
    return named, default


def push(store: ox.Store, endpoint: str, query_endpoint: str | None = None, graph: str | None = None,
         replace: bool = False, timeout: float = DEFAULT_TIMEOUT, progress: Progress | None = None) -> PushReport:
    """Upload ``store``'s graph to a Graph Store Protocol ``endpoint`` and verify the counts.

    Raises RemoteError (exit 1) when the server cannot be reached, refuses an upload (the
    message has the status and what the server said) or holds fewer triples than were sent;
    UsageError when the query endpoint cannot be guessed from ``endpoint``.
    """
    started = time.monotonic()
    if graph is not None:
        check_graph_iri(graph)
    query_url = query_endpoint or query_endpoint_for(endpoint)
    if query_url is None:
        raise UsageError(f"{redact(endpoint)}: cannot tell this server's query endpoint; give --query-url")
    report = PushReport(endpoint, query_url, replace)
    with tempfile.TemporaryDirectory(prefix="tradekg-push-") as tmp, http_client(timeout) as client:
        parts = write_parts(store, Path(tmp), graph, progress)
        for part in parts:
            upload(client, endpoint, part.graph, _Resendable(part.path, part.label, progress), part.size, replace,
                   timeout)
            report.bytes_sent += part.size
            with contextlib.suppress(OSError):
                os.unlink(part.path)  # free the disk as we go
        if progress:
            progress("verifying", 0, 1)
        named, default = remote_counts(query_url, timeout)
    report.default_graph_triples = default
    for part in parts:
        on_server = default if part.graph is None else named.get(part.graph, 0)
        report.graphs.append(PushedGraph(part.graph, part.triples, on_server))
        # After a replace a named graph holds exactly what was sent; after an append (or in
        # a default graph that some servers make the union of all graphs) at least that.
        exact = replace and part.graph is not None
        if on_server < part.triples or (exact and on_server != part.triples):
            raise RemoteError(f"{redact(query_url)}: {part.label} holds {on_server:,} triples after the upload; "
                              f"{part.triples:,} were sent")
    report.seconds = time.monotonic() - started
    return report
