"""Which claims are about the same thing: the rows of the pairing queries of
:mod:`~tradekg.graph.analysis.conflicts` (``ontology/queries/conflict-*.rq``), over the whole
store or about some claims only."""

from __future__ import annotations

import re

from rdflib import Graph

from tradekg.graph.core.namespaces import TK
from tradekg.graph.store.catalogue import get_query
from tradekg.graph.store.queries import safe_iri, value_batches
from tradekg.graph.store.query_text import selected_variables
from tradekg.graph.store.rows import string_rows, string_rows_with_values

__all__ = ["BOUND_QUERIES", "MAX_BOUND_CLAIMS", "MAX_BOUND_FIGURES", "figure_pairs", "pair_rows"]


# ---------------------------------------------------------------- the pairing of figures

_FIGURES = f"SELECT ?a WHERE {{ ?a a <{TK.TradeFigure}> }}"
_FIGURE_FACTS = ("measure", "partnerParty", "direction", "reportingParty", "subjectParty")
_MIRRORS = f"""SELECT ?ma ?mb ?sign WHERE {{
  ?ma <{TK.mirrorMeasure}> ?mb . OPTIONAL {{ ?ma <{TK.mirrorSign}> ?sign }}
}}"""
_TWO_WAY = "https://w3id.org/tradekg/id/direction/two-way"


def figure_pairs(graph: Graph, about: set[str] | None = None) -> list[tuple[str, str, str, str]]:
    """The rows of the named query ``conflict-figures`` (its pairing rule, which says why), as
    (a, b, side, sign), ordered by a and b: computed here from each figure's measure, parties
    and direction, read in one pass. As a query, Oxigraph joined the figures pair by pair (6 s
    for 19,000 pairs at 1M triples); the rows are the same, each as often as the query gives it.

    ``about``: only the rows with a figure among it, from the facts of those figures and of
    the others that can pair with one (the same measure or a mirror of it, and a partner that
    is one of its parties), not of every figure (0.35 s from disk at 1M triples).
    """
    mirrors: dict[str, list[tuple[str, str | None]]] = {}
    for ma, mb, sign in string_rows(graph, _MIRRORS):
        if ma is not None and mb is not None:
            mirrors.setdefault(ma, []).append((mb, sign))
    if about is None:
        figures = {str(a) for (a,) in string_rows(graph, _FIGURES)}
        figs: dict[str, dict[str, set[str]]] = {}
        for name in _FIGURE_FACTS:  # a scan of each predicate (with the figures' type, 2x slower)
            for a, o in string_rows(graph, f"SELECT ?a ?o WHERE {{ ?a <{TK[name]}> ?o }}"):
                if a in figures and o is not None:
                    figs.setdefault(a, {}).setdefault(name, set()).add(o)
        return _joined(figs, mirrors)
    named = sorted(iri for iri in about if safe_iri(iri) and not iri.startswith("_:"))
    among = {str(a) for (a,) in _rows_in(graph, _FIGURES_AMONG, "a", named)}
    if len(among) > MAX_BOUND_FIGURES:  # their partners are many: one pass over every figure is faster
        return _about(figure_pairs(graph), about)
    asked = _facts(graph, among)
    measures = {m for f in asked.values() for m in f.get("measure", ())}
    related = measures | {mb for m in measures for mb, _ in mirrors.get(m, ())} \
        | {ma for ma, pairs in mirrors.items() if any(mb in measures for mb, _ in pairs)}
    parties = {p for f in asked.values() for name in ("partnerParty", "reportingParty", "subjectParty")
               for p in f.get(name, ())}
    if not all(safe_iri(p) for p in parties):  # a party that is not an IRI: no VALUES block holds it
        return _about(figure_pairs(graph), about)
    found = _rows_in(graph, _FIGURES_WITH_PARTNER, "p", sorted(parties))
    if any(blank == "true" for _, _, blank in found):  # a figure that is a blank node: ask about all
        return _about(figure_pairs(graph), about)
    candidates = {str(a) for a, m, _ in found if m in related}
    figs = {**_facts(graph, candidates - set(asked)), **asked}
    return _about(_joined(figs, mirrors), about)


# Figures among ``about`` above which figure_pairs reads every figure's facts instead: at 1M
# triples, about 1 figure 0.04 s, 10 figures 0.18 s, 30 figures 0.64 s; every figure, 0.35 s.
MAX_BOUND_FIGURES = 12
_FIGURES_AMONG = f"SELECT ?a WHERE {{ VALUES ?a {{}} ?a a <{TK.TradeFigure}> }}"
_FIGURES_WITH_PARTNER = f"""SELECT ?a ?m (isBLANK(?a) AS ?blank) WHERE {{
  VALUES ?p {{}} ?a <{TK.partnerParty}> ?p ; a <{TK.TradeFigure}> ; <{TK.measure}> ?m
}}"""
_FACTS_OF = "SELECT ?a ?o WHERE {{ VALUES ?a {{}} ?a <{predicate}> ?o }}"


def _about(rows: list[tuple[str, str, str, str]], about: set[str]) -> list[tuple[str, str, str, str]]:
    return [row for row in rows if row[0] in about or row[1] in about]


def _rows_in(graph: Graph, template: str, variable: str, iris: list[str]) -> list[tuple[str | None, ...]]:
    """The rows of ``template`` with ``iris`` in its ``VALUES ?variable {}`` block, in the
    batches :func:`~tradekg.graph.store.queries.value_batches` makes."""
    return [row for batch in value_batches(graph, iris) for row in string_rows_with_values(graph, template,
                                                                                          variable, batch)]


