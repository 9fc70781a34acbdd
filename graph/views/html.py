"""Interactive graph views: which part of the graph a page shows, and the page itself.

A view is built in two pure steps and written once:

1. ``whole_view`` / ``focus_view`` / ``answer_view`` read the graph (through the negotiation
   projection, :mod:`tradekg.graph.projection`) and return a :class:`View`: nodes with their
   kind and evidence (quotes, source, date), edges with their relation, which of them are the
   answer and which only context, and what a cap left out.
2. :func:`to_html` turns a View into one self-contained HTML page, built with pyvis: the
   vis-network bundle that ships inside pyvis is inlined, nothing is fetched at load, and every
   label and quote reaches the page as data (JSON in a script, escaped text in the markup) that
   the page's own script shows as text.

:func:`write_view` writes the page atomically as UTF-8.

Large graphs: a view holds at most ``max_nodes`` nodes (the rest counted and said on the
page); above :data:`PHYSICS_MAX_NODES` the positions are computed here (rings around the
focus, see :func:`ring_layout`) and the browser's physics is off, so the page draws at once.
"""

from __future__ import annotations

import functools
import math
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph
from rdflib.namespace import PROV

from tradekg.graph.atomic import write_text_atomic
from tradekg.graph.entities import resolve_entity
from tradekg.graph.errors import TradekgError, UsageError
from tradekg.graph.namespaces import TK
from tradekg.graph.projection import (
    BATCH,
    Edge,
    Evidence,
    NodeInfo,
    describe,
    edges_among,
    edges_touching,
    evidence,
    expand,
    path_relations,
    relation_label,
    string_rows,
    string_rows_with_values,
    whole,
)
from tradekg.graph.queries import run_query, value_batches

DEFAULT_MAX_NODES = 500
"""Nodes a view shows unless asked otherwise: enough for a neighbourhood, small enough to read."""
MAX_NODES_LIMIT = 2_000
"""The most a view may be asked to show: keeps the page under 2 MB and quick to open."""
PHYSICS_MAX_NODES = 300
"""Up to this many nodes the browser lays the graph out (vis physics, a bounded number of
steps, then frozen); above it the positions are computed here and physics is off."""
DEFAULT_CONTEXT = 40
"""Neighbours shown, faded, around the answer of a path, blockers or trade-offs view."""
EXPAND_SECONDS = 20.0
"""How long a focus view may spend fetching a neighbourhood before it shows what it has."""

LABEL_CHARS = 40  # drawn under a node; the full label is in the tooltip, the panel and search
FULL_LABEL_CHARS = 300  # labels and titles past this are cut (with "…") even in the panel
QUOTES_CHARS = 400_000  # quotes a page carries at most, shared among its quoted nodes…
MIN_NODE_QUOTE_CHARS, MAX_NODE_QUOTE_CHARS = 250, 4_000  # …each getting between these


# ---------------------------------------------------------------- how each kind looks


@dataclass(frozen=True)
class Style:
    """How the nodes of one legend entry are drawn: vis shape, fill colour, size."""

    label: str
    shape: str
    colour: str
    size: int = 14


# Legend entries in display order. Colours from the Okabe–Ito palette (told apart by most
# colour-blind readers), and every entry also has a shape or size of its own.
STYLES: dict[str, Style] = {
    "party": Style("party", "dot", "#0072B2", 20),
    "agreement": Style("agreement", "star", "#5D3A9B", 20),
    "demand": Style("demand", "diamond", "#E69F00", 16),
    "concern": Style("concern", "triangle", "#D55E00", 16),
    "alternative": Style("alternative", "hexagon", "#009E73", 16),
    "sector": Style("sector / technology", "square", "#56B4E9", 11),
    "figure": Style("trade figure", "triangleDown", "#B8A000", 15),
    "event": Style("event / status", "star", "#CC79A7", 15),
    "source": Style("source", "box", "#6E6E6E", 12),
    "topic": Style("topic", "dot", "#8C8C3C", 10),
    "other": Style("other", "dot", "#B0B0B0", 9),
}

_GROUP_OF_KIND = {
    "country": "party", "bloc": "party", "party": "party",
    "agreement": "agreement",
    "demand": "demand", "concern": "concern", "alternative": "alternative",
    "sector": "sector", "technology": "sector", "hs": "sector",
    "trade-figure": "figure",
    "event": "event", "status": "event",
    "terms-of-reference": "source", "article": "source", "statement": "source", "source": "source",
    "concern-topic": "topic", "negotiation-topic": "topic",
}


