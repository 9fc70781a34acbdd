"""Views of the graph itself: the whole graph, a build's overview, the neighbourhood of an entity."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping, Sequence

from rdflib import Graph

from tradekg.graph.analysis.dated import hidden_claims
from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.analysis.neighbourhood import expand
from tradekg.graph.analysis.projection import edges_among, whole
from tradekg.graph.core.errors import UsageError
from tradekg.graph.core.namespaces import expand_iri, local_name
from tradekg.graph.views.model import (
    DEFAULT_MAX_NODES,
    EXPAND_SECONDS,
    View,
    ViewEdge,
    check_max_nodes,
    count_of,
    file_slug,
)
from tradekg.graph.views.overview import WholeEdges
from tradekg.graph.views.selection import adjacency_of, detached_claims, edges_within, ranked, view_nodes

__all__ = ["MAX_LISTED_SOURCES", "focus_view", "overview_view", "whole_view"]


def whole_view(graph: Graph, max_nodes: int = DEFAULT_MAX_NODES, title: str = "Whole graph",
               subtitle: str = "every negotiation relation and every claim", name: str = "whole",
               as_of: dt.date | None = None, known: WholeEdges | None = None) -> View:
    """Every negotiation relation of the graph (and every claim), capped at ``max_nodes``
    nodes, kept breadth-first from the best-connected node. ``known``: what
    :func:`~tradekg.graph.views.overview.whole_edges` gives for ``graph``, when the caller has
    it (a build: see :mod:`~tradekg.graph.views.overview`); not with ``as_of``."""
    check_max_nodes(max_nodes)
    if known is not None and as_of is None:
        edges = set(known.edges)
        adjacency = dict(known.neighbours())  # (its sets are the kept edges': copied before one is added to)
        detached = known.detached(adjacency.keys())
        for c, _, a in detached:
            for x, y in ((c, a), (a, c)):
                adjacency[x] = adjacency.get(x, set()) | {y}
    else:
        hidden = hidden_claims(graph, as_of)  # --as-of: claims reported later are left out
        edges = {e for e in whole(graph) if e[0] not in hidden and e[2] not in hidden}
        adjacency = adjacency_of(edges)
        detached = {e for e in detached_claims(graph, set(adjacency)) if e[0] not in hidden}
        for c, _, a in detached:
            adjacency.setdefault(c, set()).add(a)
            adjacency.setdefault(a, set()).add(c)
    edges |= detached
    total = len(adjacency)
    order = ranked(edges, [], limit=max_nodes, adjacency=adjacency)  # only the first max_nodes are needed
    kept = set(order[:max_nodes])
    view = View(name, title, subtitle, omitted=max(0, total - max_nodes))
    view.nodes = view_nodes(graph, order[:max_nodes], {},
                            described=known.described if known is not None and as_of is None else None)
    view.edges = [ViewEdge(s, p, o) for s, p, o in edges_within(edges, kept)]
    if view.omitted:
        view.notes.append(f"Showing the {max_nodes:,} best-connected nodes of {total:,}: "
                          "`tradekg view --focus ENTITY --radius N`, or --max-nodes, shows others.")
    if not order:
        view.notes.append("The graph holds no negotiation relations.")
    return view


# The overview lists this many sources by name (5,176 at 1M triples made 0.8 MB of its 1.7 MB page).
MAX_LISTED_SOURCES = 100


def overview_view(graph: Graph, triples: int, entities: Mapping[str, int], claims: Mapping[str, int],
                  sources: Sequence[tuple[str, str, int]], max_nodes: int = DEFAULT_MAX_NODES,
                  known: WholeEdges | None = None) -> View:
    """What a build made, for ``OUT/index.html``: the whole graph with the build's counts and
    sources (``known``: as for :func:`whole_view`)."""
    view = whole_view(graph, max_nodes, title="tradekg: what this build holds",
                      subtitle=f"{count_of(triples, 'triple')} from {count_of(len(sources), 'source')}; "
                               "every negotiation relation and every claim", name="index", known=known)
    view.facts = [("triples", f"{triples:,}")]
    view.facts += [(k.replace("_", " "), f"{n:,}") for k, n in claims.items() if n]
    view.facts += [(_words(k), f"{n:,}") for k, n in entities.items() if n and k not in ("Claim", "Quotation")]
    listed = sources[:MAX_LISTED_SOURCES]
    view.facts += [("source", f"{ident}: {title} ({count_of(n, 'claim')})") for ident, title, n in listed]
    if len(sources) > len(listed):
        view.facts.append(("source", f"… and {len(sources) - len(listed):,} more: `tradekg query sources` "
                                     "lists them all"))
    return view


def _words(class_name: str) -> str:
    """'TechnologyArea' -> 'technology areas', 'HSHeading' -> 'HS headings'."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", class_name).split()
    text = " ".join(w if w.isupper() or w[:2].isupper() else w.lower() for w in words)
    return text[:-1] + "ies" if text.endswith("y") else text + "s"


