"""Answering SPARQL protocol requests over a built store, within limits that hold.

:func:`answer_query` turns one query text and the media types a client accepts into an
:class:`Answer` (status, content type, body): checked first by the one door
(:func:`tradekg.graph.store.catalogue.check_query`: updates, SERVICE and FROM refused before
anything runs), evaluated by Oxigraph over the dataset the request names (``default-graph-uri``,
``named-graph-uri``, or the query's FROM: graphs of the store, never fetched) with relative
IRIs resolved against the endpoint's URL, and serialized with at most ``max_rows`` rows or
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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tradekg.graph.core.errors import ForbiddenQuery, QueryError
from tradekg.graph.core.namespaces import PREFIXES
from tradekg.graph.store.catalogue import NamedQuery, check_query, query_from_text

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "TEXT",
    "TRUNCATED_HEADER",
    "Answer",
    "Dataset",
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
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
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
class Dataset:
    """The RDF dataset a request names (SPARQL 1.1 Protocol, section 2.1.4): its default graph
    is the merge of ``default_graphs``, its named graphs are ``named_graphs``; a graph the
    store does not hold is an empty graph. Names only: nothing is ever fetched."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


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
def _checked(text: str) -> tuple[NamedQuery, bool]:
    """The query, parsed and checked once per distinct text (parsing costs milliseconds), and
    whether it names its dataset (FROM / FROM NAMED).

    FROM and FROM NAMED are let through: Oxigraph takes them as names of graphs in the store
    (an absent one is empty) and never fetches anything.
    """
    from tradekg.graph.store.catalogue import names_dataset

    query = query_from_text(text, "request")
    parsed = check_query(query.effective_text, line_offset=0 if query.effective_text is query.text else 1,
                         allow_dataset=True)
    return query, names_dataset(parsed)


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


def _not_acceptable(form: str, offered: dict[str, Any], asked: str | None) -> Answer:
    return Answer.error(406, f"a {form} query answers in one of: {', '.join(offered)}; "
                             f"the request asked for {asked or 'none of them'}")


