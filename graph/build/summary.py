"""What a build made, counted for the summary a person reads and drawn as the overview page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from tradekg.graph.core.errors import Problem
from tradekg.graph.core.namespaces import PREFIXES
from tradekg.graph.store.rows import term_value

if TYPE_CHECKING:
    from tradekg.graph.views.overview import WholeEdges

__all__ = ["INDEX_PAGE", "BuildReport", "Counts", "counts_of", "overview_page", "summarise", "unlisted_sources",
           "updated_counts", "warning_gist"]


@dataclass
class BuildReport:
    """What a build produced, for the summary a person reads."""

    out: Path
    store: Path
    turtle: Path
    triples: int
    entities: dict[str, int]
    claims: dict[str, int]
    sources: list[tuple[str, str, int]]  # id, title, number of claims
    warnings: list[Problem]
    seconds: float
    index: Path | None = None  # the overview page, OUT/index.html
    # The sources compiled again (an incremental build; () when nothing had changed), or None
    # after a full build.
    redone: tuple[str, ...] | None = None
    removed: tuple[str, ...] = ()  # the sources an incremental build took out
    # The Sources the summary does not list, by why (:func:`unlisted_sources`); None when the
    # build did not count them (nothing had changed: count them in the store).
    unlisted: dict[str, int] | None = None


_NAMED_IRI = re.compile(r"\s*(?:with\s+)?<[^<>\s]*>")


def warning_gist(warnings: list[Problem]) -> str:
    """The commonest kind of warning, for a one-line summary: "the figure has no reporting party (10 of 13)".

    A shape's message reads "<focus> what is wrong: why it matters [path]"; what is wrong is its kind.
    """
    counts: dict[str, int] = {}
    for w in warnings:
        text = w.message
        if text.startswith("<") and "> " in text:
            text = text.split("> ", 1)[1]
        # (the other IRIs it names go too: "value conflict with <…>: why" is a value conflict)
        text = _NAMED_IRI.sub("", text)
        text = text.split(" [", 1)[0].split(":", 1)[0].strip()
        counts[text] = counts.get(text, 0) + 1
    if not counts:
        return ""
    gist, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return f"{gist} ({n} of {len(warnings)})" if len(counts) > 1 else gist


_SUMMARY_CLASSES = ("Party", "Agreement", "PolicyMeasure", "Person", "Source", "Claim", "Quotation", "Sector",
                    "TechnologyArea", "ConcernTopic", "NegotiationTopic", "LegalInstrument", "HSHeading")
_CLAIM_CLASSES = {"Demand": "demand", "Concern": "concern", "Alternative": "alternative",
                  "TradeFigure": "trade figure", "Event": "event", "StatusReport": "status report",
                  "MeasureAction": "measure action", "Stance": "stance", "Commitment": "commitment",
                  "Assessment": "assessment"}


_COUNT_BY_CLASS = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(STRSTARTS(STR(?c), STR(tk:))) } GROUP BY ?c
"""
# Each Source's rows (one for each identifier and title it has: the shapes allow one), so that
# a build can ask about the sources a change touched alone; the summary adds them up by
# identifier and title, as one query grouped that way would.
_SOURCES = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?s ?id ?title (COUNT(?claim) AS ?n) WHERE {
  ?s a tk:Source ; dcterms:identifier ?id ; dcterms:title ?title .
  FILTER NOT EXISTS { ?other dcterms:references ?s }
  OPTIONAL { ?claim prov:wasDerivedFrom ?s }
} GROUP BY ?s ?id ?title
"""
_UNLISTED_SOURCES = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?s (MIN(?how) AS ?role) WHERE {
  ?s a tk:Source .
  FILTER(!EXISTS { ?s dcterms:identifier ?id ; dcterms:title ?title } || EXISTS { ?other dcterms:references ?s })
  OPTIONAL { { ?x dcterms:references ?s BIND("cited" AS ?how) } UNION { ?x tk:restates ?s BIND("restated" AS ?how) } }
} GROUP BY ?s
"""
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# A Source's row reads its own triples and those pointing at it by these predicates.
_POINTING = frozenset({"http://purl.org/dc/terms/references", "http://www.w3.org/ns/prov#wasDerivedFrom",
                       PREFIXES["tk"] + "restates"})


