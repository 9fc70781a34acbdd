"""Every claim's dates, source and first quote, and every act on a measure, saved by the build.

The answers over time (timeline, diff, a demand's status, measures in force) read each claim
they show as a :class:`~tradekg.graph.analysis.dated.DatedClaim` and every act on a measure.
Read from the store on disk that costs about 0.2 ms a claim (about ten index lookups, each a
RocksDB read): seconds for a cold process at a million triples. The build has the whole corpus
in memory anyway; it writes these rows once into an SQLite file beside the store
(``.stores/GENERATION.claims.sqlite``), where a reader finds a claim by its IRI in microseconds.

Like every answer saved beside a store (:mod:`tradekg.graph.store.derived`), the file holds for
its generation and for the tradekg that wrote it; otherwise the rows are read from the store.
Tests compare both ways on the bundled corpus and after incremental builds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from tradekg.graph.core.fingerprint import code_fingerprint
from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.dates import When
from tradekg.graph.store.derived import DERIVED_VERSION, derived_file, generation_of
from tradekg.graph.store.query_text import bind_value_list, selected_variables
from tradekg.graph.store.rows import string_rows

if TYPE_CHECKING:  # (dated reads claims through this module)
    from tradekg.graph.analysis.dated import DatedClaim

__all__ = ["INDEX", "ClaimsIndex", "claims_index", "save_claims_index", "whole_rows"]

INDEX = "claims"
_SUFFIX = ".sqlite"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_QUOTATION = "https://w3id.org/tradekg/ontology#quotation"
_COLUMNS = ("iri", "kind", "label", "date_first", "date_last", "date_text", "own", "reported_first",
            "reported_last", "reported_text", "source", "source_label", "quote", "types",
            "date_value", "reported_latest_value")  # (the last two: the stored lexical forms)
_CLAIM_COLUMNS = 14  # the DatedClaim's
_CHUNK = 500  # IRIs asked for in one statement (SQLite allows 999 parameters by default)
# (The statements are made of these constant names and of ? placeholders: no value is ever
# written into one, hence the noqa S608 below.)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM claims"  # noqa: S608
_INSERT = f"INSERT INTO claims VALUES ({', '.join('?' * len(_COLUMNS))})"  # noqa: S608


def _whole_queries() -> dict[str, str]:
    """The queries over the whole store whose rows the index keeps (name -> text)."""
    from tradekg.graph.analysis import measures, positions

    return {"acts": measures._ACTS, "revisions": measures._REVISIONS, "measure-sectors": positions._MEASURES_ON,
            "linked-demands": positions._LINKED_DEMANDS, "demand-links": positions._EVERY_LINK,
            "implements": positions._EVERY_IMPLEMENTS}


# _whole_queries's names, each with the variables whose values' own triples are all its rows
# read: after an incremental build, a row none of whose values there is the subject of a
# triple that changed is as the previous index has it, and the others are asked for again.
# (Linked demands also read the triple of the claim that links to one, which that variable
# does not name: a demand is asked about again when a link to it changed, see _ROW_OBJECTS.)
_ROW_TABLES: dict[str, tuple[str, ...]] = {
    "acts": ("act", "measure"), "revisions": ("later", "earlier"), "measure-sectors": ("act",),
    "linked-demands": ("demand",), "demand-links": ("claim",), "implements": ("claim",),
}


def _row_objects() -> dict[str, set[str]]:
    """For a row table, the predicates of the changed triples whose objects are asked about again."""
    from tradekg.graph.analysis.positions import LINKS

    return {"linked-demands": {str(TK[p]) for p in LINKS}}


def _file(generation: Path) -> Path:
    return derived_file(generation, INDEX).with_suffix(_SUFFIX)


def _when_columns(w: When | None) -> tuple[str | None, str | None, str | None]:
    return (None, None, None) if w is None else (w.earliest.isoformat(), w.latest.isoformat(), w.text)


def _when(first: str | None, last: str | None, text: str | None) -> When | None:
    if first is None or last is None or text is None:
        return None
    return When(dt.date.fromisoformat(first), dt.date.fromisoformat(last), text)


def save_claims_index(generation: Path, store: ox.Store, previous: Path | None = None,
                      changed: set[str] | None = None, linked: dict[str, set[str]] | None = None) -> int:
    """Write the index of ``generation`` from ``store`` (the same quads): every claim as
    :func:`~tradekg.graph.analysis.dated.dated_claims` reads it, and the rows of the queries
    over the whole store of :func:`_whole_queries`. Atomic: a reader sees the whole file or none.

    After an incremental build, ``previous`` (the generation it started from), ``changed`` (the
    subjects of the triples that entered or left the corpus) and ``linked`` (their objects, by
    predicate): the index starts as a copy of the previous one; a claim whose own triples,
    source or quotations are among ``changed`` is read again from ``store`` (or dropped), and
    so are the saved queries' rows as :data:`_ROW_TABLES` says; the rest stays as it was.
    Returns how many claims were read from ``store``.
    """
    from tradekg.graph.store.local import graph_over

    graph = graph_over(store)
    queries = _whole_queries()
    reuse = _reusable(store, previous, changed)
    target = _file(generation)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        if reuse is not None:
            shutil.copyfile(reuse[0], tmp)  # (a published generation's: never written again)
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            if reuse is None:
                db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
                db.execute(f"CREATE TABLE claims ({', '.join(_COLUMNS)}, PRIMARY KEY (iri)) WITHOUT ROWID")
                claims = _every_claim(store)
            else:
                _, redo, dropped = reuse
                db.executemany("DELETE FROM claims WHERE iri = ?", ((iri,) for iri in sorted(dropped)))
                claims = _every_claim(store, redo)
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("format", str(DERIVED_VERSION)),
                                                                          ("fingerprint", code_fingerprint())])
            db.executemany(_INSERT, (
                (c.iri, c.kind, c.label, *_when_columns(c.date), int(c.own_date), *_when_columns(c.reported),
                 c.source, c.source_label, c.quote, "\n".join(sorted(c.types)), date, reported)
                for c, date, reported in claims))
            # (the order a page of every claim draws them in: read off the index, 3 ms rather
            # than 31 ms sorting 36,000 claims at 1M triples; kept up to date once made)
            db.execute("CREATE INDEX IF NOT EXISTS claims_by_date ON claims (date_first, date_last, iri)")
            for name, keys in _ROW_TABLES.items():
                if reuse is not None:
                    asked = set(changed or ())
                    for predicate in _row_objects().get(name, ()):
                        asked.update((linked or {}).get(predicate, ()))
                    if linked is not None and _rows_again(db, graph, name, queries[name], keys, asked):
                        continue
                    db.execute(f'DROP TABLE IF EXISTS "rows_{name}"')  # all asked again
                _create_rows(db, name, queries[name], string_rows(graph, queries[name]))
            db.commit()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return len(claims)


def _create_rows(db: sqlite3.Connection, name: str, query: str, rows: Iterable[tuple[str | None, ...]]) -> None:
    width = len(selected_variables(query))
    db.execute(f'CREATE TABLE "rows_{name}" (seq INTEGER PRIMARY KEY, '
               + ", ".join(f"c{i}" for i in range(width)) + ")")
    _insert_rows(db, name, width, rows)
    # (:meth:`ClaimsIndex.rows` reads them in this order: 15 ms rather than 30 ms sorting the
    # 5,000 acts on measures at 1M triples)
    db.execute(f'CREATE INDEX "rows_{name}_order" ON "rows_{name}" ({_row_order_sql(width)})')


def _row_order_sql(width: int) -> str:
    """:func:`_row_order` in SQL (its text values compare as UTF-8 bytes, which is code point
    order): ten times faster than sorting in Python with a key per row."""
    columns = [f"c{i}" for i in range(width)]
    return ", ".join([*(f"coalesce({c}, '')" for c in columns), *(f"{c} IS NULL" for c in columns)])


def _insert_rows(db: sqlite3.Connection, name: str, width: int, rows: Iterable[tuple[str | None, ...]]) -> None:
    db.executemany(f'INSERT INTO "rows_{name}" VALUES (NULL, {", ".join("?" * width)})', rows)  # noqa: S608


def _row_order(row: tuple[str | None, ...]) -> tuple:
    """The order :func:`whole_rows` and :meth:`ClaimsIndex.rows` give rows in, whichever store gave them."""
    return tuple(v or "" for v in row), tuple(v is None for v in row)


def _rows_again(db: sqlite3.Connection, graph: Graph, name: str, query: str, keys: tuple[str, ...],
                asked: set[str]) -> bool:
    """Bring the copied table of the saved query ``name`` up to date: the rows with one of
    their ``keys`` among ``asked`` deleted, and those the store gives for each of ``asked``
    added. False (nothing done) when a value to ask about is not an IRI (VALUES holds none) or
    the table is not as this tradekg makes it."""
    from tradekg.graph.store.queries import safe_iri

    if any(v.startswith("_:") or not safe_iri(v) for v in asked):
        return False
    selected = selected_variables(query)
    at = [selected.index(k) for k in keys]
    try:
        width = len(db.execute(f'SELECT * FROM "rows_{name}" LIMIT 0').description) - 1  # noqa: S608
    except sqlite3.Error:
        return False
    if width != len(selected):
        return False
    values = sorted(asked)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS asked (v TEXT PRIMARY KEY)")
    db.execute("DELETE FROM asked")
    db.executemany("INSERT INTO asked VALUES (?)", ((v,) for v in values))
    where = " OR ".join(f"c{i} IN (SELECT v FROM asked)" for i in at)  # noqa: S608
    db.execute(f'DELETE FROM "rows_{name}" WHERE {where}')  # noqa: S608
    for n, key in enumerate(keys):
        for i in range(0, len(values), _CHUNK):
            text = bind_value_list(query, key, [f"<{v}>" for v in values[i:i + _CHUNK]])
            # a row with an earlier key among ``asked`` came with that key's answer already
            _insert_rows(db, name, width, (r for r in string_rows(graph, text)
                                           if not any(r[j] in asked for j in at[:n])))
    return True


def _reusable(store: ox.Store, previous: Path | None,
              changed: set[str] | None) -> tuple[Path, set[str], set[str]] | None:
    """(the previous index file, the claims to read again, the claims to drop from it before
    those are added), or None when there is no previous index this tradekg wrote."""
    if previous is None or changed is None:
        return None
    trusted = _open(previous)
    if trusted is None:
        return None
    trusted.db.close()
    redo = {s for s in changed if _is_claim(store, s)}
    for subject in changed:  # a claim whose source or quotation changed (its label, its text)
        for predicate in (_DERIVED, _QUOTATION):
            redo.update(q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(predicate), _node(subject))  # type: ignore[union-attr]
                        if _is_claim(store, q.subject.value))  # type: ignore[union-attr]
    return _file(previous), redo, redo | changed


def _node(iri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)


def _is_claim(store: ox.Store, iri: str) -> bool:
    return next(iter(store.quads_for_pattern(_node(iri), ox.NamedNode(_RDF_TYPE), ox.NamedNode(str(TK.Claim)))),
                None) is not None


def _every_claim(store: ox.Store, only: set[str] | None = None) -> list[tuple[DatedClaim, str | None, str | None]]:
    """Every claim of ``store`` (those among ``only``, when given) as
    :func:`~tradekg.graph.analysis.dated.dated_from` makes it, with its date and its last report
    day as stored (the shapes allow one of each). Every claim: from one scan of each predicate
    it reads (in memory, a few microseconds a triple); a few: from their own triples."""
    from tradekg.graph.analysis.dated import _FIELDS, _TEXTS_OF, dated_from

    def scan(predicate: str, keep: set[str] | None = None) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        if keep is not None and only is not None:  # a few subjects: each one's own values
            p = ox.NamedNode(predicate)
            for subject in keep:
                values = [q.object.value for q in store.quads_for_pattern(_node(subject), p, None)]  # type: ignore[union-attr]
                if values:
                    out[subject] = values
            return out
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            subject = quad.subject.value  # type: ignore[union-attr]
            if keep is None or subject in keep:
                out.setdefault(subject, []).append(quad.object.value)  # type: ignore[union-attr]
        return out

    if only is not None:
        claims = {c for c in only if _is_claim(store, c)}
    else:
        claim = ox.NamedNode(str(TK.Claim))
        claims = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), claim)}  # type: ignore[union-attr]
    every_label = scan(_LABEL) if only is None else None  # (every subject's: a claim's, and its source's)
    props: dict[str, dict[str, list[str]]] = {c: {} for c in claims}
    for predicate, name in _FIELDS.items():
        values_of = every_label if predicate == _LABEL and every_label is not None else scan(predicate, claims)
        for s, values in values_of.items():
            if s in props:
                props[s][name] = values
    if every_label is not None:
        labels, texts = every_label, scan(_TEXTS_OF)
    else:
        labels = scan(_LABEL, {s for f in props.values() for s in f.get("source", ())})
        texts = scan(_TEXTS_OF, {q for f in props.values() for q in f.get("quotation", ())})
    found = dated_from(None, claims, props, labels=labels, texts=texts)

    def first(c: str, name: str) -> str | None:  # (the shapes allow one)
        values = props[c].get(name)
        return min(values) if values else None

    return [(claim, first(c, "date"), first(c, "last")) for c, claim in found.items()]


class ClaimsIndex:
    """A build's saved index, open read-only."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def claims(self, iris: Iterable[str] | None = None) -> dict[str, DatedClaim]:
        """The claims among ``iris`` (every claim, for None), by IRI in IRI order, as
        :func:`~tradekg.graph.analysis.dated.dated_claims` gives them."""
        if iris is None:
            found: Iterable[tuple] = self.db.execute(_SELECT + " ORDER BY iri")
        else:
            found = sorted(self._rows(_SELECT, sorted(set(iris))))
        return {row[0]: _claim(row) for row in found}

    def _rows(self, select: str, iris: list[str]) -> Iterator[tuple]:
        for i in range(0, len(iris), _CHUNK):
            chunk = iris[i:i + _CHUNK]
            yield from self.db.execute(f"{select} WHERE iri IN ({', '.join('?' * len(chunk))})", chunk)

    def date_rows(self, candidates: Iterable[str] | None,
                  with_reported: bool = True) -> list[tuple[str, str | None, str | None]]:
        """:func:`~tradekg.graph.analysis.dated.claim_date_rows`: (claim, date, last report day)
        as stored, of the claims among ``candidates`` (every claim, for None), in claim order."""
        select = "SELECT iri, date_value, reported_latest_value FROM claims"
        if candidates is None:
            rows: Iterable[tuple] = self.db.execute(select + " ORDER BY iri")
        else:
            rows = sorted(self._rows(select, sorted(set(candidates))))
        if candidates is None and not with_reported:
            return [(c, date, None) for c, date, _ in rows]
        return [tuple(row) for row in rows]

    def first_dated(self, start: dt.date | None, end: dt.date | None, as_of: dt.date | None, limit: int,
                    undated_limit: int) -> tuple[list[str], int, list[str], int, int]:
        """What a page of every claim draws, as the timeline page's ``_first_claims`` works it
        out from :meth:`date_rows`, but in SQLite, which reads only what it returns: the
        ``limit`` claims dated earliest in the span (by first day, last day, IRI), how many are
        dated in it, the first ``undated_limit`` undated claims (by IRI), how many are undated,
        and how many were not yet reported by ``as_of`` (left out of the rest). The stored days
        are ISO dates, which compare as text as they do as days; a claim's date is the one its
        ``date_value`` means (:func:`_when_columns`)."""
        known, args = "", list[str]()
        if as_of is not None:
            known, args = " AND reported_latest_value IS NOT NULL AND substr(reported_latest_value, 1, 10) <= ?", \
                [as_of.isoformat()]
        span, bounds = "", list[str]()
        if start is not None:
            span, bounds = span + " AND date_last >= ?", [*bounds, start.isoformat()]
        if end is not None:
            span, bounds = span + " AND date_first <= ?", [*bounds, end.isoformat()]
        dated = f"FROM claims WHERE date_first IS NOT NULL{span}{known}"
        undated = f"FROM claims WHERE date_first IS NULL{known}"
        count = self.db.execute(f"SELECT COUNT(*) {dated}", [*bounds, *args]).fetchone()[0]
        first = [iri for (iri,) in self.db.execute(
            f"SELECT iri {dated} ORDER BY date_first, date_last, iri LIMIT ?", [*bounds, *args, limit])]
        none = self.db.execute(f"SELECT COUNT(*) {undated}", args).fetchone()[0]
        some = [iri for (iri,) in self.db.execute(f"SELECT iri {undated} ORDER BY iri LIMIT ?",
                                                  [*args, undated_limit])]
        unknown = 0 if as_of is None else self.db.execute(
            "SELECT COUNT(*) FROM claims WHERE reported_latest_value IS NULL "
            "OR substr(reported_latest_value, 1, 10) > ?", args).fetchone()[0]
        return first, count, some, none, unknown

    def dated_between(self, kinds: Iterable[str], first: dt.date, second: dt.date, reported: bool = False) -> set[str]:
        """The claims of ``kinds`` dated (or, with ``reported``, reported) surely after ``first``
        and by ``second``: what every day they can mean is in (``first``, ``second``]."""
        kinds = sorted(set(kinds))
        low, high = ("reported_first", "reported_last") if reported else ("date_first", "date_last")
        rows = self.db.execute(f"SELECT iri FROM claims WHERE kind IN ({', '.join('?' * len(kinds))}) "  # noqa: S608
                               f"AND {low} > ? AND {high} <= ?", [*kinds, first.isoformat(), second.isoformat()])
        return {iri for (iri,) in rows}

    def rows(self, name: str) -> list[tuple[str | None, ...]]:
        """The rows of the saved query ``name`` (of :func:`_whole_queries`), in :func:`_row_order`."""
        if name not in _ROW_TABLES:
            raise KeyError(name)
        width = len(self.db.execute(f'SELECT * FROM "rows_{name}" LIMIT 0').description) - 1  # noqa: S608
        columns = ", ".join(f"c{i}" for i in range(width))
        return [tuple(row) for row in self.db.execute(
            f'SELECT {columns} FROM "rows_{name}" ORDER BY {_row_order_sql(width)}')]  # noqa: S608