def group_of(kind: str) -> str:
    """The legend entry a kind is drawn as ('other' for kinds without one of their own)."""
    return _GROUP_OF_KIND.get(kind, "other")


def kind_words(kind: str) -> str:
    """A kind as a reader says it: 'trade figure', 'terms of reference'."""
    special = {"hs": "HS nomenclature entry", "status": "status report", "technology": "technology area"}
    return special.get(kind, kind.replace("-", " "))


# ---------------------------------------------------------------- the view model


@dataclass(frozen=True)
class ViewNode:
    """A node as a view shows it. ``role``: 'seed' (what the view is about), 'answer',
    'context' (faded) or 'node' (a plain view with nothing highlighted)."""

    iri: str
    label: str
    kind: str
    role: str = "node"
    evidence: Evidence | None = None


@dataclass(frozen=True)
class ViewEdge:
    """An edge in its true direction; ``role`` is 'answer', 'context' (faded) or 'edge'."""

    source: str
    predicate: str
    target: str
    role: str = "edge"


@dataclass
class View:
    """What one page shows: title, nodes, edges, what a cap left out, and notes for the reader."""

    name: str  # file-name stem, e.g. "focus-IN-r2"
    title: str
    subtitle: str = ""
    nodes: list[ViewNode] = field(default_factory=list)
    edges: list[ViewEdge] = field(default_factory=list)
    highlight: bool = False  # an answer view: answer highlighted, the rest faded
    omitted: int = 0  # nodes reached but not shown
    omitted_at_least: bool = False  # the fetch stopped early: there may be more
    notes: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # e.g. a build's counts

    @property
    def summary(self) -> str:
        """'62 nodes, 85 edges' plus what was left out, as the page states it."""
        text = f"{_count(len(self.nodes), 'node')}, {_count(len(self.edges), 'edge')}"
        if self.omitted:
            text += f"; {'at least ' if self.omitted_at_least else ''}{self.omitted:,} more not shown"
        return text


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def check_max_nodes(max_nodes: int) -> int:
    """``max_nodes`` if it is a usable cap; UsageError (exit 2) otherwise."""
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or not 1 <= max_nodes <= MAX_NODES_LIMIT:
        raise UsageError(f"max nodes must be a whole number from 1 to {MAX_NODES_LIMIT:,}, not {max_nodes!r}")
    return max_nodes


def _slug(text: str, limit: int = 48) -> str:
    """A file-name-safe fragment: letters, digits, '-' and '.' only."""
    cleaned = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")[:limit].strip("-.")
    return cleaned or "entity"


def _short_id(iri: str) -> str:
    """The last path segment of an IRI, for file names ('IN', 'india-technology-access-parity')."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# ---------------------------------------------------------------- choosing what to show


def _adjacency(edges: Iterable[Edge], nodes: Iterable[str] = ()) -> dict[str, set[str]]:
    """Each node's neighbours, either way along the edges (``nodes`` included even if alone)."""
    adjacency: dict[str, set[str]] = {n: set() for n in nodes}
    for s, _, o in edges:
        adjacency.setdefault(s, set()).add(o)
        adjacency.setdefault(o, set()).add(s)
    return adjacency


def _ranked(edges: Iterable[Edge], first: Sequence[str], nodes: Iterable[str] = (),
            limit: int | None = None, adjacency: dict[str, set[str]] | None = None) -> list[str]:
    """Nodes in the order a cap keeps them: breadth-first from ``first`` (then from the
    best-connected node of each remaining component), best-connected neighbours first.

    With a ``limit``, the walk stops once that many are ordered (the list may run a little
    past it, to the end of a ring); the first ``limit`` are those of the whole order.
    ``adjacency``: :func:`_adjacency` of the edges and nodes, if the caller has it already.
    """
    if adjacency is None:
        adjacency = _adjacency(edges, nodes)
    degree = {n: len(v) for n, v in adjacency.items()}
    order: list[str] = []
    seen: set[str] = set()
    enough = len(adjacency) if limit is None else limit

    def visit(start: list[str]) -> None:
        layer = [n for n in start if n not in seen]
        seen.update(layer)
        while layer:
            order.extend(layer)
            if len(order) >= enough:
                return
            nxt: list[str] = []
            for n in layer:
                for m in sorted(adjacency.get(n, ()), key=lambda m: (-degree[m], m)):
                    if m not in seen:
                        seen.add(m)
                        nxt.append(m)
            layer = nxt

    def best(n: str) -> tuple[int, str]:
        return -degree[n], n

    visit([n for n in first if n in adjacency])
    if len(order) < enough and len(seen) < len(adjacency):
        # The best-connected node not yet reached starts the next component; when one is
        # not enough, the others in order (sorting every node only then).
        visit([min((n for n in adjacency if n not in seen), key=best)])
        if len(order) < enough:
            for n in sorted(adjacency, key=best):
                if n not in seen:
                    visit([n])
                    if len(order) >= enough:
                        break
    return order