def _distances(edges: set[tuple[str, str, str]], start: str, radius: int) -> dict[str, int]:
    """Relations from ``start`` to each node within ``radius`` of it over ``edges`` (either direction)."""
    near: dict[str, set[str]] = {}
    for s, _, o in edges:
        near.setdefault(s, set()).add(o)
        near.setdefault(o, set()).add(s)
    distance, ring = {start: 0}, [start]
    for step in range(1, radius + 1):
        reached = []
        for node in ring:
            for other in sorted(near.get(node, ())):
                if other not in distance:
                    distance[other] = step
                    reached.append(other)
        ring = reached
    return distance


def focus_view(graph: Graph, entity: str, radius: int = 2, max_nodes: int = DEFAULT_MAX_NODES,
               label: str | None = None, seconds: float = EXPAND_SECONDS, as_of: dt.date | None = None) -> View:
    """The neighbourhood of ``entity`` (a label, id or IRI) up to ``radius`` relations away,
    capped at ``max_nodes`` nodes (nearest and best-connected first). Fetches only the
    neighbourhood, never the whole graph. ``label``: what the title calls it (default: its label)."""
    check_max_nodes(max_nodes)
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
        raise UsageError(f"radius must be a whole number of relations, 0 or more, not {radius!r}")
    iri = expand_iri(entity)
    if iri is None:
        found = resolve_entity(graph, entity)
        iri, label = found.iri, label or found.label
    hood = expand(graph, [iri], radius, max_nodes=max_nodes, deadline=time.monotonic() + seconds)
    hidden = hidden_claims(graph, as_of)  # --as-of: claims reported later are left out
    if hidden:
        # Distances again without them: a node reached only through a hidden claim is out.
        kept_edges = {e for e in hood.edges if e[0] not in hidden and e[2] not in hidden}
        hood.distance = _distances(kept_edges, iri, radius)
        hood.edges = {e for e in kept_edges if e[0] in hood.distance and e[2] in hood.distance}
    order = ranked(hood.edges, [iri], hood.distance)  # breadth-first from iri: nearest first
    shown = order[:max_nodes]
    kept = set(shown)
    name = label or local_name(iri)
    view = View(f"focus-{file_slug(local_name(iri))}-r{radius}", f"Around {name}",
                f"everything up to {count_of(radius, 'relation')} away")
    view.nodes = view_nodes(graph, shown, {iri: "seed"})
    # The expansion fetched no edge between two nodes of its outermost ring: ask for those.
    view.edges = [ViewEdge(s, p, o) for s, p, o in edges_within(hood.edges | edges_among(graph, kept), kept)]
    view.omitted = len(order) - len(shown)
    view.omitted_at_least = hood.truncated
    if hood.truncated:
        view.notes.append(f"The neighbourhood was cut short ({hood.reason}), nearest first: nodes further out, "
                          "and some as near as the farthest shown, were not fetched.")
    if len(order) > max_nodes:
        view.notes.append(f"Showing the {max_nodes:,} nearest nodes: use a smaller --radius, "
                          "or --max-nodes, to change what is shown.")
    if radius and not view.edges:
        view.notes.append(f"{name} has no negotiation relations in this graph.")
    return view
