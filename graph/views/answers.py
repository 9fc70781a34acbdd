"""Views of an answer (shortest paths, blockers, trade-offs): the answer highlighted in its context."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
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
from tradekg.graph.store.rows import string_rows
from tradekg.graph.views.model import DEFAULT_CONTEXT, VIEW_RELATIONS, View, ViewEdge, count_of, file_slug
from tradekg.graph.views.selection import provenance_edges, view_nodes

__all__ = [
    "answer_nodes",
    "answer_view",
    "blockers_columns",
    "blockers_view",
    "path_columns",
    "path_view",
    "tradeoffs_columns",
    "tradeoffs_view",
    "walked_edges",
]

QUESTION_CONTEXT = 0
"""Neighbours a path, blockers or trade-offs view adds around its answer, faded: none, so that
the answer fills the page (the page says how many there were; ``max_context`` asks for some)."""

_VIEW = "https://w3id.org/tradekg/view#"
ADDRESSED_TO, DEMANDED_BY = (f"https://w3id.org/tradekg/ontology#{p}" for p in ("addressedTo", "demandedBy"))
ON_NARROWER, UNDER_CATEGORY = _VIEW + "on-narrower", _VIEW + "under-category"
INFERRED = {"same-category": _VIEW + "inferred-same-category", "same-negotiation": _VIEW + "inferred-same-negotiation"}
assert {ON_NARROWER, UNDER_CATEGORY, *INFERRED.values()} <= set(VIEW_RELATIONS)

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
    if view.omitted and max_context <= 0:
        view.notes.append(f"The answer is drawn alone ({count_of(view.omitted, 'other neighbour')} not shown: "
                          "`tradekg view --focus ENTITY` shows any entity's).")
    elif view.omitted:
        view.notes.append(f"{view.omitted:,} more neighbours of the answer are not shown.")
    if "paths" in result and not result.get("paths"):
        view.notes.append("No path was found within the search limits.")
    if result.get("truncated"):
        view.notes.append("The search stopped early (a limit or the time budget): there may be more.")
    return view


def path_view(graph: Graph, source: str, target: str, max_context: int = QUESTION_CONTEXT,
              as_of: dt.date | None = None) -> View:
    """The shortest paths between two entities (named by label, id or IRI), highlighted in their context."""
    a, b = resolve_entity(graph, source), resolve_entity(graph, target)
    result = shortest_paths(graph, a.iri, b.iri, as_of=as_of)
    found = len(result.get("paths") or [])
    view = answer_view(graph, result, f"path-{file_slug(local_name(a.iri))}-{file_slug(local_name(b.iri))}",
                       f"Paths from {a.label} to {b.label}",
                       f"{count_of(found, 'shortest path')} over the negotiation relations, from left to right",
                       seeds=[a.iri, b.iri], max_context=max_context, hidden=hidden_claims(graph, as_of))
    view.columns = path_columns(result, a.iri, b.iri)
    _columns_first(view)
    return view


def _columns_first(view: View, adjacent: bool = False) -> None:
    """In a view laid out in columns: the entities and relations in the columns are the
    answer; what else the answer names (parties, topics, sources), drawn in rows below, and
    its relations, are context (faded; the page's checkbox hides them). ``adjacent``: only
    relations between neighbouring columns are the answer (the branches of a tree)."""
    column = {n: k for k, c in enumerate(c for c in view.columns if c) for n in c}

    def kept(e: ViewEdge) -> bool:
        if e.source not in column or e.target not in column:
            return False
        return not adjacent or abs(column[e.source] - column[e.target]) == 1

    view.nodes = [n if n.iri in column or n.role != "answer" else replace(n, role="context") for n in view.nodes]
    view.edges = [e if e.role != "answer" or kept(e) else replace(e, role="context") for e in view.edges]


def path_columns(result: Mapping[str, Any], source: str, target: str) -> list[list[str]]:
    """The entities of each path in the order walked: the source alone first, the target
    alone last, each other entity in the column of its furthest step from the source (so
    that each path runs left to right, however the paths share entities)."""
    step: dict[str, int] = {}
    longest = 0
    for path in result.get("paths") or []:
        walk = [source]
        for edge in path.get("edges") or []:
            a, b = edge["from"]["iri"], edge["to"]["iri"]
            walk.append(b if a == walk[-1] else a)
        longest = max(longest, len(walk) - 1)
        for i, n in enumerate(walk):
            if n not in (source, target):
                step[n] = max(step.get(n, i), i)
    if source == target:
        return [[source]]
    middle: list[list[str]] = [[] for _ in range(max(0, longest - 1))]
    for n, i in step.items():
        middle[min(i, len(middle)) - 1].append(n)
    return [[source], *middle, [target]]


def blockers_view(graph: Graph, name: str, max_context: int = QUESTION_CONTEXT,
                  as_of: dt.date | None = None) -> View:
    """What stands in the way of an entity (a demand), and what could unblock it, highlighted in context."""
    entity = resolve_entity(graph, name)
    result = blockers_of(graph, entity.iri, as_of=as_of)
    view = answer_view(graph, result, f"blockers-{file_slug(local_name(entity.iri))}",
                       f"What stands in the way of {entity.label}",
                       "from left to right: the demands, the concerns that block or condition them, "
                       "and the alternatives that address each concern",
                       seeds=[entity.iri], max_context=max_context, hidden=hidden_claims(graph, as_of))
    view.columns = blockers_columns(result, entity.iri)
    view.pinned = [entity.iri]
    _link_root(graph, view, entity.iri, [d["iri"] for d in result.get("demands") or []])
    _columns_first(view, adjacent=True)
    if not result.get("demands"):
        view.notes.append(f"No demand by or on {entity.label} is reported.")
    return view


def blockers_columns(result: Mapping[str, Any], root: str) -> list[list[str]]:
    """The blockers tree, left to right: the entity asked about (when it is not the one
    demand), its demands, the concerns blocking or conditioning them, the alternatives."""
    demands = [d["iri"] for d in result.get("demands") or []]
    concerns = [c["iri"] for d in result.get("demands") or [] for c in d.get("concerns") or []]
    alternatives = [a["iri"] for d in result.get("demands") or [] for c in d.get("concerns") or []
                    for a in c.get("alternatives") or []]
    first = [] if demands == [root] else [[root]]
    return [*first, demands, concerns, alternatives]


def _link_root(graph: Graph, view: View, root: str, demands: list[str]) -> None:
    """An edge from each demand to the entity asked about, so that the root is never drawn
    apart: the stored relation between them when there is one (a demand's kind, its party),
    else 'on narrower' (the demand is on a narrower sector, which the view does not draw)."""
    have = {(e.source, e.target) for e in view.edges} | {(e.target, e.source) for e in view.edges}
    missing = [d for d in demands if d != root and (d, root) not in have]
    if not missing:
        return
    values = " ".join(f"<{d}>" for d in missing)
    stored = {(str(d), str(p)) for d, p in string_rows(
        graph, f"SELECT ?d ?p WHERE {{ VALUES ?d {{ {values} }} ?d ?p <{root}> FILTER(isIRI(?p)) }}")}
    for d in missing:
        predicates = sorted(p for x, p in stored if x == d)
        view.edges.append(ViewEdge(d, predicates[0] if predicates else ON_NARROWER, root, "answer"))


def tradeoffs_view(graph: Graph, a_name: str, b_name: str, max_context: int = QUESTION_CONTEXT,
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
    view.subtitle = (f"left, what {a.label} asks of {b.label}; right, what {b.label} asks of {a.label}; "
                     "the sector categories they fall under in the middle, their sectors outside; the "
                     "pairings drawn across: stated (solid, 'in return for') and inferred by tradekg "
                     "(dashed, pink, named by their rule)")
    view.columns = tradeoffs_columns(result)
    view.pinned = [a.iri, b.iri]
    _tradeoff_edges(view, result)
    _columns_first(view)
    # Each side's party heads its own demands, which say who makes them and of whom: the
    # edges saying so again would run down the column and across the middle, so they are faded.
    view.edges = [replace(e, role="context") if e.predicate in (ADDRESSED_TO, DEMANDED_BY) else e
                  for e in view.edges]
    return view


def _sides(result: Mapping[str, Any], key: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """One side's sectors and demands, in the answer's order (by category), and the
    (demand, category) pairs of the categories its sectors fall under."""
    sectors: list[str] = []
    demands: list[str] = []
    under: list[tuple[str, str]] = []
    for group in result.get(key) or []:
        category = group["category"].get("iri") or ""
        for item in group.get("demands") or []:
            d = item["demand"]["iri"]
            if d not in demands:
                demands.append(d)
            if category and (d, category) not in under:
                under.append((d, category))
            sectors += [x["iri"] for x in item.get("sectors") or [] if x["iri"] not in sectors]
    return sectors, demands, under


def tradeoffs_columns(result: Mapping[str, Any]) -> list[list[str]]:
    """Two sides, mirrored about the sector categories: A's sectors, A and its demands, the
    categories, B and its demands, B's sectors."""
    a_sec, a_dem, a_under = _sides(result, "a_asks_b")
    b_sec, b_dem, b_under = _sides(result, "b_asks_a")
    categories = list(dict.fromkeys(c for _, c in a_under + b_under))
    a, b = result["a"]["iri"], result["b"]["iri"]
    a_sec = [x for x in a_sec if x not in categories]
    b_sec = [x for x in b_sec if x not in categories and x not in a_sec]  # one drawing of each
    return [a_sec, [a, *a_dem], categories, [b, *b_dem], b_sec]


def _tradeoff_edges(view: View, result: Mapping[str, Any]) -> None:
    """The edges only this view draws: each demand to the categories its sectors fall under,
    and each inferred pairing across (dashed, named by its rule). Stated links are stored
    relations, drawn already."""
    shown = {n.iri for n in view.nodes}
    have = {(e.source, e.predicate, e.target) for e in view.edges}
    extra = []
    for key in ("a_asks_b", "b_asks_a"):
        for demand, category in _sides(result, key)[2]:
            extra.append(ViewEdge(demand, UNDER_CATEGORY, category, "answer"))
    for pair in result.get("inferred") or []:
        predicate = INFERRED.get(pair.get("rule", ""))
        if predicate:
            extra.append(ViewEdge(pair["a_demand"]["iri"], predicate, pair["b_demand"]["iri"], "answer"))
    for e in extra:
        if e.source in shown and e.target in shown and (e.source, e.predicate, e.target) not in have:
            view.edges.append(e)
            have.add((e.source, e.predicate, e.target))