def _keep(edges: set[Edge], kept: set[str]) -> list[Edge]:
    return sorted(e for e in edges if e[0] in kept and e[2] in kept)


def _nodes(graph: Graph, iris: Iterable[str], roles: Mapping[str, str],
           fallback: Mapping[str, Mapping[str, Any]] | None = None) -> list[ViewNode]:
    """ViewNodes for ``iris`` with label, kind and evidence fetched in batches."""
    ordered = list(dict.fromkeys(iris))
    info = describe(graph, ordered)
    found = evidence(graph, ordered)
    out = []
    for iri in ordered:
        node = info.get(iri) or NodeInfo(iri, _short_id(iri), "entity")
        label, kind = node.label, node.kind
        hint = (fallback or {}).get(iri)
        if hint and kind == "entity":  # not in this store: trust what the answer said
            label = str(hint.get("label") or label)
            kind = str(hint.get("kind") or kind)
        out.append(ViewNode(iri, label, kind, roles.get(iri, "node"), found.get(iri)))
    return out


# Relations a view may draw (dashed) that path queries do not follow: which agreement a
# claim belongs to, and which source it comes from. Short verb and full label of each.
SHOWN_RELATIONS: dict[str, tuple[str, str]] = {
    str(TK.inNegotiation): ("in", "in negotiation"),
    str(PROV.wasDerivedFrom): ("from", "derived from (its source)"),
}
# Predicates in a FILTER, not a second VALUES block, which Oxigraph answered by a scan (see
# projection._OUT_EDGES).
_SHOWN_EDGES = f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{}}
  ?s ?p ?o . FILTER(isIRI(?o) && ?p IN ({", ".join(f"<{p}>" for p in SHOWN_RELATIONS)}))
}}"""


def provenance_edges(graph: Graph, nodes: Iterable[str]) -> set[Edge]:
    """The SHOWN_RELATIONS edges between two of ``nodes`` (a claim and its agreement or source)."""
    within = set(nodes)
    found: set[Edge] = set()
    todo = sorted(within)
    for batch in value_batches(graph, todo, BATCH):
        for s, p, o in string_rows_with_values(graph, _SHOWN_EDGES, "s", batch):
            if o in within:
                found.add((str(s), str(p), str(o)))
    return found


_DETACHED_CLAIMS = f"""SELECT ?c ?a WHERE {{
  ?c a <{TK.Claim}> ; <{TK.inNegotiation}> ?a .
  FILTER NOT EXISTS {{ ?c ?p ?x . VALUES ?p {{ %(relations)s }} }}
  FILTER NOT EXISTS {{ ?y ?q ?c . VALUES ?q {{ %(relations)s }} }}
}}"""


_IN_NEGOTIATION = f"""SELECT ?c ?a WHERE {{ ?c a <{TK.Claim}> ; <{TK.inNegotiation}> ?a }}"""
_ODD_ENDS = """SELECT ?s ?o WHERE {
  VALUES ?p { %(relations)s }
  ?s ?p ?o . FILTER(!isIRI(?s) || !isIRI(?o))
}"""


def detached_claims(graph: Graph, reached: set[str] | None = None) -> set[Edge]:
    """``(claim, tk:inNegotiation, agreement)`` for every claim no negotiation relation reaches
    (events, status reports), so that an overview shows every claim, hung on its agreement.

    ``reached``: the nodes of :func:`~tradekg.graph.projection.whole`, when the caller has
    them: the claims are then told apart in Python (two NOT EXISTS over every claim took 1 s
    at 1M triples), with the relations whose other end is not an IRI (which ``whole`` leaves
    out) asked for separately, so that the answer is the same.
    """
    relations = " ".join(f"<{iri}>" for iri in path_relations())
    if reached is None:
        rows = run_query(graph, _DETACHED_CLAIMS % {"relations": relations})
        return {(str(r[0]), str(TK.inNegotiation), str(r[1])) for r in rows}
    touched = set(reached)
    for s, o in string_rows(graph, _ODD_ENDS % {"relations": relations}):
        touched.update((str(s), str(o)))
    return {(str(c), str(TK.inNegotiation), str(a)) for c, a in string_rows(graph, _IN_NEGOTIATION)
            if c not in touched}


def whole_view(graph: Graph, max_nodes: int = DEFAULT_MAX_NODES, title: str = "Whole graph",
               subtitle: str = "every negotiation relation and every claim", name: str = "whole") -> View:
    """Every negotiation relation of the graph (and every claim), capped at ``max_nodes``
    nodes, kept breadth-first from the best-connected node."""
    check_max_nodes(max_nodes)
    edges = whole(graph)
    adjacency = _adjacency(edges)
    detached = detached_claims(graph, set(adjacency))
    for c, _, a in detached:
        adjacency.setdefault(c, set()).add(a)
        adjacency.setdefault(a, set()).add(c)
    edges |= detached
    total = len(adjacency)
    order = _ranked(edges, [], limit=max_nodes, adjacency=adjacency)  # only the first max_nodes are needed
    kept = set(order[:max_nodes])
    view = View(name, title, subtitle, omitted=max(0, total - max_nodes))
    view.nodes = _nodes(graph, order[:max_nodes], {})
    view.edges = [ViewEdge(s, p, o) for s, p, o in _keep(edges, kept)]
    if view.omitted:
        view.notes.append(f"Showing the {max_nodes:,} best-connected nodes of {total:,}: "
                          "`tradekg view --focus ENTITY --radius N`, or --max-nodes, shows others.")
    if not order:
        view.notes.append("The graph holds no negotiation relations.")
    return view


# The overview lists this many sources by name (5,176 at 1M triples made 0.8 MB of its 1.7 MB page).
MAX_LISTED_SOURCES = 100


def overview_view(graph: Graph, triples: int, entities: Mapping[str, int], claims: Mapping[str, int],
                  sources: Sequence[tuple[str, str, int]], max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """What a build made, for ``OUT/index.html``: the whole graph with the build's counts and sources."""
    view = whole_view(graph, max_nodes, title="tradekg: what this build holds",
                      subtitle=f"{_count(triples, 'triple')} from {_count(len(sources), 'source')}; "
                               "every negotiation relation and every claim", name="index")
    view.facts = [("triples", f"{triples:,}")]
    view.facts += [(k.replace("_", " "), f"{n:,}") for k, n in claims.items() if n]
    view.facts += [(_words(k), f"{n:,}") for k, n in entities.items() if n and k not in ("Claim", "Quotation")]
    listed = sources[:MAX_LISTED_SOURCES]
    view.facts += [("source", f"{ident}: {title} ({_count(n, 'claim')})") for ident, title, n in listed]
    if len(sources) > len(listed):
        view.facts.append(("source", f"… and {len(sources) - len(listed):,} more: `tradekg query sources` "
                                     "lists them all"))
    return view