@dataclass
class Counts:
    """What the summary counts, kept by the build so that the next one updates it: how many
    subjects each tradekg class has (by its local name), each listed Source's (identifier,
    title, claims) rows, and why each other Source is not listed (:func:`unlisted_sources`)."""

    classes: dict[str, int]
    sources: dict[str, list[tuple[str, str, int]]]
    unlisted: dict[str, str]

    def summary(self) -> tuple[dict[str, int], dict[str, int], list[tuple[str, str, int]]]:
        """Entities per class, claims per kind and the sources (not mere references) with their claim counts."""
        entities = {name: self.classes.get(name, 0) for name in _SUMMARY_CLASSES}
        claims = {label: self.classes.get(name, 0) for name, label in _CLAIM_CLASSES.items()}
        totals: dict[tuple[str, str], int] = {}
        for rows in self.sources.values():
            for ident, title, n in rows:
                totals[(ident, title)] = totals.get((ident, title), 0) + n
        return entities, claims, [(ident, title, n) for (ident, title), n in sorted(totals.items())]

    def unlisted_counts(self) -> dict[str, int]:
        counts = {"cited": 0, "restated": 0, "other": 0}
        for role in self.unlisted.values():
            counts[role] += 1
        return counts


def _source_rows(store: ox.Store, node: ox.NamedNode | ox.BlankNode | None = None) -> Counts:
    """The Sources' rows of ``store`` (only ``node``'s, when given)."""
    bound = {} if node is None else {"substitutions": {ox.Variable("s"): node}}
    found = Counts({}, {}, {})
    for row in store.query(_SOURCES, use_default_graph_as_union=True, **bound):  # type: ignore[union-attr,arg-type]
        s = term_value(node if node is not None else row["s"])
        found.sources.setdefault(s, []).append((row["id"].value, row["title"].value, int(row["n"].value)))
    for row in store.query(_UNLISTED_SOURCES, use_default_graph_as_union=True, **bound):  # type: ignore[union-attr,arg-type]
        role = row["role"]
        found.unlisted[term_value(node if node is not None else row["s"])] = role.value if role is not None else "other"
    return found


def counts_of(store: ox.Store) -> Counts:
    """What the summary counts in ``store``, read whole."""
    tk = PREFIXES["tk"]
    found = _source_rows(store)
    found.classes = {row["c"].value[len(tk):]: int(row["n"].value)
                     for row in store.query(_COUNT_BY_CLASS, use_default_graph_as_union=True)}  # type: ignore[union-attr]
    for rows in found.sources.values():
        rows.sort()
    return found


def updated_counts(previous: Counts, store: ox.Store, entered: set[ox.Triple], left: set[ox.Triple]) -> Counts:
    """``previous`` (:func:`counts_of` before a change) after it: ``entered`` and ``left``, the
    triples that entered and left the union (each is in it once: a class's subjects are its
    rdf:type triples); the Sources they touch asked about again in ``store``, the union after."""
    tk = PREFIXES["tk"]
    out = Counts(dict(previous.classes), dict(previous.sources), dict(previous.unlisted))
    touched: set[ox.NamedNode | ox.BlankNode] = set()
    for triples, step in ((entered, 1), (left, -1)):
        for t in triples:
            touched.add(t.subject)  # type: ignore[arg-type]
            p = t.predicate.value
            if p == _RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value.startswith(tk):
                name = t.object.value[len(tk):]
                out.classes[name] = out.classes.get(name, 0) + step
                if not out.classes[name]:
                    del out.classes[name]
            elif p in _POINTING and isinstance(t.object, (ox.NamedNode, ox.BlankNode)):
                touched.add(t.object)
    for node in touched:
        s = term_value(node)
        out.sources.pop(s, None)
        out.unlisted.pop(s, None)
        again = _source_rows(store, node)
        for key, rows in again.sources.items():
            out.sources[key] = sorted(rows)
        out.unlisted.update(again.unlisted)
    return out


def summarise(store: ox.Store) -> tuple[dict[str, int], dict[str, int], list[tuple[str, str, int]]]:
    """Entities per class, claims per kind and the sources (not mere references) with their claim counts."""
    return counts_of(store).summary()


INDEX_PAGE = "index.html"


def overview_page(graph: Graph, triples: int, entities: dict[str, int], claims: dict[str, int],
                  sources: list[tuple[str, str, int]], known: WholeEdges | None = None) -> str:
    """The HTML of ``OUT/index.html``: the interactive view of what was built (rendered before
    anything is published, so a failure here leaves the previous build as it was). ``known``:
    :func:`~tradekg.graph.views.overview.whole_edges` of ``graph``, if the build has it."""
    from tradekg.graph.views.graphs import overview_view
    from tradekg.graph.views.html import to_html
    from tradekg.graph.views.timeline_page import TIMELINE_PAGE

    view = overview_view(graph, triples, entities, claims, sources, known=known)
    view.links.append(("Timeline of the whole corpus", TIMELINE_PAGE))  # written beside it by the build
    return to_html(view)


def unlisted_sources(store: ox.Store) -> dict[str, int]:
    """The Sources that :func:`summarise` does not list, by why: documents a listed source
    cites (``dcterms:references``), reports a brief restates (``tk:restates``), or neither
    ('other': a source without an identifier or a title). A source both cited and restated
    counts as cited."""
    return _source_rows(store).unlisted_counts()