def answer_query(store: ox.Store, text: str, result_type: str | None = "application/sparql-results+json",
                 graph_type: str | None = "text/turtle", max_rows: int = 10_000, base_iri: str | None = None,
                 dataset: Dataset | None = None, asked: str | None = None) -> Answer:
    """Check, evaluate and serialize one query over ``store``.

    Args:
        result_type: the media type for SELECT/ASK results (a key of RESULT_TYPES), or None
            when the client accepts none of them.
        graph_type: the media type for CONSTRUCT/DESCRIBE (a key of GRAPH_TYPES), or None.
        max_rows: rows or triples returned at most; more sets ``truncated``.
        base_iri: what relative IRIs in the query resolve against (the endpoint's URL).
        dataset: the graphs the request names; overrides the query's FROM / FROM NAMED.
        asked: what the client asked for (its Accept header, a format= value), for a 406.

    Returns:
        An Answer: 200 with the results; 400 for a syntax error (line and column), an empty
        query or a graph name that is not an IRI; 403 for an update or SERVICE; 406 when the
        client accepts no fitting format.
    """
    try:
        query, from_clause = _checked(text)
    except ForbiddenQuery as exc:
        return Answer.error(403, str(exc))
    except QueryError as exc:
        return Answer.error(400, str(exc))
    # Evaluated in a frame of its own: the parser's stored exceptions keep the frames that were
    # on the stack while it ran (this one) alive until a garbage collection, and Oxigraph's
    # results must not wait for one (they may only be freed on the thread that made them).
    options: dict[str, Any] = {"base_iri": base_iri}
    if not dataset and not from_clause:
        # A build keeps each source in a graph of its own: the default graph is their union.
        options["use_default_graph_as_union"] = True
    if dataset:
        try:
            # Per the protocol, naming only default graphs leaves no named graphs, and the reverse.
            options["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        except ValueError as exc:
            return Answer.error(400, f"default-graph-uri / named-graph-uri must be absolute IRIs: {exc}")
    return _evaluate(store, query, result_type, graph_type, max_rows, options, asked)


def _evaluate(store: ox.Store, query: NamedQuery, result_type: str | None, graph_type: str | None,
              max_rows: int, options: dict[str, Any], asked: str | None) -> Answer:
    try:
        results = store.query(query.effective_text, **options)
        if isinstance(results, ox.QueryBoolean):
            if result_type is None:
                return _not_acceptable("ASK", RESULT_TYPES, asked)
            body = results.serialize(format=RESULT_TYPES[result_type])
            return Answer(200, _content_type(result_type), body or b"", "ASK")
        if isinstance(results, ox.QuerySolutions):
            if result_type is None:
                return _not_acceptable("SELECT", RESULT_TYPES, asked)
            body, truncated = _solutions_json(results, max_rows)
            fmt = RESULT_TYPES[result_type]
            if fmt != ox.QueryResultsFormat.JSON:
                body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=fmt) or b""
            return Answer(200, _content_type(result_type), body, "SELECT", truncated)
        form = "DESCRIBE" if getattr(query.checked[1], "name", "") == "DescribeQuery" else "CONSTRUCT"
        if graph_type is None:
            return _not_acceptable(form, GRAPH_TYPES, asked)
        triples = list(islice(results, max_rows + 1))
        fmt_graph = GRAPH_TYPES[graph_type]
        kept = triples[:max_rows]
        prefixes = _used_prefixes(kept) if fmt_graph in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        body = ox.serialize(kept, format=fmt_graph, prefixes=prefixes)
        return Answer(200, _content_type(graph_type), body or b"", form, len(triples) > max_rows)
    except SyntaxError as exc:  # Oxigraph's parser refused what rdflib's accepted
        return Answer.error(400, f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer.error(500, f"query failed: {exc}")


# ---------------------------------------------------------------- worker processes

_POLL = 0.2  # seconds between looks at whether a waiting client is still there

_worker_store: ox.Store | None = None


def _start_worker(store_path: str, in_memory: bool = False) -> None:
    # pebble's SIGTERM handler is Python code, which cannot run while the worker is inside
    # Oxigraph (native code): it would wait 3 s for SIGKILL. The default action ends the
    # worker at once, which is what a timeout needs.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    global _worker_store, _worker_path
    from tradekg.graph.store.local import copy_to_memory, open_local_store

    _worker_store = open_local_store(store_path)
    _worker_path = store_path
    if in_memory:
        _worker_store = copy_to_memory(_worker_store)


def _answer_in_worker(text: str, result_type: str | None, graph_type: str | None, max_rows: int,
                      options: dict[str, Any] | None = None) -> Answer:
    assert _worker_store is not None
    return answer_query(_worker_store, text, result_type, graph_type, max_rows, **(options or {}))


_worker_graph: Any = None
_worker_path = ""


def _entity_page_in_worker(iri: str, part: str) -> Answer:
    """:func:`tradekg.graph.serve.entity.entity_page` over the worker's store."""
    from tradekg.graph.serve.entity import entity_page
    from tradekg.graph.store.local import graph_over, noting_generation

    global _worker_graph
    assert _worker_store is not None
    if _worker_graph is None:
        _worker_graph = noting_generation(graph_over(_worker_store), _worker_path)
    return entity_page(_worker_graph, iri, part)


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
        # Queries running per client (its address): one client may use all workers but one,
        # its further queries wait for its own to finish, so others always find a worker.
        self._fair = threading.Condition()
        self._running: dict[str, int] = {}
        self.per_client = max(1, self.limits.workers - 1)
        self.generation = self.store_path.resolve()
        self._pool = self._start_pool(self.generation)

    def _start_pool(self, generation: Path) -> Any:
        import multiprocessing

        from pebble import ProcessPool

        # forkserver: workers are forked from a clean single-threaded process with the
        # heavy modules already imported, so a killed worker is replaced in milliseconds
        # (fork from the threaded server would be unsafe; spawn re-imports everything).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tradekg.graph.serve.preload"])
        return ProcessPool(max_workers=self.limits.workers, initializer=_start_worker,
                           initargs=(str(generation), self.limits.in_memory), context=context)

    def _schedule(self, task: Callable[..., Answer], args: tuple[Any, ...]) -> Any:
        with self._lock:
            current = self.store_path.resolve()
            if current != self.generation and current.is_dir():
                old, self._pool = self._pool, self._start_pool(current)
                self.generation = current
                old.close()  # takes no new query; the running ones finish under their time limit
                threading.Thread(target=old.join, daemon=True).start()
            return self._pool.schedule(task, args=args, timeout=self.limits.timeout)

    def answer(self, text: str, result_type: str | None = "application/sparql-results+json",
               graph_type: str | None = "text/turtle", client: str | None = None,
               disconnected: Callable[[], bool] | None = None, **options: Any) -> Answer:
        """The Answer to ``text``; 400 over the size/nesting limits, 503 past the time limit.

        ``options``: ``base_iri``, ``dataset`` and ``asked``, as :func:`answer_query` takes them.
        ``client`` (an address) may have :attr:`per_client` queries running at once; a further
        one waits its turn, up to the time limit (then 503). ``disconnected`` says whether the
        client has gone: its query, waiting or running, is then cancelled (the worker killed
        and replaced) instead of running on to its time limit for no one.
        """
        try:
            check_limits(text, self.limits)
        except QueryError as exc:
            return Answer.error(400, str(exc))
        return self._run(_answer_in_worker, (text, result_type, graph_type, self.limits.max_rows, options),
                         client, disconnected, "query", "narrow it (LIMIT, fewer patterns) and try again")

    def entity_page(self, iri: str, part: str = "", client: str | None = None,
                    disconnected: Callable[[], bool] | None = None) -> Answer:
        """The page ``part`` about the entity ``iri`` (:func:`tradekg.graph.serve.entity.entity_page`),
        made in a worker like a query, under the same time limit, turns and cancellation; 503
        past the time limit."""
        return self._run(_entity_page_in_worker, (iri, part), client, disconnected, "page",
                         "`tradekg view --focus` or `--timeline` makes it without a time limit")

    def _run(self, task: Callable[..., Answer], args: tuple[Any, ...], client: str | None,
             disconnected: Callable[[], bool] | None, what: str, advice: str) -> Answer:
        """``task(*args)`` in a worker, within the limits (see :meth:`answer`); ``what`` is
        made ('query', 'page') and ``advice`` for when it ran out of time, for the messages."""
        import concurrent.futures
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        gone = disconnected or (lambda: False)
        verb = "run" if what == "query" else "made"
        if client is not None and not self._take_turn(client, gone):
            if gone():
                return Answer.error(499, f"the client went away; the {what} was not {verb}")
            return Answer.error(503, f"this client's other queries ran for {self.limits.timeout:g} s and this "
                                     f"{what} never started (one client may run {self.per_client} at once); "
                                     "try again")
        try:
            future = self._schedule(task, args)
            while not concurrent.futures.wait([future], timeout=_POLL).done:
                if gone():
                    future.cancel()  # pebble stops the worker running it
                    return Answer.error(499, f"the client went away; its {what} was stopped")
            answer: Answer = future.result()
        except FutureTimeout:
            return Answer.error(503, f"the {what} ran longer than {self.limits.timeout:g} s and was stopped; "
                                     f"{advice}")
        except ProcessExpired as exc:
            return Answer.error(503, f"the {what} stopped its worker ({exc}); try again")
        except Exception as exc:  # the pool itself failed (a worker that cannot start, ...)
            return Answer.error(503, f"the query workers failed: {type(exc).__name__}: {exc}")
        finally:
            if client is not None:
                with self._fair:
                    self._running[client] -= 1
                    if not self._running[client]:
                        del self._running[client]
                    self._fair.notify_all()
        return answer

    def _take_turn(self, client: str, gone: Callable[[], bool]) -> bool:
        """Count a query for ``client`` once it has fewer than :attr:`per_client` running; False
        when it waited the whole time limit or went away meanwhile."""
        deadline = time.monotonic() + self.limits.timeout
        with self._fair:
            while self._running.get(client, 0) >= self.per_client:
                left = deadline - time.monotonic()
                if left <= 0 or gone():
                    return False
                self._fair.wait(min(left, _POLL))
            self._running[client] = self._running.get(client, 0) + 1
        return True

    def close(self) -> None:
        """Stop the workers (a running query is killed)."""
        with self._lock:
            self._pool.stop()
            self._pool.join(timeout=10)