def _words(class_name: str) -> str:
    """'TechnologyArea' -> 'technology areas', 'HSHeading' -> 'HS headings'."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", class_name).split()
    text = " ".join(w if w.isupper() or w[:2].isupper() else w.lower() for w in words)
    return text[:-1] + "ies" if text.endswith("y") else text + "s"


def focus_view(graph: Graph, iri: str, radius: int = 2, max_nodes: int = DEFAULT_MAX_NODES,
               label: str | None = None, seconds: float = EXPAND_SECONDS) -> View:
    """The neighbourhood of ``iri`` up to ``radius`` relations away, capped at ``max_nodes``
    nodes (nearest and best-connected first). Fetches only the neighbourhood, never the whole graph."""
    check_max_nodes(max_nodes)
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
        raise UsageError(f"radius must be a whole number of relations, 0 or more, not {radius!r}")
    hood = expand(graph, [iri], radius, max_nodes=max_nodes, deadline=time.monotonic() + seconds)
    order = _ranked(hood.edges, [iri], hood.distance)  # breadth-first from iri: nearest first
    shown = order[:max_nodes]
    kept = set(shown)
    name = label or _short_id(iri)
    view = View(f"focus-{_slug(_short_id(iri))}-r{radius}", f"Around {name}",
                f"everything up to {_count(radius, 'relation')} away")
    view.nodes = _nodes(graph, shown, {iri: "seed"})
    # The expansion fetched no edge between two nodes of its outermost ring: ask for those.
    view.edges = [ViewEdge(s, p, o) for s, p, o in _keep(hood.edges | edges_among(graph, kept), kept)]
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


# ---------------------------------------------------------------- answers (paths, blockers, trade-offs)


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every dict with an ``"iri"`` inside a nested answer, in document order."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if isinstance(item.get("iri"), str):
                yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))


def answer_nodes(result: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every entity an answer names (each dict with an ``"iri"``, predicates of walked edges
    excepted), by IRI, in the order the answer names them."""
    relations = path_relations()
    found: dict[str, Mapping[str, Any]] = {}
    for item in _walk(result):
        iri = item["iri"]
        if not iri:
            continue  # a placeholder, such as trade-offs' "(no sector named)" category
        if iri in relations and "kind" not in item:
            continue  # the predicate of a walked edge, not an entity
        found.setdefault(iri, item)
    return found


