"""Positions for large views, computed here so that the browser draws them at once."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import networkx as nx

__all__ = ["ring_layout"]

# ---------------------------------------------------------------- layout


def _mean_angle(angles: list[float], default: float) -> float:
    if not angles:
        return default
    return math.atan2(sum(map(math.sin, angles)), sum(map(math.cos, angles))) % (2 * math.pi)


def _rings(g: nx.Graph, start: list[str], spacing: float, step: float,
           sweeps: int) -> tuple[float, dict[str, tuple[float, float]]]:
    """One component in rings around ``start``: (outer radius with a margin, positions around 0, 0)."""
    layers = [start] + [sorted(layer) for layer in list(nx.bfs_layers(g, start))[1:]]
    ring = {n: k for k, layer in enumerate(layers) for n in layer}
    angle: dict[str, float] = {}

    def place(k: int) -> None:
        for i, n in enumerate(layers[k]):
            angle[n] = 2 * math.pi * i / len(layers[k])

    def order(k: int, beside: tuple[int, ...]) -> None:
        keys = {n: _mean_angle([angle[m] for m in g[n] if ring[m] in beside and m in angle], angle.get(n, 0.0))
                for n in layers[k]}
        layers[k].sort(key=lambda n: (keys[n], n))
        place(k)

    place(0)
    for k in range(1, len(layers)):
        order(k, (k - 1,))
    for _ in range(sweeps):
        for k in range(len(layers) - 2, 0, -1):
            order(k, (k - 1, k + 1))
        for k in range(1, len(layers)):
            order(k, (k - 1, k + 1))
    pos: dict[str, tuple[float, float]] = {}
    radius = 0.0 if len(start) == 1 else spacing * len(start) / (2 * math.pi)
    for k, layer in enumerate(layers):
        if k:
            radius = max(radius + step, spacing * len(layer) / (2 * math.pi))
        for n in layer:
            pos[n] = (radius * math.cos(angle[n]), radius * math.sin(angle[n]))
    return radius + step / 2, pos


def ring_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], roots: Sequence[str] = (),
                spacing: float = 70.0, step: float = 220.0, sweeps: int = 2) -> dict[str, tuple[float, float]]:
    """Positions for a large view in time linear in its size: each connected component in
    rings around its roots (given, else its best-connected node), ring k holding the nodes k
    relations away; components side by side, largest first.

    Each ring is ordered by the mean angle of each node's neighbours in the rings beside it
    (the barycentre heuristic of layered drawing, swept outwards and back ``sweeps`` times),
    so that related nodes sit near each other and fewer edges cross.

    networkx's force-directed layouts need numpy/scipy and took 2–7 s at 1,000–2,000 nodes on
    this kind of machine; a view must open in seconds at any size.
    """
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a in g and b in g)
    components = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    blocks: list[tuple[float, dict[str, tuple[float, float]]]] = []
    for component in components:
        members = set(component)
        start = [r for r in roots if r in members] or [max(component, key=lambda n: (g.degree(n), n))]
        blocks.append(_rings(g, start, spacing, step, sweeps))
    # Shelf packing: rows of components, about as wide as the whole is tall.
    total = sum((2 * r) ** 2 for r, _ in blocks)
    width = max([2 * r for r, _ in blocks] + [math.sqrt(total)]) if blocks else 0
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for r, pos in blocks:
        if x and x + 2 * r > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(px + x + r, 1), round(py + y + r, 1))
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return out
