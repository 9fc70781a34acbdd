"""The cross-source checks after an incremental build's change: the QC checks again for the
nodes the change can affect (the rest of their findings kept, each where its node is written
now), and the conflicts between sources updated from the previous build's."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradekg.graph.build.corpus import Corpus
from tradekg.graph.build.manifest import SourceRecord
from tradekg.graph.build.qc import qc_checks, qc_warnings
from tradekg.graph.build.shacl import Finding, term_text
from tradekg.graph.build.workers import located_finding
from tradekg.graph.core.errors import Problem
from tradekg.graph.sources.rdffiles import line_of_term
from tradekg.graph.store.query_text import bind_value_list_in_minus

if TYPE_CHECKING:
    from tradekg.graph.analysis.conflicts import Conflict

__all__ = ["CONFLICT_STEPS", "FOCUS_VALUES", "MAX_CONFLICT_TOUCHED", "MAX_QC_FOCUS", "WHOLE_STORE", "checks_after",
           "term_string"]

# Above this many nodes to check again, the QC checks run over the whole store instead.
MAX_QC_FOCUS = 2_000
# A QC check whose text holds this comment runs over the whole store in an incremental build:
# one that compares nodes further apart than one step (two figures about the same thing).
WHOLE_STORE = "# tradekg: whole store"
# A QC check whose text holds this comment runs once for all the nodes to check again (their
# IRIs in a VALUES block at the top of its WHERE clause) rather than once for each: one whose
# plan does not narrow to the node it is given (a MINUS whose other side is read whole each time).
FOCUS_VALUES = "# tradekg: focus values"
# The conflicts of the previous build are updated for the claims with a path of up to this many
# triples to a node whose triples changed (what a conflict reads of a claim: its own triples, its
# source's and quotations', its reports' and what they restate), while they are up to this many;
# beyond, every conflict is found again.
CONFLICT_STEPS = 3
MAX_CONFLICT_TOUCHED = 20_000


def checks_after(store: ox.Store, changed: set[ox.Triple], previous: list[tuple[str, str, Problem]],
                 kept: dict[str, SourceRecord], corpus: Corpus, order: dict[str, tuple[bool, int]],
                 previous_generation: Path | None = None,
                 ) -> tuple[list[tuple[str, str, Problem]], list[Conflict], bool]:
    """The QC findings after a change, as (check, focus, problem), the conflicts between the
    sources (for the timeline page to flag) and whether they are those saved beside
    ``previous_generation``, over ``store`` (whose blank nodes are labelled
    as a full build labels them): each QC check run again for the nodes the change can affect
    (the rest of its findings kept), or over the whole store when they are too many or the
    check says it compares nodes further apart (:data:`WHOLE_STORE`).
    ``order``: each source's place in a full build's order now (RDF files after authoring files,
    each in corpus order: :func:`~tradekg.graph.build.corpus.compile_corpus`), where a node
    written by two is located. ``previous_generation``: the store the change started from,
    whose saved conflicts are updated rather than all found again."""
    subjects = {t.subject for t in changed}
    # The changed triples' nodes, and whatever points at a node whose description changed.
    near = _reaching(store, subjects, 1, MAX_QC_FOCUS)
    nodes: set[ox.NamedNode | ox.BlankNode] = set(near or subjects)  # type: ignore[arg-type]
    nodes.update(t.object for t in changed if isinstance(t.object, (ox.NamedNode, ox.BlankNode)))
    too_many = near is None or len(nodes) > MAX_QC_FOCUS
    focus = {n.value if isinstance(n, ox.NamedNode) else str(n) for n in nodes}
    locate = _Locator(kept, corpus, order)
    # A finding kept about a node of a source compiled again is where that source writes it
    # now: a line added above it moves it, and changes no triple.
    moved_lines = {str(node) for item in corpus.done for node in item.lines} | {item.path for item in corpus.done}
    variable = ox.Variable("focus")
    # Each entry of the answer in turn, (check, focus, kept problem or new finding, to locate?):
    # a kept finding as it was, one whose focus may have moved, a new finding; located at the
    # end, every node they name looked up at once.
    entries: list[tuple[str, str, Problem | Finding, bool]] = []
    checks = [(check, "error") for check in qc_checks()] + [(check, "warning") for check in qc_warnings()]
    for check, severity in checks:
        text = check.effective_text
        whole = too_many or WHOLE_STORE in check.text
        if not whole:
            for kept_finding in previous:
                if kept_finding[0] == check.name and kept_finding[1] not in focus:
                    name, node_text, problem = kept_finding
                    entries.append((name, node_text, problem, node_text in moved_lines or problem.path in moved_lines))
        found_rows: list[tuple[str, str]] = []
        if whole:
            found_rows.extend((term_string(row[0]), term_string(row[1]))
                              for row in store.query(text, use_default_graph_as_union=True))  # type: ignore[union-attr]
        else:
            one_by_one = sorted(nodes, key=str)
            if FOCUS_VALUES in check.text:
                named = [n for n in one_by_one if isinstance(n, ox.NamedNode)]
                one_by_one = [n for n in one_by_one if not isinstance(n, ox.NamedNode)]  # VALUES holds no blank node
                if named:
                    found_rows.extend(sorted((term_string(row[0]), term_string(row[1])) for row in store.query(  # type: ignore[union-attr]
                        _with_focus_values(text, named), use_default_graph_as_union=True)))
            for node in one_by_one:
                rows = store.query(text, use_default_graph_as_union=True, substitutions={variable: node})
                found_rows.extend((term_string(node), term_string(row[1])) for row in rows)  # type: ignore[union-attr]
        entries.extend((check.name, node_text, Finding(node_text, message, severity, check.name), True)
                       for node_text, message in found_rows)
    # The conflicts between sources (the timeline page flags them too): those of the previous
    # build, each pair with a claim the change can affect found again (:func:`updated_conflicts`),
    # or all found again over the whole store when there is no previous answer to start from.
    from tradekg.graph.analysis.conflicts import (
        conflicts_saved_beside,
        every_conflict,
        updated_conflicts,
        warnings_of,
    )
    from tradekg.graph.store.local import graph_over

    graph = graph_over(store)
    before = conflicts_saved_beside(previous_generation) if previous_generation is not None else None
    reached = _reaching(store, subjects, CONFLICT_STEPS, MAX_CONFLICT_TOUCHED) if before is not None else None
    touched = None if reached is None else {term_string(n) for n in reached}
    found = updated_conflicts(graph, before, touched) if before is not None and touched is not None \
        else every_conflict(graph)
    entries.extend(("conflicts", claim, Finding(claim, message, "warning", "conflicts", also=(other,)), True)
                   for claim, other, message in warnings_of(found))  # as qc.qc_findings
    locate.prepare({n for _, node_text, item, moved in entries if moved
                    for n in (node_text, *(item.also if isinstance(item, Finding) else ()))})
    out: list[tuple[str, str, Problem]] = []
    for name, node_text, item, moved in entries:
        if isinstance(item, Finding):
            out.append((name, node_text, located_finding(item, locate)))
        elif moved:  # (a kept finding, at where its focus is written now: a line added above it moves it)
            path, line = locate(node_text)
            out.append((name, node_text, dataclasses.replace(item, path=path, line=line)))
        else:
            out.append((name, node_text, item))
    return out, found, before is not None and found == before


def _reaching(store: ox.Store, nodes: set, steps: int, limit: int) -> set | None:
    """``nodes`` and every node with a path of up to ``steps`` triples to one of them (as
    pyoxigraph terms); None once they are more than ``limit``."""
    seen = set(nodes)
    ring = list(nodes)
    for _ in range(steps):
        reached = []
        for node in ring:
            for q in store.quads_for_pattern(None, None, node, None):
                if q.subject not in seen:
                    seen.add(q.subject)
                    reached.append(q.subject)
                    if len(seen) > limit:
                        return None
        ring = reached
    return seen


def _with_focus_values(text: str, nodes: list[ox.NamedNode]) -> str:
    """``text`` with ``VALUES ?focus { nodes }`` first in its WHERE clause and in each MINUS
    group naming ?focus (placed as every VALUES block of the library is: braces in strings,
    IRIs and comments do not count; see bind_value_list_in_minus)."""
    return bind_value_list_in_minus(text, "focus", [str(n) for n in nodes])


def term_string(term: object) -> str:
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return term_text(term)


class _Locator:
    """Where a focus node is written: as a full build locates it, in the first source (in
    ``order``) that writes it, whether compiled now or unchanged (as its record says); else
    found in an RDF file's text.

    The nodes asked about are looked up in every source's lines at once (:meth:`prepare`), each
    source's lines met by set intersection: at 1M triples, the lines of all 4,290 sources made
    into one table took 0.05 s, to locate a few hundred findings."""

    def __init__(self, kept: dict[str, SourceRecord], corpus: Corpus, order: dict[str, tuple[bool, int]]) -> None:
        self.kept, self.corpus, self.order = kept, corpus, order
        self.table: dict[str, tuple[str, int]] = {}
        self.asked: set[str] = set()
        self.rdf: list[SourceRecord] | None = None

    def prepare(self, wanted: set[str]) -> None:
        """Look up where each of ``wanted`` is written (before they are asked for one by one)."""
        todo = wanted - self.asked
        if not todo:
            return
        self.asked |= todo
        order = self.order
        # (by place now: the records' positions are the last build's)
        written = sorted([*((order[item.path], item.path, item.lines) for item in self.corpus.done),
                          *((order[record.path], record.path, record.lines) for record in self.kept.values())],
                         key=lambda w: w[0])
        table = self.table
        for _, path, lines in written:
            for node in todo.intersection(lines):
                table.setdefault(node, (path, lines[node]))

    def __call__(self, focus: str) -> tuple[str, int | None]:
        if focus not in self.asked:
            self.prepare({focus})
        found = self.table.get(focus)
        if found is not None:
            return found
        if self.rdf is None:
            self.rdf = sorted((r for r in self.kept.values() if r.rdf), key=lambda r: self.order[r.path])
        for record in self.rdf:
            try:
                text = Path(record.path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            line = line_of_term(text, focus)
            if line is not None:
                return record.path, line
        return "(corpus)", None