def walked_edges(result: Mapping[str, Any]) -> list[tuple[str, str, str, bool]]:
    """``(from, predicate, to, forward)`` of every edge of every path in a shortest-paths answer."""
    out = []
    for path in result.get("paths") or []:
        for step in path.get("edges") or []:
            try:
                out.append((step["from"]["iri"], step["predicate"]["iri"], step["to"]["iri"],
                            bool(step.get("forward", True))))
            except (KeyError, TypeError):
                raise TradekgError("a path in the answer has an edge without from/predicate/to IRIs") from None
    return out


def answer_view(graph: Graph, result: Mapping[str, Any], name: str, title: str, subtitle: str = "",
                seeds: Sequence[str] = (), max_context: int = DEFAULT_CONTEXT) -> View:
    """A view of an answer (shortest paths, blockers, trade-offs): the entities it names and the
    relations between them highlighted; up to ``max_context`` of their other neighbours, and the
    relations among all of these, faded.

    For paths, the highlighted edges are the walked ones; for other answers, every relation
    between two entities of the answer.
    """
    if not isinstance(result, Mapping):
        raise TradekgError("the answer to show is not a JSON object")
    named = answer_nodes(result)
    for seed in seeds:
        named.setdefault(seed, {"iri": seed})
    answer = set(named)
    touching = edges_touching(graph, answer)
    highlighted: set[Edge] = set()
    for a, p, b, forward in walked_edges(result):
        # Trust the graph over the flag: the stored triple runs one way or the other.
        if (a, p, b) in touching:
            highlighted.add((a, p, b))
        elif (b, p, a) in touching:
            highlighted.add((b, p, a))
        else:
            highlighted.add((a, p, b) if forward else (b, p, a))
    if "paths" not in result:
        highlighted = {e for e in touching if e[0] in answer and e[2] in answer}
    links: Counter[str] = Counter()
    for s, _, o in touching:
        if s in answer and o not in answer:
            links[o] += 1
        elif o in answer and s not in answer:
            links[s] += 1
    context = sorted(links, key=lambda n: (-links[n], n))
    shown_context = context[:max(0, max_context)]
    kept = answer | set(shown_context)
    roles = {iri: "answer" for iri in answer} | {iri: "context" for iri in shown_context}
    roles.update({s: "seed" for s in seeds})
    view = View(name, title, subtitle, highlight=True, omitted=len(context) - len(shown_context))
    shown = {e for e in touching | highlighted | edges_among(graph, kept) if e[0] in kept and e[2] in kept}
    sourced = provenance_edges(graph, answer)  # an answer's claims and the sources it names
    # Concepts an answer names only as attributes (an instrument form, a demand kind) have no
    # negotiation relation to draw: shown alone they would float apart and shrink the answer.
    linked = {n for e in shown | sourced for n in (e[0], e[2])} | set(seeds)
    view.nodes = _nodes(graph, [n for n in [*named, *shown_context] if n in linked], roles, named)
    view.edges = [ViewEdge(s, p, o, "answer" if (s, p, o) in highlighted or (s, p, o) in sourced else "context")
                  for s, p, o in sorted(shown | sourced)]
    if view.omitted:
        view.notes.append(f"{view.omitted:,} more neighbours of the answer are not shown.")
    if "paths" in result and not result.get("paths"):
        view.notes.append("No path was found within the search limits.")
    if result.get("truncated"):
        view.notes.append("The search stopped early (a limit or the time budget): there may be more.")
    return view


