"""Answering SPARQL protocol requests over a built store, within limits that hold.

:func:`answer_query` turns one query text and the media types a client accepts into an
:class:`Answer` (status, content type, body): checked first by the one door
(:func:`tradekg.graph.store.catalogue.check_query`: updates, SERVICE and FROM refused before
anything runs), evaluated by Oxigraph, and serialized with at most ``max_rows`` rows or
triples, the truncation flagged.

:class:`QueryRunner` runs :func:`answer_query` in worker processes. That is the only way
found to make a time limit real: Oxigraph evaluates in native code that holds no Python
frame and releases the GIL, so a thread that gives up waiting leaves the query burning a
core (measured: 100 % CPU on after the caller timed out), and cooperative cancellation
between result rows cannot interrupt an aggregate, which yields nothing until it is done.
A worker past its limit is killed (SIGTERM, acted on at once) and replaced; its CPU is
free the moment it dies, and the next query goes to a fresh worker.
"""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import threading
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tradekg.graph.core.errors import ForbiddenQuery, QueryError
from tradekg.graph.core.namespaces import PREFIXES
from tradekg.graph.store.catalogue import NamedQuery, query_from_text

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "TEXT",
    "TRUNCATED_HEADER",
    "Answer",
    "Limits",
    "QueryRunner",
    "answer_query",
    "check_limits",
    "nesting_depth",
]

# Media types a client may ask for, in the order the endpoint prefers them.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
TRUNCATED_HEADER = "X-Tradekg-Truncated"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Limits:
    """What one query may cost. Each limit answers with a status, never a crash."""

    timeout: float = 10.0  # seconds of evaluation before the worker is killed (503)
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned
    max_query_chars: int = 64 * 1024  # longer query texts are refused (400)
    max_nesting: int = 24  # deeper {…} (…) […] nesting is refused (400)
    workers: int = 2  # worker processes evaluating queries at once
    # Each worker answers from its own in-memory copy of the store: queries run several times
    # faster, but a worker's start (and its restart after a timeout) copies the whole store
    # (about 7 s and 0.5 GB per worker at a million triples).
    in_memory: bool = False


@dataclass(frozen=True)
class Answer:
    """An HTTP answer to a query: status, content type, body and what the client should know."""

    status: int
    content_type: str
    body: bytes
    form: str = ""  # SELECT, ASK, CONSTRUCT or DESCRIBE once evaluated
    truncated: bool = False  # True when max_rows cut the result
    headers: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, TEXT, (message.rstrip() + "\n").encode("utf-8"))


# ---------------------------------------------------------------- limits

_SKIPPED = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s"{}|^`\\]*>|#[^\n]*')


def nesting_depth(text: str) -> int:
    """How deeply braces, parentheses and brackets nest in ``text`` (strings, IRIs, comments skipped)."""
    depth = deepest = 0
    for ch in _SKIPPED.sub(" ", text):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return deepest


def check_limits(text: str, limits: Limits) -> None:
    """Refuse (QueryError → 400) a query too long or nested too deeply, before it is parsed at all."""
    if len(text) > limits.max_query_chars:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {limits.max_query_chars:,}")
    depth = nesting_depth(text)
    if depth > limits.max_nesting:
        raise QueryError(f"the query nests {depth} levels deep; the limit is {limits.max_nesting}")


@functools.lru_cache(maxsize=64)
def _checked(text: str) -> NamedQuery:
    """The query, parsed and checked once per distinct text (parsing costs milliseconds)."""
    query = query_from_text(text, "request")
    query.checked  # noqa: B018 - raises QueryError / ForbiddenQuery
    return query


