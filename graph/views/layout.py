"""Positions for every view, computed here so that the browser draws them at once and the
layout suits the question: answers read left to right in columns (a demand, the concerns
that block it, the alternatives that address them; what A asks of B against what B asks of
A; a path from its source to its target), the whole graph and a neighbourhood in columns by
distance from their hubs, and each label wrapped, whole, in a box that overlaps no other.

Label boxes are estimated from the label's text, font size and shape (the page wraps labels
at :data:`LABEL_WIDTH` pixels, and the estimate errs wide); ``tests/test_view_layout.py``
checks them against the boxes Chromium draws.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from tradekg.graph.views.model import View
from tradekg.graph.views.styles import STYLES, group_of

__all__ = [
    "LABEL_CHARS",
    "LABEL_WIDTH",
    "Box",
    "band_below",
    "drawn_label",
    "font_size",
    "label_lines",
    "label_width",
    "layered_layout",
    "node_box",
    "node_size",
    "opening_nodes",
    "overlaps",
    "ring_layout",
    "view_boxes",
    "view_positions",
]

LABEL_CHARS = 160
"""Characters of a label drawn under its node, wrapped (longer ones end in "…"; the tooltip,
the panel and the search have it whole)."""
LABEL_WIDTH = 200
"""Pixels a node's label may take across before it wraps (vis ``widthConstraint.maximum``)."""
CHAR_WIDTH = 0.58
"""A generous mean width of a character, as a share of the font size (system-ui sans-serif)."""
LINE_HEIGHT = 1.2
STROKE = 4  # the labels' white outline (vis font.strokeWidth), drawn outside the letters
GAP_X, GAP_Y = 60.0, 22.0  # between columns, and between the boxes of one column
ANSWER_GAP_X = 170.0  # between the columns of an answer, where the relations' names are drawn
ANSWER_ASPECT = 0.6  # an answer's columns wrap only when much taller than wide: they are few


def font_size(role: str, highlight: bool) -> int:
    """The label's font size in pixels: the seed largest, the answer of an answer view larger."""
    if role == "seed":
        return 24
    if highlight and role == "answer":
        return 21
    return 16


def label_width(font: int) -> float:
    """Pixels across a label of this font size may take before it wraps: LABEL_WIDTH at the
    plain 16 px, wider for larger letters, so that a line holds as many words."""
    return LABEL_WIDTH * font / 16


def node_size(group: str, role: str, highlight: bool) -> int:
    """The drawn size of a node's shape: its kind's, larger for the seed and an answer's nodes."""
    size = STYLES[group].size
    if role == "seed":
        return size + 8
    if highlight and role == "answer":
        return size + 4
    return size


def drawn_label(text: str) -> str:
    """A label as drawn: white space made single, cut at LABEL_CHARS with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def label_lines(label: str, font: int, width: float | None = None) -> list[str]:
    """The lines a label is wrapped into (at spaces, as vis wraps it), estimated."""
    width = label_width(font) if width is None else width
    per_line = max(4, int(width / (font * CHAR_WIDTH)))
    return textwrap.wrap(label, per_line, break_long_words=False, break_on_hyphens=False) or [""]


@dataclass(frozen=True)
class Box:
    """A node with its label: ``w`` × ``h`` pixels, its centre ``dy`` below the node's centre."""

    w: float
    h: float
    dy: float = 0.0


def node_box(label: str, font: int, shape: str, size: float) -> Box:
    """The box a node and its label take: the label under the shape, or inside a 'box'."""
    # Where the page may wrap a label (it measures the text, this only estimates it), the
    # box is taken as wide as wrapping allows and as tall as the estimated lines: an upper bound.
    one_line = len(label) * font * CHAR_WIDTH
    lines = label_lines(label, font) if one_line > label_width(font) else [label]
    text_w = label_width(font) if len(lines) > 1 else one_line
    text_w += 2 * STROKE  # the white outline drawn around the letters
    text_h = len(lines) * font * LINE_HEIGHT
    if shape in ("box", "ellipse", "circle", "database", "text"):
        return Box(text_w + 14, text_h + 34)
    shape_h = 2 * size
    w = max(text_w, shape_h) + 4
    h = shape_h + text_h + 8
    return Box(w, h, h / 2 - size)


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes ``(left, top, right, bottom)`` overlap (touching edges do not)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# ---------------------------------------------------------------- layered (columns) layout


