"""The two ways an incremental build runs a packaged QC check over the nodes it checks again
(graph/build/recheck.py): once per node, or, for a check marked ``# tradekg: focus values``,
once with the nodes in a VALUES block. Both find what the check finds over the whole store
about those nodes, for every packaged check, on the bundled corpus broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tradekg.graph.build.qc import qc_checks, qc_warnings
from tradekg.graph.build.recheck import FOCUS_VALUES, _with_focus_values, term_string

TK = "https://w3id.org/tradekg/ontology#"


@pytest.fixture(scope="module")
def broken(corpus_built: Path) -> ox.Store:
    """The bundled corpus in memory, with a demand that names no requesting party, a quotation
    whose offsets are wrong and a claim without a source: rows for several checks."""
    store = ox.Store()
    store.extend(ox.Store.read_only(str((corpus_built / "store").resolve())).quads_for_pattern(None, None, None, None))
    demand = next(q for q in store.quads_for_pattern(None, ox.NamedNode(TK + "demandedBy"), None, None))
    store.remove(demand)
    quote = next(q for q in store.quads_for_pattern(None, ox.NamedNode(TK + "start"), None, None))
    store.remove(quote)
    wrong = ox.Literal("1", datatype=quote.object.datatype)
    store.add(ox.Quad(quote.subject, quote.predicate, wrong, quote.graph_name))
    derived = next(q for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"),
                                                      None, None))
    store.remove(derived)
    return store


@pytest.mark.parametrize("check", [*qc_checks(), *qc_warnings()], ids=lambda c: c.name)
def test_each_check_finds_the_same_rows_either_way(broken: ox.Store, check) -> None:
    text = check.effective_text
    whole = sorted((term_string(r[0]), term_string(r[1])) for r in broken.query(text, use_default_graph_as_union=True))
    subjects = sorted({q.subject for q in broken.quads_for_pattern(None, None, None, None)
                       if isinstance(q.subject, ox.NamedNode)}, key=str)
    # the focus of every row, and as many other nodes again
    focus = {f for f, _ in whole}
    nodes = [n for n in subjects if n.value in focus] + [n for n in subjects if n.value not in focus][:200]
    variable = ox.Variable("focus")
    one_by_one = sorted((n.value, term_string(r[1])) for n in nodes for r in broken.query(
        text, use_default_graph_as_union=True, substitutions={variable: n}))
    in_one = sorted((term_string(r[0]), term_string(r[1])) for r in broken.query(
        _with_focus_values(text, nodes), use_default_graph_as_union=True))
    expected = sorted(row for row in whole if row[0] in {n.value for n in nodes})
    assert one_by_one == in_one == expected
    if check.name in ("demand-without-requester", "claim-without-source", "quote-offsets"):
        assert expected, check.name  # the store was broken for it
    if check.name in ("demand-without-requester", "claim-without-source"):
        assert FOCUS_VALUES in check.text  # asked in one query: per node, its MINUS side is read whole


def test_values_go_into_each_minus_naming_the_focus_and_nowhere_a_string_or_comment_says_minus() -> None:
    from tradekg.graph.store.query_text import bind_value_list_in_minus

    text = '''SELECT ?focus ?message WHERE {
  # MINUS { ?focus a <x:Commented> }
  ?focus a <x:Claim> .
  MINUS { ?focus <x:from> ?s . ?s a <x:Source> }
  MINUS { ?other <x:p> ?o }
  BIND("MINUS { ?focus }" AS ?message)
}'''
    bound = bind_value_list_in_minus(text, "focus", ["<x:a>", "<x:b>"])
    block = "VALUES ?focus { <x:a> <x:b> }"
    assert bound.count(block) == 2
    assert "WHERE { " + block in bound  # first in the WHERE clause
    assert "MINUS { " + block + "  ?focus <x:from>" in bound
    assert "MINUS { ?other" in bound and "# MINUS { ?focus a <x:Commented> }" in bound
    assert 'BIND("MINUS { ?focus }" AS ?message)' in bound
    # The rows: those of the query without the blocks, about the two claims.
    store = ox.Store()
    for claim, sourced in (("a", False), ("b", True), ("c", False)):
        store.add(ox.Quad(ox.NamedNode(f"x:{claim}"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode("x:Claim")))
        if sourced:
            store.add(ox.Quad(ox.NamedNode(f"x:{claim}"), ox.NamedNode("x:from"), ox.NamedNode("x:s")))
    store.add(ox.Quad(ox.NamedNode("x:s"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("x:Source")))
    text = text.replace("a <x:", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <x:")
    bound = bind_value_list_in_minus(text, "focus", ["<x:a>", "<x:b>"])
    assert sorted(str(r[0]) for r in store.query(text)) == ["<x:a>", "<x:c>"]
    assert sorted(str(r[0]) for r in store.query(bound)) == ["<x:a>"]
