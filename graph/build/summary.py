"""What a build made, counted for the summary a person reads and drawn as the overview page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from tradekg.graph.core.errors import Problem
from tradekg.graph.core.namespaces import PREFIXES

if TYPE_CHECKING:
    from tradekg.graph.views.overview import WholeEdges

__all__ = ["INDEX_PAGE", "BuildReport", "overview_page", "summarise", "warning_gist"]


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


def warning_gist(warnings: list[Problem]) -> str:
    """The commonest kind of warning, for a one-line summary: "the figure has no reporting party (10 of 13)".

    A shape's message reads "<focus> what is wrong: why it matters [path]"; what is wrong is its kind.
    """
    counts: dict[str, int] = {}
    for w in warnings:
        text = w.message
        if text.startswith("<") and "> " in text:
            text = text.split("> ", 1)[1]
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
_SOURCES = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?id ?title (COUNT(?claim) AS ?n) WHERE {
  ?s a tk:Source ; dcterms:identifier ?id ; dcterms:title ?title .
  FILTER NOT EXISTS { ?other dcterms:references ?s }
  OPTIONAL { ?claim prov:wasDerivedFrom ?s }
} GROUP BY ?id ?title ORDER BY ?id
"""


def summarise(store: ox.Store) -> tuple[dict[str, int], dict[str, int], list[tuple[str, str, int]]]:
    """Entities per class, claims per kind and the sources (not mere references) with their claim counts."""
    tk = PREFIXES["tk"]
    counts = {row["c"].value[len(tk):]: int(row["n"].value)
              for row in store.query(_COUNT_BY_CLASS, use_default_graph_as_union=True)}  # type: ignore[union-attr]
    entities = {name: counts.get(name, 0) for name in _SUMMARY_CLASSES}
    claims = {label: counts.get(name, 0) for name, label in _CLAIM_CLASSES.items()}
    sources = [(row["id"].value, row["title"].value, int(row["n"].value))
               for row in store.query(_SOURCES, use_default_graph_as_union=True)]  # type: ignore[union-attr]
    return entities, claims, sources


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


_UNLISTED_SOURCES = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?s (SAMPLE(?how) AS ?role) WHERE {
  ?s a tk:Source .
  FILTER(!EXISTS { ?s dcterms:identifier ?id ; dcterms:title ?title } || EXISTS { ?other dcterms:references ?s })
  OPTIONAL { { ?x dcterms:references ?s BIND("cited" AS ?how) } UNION { ?x tk:restates ?s BIND("restated" AS ?how) } }
} GROUP BY ?s
"""


def unlisted_sources(store: ox.Store) -> dict[str, int]:
    """The Sources that :func:`summarise` does not list, by why: documents a listed source
    cites (``dcterms:references``), reports a brief restates (``tk:restates``), or neither
    ('other': a source without an identifier or a title)."""
    counts = {"cited": 0, "restated": 0, "other": 0}
    for row in store.query(_UNLISTED_SOURCES, use_default_graph_as_union=True):  # type: ignore[union-attr]
        role = row["role"]
        counts[role.value if role is not None else "other"] += 1
    return counts
