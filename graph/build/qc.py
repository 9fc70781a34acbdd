"""The QC checks, run over a whole store: every ``ontology/qc/*-violation.rq`` query (any row is
an error) and ``*-warning.rq`` query (any row is a warning), and the conflicts between sources
no difference of period, coverage or time explains (warnings: disagreeing sources are data)."""

from __future__ import annotations

import functools

from rdflib import Graph

from tradekg.graph.analysis.conflicts import Conflict, conflict_findings
from tradekg.graph.build.shacl import Finding, term_text
from tradekg.graph.store.catalogue import NamedQuery, query_from_text
from tradekg.graph.store.local import union_store
from tradekg.graph.store.queries import run_query
from tradekg.ontology import qc_dir

__all__ = ["qc_checks", "qc_findings", "qc_warnings"]

_SUFFIXES = {"-violation.rq": "error", "-warning.rq": "warning"}


@functools.cache
def _checks(suffix: str) -> tuple[NamedQuery, ...]:
    checks = []
    for entry in sorted(qc_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(suffix):
            checks.append(query_from_text(entry.read_text(encoding="utf-8"), entry.name[: -len(suffix)]))
    return tuple(checks)


def qc_checks() -> tuple[NamedQuery, ...]:
    """The packaged QC checks: every ``*-violation.rq`` file, in name order (name without the suffix)."""
    return _checks("-violation.rq")


def qc_warnings() -> tuple[NamedQuery, ...]:
    """The packaged QC warnings: every ``*-warning.rq`` file, in name order (name without the suffix)."""
    return _checks("-warning.rq")


def qc_findings(graph: Graph, found: list[Conflict] | None = None) -> list[Finding]:
    """Run every QC check and warning against ``graph``; each row is a problem about its ``?focus``.
    Then each unexplained conflict between sources: a warning about both its claims (``found``:
    a list that also gets every conflict, explained or not, so that they are found once)."""
    findings = []
    store = union_store(graph)
    for suffix, severity in _SUFFIXES.items():
        for check in _checks(suffix):
            if store is not None:
                # Straight to Oxigraph (as run_query would send it, less rdflib's parse of the
                # query and its conversion of every row to rdflib terms): the same rows, in order.
                for solution in store.query(check.effective_text, use_default_graph_as_union=True):
                    focus, message = solution[0], solution[1]
                    findings.append(Finding(focus.value if focus is not None else "",
                                            message.value if message is not None else "", severity, check.name))
                continue
            for row in run_query(graph, check):
                focus, message = row[0], row[1]
                findings.append(Finding(term_text(focus), term_text(message), severity, check.name))
    for claim, other, message in conflict_findings(graph, found):
        findings.append(Finding(claim, message, "warning", "conflicts", also=(other,)))
    return findings