def _facts(graph: Graph, figures: set[str]) -> dict[str, dict[str, set[str]]]:
    """The pairing facts of ``figures`` (trade figures all), each asked about them alone."""
    figs: dict[str, dict[str, set[str]]] = {}
    named = sorted(figures)
    for name in _FIGURE_FACTS:
        for a, o in _rows_in(graph, _FACTS_OF.format(predicate=TK[name]), "a", named):
            if a is not None and o is not None:
                figs.setdefault(a, {}).setdefault(name, set()).add(o)
    return figs


def _joined(figs: dict[str, dict[str, set[str]]],
            mirrors: dict[str, list[tuple[str, str | None]]]) -> list[tuple[str, str, str, str]]:
    """The pairs of ``figs`` (each figure's facts) as :func:`figure_pairs` gives them."""
    empty: set[str] = set()

    def side(f: dict[str, set[str]]) -> set[str]:  # its reporter, else the party it is stated from
        return f.get("reportingParty") or f.get("subjectParty") or empty

    # Each branch of the query joins two lists on a key: (branch, key) -> ([a...], [b...]).
    joins: dict[tuple[int, tuple[str, ...]], tuple[list[tuple[str, str]], list[str]]] = {}

    def add(branch: int, key: tuple[str, ...], left: tuple[str, str] | None, right: str | None) -> None:
        lists = joins.setdefault((branch, key), ([], []))
        if left is not None:
            lists[0].append(left)
        if right is not None:
            lists[1].append(right)

    for x, f in figs.items():
        measures, partners, directions, sides = (f.get("measure", empty), f.get("partnerParty", empty),
                                                 f.get("direction", empty), side(f))
        for m in measures:
            for p in partners:
                for r in sides:
                    for d in directions:  # the same side: same measure, side, partner and direction
                        add(0, (m, p, d, r), (x, "1"), x)
                    if _TWO_WAY in directions:  # each side of a two-way measure
                        add(1, (m, p, r), (x, "1"), None)
                        add(1, (m, r, p), None, x)
                    for _ in (d for d in directions if d != _TWO_WAY):  # a mirror, once per direction
                        for mb, sign in mirrors.get(m, ()):
                            add(2, (mb, p, r), (x, sign or "1"), None)
                    add(2, (m, r, p), None, x)
    sides_of = ("same", "each", "mirror")
    rows: list[tuple[str, str, int, str]] = []
    for (branch, _key), (lefts, rights) in joins.items():
        for a, sign in lefts:
            rows.extend((a, b, branch, sign) for b in rights if a < b)
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [(a, b, sides_of[branch], sign) for a, b, branch, sign in rows]


# With ``about`` up to this many IRIs, these pairing queries are asked about them alone (a
# VALUES block in each branch of their UNION, see query_text.bind_value_list_in_branches) rather
# than about the whole store, then filtered: at 1M triples, about a source's claims,
# conflict-measures 0.38 s -> 0.06 s, conflict-lists 0.4 s -> 4 ms, conflict-positions 0.1 s -> 2 ms.
MAX_BOUND_CLAIMS = 5_000
BOUND_QUERIES = frozenset({"conflict-measures", "conflict-status-dates", "conflict-positions", "conflict-lists",
                           "conflict-unconfirmed"})


def pair_rows(graph: Graph, name: str, about: set[str], claims: tuple[str, ...]) -> list[tuple[str | None, ...]]:
    """The rows of the pairing query ``name`` whose ``claims`` columns hold an IRI of ``about``,
    as the whole query gives them (in its order, each as often): one query per column, with
    the IRIs as a VALUES block for it in each branch of the WHERE clause (at 1M triples, a
    pairing query over the whole store takes 0.1-0.5 s; about a source's claims, milliseconds).
    A query of another shape is asked about the whole store, its rows then filtered."""
    from tradekg.graph.store.query_text import bind_value_list_in_branches

    text = get_query(name).effective_text
    columns = selected_variables(text)
    at = [columns.index(c) for c in claims]
    out: list[tuple[str | None, ...]] = []
    values = [f"<{iri}>" for iri in sorted(about) if not iri.startswith("_:")]  # not blank nodes
    bound = [bind_value_list_in_branches(text, var, values) for var in claims]
    if any(b is None for b in bound):
        out = [row for row in string_rows(graph, text) if any(row[i] in about for i in at)]
        bound = []
    for n, asked in enumerate(bound):
        for row in string_rows(graph, asked):
            # (and not given by the query about an earlier column)
            if row[at[n]] in about and not any(row[i] in about for i in at[:n]):
                out.append(row)
    order = _order_by(text, columns)
    out.sort(key=lambda row: tuple((row[i] is not None, row[i] or "") for i in order))
    return out


def _order_by(text: str, columns: list[str]) -> list[int]:
    """The columns a pairing query orders its rows by (each ``ORDER BY ?variable``)."""
    found = re.search(r"ORDER\s+BY\s+(.*)$", text, re.IGNORECASE | re.DOTALL)
    if found is None:
        return []
    names = re.findall(r"\?(\w+)", found.group(1))
    if not names or re.sub(r"[\s?\w]", "", found.group(1)):
        raise ValueError("a pairing query must order its rows by variables alone")
    return [columns.index(v) for v in names]
