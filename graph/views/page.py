"""The page's data: vis-network nodes and edges, options, legend, and the tables they point into."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tradekg.graph.analysis.evidence import Evidence
from tradekg.graph.analysis.projection import path_relations, relation_label
from tradekg.graph.views.layout import LABEL_CHARS, LABEL_WIDTH, font_size, label_width, node_size, opening_nodes
from tradekg.graph.views.model import PHYSICS_MAX_NODES, VIEW_RELATIONS, View
from tradekg.graph.views.pages import clip
from tradekg.graph.views.selection import SHOWN_RELATIONS
from tradekg.graph.views.styles import STYLES, group_of, kind_words

__all__ = [
    "FULL_LABEL_CHARS",
    "LABEL_CHARS",
    "MAX_NODE_QUOTE_CHARS",
    "MIN_NODE_QUOTE_CHARS",
    "QUOTES_CHARS",
    "PageData",
    "clip",
    "legend",
    "page_data",
    "vis_options",
]

FULL_LABEL_CHARS = 300  # labels and titles past this are cut (with "…") even in the panel
QUOTES_CHARS = 400_000  # quotes a page carries at most, shared among its quoted nodes…
MIN_NODE_QUOTE_CHARS, MAX_NODE_QUOTE_CHARS = 250, 4_000  # …each getting between these


# ---------------------------------------------------------------- the page


@dataclass
class PageData:
    """What the page's script receives: nodes and edges for vis-network, plus the tables they
    refer to (kinds, relations, sources), so that no text is repeated per node or edge.
    Tooltips, edge labels and the details panel are assembled in the page, as text."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    tables: dict[str, Any]


