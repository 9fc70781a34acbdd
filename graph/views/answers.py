"""Views of an answer (shortest paths, blockers, trade-offs): the answer highlighted in its context."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.blockers import blockers_of
from tradekg.graph.analysis.dated import hidden_claims
from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.analysis.paths import shortest_paths
from tradekg.graph.analysis.projection import Edge, edges_among, edges_touching, path_relations
from tradekg.graph.analysis.tradeoffs import tradeoffs
from tradekg.graph.core.errors import DataError
from tradekg.graph.core.namespaces import local_name
from tradekg.graph.views.model import DEFAULT_CONTEXT, View, ViewEdge, count_of, file_slug
from tradekg.graph.views.selection import provenance_edges, view_nodes

__all__ = ["answer_nodes", "answer_view", "blockers_view", "path_view", "tradeoffs_view", "walked_edges"]

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
                raise DataError("a path in the answer has an edge without from/predicate/to IRIs") from None
    return out


def answer_view(graph: Graph, result: Mapping[str, Any], name: str, title: str, subtitle: str = "",
                seeds: Sequence[str] = (), max_context: int = DEFAULT_CONTEXT,
                hidden: frozenset[str] = frozenset()) -> View:
    """A view of an answer (shortest paths, blockers, trade-offs): the entities it names and the
    relations between them highlighted; up to ``max_context`` of their other neighbours, and the
    relations among all of these, faded.

    For paths, the highlighted edges are the walked ones; for other answers, every relation
    between two entities of the answer. ``hidden``: claims left out of the context (``--as-of``).
    """
    if not isinstance(result, Mapping):
        raise DataError("the answer to show is not a JSON object")
    named = answer_nodes(result)
    for seed in seeds:
        named.setdefault(seed, {"iri": seed})
    answer = set(named)
    touching = {e for e in edges_touching(graph, answer) if e[0] not in hidden and e[2] not in hidden}
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
    view.nodes = view_nodes(graph, [n for n in [*named, *shown_context] if n in linked], roles, named)
    view.edges = [ViewEdge(s, p, o, "answer" if (s, p, o) in highlighted or (s, p, o) in sourced else "context")
                  for s, p, o in sorted(shown | sourced)]
    if view.omitted:
        view.notes.append(f"{view.omitted:,} more neighbours of the answer are not shown.")
    if "paths" in result and not result.get("paths"):
        view.notes.append("No path was found within the search limits.")
    if result.get("truncated"):
        view.notes.append("The search stopped early (a limit or the time budget): there may be more.")
    return view


def path_view(graph: Graph, source: str, target: str, max_context: int = DEFAULT_CONTEXT,
              as_of: dt.date | None = None) -> View:
    """The shortest paths between two entities (named by label, id or IRI), highlighted in their context."""
    a, b = resolve_entity(graph, source), resolve_entity(graph, target)
    result = shortest_paths(graph, a.iri, b.iri, as_of=as_of)
    found = len(result.get("paths") or [])
    return answer_view(graph, result, f"path-{file_slug(local_name(a.iri))}-{file_slug(local_name(b.iri))}",
                       f"Paths from {a.label} to {b.label}",
                       f"{count_of(found, 'shortest path')} over the negotiation relations",
                       seeds=[a.iri, b.iri], max_context=max_context, hidden=hidden_claims(graph, as_of))


def blockers_view(graph: Graph, name: str, max_context: int = DEFAULT_CONTEXT, as_of: dt.date | None = None) -> View:
    """What stands in the way of an entity (a demand), and what could unblock it, highlighted in context."""
    entity = resolve_entity(graph, name)
    result = blockers_of(graph, entity.iri, as_of=as_of)
    return answer_view(graph, result, f"blockers-{file_slug(local_name(entity.iri))}",
                       f"What stands in the way of {entity.label}",
                       "concerns that block or condition it, and the alternatives that address them",
                       seeds=[entity.iri], max_context=max_context, hidden=hidden_claims(graph, as_of))


def tradeoffs_view(graph: Graph, a_name: str, b_name: str, max_context: int = DEFAULT_CONTEXT,
                   as_of: dt.date | None = None) -> View:
    """What each of two parties asks of the other, highlighted in context."""
    a, b = resolve_entity(graph, a_name), resolve_entity(graph, b_name)
    result = tradeoffs(graph, a.iri, b.iri, as_of=as_of)
    view = answer_view(graph, result, f"tradeoffs-{file_slug(local_name(a.iri))}-{file_slug(local_name(b.iri))}",
                       f"Trade-offs between {a.label} and {b.label}",
                       "what each asks of the other",
                       seeds=[a.iri, b.iri], max_context=max_context, hidden=hidden_claims(graph, as_of))
    if result.get("inferred_truncated"):
        view.notes.append(f"The answer lists the {len(result['inferred']):,} strongest of "
                          f"{result['inferred_total']:,} inferred pairings "
                          "(`tradekg tradeoffs A B --limit 0` lists them all).")
    return view
