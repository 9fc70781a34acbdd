"""Exports: the whole graph in RDF formats, the negotiation projection for Gephi and
spreadsheets. Files are written atomically; without a file, text goes to a stream."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph

from tradekg.graph.analysis.projection import projection_graph, relation_label
from tradekg.graph.core.atomic import atomic_output
from tradekg.graph.core.errors import UsageError
from tradekg.graph.core.namespaces import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FORMATS", "PROJECTION_FORMATS", "RDFLIB_FORMATS", "RDF_FORMATS", "export", "graph_turtle", "triples_turtle",
           "turtle_header", "write_graphs_turtle", "write_union"]

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt11", "jsonld": "json-ld"}
PROJECTION_FORMATS = ("graphml", "gexf", "csv")
FORMATS = (*RDF_FORMATS, *PROJECTION_FORMATS)


def _write_rdf(graph: Graph, fmt: str, handle: IO[bytes]) -> None:
    inner = getattr(graph.store, "_inner", None)
    if isinstance(inner, ox.Store):
        # Oxigraph streams its own serialisation: no rdflib round trip for large stores.
        write_union(inner, handle, RDF_FORMATS[fmt])
        return
    # A remote endpoint (or an rdflib store): fetch every triple once, serialise with rdflib.
    everything = Graph()
    for prefix, iri in PREFIXES.items():
        everything.bind(prefix, iri)
    result = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert result.graph is not None
    everything += result.graph
    handle.write(everything.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8"))


def write_union(store: ox.Store, handle: IO[bytes], fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
    """Serialise the union of ``store``'s graphs (each triple is in one graph) as triples, in
    the order Oxigraph keeps them (the same from build to build)."""
    everything = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    ox.serialize(everything, handle, fmt, **({"prefixes": PREFIXES} if fmt == ox.RdfFormat.TURTLE else {}))  # type: ignore[arg-type]


def turtle_header() -> bytes:
    """The prefixes every part of ``tradekg.ttl`` uses, declared once at its top."""
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode("utf-8")


def graph_turtle(store: ox.Store, graph: str) -> bytes:
    """One named graph as Turtle, without its prefix declarations (:func:`turtle_header` has them)."""
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)
    return _without_prefixes(buffer.getvalue())


def triples_turtle(triples: Iterable[ox.Triple]) -> bytes:
    """``triples`` as Turtle without prefix declarations, as :func:`graph_turtle` gives a
    graph's: what a part of ``tradekg.ttl`` that gained them appends (Turtle may state a
    subject's triples in more than one place)."""
    return _without_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"")


def _without_prefixes(data: bytes) -> bytes:
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]


def write_graphs_turtle(handle: IO[bytes], graphs: list[str],
                        part: Callable[[str], bytes | tuple[int, int, int]]) -> dict[str, tuple[int, int]]:
    """Write ``tradekg.ttl`` as the prefixes, then each graph's Turtle in turn (blank node labels
    are unique to their graph, so the parts join into one document); returns where each part is.

    ``part(graph)`` gives a graph's Turtle, or ``(fd, offset, length)``: where in the previous
    file to copy it from (an incremental build rewrites only the graphs that changed).
    """
    where: dict[str, tuple[int, int]] = {}
    header = turtle_header()
    handle.write(header)
    offset = len(header)
    for graph in graphs:
        data = part(graph)
        if isinstance(data, tuple):
            source, at, length = data
            handle.flush()  # the kernel copies behind Python's buffer
            done = 0
            while done < length:
                n = os.copy_file_range(source, handle.fileno(), length - done, at + done)
                if n == 0:
                    raise OSError("the previous tradekg.ttl is shorter than its manifest says")
                done += n
        else:
            handle.write(data)
            length = len(data)
        where[graph] = (offset, length)
        offset += length
    return where


def _stringify(projected: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with plain-string ids and attributes (networkx's GraphML writer rejects
    rdflib terms and None), and one edge key per predicate."""
    import networkx as nx

    out = nx.MultiDiGraph()
    for node, data in projected.nodes(data=True):
        out.add_node(str(node), label=str(data.get("label", node)), kind=str(data.get("kind", "entity")))
    for s, o, key, data in projected.edges(keys=True, data=True):
        predicate = str(data.get("predicate", key))
        out.add_edge(str(s), str(o), key=predicate, predicate=predicate, label=str(data.get("label", "")),
                     relation=relation_label(predicate))
    return out


def _write_gexf(projected: nx.MultiDiGraph, handle: IO[bytes]) -> None:
    """GEXF 1.2 as networkx writes it, less the ``name`` attribute it puts on ``<graph>``, which
    the GEXF 1.2 schema does not have (a file with it fails validation against the schema)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", version="1.2draft")
    writer.add_graph(projected)
    writer.graph_element.attrib.pop("name", None)
    writer.write(handle)


def _write_projection(graph: Graph, fmt: str, handle: IO[bytes]) -> None:
    projected = _stringify(projection_graph(graph))
    if fmt == "graphml":
        import networkx as nx

        nx.write_graphml(projected, handle, encoding="utf-8")
    elif fmt == "gexf":
        _write_gexf(projected, handle)
    else:
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(["source", "source_label", "source_kind", "predicate", "relation",
                         "target", "target_label", "target_kind"])
        for s, o, data in sorted(projected.edges(data=True), key=lambda e: (e[0], e[2]["predicate"], e[1])):
            writer.writerow([s, projected.nodes[s]["label"], projected.nodes[s]["kind"], data["predicate"],
                             data["relation"], o, projected.nodes[o]["label"], projected.nodes[o]["kind"]])
        handle.write(text.getvalue().encode("utf-8"))


def export(graph: Graph, fmt: str, destination: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the whole graph (``ttl``, ``nt``, ``jsonld``) or the negotiation projection
    (``graphml``, ``gexf``, ``csv`` edge list) to a file path (atomically) or a binary stream."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    writer: Any = _write_rdf if fmt in RDF_FORMATS else _write_projection
    if isinstance(destination, (str, os.PathLike)):
        with atomic_output(destination, "wb") as handle:
            writer(graph, fmt, handle)
    else:
        writer(graph, fmt, destination)