def _quote_budget(view: View) -> int:
    """Characters of quotes each node may carry, so that quotes add at most QUOTES_CHARS to a page."""
    quoted = sum(1 for n in view.nodes if n.evidence is not None and n.evidence.quotes)
    return max(MIN_NODE_QUOTE_CHARS, min(MAX_NODE_QUOTE_CHARS, QUOTES_CHARS // max(1, quoted)))


def _quotes(ev: Evidence, budget: int) -> tuple[list[list[Any]], int]:
    """[[text, source index or None], ...] within ``budget`` characters, and how many were left out."""
    out: list[list[Any]] = []
    for q in ev.quotes:
        if budget < 40 and out:
            break
        text = clip(q.text, max(40, budget))
        budget -= len(text)
        out.append([text, q.source])
    return out, len(ev.quotes) - len(out)


def page_data(view: View, positions: Mapping[str, tuple[float, float]] | None = None) -> PageData:
    """The view as the page's data: vis node and edge objects and the tables they point into."""
    relations: dict[str, int] = {}
    relation_rows: list[dict[str, Any]] = []
    sources: dict[str, dict[str, Any]] = {}
    budget = _quote_budget(view)
    nodes = []
    for node in view.nodes:
        group = group_of(node.kind)
        item: dict[str, Any] = {"id": node.iri, "label": clip(node.label, LABEL_CHARS), "group": group,
                                "kind": node.kind}
        if node.role != "node":
            item["role"] = node.role
        if item["label"] != node.label:
            item["fullLabel"] = clip(node.label, FULL_LABEL_CHARS)
        ev = node.evidence
        if ev is not None:
            quotes, more = _quotes(ev, budget)
            if quotes:
                item["quotes"] = quotes
            if more:
                item["moreQuotes"] = more
            if ev.sources:
                item["sources"] = [s.iri for s in ev.sources]
            if ev.date:
                item["date"] = ev.date
            for src in ev.sources:
                sources.setdefault(src.iri, {"title": clip(src.title, FULL_LABEL_CHARS),
                                             "publisher": src.publisher and clip(src.publisher, 120),
                                             "issued": src.issued})
        if positions is not None and node.iri in positions:
            item["x"], item["y"] = positions[node.iri]
        font = font_size(node.role, view.highlight)
        if node.role == "seed":
            item.update(borderWidth=4, size=node_size(group, node.role, view.highlight), font={"size": font},
                        widthConstraint={"maximum": label_width(font)})
        elif view.highlight and node.role == "answer":
            item.update(borderWidth=3, size=node_size(group, node.role, view.highlight), font={"size": font},
                        widthConstraint={"maximum": label_width(font)})
        elif view.highlight and node.role == "context":
            item.update(opacity=0.25, font={"color": "#9a9a9a"})
        nodes.append(item)
    position = {node.iri: i for i, node in enumerate(view.nodes)}
    edges = []
    for edge in view.edges:
        if edge.predicate not in relations:
            short, full = _edge_label(edge.predicate)
            relations[edge.predicate] = len(relation_rows)
            relation_rows.append({"iri": edge.predicate, "short": short, "label": full,
                                  "followed": edge.predicate in path_relations()})
        # Ends by their place in the node list (the page swaps in the IRIs): a third of the bytes.
        item = {"from": position[edge.source], "to": position[edge.target], "rel": relations[edge.predicate]}
        if edge.role != "edge":
            item["role"] = edge.role
        drawn = VIEW_RELATIONS.get(edge.predicate)
        if edge.predicate not in path_relations():
            item["dashes"] = True  # drawn for context, or inferred: path queries do not follow it
        if drawn is not None and edge.role == "answer":
            # Bowed a little: never on top of a stored relation between the same two nodes.
            item.update(width=2.5, color={"color": drawn.colour, "highlight": "#000000"},
                        font={"size": 13, "color": drawn.colour},
                        smooth={"enabled": True, "type": "curvedCW", "roundness": 0.15})
        elif view.highlight and edge.role == "answer":
            item.update(width=3.5, color={"color": "#1a1a1a", "highlight": "#000000"},
                        font={"size": 14, "color": "#111111"})
        elif view.highlight:
            item.update(color={"color": "#d6d6d6", "highlight": "#888888", "opacity": 0.6},
                        font={"color": "#b5b5b5"})
        ends = positions and (positions.get(edge.source), positions.get(edge.target))
        if ends and ends[0] and ends[1] and abs(ends[0][1] - ends[1][1]) < 0.5:
            # vis-network draws the name of an exactly level edge, turned along it, at the
            # canvas's origin: name it level instead.
            item["font"] = {**item.get("font", {}), "align": "horizontal"}
        edges.append(item)
    kinds = {n.kind: kind_words(n.kind) for n in view.nodes}
    # What the page opens on when the whole cannot be read at once (by place in ``nodes``),
    # and what the reader is told it is.
    roots, ring = opening_nodes(view)
    opening = {"roots": [position[n] for n in roots], "ring": [position[n] for n in ring],
               "label": _opening_label(view, roots)}
    return PageData(nodes, edges, {"kinds": kinds, "relations": relation_rows, "sources": sources,
                                   "highlight": view.highlight, "opening": opening})


def _opening_label(view: View, roots: list[str]) -> str:
    """What the page opens on, as the page says it: 'India and its neighbours'."""
    if view.columns:
        return "the answer"
    labels = {n.iri: n.label for n in view.nodes}
    names = [clip(labels[r], 40) for r in roots[:3]]
    if not names:
        return "the graph"
    more = f" and {len(roots) - 3} more" if len(roots) > 3 else ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed}{more} and {'its' if len(roots) == 1 else 'their'} neighbours"


# Stored relations a view draws that path queries do not follow, named as the reader says them.
_OTHER_RELATIONS = {"https://w3id.org/tradekg/ontology#demandKind": ("of kind", "demand kind (what sort of thing "
                                                                                "the demand asks for)")}


def _edge_label(predicate: str) -> tuple[str, str]:
    """(short verb drawn on the edge, the relation's full label)."""
    rel = path_relations().get(predicate)
    if rel is not None:
        return rel.short, rel.label
    if predicate in SHOWN_RELATIONS:
        return SHOWN_RELATIONS[predicate]
    if predicate in VIEW_RELATIONS:
        return VIEW_RELATIONS[predicate].short, VIEW_RELATIONS[predicate].label
    if predicate in _OTHER_RELATIONS:
        return _OTHER_RELATIONS[predicate]
    full = relation_label(predicate)
    return full, full


def vis_options(n_nodes: int, positioned: bool) -> dict[str, Any]:
    """vis-network options: physics (bounded, then frozen) unless the positions are given;
    hover tooltips and curved edges up to PHYSICS_MAX_NODES nodes."""
    small = n_nodes <= PHYSICS_MAX_NODES
    groups = {name: {"shape": s.shape, "size": s.size,
                     "color": {"background": s.colour, "border": _darker(s.colour),
                               "highlight": {"background": s.colour, "border": "#000000"},
                               "hover": {"background": s.colour, "border": "#000000"}}}
              for name, s in STYLES.items()}
    groups["source"]["font"] = {"color": "#ffffff", "strokeWidth": 0}
    return {
        "groups": groups,
        "nodes": {"font": {"size": 16, "face": "system-ui, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "widthConstraint": {"maximum": LABEL_WIDTH}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 12, "face": "system-ui, sans-serif", "color": "#555555", "strokeWidth": 3,
                           "align": "middle"},
                  "color": {"color": "#8a8f98", "highlight": "#222222", "hover": "#222222"},
                  # Laid out in columns: straight edges, each relation's name at its middle.
                  "smooth": {"enabled": small and not positioned, "type": "continuous"},
                  "width": 1.2, "selectionWidth": 2},
        "interaction": {"hover": small, "tooltipDelay": 120, "hideEdgesOnDrag": not small,
                        "multiselect": True, "navigationButtons": False, "keyboard": False},
        "physics": ({"enabled": True, "solver": "barnesHut",
                     "barnesHut": {"gravitationalConstant": -15000, "centralGravity": 0.25, "springLength": 180,
                                   "springConstant": 0.035, "avoidOverlap": 0.6},
                     "stabilization": {"enabled": True, "iterations": 400, "fit": True}}
                    if not positioned else {"enabled": False}),
        "layout": {"randomSeed": 7, "improvedLayout": not positioned and n_nodes <= 100},
    }


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i: i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * 0.65):02x}{int(g * 0.65):02x}{int(b * 0.65):02x}"



def legend(view: View) -> list[dict[str, Any]]:
    """Legend entries for the groups present in ``view``, in display order, with node counts."""
    counts = Counter(group_of(n.kind) for n in view.nodes)
    return [{"group": g, "label": s.label, "shape": s.shape, "colour": s.colour, "count": counts[g]}
            for g, s in STYLES.items() if counts[g]]