def _claim(row: tuple) -> DatedClaim:
    from tradekg.graph.analysis.dated import DatedClaim

    (iri, kind, label, d1, d2, dt_, own, r1, r2, rt, source, source_label, quote, types) = row[:_CLAIM_COLUMNS]
    return DatedClaim(iri, kind, label, _when(d1, d2, dt_), bool(own), _when(r1, r2, rt), source, source_label,
                      quote, set(types.split("\n")) if types else set())


def whole_rows(graph: Graph, name: str) -> list[tuple[str | None, ...]]:
    """The rows of the query ``name`` over the whole store (one of :func:`_whole_queries`), from
    the index when the build saved one; sorted, so that they come in one order whatever store
    gives them (a store on disk and one in memory differ)."""
    index = claims_index(graph)
    if index is not None:
        return index.rows(name)
    return sorted(string_rows(graph, _whole_queries()[name]), key=_row_order)


_OPENED = "tradekg_claims_index"


def claims_index(graph: Graph) -> ClaimsIndex | None:
    """The index the build of ``graph``'s store saved, or None: no generation noted on the graph,
    no file, or one this tradekg did not write (another format or code, damaged). Opened once
    per graph."""
    opened = getattr(graph.store, _OPENED, None)
    if opened is not None:
        return opened or None
    index = _open(generation_of(graph))
    setattr(graph.store, _OPENED, index or False)
    return index


def _open(generation: Path | None) -> ClaimsIndex | None:
    if generation is None:
        return None
    path = _file(generation)
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != str(DERIVED_VERSION) or meta.get("fingerprint") != code_fingerprint():
            db.close()
            return None
        db.execute("SELECT iri FROM claims LIMIT 1").fetchall()
    except sqlite3.Error:
        return None
    return ClaimsIndex(db)

