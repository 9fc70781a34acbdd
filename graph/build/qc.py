"""The QC checks: every ``ontology/qc/*-violation.rq`` query, run over a whole store; any row is a problem."""

from __future__ import annotations

import functools

from rdflib import Graph

from tradekg.graph.build.shacl import Finding, term_text
from tradekg.graph.store.catalogue import NamedQuery, query_from_text
from tradekg.graph.store.queries import run_query
from tradekg.ontology import qc_dir

__all__ = ["qc_checks", "qc_findings"]


@functools.cache
def qc_checks() -> tuple[NamedQuery, ...]:
    """The packaged QC checks: every ``*-violation.rq`` file, in name order (name without the suffix)."""
    checks = []
    for entry in sorted(qc_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith("-violation.rq"):
            checks.append(query_from_text(entry.read_text(encoding="utf-8"), entry.name[: -len("-violation.rq")]))
    return tuple(checks)


def qc_findings(graph: Graph) -> list[Finding]:
    """Run every QC check against ``graph``; each row is a problem about its ``?focus``."""
    findings = []
    for check in qc_checks():
        for row in run_query(graph, check):
            focus, message = row[0], row[1]
            findings.append(Finding(term_text(focus), term_text(message), "error", check.name))
    return findings