# ---------------------------------------------------------------- answering


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _solutions_json(solutions: ox.QuerySolutions, max_rows: int) -> tuple[bytes, bool]:
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in islice(solutions, max_rows + 1):
        rows.append({name: _term_json(solution[name]) for name in names if solution[name] is not None})
    truncated = len(rows) > max_rows
    data = {"head": {"vars": names}, "results": {"bindings": rows[:max_rows]}}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), truncated


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """tradekg's prefixes that some IRI in ``triples`` starts with (Turtle lists only these)."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}


def _content_type(media: str) -> str:
    return media + "; charset=utf-8" if media.startswith("text/") else media


def _not_acceptable(form: str, offered: dict[str, Any]) -> Answer:
    return Answer.error(406, f"a {form} query answers in one of: {', '.join(offered)}; "
                             "none of them is in the Accept header")


def answer_query(store: ox.Store, text: str, result_type: str | None = "application/sparql-results+json",
                 graph_type: str | None = "text/turtle", max_rows: int = 10_000) -> Answer:
    """Check, evaluate and serialize one query over ``store``.

    Args:
        result_type: the media type for SELECT/ASK results (a key of RESULT_TYPES), or None
            when the client accepts none of them.
        graph_type: the media type for CONSTRUCT/DESCRIBE (a key of GRAPH_TYPES), or None.
        max_rows: rows or triples returned at most; more sets ``truncated``.

    Returns:
        An Answer: 200 with the results; 400 for a syntax error (line and column); 403 for
        an update, SERVICE or FROM; 406 when the client accepts no fitting format.
    """
    try:
        query = _checked(text)
    except ForbiddenQuery as exc:
        return Answer.error(403, str(exc))
    except QueryError as exc:
        return Answer.error(400, str(exc))
    # Evaluated in a frame of its own: the parser's stored exceptions keep the frames that were
    # on the stack while it ran (this one) alive until a garbage collection, and Oxigraph's
    # results must not wait for one (they may only be freed on the thread that made them).
    return _evaluate(store, query, result_type, graph_type, max_rows)


def _evaluate(store: ox.Store, query: NamedQuery, result_type: str | None, graph_type: str | None,
              max_rows: int) -> Answer:
    try:
        results = store.query(query.effective_text, use_default_graph_as_union=True)
        if isinstance(results, ox.QueryBoolean):
            if result_type is None:
                return _not_acceptable("ASK", RESULT_TYPES)
            body = results.serialize(format=RESULT_TYPES[result_type])
            return Answer(200, _content_type(result_type), body or b"", "ASK")
        if isinstance(results, ox.QuerySolutions):
            if result_type is None:
                return _not_acceptable("SELECT", RESULT_TYPES)
            body, truncated = _solutions_json(results, max_rows)
            fmt = RESULT_TYPES[result_type]
            if fmt != ox.QueryResultsFormat.JSON:
                body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=fmt) or b""
            return Answer(200, _content_type(result_type), body, "SELECT", truncated)
        form = "DESCRIBE" if getattr(query.checked[1], "name", "") == "DescribeQuery" else "CONSTRUCT"
        if graph_type is None:
            return _not_acceptable(form, GRAPH_TYPES)
        triples = list(islice(results, max_rows + 1))
        fmt_graph = GRAPH_TYPES[graph_type]
        kept = triples[:max_rows]
        prefixes = _used_prefixes(kept) if fmt_graph == ox.RdfFormat.TURTLE else None
        body = ox.serialize(kept, format=fmt_graph, prefixes=prefixes)
        return Answer(200, _content_type(graph_type), body or b"", form, len(triples) > max_rows)
    except SyntaxError as exc:  # Oxigraph's parser refused what rdflib's accepted
        return Answer.error(400, f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer.error(500, f"query failed: {exc}")


# ---------------------------------------------------------------- worker processes

_worker_store: ox.Store | None = None


def _start_worker(store_path: str, in_memory: bool = False) -> None:
    # pebble's SIGTERM handler is Python code, which cannot run while the worker is inside
    # Oxigraph (native code): it would wait 3 s for SIGKILL. The default action ends the
    # worker at once, which is what a timeout needs.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    global _worker_store
    from tradekg.graph.store.local import copy_to_memory, open_local_store

    _worker_store = open_local_store(store_path)
    if in_memory:
        _worker_store = copy_to_memory(_worker_store)


def _answer_in_worker(text: str, result_type: str | None, graph_type: str | None, max_rows: int) -> Answer:
    assert _worker_store is not None
    return answer_query(_worker_store, text, result_type, graph_type, max_rows)


class QueryRunner:
    """Answers queries in a pool of killable worker processes over one store folder.

    ``tradekg build`` publishes a new store by re-pointing the ``store`` link; the runner
    notices on the next query and moves to fresh workers over the new store, so a page
    refreshed after a rebuild shows the new graph (queries already running finish on the old).
    """

    def __init__(self, store_path: str | os.PathLike[str], limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.store_path = Path(store_path)
        self._lock = threading.Lock()
        self.generation = self.store_path.resolve()
        self._pool = self._start_pool(self.generation)

    def _start_pool(self, generation: Path) -> Any:
        import multiprocessing

        from pebble import ProcessPool

        # forkserver: workers are forked from a clean single-threaded process with the
        # heavy modules already imported, so a killed worker is replaced in milliseconds
        # (fork from the threaded server would be unsafe; spawn re-imports everything).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tradekg.graph.serve.endpoint", "rdflib.plugins.sparql.parser"])
        return ProcessPool(max_workers=self.limits.workers, initializer=_start_worker,
                           initargs=(str(generation), self.limits.in_memory), context=context)

    def _schedule(self, args: tuple[Any, ...]) -> Any:
        with self._lock:
            current = self.store_path.resolve()
            if current != self.generation and current.is_dir():
                old, self._pool = self._pool, self._start_pool(current)
                self.generation = current
                old.close()  # takes no new query; the running ones finish under their time limit
                threading.Thread(target=old.join, daemon=True).start()
            return self._pool.schedule(_answer_in_worker, args=args, timeout=self.limits.timeout)

    def answer(self, text: str, result_type: str | None = "application/sparql-results+json",
               graph_type: str | None = "text/turtle") -> Answer:
        """The Answer to ``text``; 400 over the size/nesting limits, 503 past the time limit."""
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        try:
            check_limits(text, self.limits)
        except QueryError as exc:
            return Answer.error(400, str(exc))
        try:
            answer: Answer = self._schedule((text, result_type, graph_type, self.limits.max_rows)).result()
        except FutureTimeout:
            return Answer.error(503, f"the query ran longer than {self.limits.timeout:g} s and was stopped; "
                                     "narrow it (LIMIT, fewer patterns) and try again")
        except ProcessExpired as exc:
            return Answer.error(503, f"the query stopped its worker ({exc}); try again")
        except Exception as exc:  # the pool itself failed (a worker that cannot start, ...)
            return Answer.error(503, f"the query workers failed: {type(exc).__name__}: {exc}")
        return answer

    def close(self) -> None:
        """Stop the workers (a running query is killed)."""
        with self._lock:
            self._pool.stop()
            self._pool.join(timeout=10)
