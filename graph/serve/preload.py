"""Imported once by the process that ``tradekg serve``'s workers are forked from (see
:meth:`tradekg.graph.serve.endpoint.QueryRunner._start_pool`): what every worker needs to
answer a query or make an entity page is loaded there, once, and each worker (a fresh one
after a timeout included) has it from its first moment, instead of spending the first page's
time limit on it: the query parser, the page modules, pyvis, and the inlined scripts, read
and escaped (0.4 s of a first focus view or timeline page, measured).
"""

from __future__ import annotations

import rdflib.plugins.sparql.parser  # noqa: F401  (imported for its side effect: loaded once)

from tradekg.graph.serve import endpoint, entity  # noqa: F401
from tradekg.graph.views.html import pyvis_network, vis_network_js
from tradekg.graph.views.timeline_page import vis_timeline_js

__all__ = ["warm"]


def warm() -> None:
    """Load what the pages need once (each is cached for the life of the process)."""
    pyvis_network()
    vis_network_js()
    vis_timeline_js()


warm()
