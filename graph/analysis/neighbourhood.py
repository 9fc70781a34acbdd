"""The projection around some nodes, fetched ring by ring within a node and time budget."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph

from tradekg.graph.analysis.projection import Edge, edges_touching
from tradekg.graph.store.queries import BATCH

__all__ = ["FIRST_BATCH", "Neighbourhood", "expand"]


@dataclass
class Neighbourhood:
    """Edges within ``hops`` of the seeds, each node's distance from them, and whether a
    budget (nodes, time) cut the expansion short."""

    edges: set[Edge] = field(default_factory=set)
    distance: dict[str, int] = field(default_factory=dict)
    truncated: bool = False
    reason: str = ""


FIRST_BATCH = 1  # frontier nodes asked about first (a hub alone); each further batch doubles, up to BATCH


def _growing(nodes: list[str]) -> Iterable[list[str]]:
    """``nodes`` in order, in batches of FIRST_BATCH, then twice as many each time, up to BATCH."""
    size, i = FIRST_BATCH, 0
    while i < len(nodes):
        yield nodes[i: i + size]
        i += size
        size = min(size * 2, BATCH)


def expand(graph: Graph, seeds: Iterable[str], hops: int, max_nodes: int = 20_000,
           deadline: float | None = None) -> Neighbourhood:
    """Breadth-first fetch of the projection around ``seeds``, up to ``hops`` edges away.

    Each ring is asked about in growing batches, its best-connected nodes first (most edges
    to what was fetched so far, then IRI), and the fetch stops (``truncated``) as soon as
    more than ``max_nodes`` nodes are reached or the ``deadline`` (a ``time.monotonic()``
    value) passes: a hub in the ring is not followed past the cap. Every node nearer than the
    ring being fetched is in the answer with all its edges, and the nodes and edges fetched
    so far are kept, so every answer computed on them is still correct for what they contain.
    """
    result = Neighbourhood()
    frontier = sorted(set(seeds))
    for seed in frontier:
        result.distance[seed] = 0
    for depth in range(1, hops + 1):
        if not frontier:
            break
        new: list[str] = []
        for batch in _growing(frontier):
            if deadline is not None and time.monotonic() > deadline:
                result.truncated, result.reason = True, "time limit"
                return result
            for s, p, o in sorted(edges_touching(graph, batch)):
                result.edges.add((s, p, o))
                for node in (s, o):
                    if node not in result.distance:
                        result.distance[node] = depth
                        new.append(node)
            if len(result.distance) > max_nodes:
                result.truncated, result.reason = True, f"more than {max_nodes:,} nodes"
                return result
        links: dict[str, int] = dict.fromkeys(new, 0)
        for s, _, o in result.edges:
            for node in (s, o):
                if node in links:
                    links[node] += 1
        frontier = sorted(new, key=lambda n: (-links[n], n))
    return result