def path_view(graph: Graph, source: str, target: str, max_context: int = DEFAULT_CONTEXT) -> View:
    """The shortest paths between two entities (named by label, id or IRI), highlighted in their context."""
    from tradekg.graph import paths

    a, b = resolve_entity(graph, source), resolve_entity(graph, target)
    result = paths.shortest_paths(graph, a.iri, b.iri)
    found = len(result.get("paths") or [])
    return answer_view(graph, result, f"path-{_slug(_short_id(a.iri))}-{_slug(_short_id(b.iri))}",
                       f"Paths from {a.label} to {b.label}",
                       f"{_count(found, 'shortest path')} over the negotiation relations",
                       seeds=[a.iri, b.iri], max_context=max_context)


def blockers_view(graph: Graph, name: str, max_context: int = DEFAULT_CONTEXT) -> View:
    """What stands in the way of an entity (a demand), and what could unblock it, highlighted in context."""
    from tradekg.graph import paths

    entity = resolve_entity(graph, name)
    result = paths.blockers_of(graph, entity.iri)
    return answer_view(graph, result, f"blockers-{_slug(_short_id(entity.iri))}",
                       f"What stands in the way of {entity.label}",
                       "concerns that block or condition it, and the alternatives that address them",
                       seeds=[entity.iri], max_context=max_context)


def tradeoffs_view(graph: Graph, a_name: str, b_name: str, max_context: int = DEFAULT_CONTEXT) -> View:
    """What each of two parties asks of the other, highlighted in context."""
    from tradekg.graph import paths

    a, b = resolve_entity(graph, a_name), resolve_entity(graph, b_name)
    result = paths.tradeoffs(graph, a.iri, b.iri)
    view = answer_view(graph, result, f"tradeoffs-{_slug(_short_id(a.iri))}-{_slug(_short_id(b.iri))}",
                       f"Trade-offs between {a.label} and {b.label}",
                       "what each asks of the other",
                       seeds=[a.iri, b.iri], max_context=max_context)
    if result.get("inferred_truncated"):
        view.notes.append(f"The answer lists the {len(result['inferred']):,} strongest of "
                          f"{result['inferred_total']:,} inferred pairings "
                          "(`tradekg tradeoffs A B --limit 0` lists them all).")
    return view


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


# ---------------------------------------------------------------- the page


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        text = _clip(q.text, max(40, budget))
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
        item: dict[str, Any] = {"id": node.iri, "label": _clip(node.label, LABEL_CHARS), "group": group,
                                "kind": node.kind}
        if node.role != "node":
            item["role"] = node.role
        if item["label"] != node.label:
            item["fullLabel"] = _clip(node.label, FULL_LABEL_CHARS)
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
                sources.setdefault(src.iri, {"title": _clip(src.title, FULL_LABEL_CHARS),
                                             "publisher": src.publisher and _clip(src.publisher, 120),
                                             "issued": src.issued})
        if positions is not None and node.iri in positions:
            item["x"], item["y"] = positions[node.iri]
        if node.role == "seed":
            item.update(borderWidth=4, size=STYLES[group].size + 8, font={"size": 24})
        elif view.highlight and node.role == "answer":
            item.update(borderWidth=3, size=STYLES[group].size + 4, font={"size": 21})
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
        if edge.predicate not in path_relations():
            item["dashes"] = True  # drawn for context; path queries do not follow it
        if view.highlight and edge.role == "answer":
            item.update(width=3.5, color={"color": "#1a1a1a", "highlight": "#000000"},
                        font={"size": 14, "color": "#111111"})
        elif view.highlight:
            item.update(color={"color": "#d6d6d6", "highlight": "#888888", "opacity": 0.6},
                        font={"color": "#b5b5b5"})
        edges.append(item)
    kinds = {n.kind: kind_words(n.kind) for n in view.nodes}
    return PageData(nodes, edges, {"kinds": kinds, "relations": relation_rows, "sources": sources,
                                   "highlight": view.highlight})


