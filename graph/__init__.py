"""tradekg.graph: the library, a flat public namespace over subpackages by stage.

    >>> import tradekg.graph as tk
    >>> g = tk.open_graph("output/store")
    >>> tk.run_query(g, "demands", by="India")

Everything a notebook user needs is importable from here (lazily: importing this package
loads nothing heavy). The stages, each a subpackage, in the order the data goes:

- ``core``      errors, namespaces, names, bounded reads, atomic writes
- ``sources``   the authoring format and its compiler, RDF and YAML files, the vocabulary
- ``store``     open a built store or a remote endpoint, named queries, push
- ``analysis``  the negotiation projection, entities, paths, blockers, trade-offs, and time:
                timeline, measures in force, a demand's status, diff; where sources disagree
- ``views``     interactive HTML views: what a page shows, its layout, the page
- ``build``     compile, validate, persist, export (it conducts the stages before it)
- ``serve``     the read-only SPARQL endpoint
- ``ingest``    a draft authoring file from an article's text

A module imports only from its own stage and the stages listed before it (``ingest`` from
``core``, ``sources``, ``store`` and ``analysis``); ``tests/test_layout.py`` checks it.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "TradekgError": "core.errors", "UsageError": "core.errors", "DataError": "core.errors",
    "UnknownEntity": "core.errors", "QueryError": "core.errors", "ValidationFailed": "core.errors",
    "Problem": "core.errors",
    # stores
    "open_graph": "store.local",
    # build and validate
    "build_corpus": "build.pipeline", "validate_sources": "build.pipeline", "BuildReport": "build.summary",
    "export": "build.export",
    # named queries and SPARQL
    "list_queries": "store.catalogue", "get_query": "store.catalogue", "NamedQuery": "store.catalogue",
    "run_query": "analysis.asking", "result_json": "store.queries",
    # entities
    "resolve_entity": "analysis.entities", "find_entities": "analysis.search", "Entity": "analysis.entities",
    # questions over the negotiation
    "shortest_paths": "analysis.paths", "path_line": "analysis.paths", "blockers_of": "analysis.blockers",
    "tradeoffs": "analysis.tradeoffs", "projection_graph": "analysis.projection",
    # time: what held on a day, as reported by a day
    "timeline": "analysis.timeline", "measures_in_force": "analysis.measures", "demand_status": "analysis.positions",
    "diff": "analysis.diff", "diff_sources": "analysis.diff", "dated_claims": "analysis.dated",
    # where sources disagree
    "conflicts": "analysis.conflicts", "Conflict": "analysis.conflicts",
    # views
    "whole_view": "views.graphs", "focus_view": "views.graphs", "overview_view": "views.graphs",
    "path_view": "views.answers", "blockers_view": "views.answers", "tradeoffs_view": "views.answers",
    "View": "views.model", "to_html": "views.html", "write_view": "views.html",
    # ingest
    "ingest_file": "ingest.article", "ingest_text": "ingest.article", "SourceInfo": "ingest.article",
    "draft_yaml": "ingest.draft", "draft_json": "ingest.draft",
}
# Where a public name is not the defining module's own name for it.
_RENAMED = {"build_corpus": "build"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tradekg.graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tradekg.graph.{module}"), _RENAMED.get(name, name))
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, "__doc__", "__name__", "__path__"})