def _isotonic(wanted: list[float]) -> list[float]:
    """The non-decreasing sequence nearest ``wanted`` in least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, count]
    for w in wanted:
        blocks.append([w, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    out: list[float] = []
    for mean, count in blocks:
        out += [mean] * int(count)
    return out


def _stack(column: list[str], boxes: Mapping[str, Box], wanted: Mapping[str, float] | None) -> dict[str, float]:
    """Box centres down one column, in its order, each ``GAP_Y`` below the one above: centred
    on 0, or as near as may be to ``wanted`` centres (the column keeps its order)."""
    offsets, at = [], 0.0
    for i, n in enumerate(column):
        if i:
            at += (boxes[column[i - 1]].h + boxes[n].h) / 2 + GAP_Y
        offsets.append(at)
    if not wanted or not any(n in wanted for n in column):
        middle = offsets[-1] / 2 if offsets else 0.0
        return {n: o - middle for n, o in zip(column, offsets, strict=True)}
    # Nodes without a wish follow their neighbours in the column: fill the gaps between wishes.
    wishes = [wanted.get(n) for n in column]
    known = [i for i, w in enumerate(wishes) if w is not None]
    filled: list[float] = []
    for i in range(len(column)):
        if wishes[i] is not None:
            filled.append(float(wishes[i]))  # type: ignore[arg-type]
            continue
        before = max((k for k in known if k < i), default=None)
        after = min((k for k in known if k > i), default=None)
        ref = before if before is not None else after
        assert ref is not None
        filled.append(float(wishes[ref]) + offsets[i] - offsets[ref])  # type: ignore[arg-type]
    z = _isotonic([f - o for f, o in zip(filled, offsets, strict=True)])
    return {n: zi + o for n, zi, o in zip(column, z, offsets, strict=True)}


def layered_layout(columns: Sequence[Sequence[str]], edges: Iterable[tuple[str, str]], boxes: Mapping[str, Box],
                   pinned: Iterable[str] = (), aspect: float = 1.4, sweeps: int = 4,
                   order: bool = True, spread: bool = False,
                   gap_x: float = GAP_X) -> dict[str, tuple[float, float]]:
    """Positions for nodes in columns read left to right (``columns[0]`` leftmost).

    Within each column the nodes are ordered by the mean place of their neighbours in the
    columns beside it (the barycentre heuristic of layered drawing, swept both ways
    ``sweeps`` times; ``pinned`` nodes stay first in their column, and ``order=False`` keeps
    the given order). A column taller than the drawing should be (about ``aspect`` times as
    wide as tall, from the boxes' total area) is wrapped into several. The tallest column is
    stacked; every other is drawn as near as it may to its neighbours' heights, so that a
    node sits beside what it is linked to. ``spread``: the first column's nodes (hubs) are
    spread evenly down the whole height instead, so that they stand well apart. Boxes never
    overlap: columns are as wide as their widest box, plus ``GAP_X``; boxes in a column are
    ``GAP_Y`` apart.
    """
    cols = [list(dict.fromkeys(c)) for c in columns if c]
    near: dict[str, set[str]] = {}
    for a, b in edges:
        if a != b:
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
    first = set(pinned)
    if order:
        place: dict[str, float] = {}

        def rank(k: int) -> None:
            for i, n in enumerate(cols[k]):
                place[n] = (i + 0.5) / len(cols[k])

        def reorder(k: int, beside: tuple[int, ...]) -> None:
            others = {n for j in beside if 0 <= j < len(cols) for n in cols[j]}
            keys = {}
            for n in cols[k]:
                around = [place[m] for m in near.get(n, ()) if m in others and m in place]
                # fsum: the same mean whatever order the set gives the neighbours in (a plain sum's
                # rounding followed it, and two nodes swapped places from one process to the next)
                keys[n] = math.fsum(around) / len(around) if around else place.get(n, 0.5)
            cols[k].sort(key=lambda n: (n not in first, keys[n]))
            rank(k)

        for k in range(len(cols)):
            rank(k)
        for _ in range(sweeps):
            for k in range(1, len(cols)):
                reorder(k, (k - 1,))
            for k in range(len(cols) - 2, -1, -1):
                reorder(k, (k + 1,))
        for k in range(len(cols)):
            reorder(k, (k - 1, k + 1))
    # Wrap columns taller than the drawing.
    area = sum((boxes[n].w + gap_x) * (boxes[n].h + GAP_Y) for c in cols for n in c)
    tallest = max((boxes[n].h for c in cols for n in c), default=0.0)
    height = max(tallest, math.sqrt(area / aspect) if area else 0.0)
    drawn: list[tuple[list[str], bool]] = []  # (column, wrapped)
    for c in cols:
        total = sum(boxes[n].h + GAP_Y for n in c)
        if total <= height * 1.15:
            drawn.append((c, False))
            continue
        parts = math.ceil(total / height)
        chunk = math.ceil(len(c) / parts)
        drawn += [(c[i: i + chunk], True) for i in range(0, len(c), chunk)]
    # Heights: the tallest column stacked, then outwards, each as near as it may to its neighbours.
    ys: dict[str, float] = {}
    anchor = max(range(len(drawn)), key=lambda k: sum(boxes[n].h for n in drawn[k][0])) if drawn else 0
    sequence = [anchor, *range(anchor + 1, len(drawn)), *range(anchor - 1, -1, -1)] if drawn else []
    for k in sequence:
        column, wrapped = drawn[k]
        wanted = None
        if k != anchor and not wrapped:
            wanted = {}
            for n in column:
                around = [ys[m] for m in near.get(n, ()) if m in ys]
                if around:
                    wanted[n] = sum(around) / len(around)
        ys.update(_stack(column, boxes, wanted))
    if spread and drawn and not drawn[0][1] and len(drawn[0][0]) > 1:
        column = drawn[0][0]
        span = max(max(ys.values()) - min(ys.values()), sum(boxes[n].h + GAP_Y for n in column))
        step = span / len(column)
        spaced = {n: -span / 2 + step * (i + 0.5) for i, n in enumerate(column)}
        ys.update(_stack(column, boxes, spaced))  # never closer than GAP_Y
    out: dict[str, tuple[float, float]] = {}
    x = 0.0
    for column, _ in drawn:
        width = max(boxes[n].w for n in column)
        for n in column:
            out[n] = (round(x + width / 2, 1), round(ys[n] - boxes[n].dy, 1))
        x += width + gap_x
    return out


def band_below(nodes: Sequence[str], edges: Iterable[tuple[str, str]], boxes: Mapping[str, Box],
               placed: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions for ``nodes`` in rows under the ``placed`` ones (an answer's context), each
    row as wide as the answer, the nodes ordered by the mean place across of what they are
    linked to in the answer, so that each sits under what it relates to."""
    if not nodes:
        return {}
    near: dict[str, list[float]] = {}
    for a, b in edges:
        for n, m in ((a, b), (b, a)):
            if m in placed and n not in placed:
                near.setdefault(n, []).append(placed[m][0])
    if placed:
        left = min(x - boxes[n].w / 2 for n, (x, _) in placed.items())
        right = max(x + boxes[n].w / 2 for n, (x, _) in placed.items())
        top = max(y + boxes[n].dy + boxes[n].h / 2 for n, (_, y) in placed.items()) + 3 * GAP_Y
    else:
        left = right = top = 0.0
    widest = max(boxes[n].w for n in nodes)
    right = max(right, left + widest, left + math.sqrt(sum((boxes[n].w + GAP_X) ** 2 for n in nodes)))
    ordered = sorted(nodes, key=lambda n: (math.fsum(near[n]) / len(near[n]) if n in near else right, n))
    out: dict[str, tuple[float, float]] = {}
    row: list[str] = []
    x, row_h = left, 0.0
    rows: list[tuple[list[str], float]] = []
    for n in ordered:
        if row and x + boxes[n].w > right:
            rows.append((row, row_h))
            x, row, row_h = left, [], 0.0
        row.append(n)
        x += boxes[n].w + GAP_X / 2
        row_h = max(row_h, boxes[n].h)
    rows.append((row, row_h))
    y = top
    for row, row_h in rows:
        x = left
        for n in row:
            out[n] = (round(x + boxes[n].w / 2, 1), round(y + row_h / 2 - boxes[n].dy, 1))
            x += boxes[n].w + GAP_X / 2
        y += row_h + GAP_Y
    return out


# ---------------------------------------------------------------- rings (the largest views)


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


# ---------------------------------------------------------------- a view's positions


def view_boxes(view: View) -> dict[str, Box]:
    """The box each node of ``view`` takes, drawn as the page draws it."""
    out = {}
    for n in view.nodes:
        group = group_of(n.kind)
        out[n.iri] = node_box(drawn_label(n.label), font_size(n.role, view.highlight), STYLES[group].shape,
                              node_size(group, n.role, view.highlight))
    return out


def _hubs(nodes: Sequence[str], near: Mapping[str, set[str]]) -> list[str]:
    """The nodes a whole view starts from: the best-connected (at least half the most links), at most 4."""
    degree = {n: len(near.get(n, ())) for n in nodes}
    top = max(degree.values(), default=0)
    if not top:
        return []
    ranked = sorted((n for n in nodes if degree[n] * 2 >= top), key=lambda n: (-degree[n], n))
    return ranked[:4]


def _distance_columns(nodes: Sequence[str], near: Mapping[str, set[str]], roots: Sequence[str]) -> list[list[str]]:
    """Columns by distance: the roots first, then the nodes one relation away, and so on; each
    part of the view no root reaches starts from its best-connected node, in the first column."""
    distance: dict[str, int] = {}
    ring = [r for r in roots if r in near or r in nodes]
    for r in ring:
        distance[r] = 0
    todo = sorted(nodes, key=lambda n: (-len(near.get(n, ())), n))
    while True:
        while ring:
            nxt = []
            for n in ring:
                for m in sorted(near.get(n, ())):
                    if m not in distance:
                        distance[m] = distance[n] + 1
                        nxt.append(m)
            ring = nxt
        rest = [n for n in todo if n not in distance]
        if not rest:
            break
        distance[rest[0]] = 0
        ring = [rest[0]]
    columns: list[list[str]] = [[] for _ in range(max(distance.values(), default=-1) + 1)]
    for n in nodes:
        columns[distance[n]].append(n)
    return columns


def _near(view: View) -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for e in view.edges:
        if e.source != e.target:
            near.setdefault(e.source, set()).add(e.target)
            near.setdefault(e.target, set()).add(e.source)
    return near


def _roots(view: View, near: Mapping[str, set[str]]) -> list[str]:
    """What a view without columns of its own starts from: its seed, else its hubs."""
    seeds = [n.iri for n in view.nodes if n.role == "seed"]
    return seeds or _hubs([n.iri for n in view.nodes], near)


def opening_nodes(view: View) -> tuple[list[str], list[str]]:
    """The part of ``view`` its page opens on, at a size that can be read, when the whole is
    too large to read at once, as (roots, the rest): an answer's first column and its other
    columns, or the seed or the hubs and the nodes one relation from them (their first ring)."""
    shown = {n.iri for n in view.nodes}
    if view.columns:
        columns = [[n for n in c if n in shown] for c in view.columns]
        columns = [c for c in columns if c]
        return (columns[0], [n for c in columns[1:] for n in c]) if columns else ([], [])
    near = _near(view)
    roots = _roots(view, near)
    ring = sorted({m for r in roots for m in near.get(r, ())} - set(roots))
    return roots, ring


def view_positions(view: View) -> dict[str, tuple[float, float]]:
    """Where each node of ``view`` is drawn (the page's physics stays off).

    An answer with columns of its own (``view.columns``) is drawn in them, the rest of the
    view in rows below it; any other view in columns by distance from its seed, or from its
    hubs (the best-connected nodes), so that hubs never sit on each other, whatever its size
    (up to MAX_NODES_LIMIT nodes this takes a tenth of a second; :func:`ring_layout`, which
    large views used to be drawn in, put 500 labels on one circle, each on its neighbours).
    """
    iris = [n.iri for n in view.nodes]
    pairs = [(e.source, e.target) for e in view.edges]
    boxes = view_boxes(view)
    shown = set(iris)
    if view.columns:
        columns = [[n for n in c if n in shown] for c in view.columns]
        inside = {n for c in columns for n in c}
        # Wide gaps between an answer's columns: its relations' names are drawn there.
        placed = layered_layout(columns, [(a, b) for a, b in pairs if a in inside and b in inside], boxes,
                                pinned=view.pinned, gap_x=ANSWER_GAP_X, aspect=ANSWER_ASPECT)
        rest = [n for n in iris if n not in inside]
        return {**placed, **band_below(rest, pairs, boxes, placed)}
    near = _near(view)
    roots = _roots(view, near)
    seeded = any(n.role == "seed" for n in view.nodes)
    return layered_layout(_distance_columns(iris, near, roots), pairs, boxes, pinned=roots, spread=not seeded)
