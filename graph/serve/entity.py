"""The pages ``tradekg serve`` makes about one entity a result names: what it is and its dated
claims (``/entity``), its focus view (``/entity/focus``) and its timeline (``/entity/timeline``).

:func:`entity_page` is pure over a graph and returns an :class:`~tradekg.graph.serve.endpoint.Answer`;
the server runs it in the same killable worker processes as queries, under the same time
limit (see :meth:`~tradekg.graph.serve.endpoint.QueryRunner.entity_page`), so that a page
of an entity with a vast neighbourhood or history cannot hold a server thread and a core
for as long as it takes.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.entities import Entity, resolve_entity
from tradekg.graph.analysis.timeline import timeline
from tradekg.graph.core.errors import TradekgError, UnknownEntity
from tradekg.graph.core.namespaces import compact
from tradekg.graph.serve.endpoint import Answer
from tradekg.graph.views.graphs import focus_view
from tradekg.graph.views.html import to_html
from tradekg.graph.views.timeline_page import timeline_html, timeline_model

__all__ = ["ENTITY_CLAIMS", "ENTITY_PARTS", "HTML", "entity_page"]

ENTITY_CLAIMS = 200  # dated claims an entity page lists at most (its timeline page draws more)
ENTITY_PARTS = ("", "focus", "timeline")
"""The pages about an entity: itself, its focus view, its timeline."""
HTML = "text/html; charset=utf-8"


def entity_page(graph: Graph, iri: str, part: str = "") -> Answer:
    """The page ``part`` (one of ENTITY_PARTS) about the entity ``iri`` (or a label or id),
    as a 200 Answer; 404 for an entity the graph does not hold, 400 for other bad input."""
    if part not in ENTITY_PARTS:
        return Answer.error(404, f"no such page about an entity: {part!r}")
    try:
        found = resolve_entity(graph, iri)
        if part == "focus":
            html = to_html(focus_view(graph, found.iri, 2, label=found.label))
        elif part == "timeline":
            html = timeline_html(timeline_model(graph, found.iri))
        else:
            html = _about(graph, found)
    except TradekgError as exc:
        return Answer.error(404 if isinstance(exc, UnknownEntity) else 400, str(exc))
    return Answer(200, HTML, html.encode("utf-8"))


_ENVIRONMENT: Any = None


def _about(graph: Graph, found: Entity) -> str:
    """The entity page: its name, kind and IRI, its dated claims (the first ENTITY_CLAIMS), links."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        _ENVIRONMENT = Environment(loader=PackageLoader("tradekg.ontology", "templates"),
                                   autoescape=select_autoescape(default=True, default_for_string=True))
    line = timeline(graph, found.iri)
    return str(_ENVIRONMENT.get_template("entity.html").render(
        entity=found, compact=compact(found.iri), entries=line["entries"][:ENTITY_CLAIMS],
        dated=len(line["entries"]), undated=len(line["undated"]), shown=ENTITY_CLAIMS))