def _edge_label(predicate: str) -> tuple[str, str]:
    """(short verb drawn on the edge, the relation's full label)."""
    rel = path_relations().get(predicate)
    if rel is not None:
        return rel.short, rel.label
    if predicate in SHOWN_RELATIONS:
        return SHOWN_RELATIONS[predicate]
    full = relation_label(predicate)
    return full, full


def vis_options(n_nodes: int, positioned: bool) -> dict[str, Any]:
    """vis-network options: physics (bounded, then frozen) for small views, none for laid-out ones."""
    small = not positioned
    groups = {name: {"shape": s.shape, "size": s.size,
                     "color": {"background": s.colour, "border": _darker(s.colour),
                               "highlight": {"background": s.colour, "border": "#000000"},
                               "hover": {"background": s.colour, "border": "#000000"}}}
              for name, s in STYLES.items()}
    groups["source"]["font"] = {"color": "#ffffff", "strokeWidth": 0}
    return {
        "groups": groups,
        "nodes": {"font": {"size": 16, "face": "system-ui, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1.5},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 12, "face": "system-ui, sans-serif", "color": "#555555", "strokeWidth": 3,
                           "align": "middle"},
                  "color": {"color": "#8a8f98", "highlight": "#222222", "hover": "#222222"},
                  "smooth": {"enabled": small, "type": "continuous"},
                  "width": 1.2, "selectionWidth": 2},
        "interaction": {"hover": small, "tooltipDelay": 120, "hideEdgesOnDrag": not small,
                        "multiselect": True, "navigationButtons": False, "keyboard": False},
        "physics": ({"enabled": True, "solver": "barnesHut",
                     "barnesHut": {"gravitationalConstant": -15000, "centralGravity": 0.25, "springLength": 180,
                                   "springConstant": 0.035, "avoidOverlap": 0.6},
                     "stabilization": {"enabled": True, "iterations": 400, "fit": True}}
                    if small else {"enabled": False}),
        "layout": {"randomSeed": 7, "improvedLayout": small and n_nodes <= 100},
    }


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i: i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * 0.65):02x}{int(g * 0.65):02x}{int(b * 0.65):02x}"


