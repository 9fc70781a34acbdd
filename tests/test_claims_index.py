"""The claims index a build saves beside its store (graph/analysis/claims_index.py): what the
answers over time read from it is what they read from the store without it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tradekg.graph.analysis.claims_index import INDEX, claims_index, whole_rows
from tradekg.graph.analysis.dated import claim_date_rows, claim_times, dated_claims
from tradekg.graph.analysis.diff import diff
from tradekg.graph.analysis.measures import _acts, measures_in_force
from tradekg.graph.analysis.timeline import timeline
from tradekg.graph.store.derived import derived_file
from tradekg.graph.store.local import graph_over, open_graph, open_local_store


def _unindexed(out: Path):
    """The same store, opened without knowing its generation: everything read from the store."""
    return graph_over(open_local_store(out / "store"))


def test_the_index_gives_what_the_store_gives(built: Path, graph) -> None:
    store = _unindexed(built)
    assert claims_index(graph) is not None and claims_index(store) is None
    every = dated_claims(graph)
    assert len(every) == 104
    assert every == dated_claims(store) and list(every) == list(dated_claims(store))
    assert sum(1 for c in every.values() if c.date is not None) > 80  # dates, not only blanks compared
    assert all(c.source_label and c.quote for c in every.values())
    some = [*list(every)[::3], "https://w3id.org/tradekg/id/party/IN", "https://w3id.org/tradekg/id/nothing"]
    assert dated_claims(graph, some) == dated_claims(store, some)
    assert list(dated_claims(graph, some)) == list(dated_claims(store, some))
    assert claim_times(graph, some) == claim_times(store, some)
    for candidates in (None, some):
        for with_reported in (True, False):
            rows = claim_date_rows(graph, candidates, with_reported)
            assert rows == claim_date_rows(store, candidates, with_reported)
            assert any(r[1] for r in rows) and (any(r[2] for r in rows) or (candidates is None and not with_reported))
    assert _acts(graph) == _acts(store)
    for name in ("acts", "revisions", "measure-sectors", "linked-demands", "demand-links", "implements"):
        rows = whole_rows(graph, name)
        assert rows and rows == whole_rows(store, name)
    for day in ("2025-05-01", "2025-09-01", "2026-02-10"):
        assert measures_in_force(graph, day) == measures_in_force(store, day)
    assert diff(graph, "2025-05-01", "2025-09-01") == diff(store, "2025-05-01", "2025-09-01")
    assert diff(graph, "2025-09-01", "2026-02-10", "2026-02-06") == diff(store, "2025-09-01", "2026-02-10",
                                                                          "2026-02-06")
    assert timeline(graph, "India") == timeline(store, "India")
    assert timeline(graph) == timeline(store)


def test_an_index_it_cannot_trust_is_not_used(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    path = derived_file((out / "store").resolve(), INDEX).with_suffix(".sqlite")
    assert path.is_file()
    expected = dated_claims(_unindexed(out))
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = 'another tradekg' WHERE key = 'fingerprint'")
    db.commit()
    db.close()
    graph = open_graph(out / "store")
    assert claims_index(graph) is None and dated_claims(graph) == expected
    path.write_bytes(b"not a database at all")
    graph = open_graph(out / "store")
    assert claims_index(graph) is None and dated_claims(graph) == expected
    path.unlink()
    graph = open_graph(out / "store")
    assert claims_index(graph) is None and dated_claims(graph) == expected


def test_saved_rows_come_in_the_order_whole_rows_sorts_them() -> None:
    """The index sorts a table in SQL; rows from a store without it are sorted in Python by
    _row_order: both orders are one, with unbound values, empty strings, non-ASCII text and
    prefixes of one another among the rows."""
    from tradekg.graph.analysis.claims_index import ClaimsIndex, _create_rows, _row_order, _whole_queries

    query = _whole_queries()["revisions"]  # two columns
    rows = [("b", None), ("b", ""), ("b", "a"), (None, "z"), ("", "z"), ("é", "x"), ("e", "x"), ("ab", None),
            ("a", "b"), ("a", None), ("Z", "y"), ("\u00e9t\u00e9", "x"), ("\U0001f600", "x"), ("\uffff", "x")]
    db = sqlite3.connect(":memory:")
    _create_rows(db, "revisions", query, rows)
    ordered = ClaimsIndex(db).rows("revisions")
    assert ordered == sorted(rows, key=_row_order)
    assert ordered != rows and len(ordered) == len(rows)


def test_the_claims_a_corpus_timeline_draws_are_those_of_the_store(built: Path, graph) -> None:
    """The whole corpus's page chooses its claims in SQLite when the index is there
    (ClaimsIndex.first_dated): the same claims and counts as from every claim's dates, for
    spans, days and caps that cut through the bundled corpus's dates."""
    import datetime as dt

    from tradekg.graph.views.timeline_page import _first_claims

    store = _unindexed(built)
    days = sorted({c.date.earliest for c in dated_claims(graph).values() if c.date is not None})
    assert len(days) > 10
    middle = days[len(days) // 2]
    cases = [(None, None, None, 1000), (None, None, None, 5), (middle, None, None, 7), (None, middle, None, 3),
             (days[2], days[-3], None, 1000), (None, None, middle, 1000), (None, None, middle, 4),
             (days[1], middle, days[-2], 6), (None, None, dt.date(1900, 1, 1), 10), (days[-1], None, None, 2)]
    counts = set()
    for start, end, as_of, limit in cases:
        ours = _first_claims(graph, None, start, end, as_of, limit)
        assert ours == _first_claims(store, None, start, end, as_of, limit), (start, end, as_of, limit)
        counts.add(ours[1:])
    assert len(counts) > 5  # the cases cut differently