@functools.cache
def vis_network_js() -> str:
    """vis-network's own bundle as pyvis ships it (licence header kept), to inline in the page."""
    from importlib.resources import files

    try:
        text = (files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise TradekgError(f"cannot read vis-network from the pyvis package: {exc}") from None
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        # It would end the inline <script> early; never expected of the pinned pyvis.
        raise TradekgError("the vis-network bundle in pyvis cannot be inlined: it contains '</script' or '<!--'")
    return text


@functools.cache
def _page_parts() -> tuple[str, str, str]:
    """The page template, the page's own script, and the Content-Security-Policy that allows
    exactly the two inline scripts (vis-network and the page's), by hash, and no request at all."""
    import base64
    import hashlib

    from tradekg.ontology import templates_dir

    template = (templates_dir() / "view.html").read_text(encoding="utf-8")
    app_js = (templates_dir() / "view.js").read_text(encoding="utf-8")
    digests = (base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
               for js in (vis_network_js(), app_js))
    hashes = " ".join(f"'sha256-{d}'" for d in digests)
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return template, app_js, csp


def _json_string(text: str) -> Any:
    """A JSON text made safe to sit inside a <script> element (no '<', '>' or '&' left)."""
    from markupsafe import Markup

    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S704


def legend(view: View) -> list[dict[str, Any]]:
    """Legend entries for the groups present in ``view``, in display order, with node counts."""
    counts = Counter(group_of(n.kind) for n in view.nodes)
    return [{"group": g, "label": s.label, "shape": s.shape, "colour": s.colour, "count": counts[g]}
            for g, s in STYLES.items() if counts[g]]


def pyvis_network() -> Any:
    """pyvis's ``Network`` class, imported without loading IPython when IPython is not loaded yet.

    pyvis.network imports ``IPython.display.IFrame`` at module level, only for
    ``Network.show(notebook=True)``; loading IPython (and with it jedi, parso, prompt_toolkit)
    cost 0.3 s of every ``tradekg view``. So, unless IPython is already loaded, pyvis is
    imported with ``IPython.display`` answered by a stand-in whose ``IFrame`` imports the real
    one when it is first called: pyvis behaves the same, and the stand-in is gone from
    ``sys.modules`` once pyvis is imported, so any later ``import IPython.display`` is real.
    """
    import importlib
    import sys
    import types

    if "pyvis.network" not in sys.modules and not any(m in sys.modules for m in ("IPython", "IPython.display")):
        def iframe(*args: Any, **kwargs: Any) -> Any:
            from IPython.display import IFrame

            return IFrame(*args, **kwargs)

        stand_in = types.ModuleType("IPython.display", "Stand-in while tradekg imports pyvis (see pyvis_network).")
        stand_in.IFrame = iframe  # type: ignore[attr-defined]
        sys.modules["IPython.display"] = stand_in
        try:
            importlib.import_module("pyvis.network")
        except ImportError:
            # A pyvis that wants more of IPython.display than IFrame: forget the half-done
            # import and let the plain one below load the real IPython.
            for name in [m for m in sys.modules if m == "pyvis" or m.startswith("pyvis.")]:
                del sys.modules[name]
        finally:
            if sys.modules.get("IPython.display") is stand_in:
                del sys.modules["IPython.display"]
    from pyvis.network import Network

    return Network


def to_html(view: View) -> str:
    """The page for ``view``: one self-contained HTML document (pure; writes nothing).

    pyvis holds the nodes, edges and options and renders them through tradekg's own template
    (autoescaping on; data embedded with Jinja's ``tojson``, which escapes ``<``, ``>``, ``&``
    and quotes), instead of pyvis's, which links Bootstrap from a CDN, renders with
    autoescaping off and turns every tooltip into HTML when one contains "href".
    """
    from jinja2 import DictLoader, Environment, select_autoescape
    from markupsafe import Markup

    Network = pyvis_network()
    positions = None
    if len(view.nodes) > PHYSICS_MAX_NODES:
        roots = [n.iri for n in view.nodes if n.role in ("seed", "answer")]
        positions = ring_layout([n.iri for n in view.nodes], [(e.source, e.target) for e in view.edges], roots)
    data = page_data(view, positions)
    net = Network(height="100%", width="100%", directed=True, heading=view.title, cdn_resources="in_line")
    # Filled directly: Network.add_node/add_edge check membership by scanning lists
    # (quadratic: minutes at 20,000 nodes) and validate with `assert` (gone under python -O).
    net.nodes = data.nodes
    net.edges = data.edges
    net.node_ids = [n["id"] for n in data.nodes]
    net.node_map = {n["id"]: n for n in data.nodes}
    net.options = vis_options(len(view.nodes), positions is not None)
    template, app_js, csp = _page_parts()
    env = Environment(loader=DictLoader({"view.html": template}),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["json_string"] = _json_string
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":")}
    env.globals.update(
        subtitle=view.subtitle, summary=view.summary, notes=view.notes, facts=view.facts,
        legend=legend(view), highlight=view.highlight, version=_version(), csp=csp, tables=data.tables,
        # Trusted code, inlined verbatim: the pinned vis-network bundle (checked when read) and ours.
        vis_js=Markup(vis_network_js()), app_js=Markup(app_js),  # noqa: S704
    )
    net.templateEnv = env
    net.template_dir = ""
    net.path = "view.html"
    html = net.generate_html(name="view.html")
    # Text from a remote endpoint may hold lone surrogates, which no UTF-8 file can: replace them.
    return html.encode("utf-8", "replace").decode("utf-8")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tradekg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def default_path(view: View, out_dir: str | os.PathLike[str] = "output") -> Path:
    """Where a view is written unless told otherwise: ``OUT_DIR/view-NAME.html``."""
    return Path(out_dir) / f"view-{view.name}.html"


def check_output(path: str | os.PathLike[str]) -> Path:
    """``path`` as a place a page can be written; UsageError (exit 2) for a folder."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name such as {target / 'view.html'}")
    return target


def write_view(view: View, path: str | os.PathLike[str]) -> Path:
    """Render ``view`` and write it to ``path`` atomically, as UTF-8 whatever the locale."""
    target = check_output(path)
    html = to_html(view)
    try:
        write_text_atomic(target, html)
    except OSError as exc:
        raise TradekgError(f"{target}: cannot write the page: {exc.strerror or exc}") from None
    return target
