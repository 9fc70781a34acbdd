"""Asking one query within limits that hold: rows as they come, a cap on them, a deadline, and a
Ctrl-C that stops it at once (``tradekg query``).

The query runs in a child process, forked for the purpose, which opens the store, resolves the
entities a query is given by name and evaluates it; rows come back in batches through a pipe.
That is the only way to make a deadline or a Ctrl-C real: Oxigraph evaluates in native code,
where Python cannot interrupt it (a cartesian COUNT ignored SIGINT for as long as it ran), so
the caller waits on the pipe, where it can, and kills the child when the time is up or the user
has had enough. The child ignores SIGINT (the caller decides) and is killed by the kernel if
its parent dies (``PR_SET_PDEATHSIG``), so it never outlives the command.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tradekg.graph.core.errors import DataError, QueryError, TradekgError, UsageError
from tradekg.graph.core.lifetime import die_with_parent
from tradekg.graph.store.catalogue import NamedQuery

__all__ = ["DEFAULT_LIMIT", "DEFAULT_TIMEOUT", "Event", "WorkerError", "stream_query"]

DEFAULT_LIMIT = 10_000  # rows (or triples) a query gives at most unless told otherwise
DEFAULT_TIMEOUT = 60.0  # seconds
BATCH_ROWS = 500  # rows per message from the child
POLL = 0.2  # seconds between looks at the deadline while waiting (a Ctrl-C is acted on at once)


class WorkerError(TradekgError):
    """An error the child process raised, with its message and exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Event:
    """What the child says, in this order: ``vars`` (SELECT, ``data`` the variable names), then
    ``rows`` (a batch of SPARQL JSON bindings) as many times as needed; or ``boolean`` (ASK) or
    ``graph`` (CONSTRUCT/DESCRIBE, ``data`` the serialized text); and last ``end`` (``data``: True
    when the cap cut the result)."""

    kind: str
    data: Any = None


def _child(conn: Any, location: str, query: NamedQuery, params: Mapping[str, Any], limit: int,
           remote_timeout: float | None, graph_format: str, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    try:
        from tradekg.graph.analysis.asking import bind_params
        from tradekg.graph.store.local import open_graph
        from tradekg.graph.store.queries import run_query, term_json

        graph = open_graph(location, timeout=remote_timeout)
        bound = bind_params(graph, query, params)
        if _sends_triples(graph, query):
            _send_triples(conn, graph, query, bound, limit, graph_format)
            return
        result = run_query(graph, query, bound)
        if result.type == "ASK":
            conn.send(Event("boolean", bool(result.askAnswer)))
            conn.send(Event("end", False))
        elif result.type in ("CONSTRUCT", "DESCRIBE"):
            from rdflib import Graph

            from tradekg.graph.core.namespaces import PREFIXES

            triples = list(itertools.islice(iter(result), limit + 1))
            kept = Graph()
            for prefix, iri in PREFIXES.items():
                kept.bind(prefix, iri)
            for triple in sorted(triples[:limit], key=_triple_order):  # the same order wherever the store is
                kept.add(triple)
            conn.send(Event("graph", kept.serialize(format=graph_format)))
            conn.send(Event("end", len(triples) > limit))
        else:
            names = [str(v) for v in result.vars or []]
            conn.send(Event("vars", names))
            rows = iter(result)
            sent = 0
            while sent < limit:
                batch = []
                for row in itertools.islice(rows, min(BATCH_ROWS, limit - sent)):
                    binding = {}
                    for name in names:
                        value = row[name]
                        if value is not None:
                            binding[name] = term_json(value)
                    batch.append(binding)
                if not batch:
                    break
                sent += len(batch)
                conn.send(Event("rows", batch))
            more = sent >= limit and next(rows, None) is not None
            conn.send(Event("end", more))
    except TradekgError as exc:
        conn.send(Event("error", (str(exc), exc.exit_code)))
    except MemoryError:
        conn.send(Event("error", ("the query ran out of memory; narrow it or give a lower --limit", 1)))
    except Exception as exc:  # a library underneath failed: say what, without a traceback
        conn.send(Event("error", (f"query failed: {type(exc).__name__}: {exc}", 1)))
    finally:
        conn.close()


def _sends_triples(graph: Any, query: NamedQuery) -> bool:
    """A CONSTRUCT or DESCRIBE over a local Oxigraph store: its triples are taken as they come
    (rdflib's adapter would build the whole graph first, unbounded, before any cap)."""
    import pyoxigraph as ox

    form = getattr(query.checked[1], "name", "")
    return form in ("ConstructQuery", "DescribeQuery") and isinstance(getattr(graph.store, "_inner", None), ox.Store)


def _send_triples(conn: Any, graph: Any, query: NamedQuery, bound: Mapping[str, Any], limit: int,
                  graph_format: str) -> None:
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox, to_ox
    from rdflib import Graph

    from tradekg.graph.core.namespaces import PREFIXES

    try:
        # The sources are in graphs of their own: the default graph is their union.
        triples = graph.store._inner.query(query.effective_text, use_default_graph_as_union=True,
                                           prefixes={str(p): str(ns) for p, ns in graph.namespaces()},
                                           substitutions={ox.Variable(k): to_ox(v) for k, v in bound.items()})
        taken = list(itertools.islice(triples, limit + 1))
    except SyntaxError as exc:  # Oxigraph's parser disagrees with rdflib's
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    kept = Graph()
    for prefix, iri in PREFIXES.items():
        kept.bind(prefix, iri)
    for triple in sorted((from_ox(t) for t in taken[:limit]), key=_triple_order):
        kept.add(triple)  # type: ignore[arg-type]
    conn.send(Event("graph", kept.serialize(format=graph_format)))
    conn.send(Event("end", len(taken) > limit))


def stream_query(location: str, query: NamedQuery, params: Mapping[str, Any] | None = None, *,
                 limit: int = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT,
                 remote_timeout: float | None = None, graph_format: str = "turtle") -> Iterator[Event]:
    """Run ``query`` over the store at ``location`` (a folder or an endpoint URL) in a child
    process, yielding its :class:`Event` s as they come.

    ``params`` are bound as :func:`~tradekg.graph.analysis.asking.bind_params` binds them
    (entities by name resolved in the child). At most ``limit`` rows or triples come back (the
    ``end`` event says whether there were more). Past ``timeout`` seconds the child is killed and
    QueryError raised; a KeyboardInterrupt while waiting kills it too (within :data:`POLL` s), as
    does closing the generator early. Errors in the child are raised here with their message
    and exit code (:class:`WorkerError`).
    """
    if not limit >= 1:
        raise UsageError(f"limit {limit!r}: give a number of rows of 1 or more")
    if not 0 < timeout < float("inf"):
        raise UsageError(f"timeout {timeout!r}: give a number of seconds above 0")
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, daemon=True, name="tradekg-query",
                            args=(sender, str(location), query, dict(params or {}), limit, remote_timeout,
                                  graph_format, os.getpid()))
    child.start()
    sender.close()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryError(f"the query ran longer than {timeout:g} s and was stopped; narrow it "
                                 "(LIMIT, fewer patterns) or give a longer --timeout")
            if not receiver.poll(min(left, POLL)):
                continue
            try:
                event: Event = receiver.recv()
            except EOFError:
                child.join(1)
                raise DataError(f"the query's worker process died (exit code {child.exitcode})") from None
            if event.kind == "error":
                message, code = event.data
                raise WorkerError(message, code)
            yield event
            if event.kind == "end":
                return
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()


def _triple_order(triple: Any) -> tuple[str, ...]:
    """A triple's place in a CONSTRUCT's output: by subject, predicate and object, as text, so
    that a local store and an endpoint give the same file."""
    return tuple(f"{type(term).__name__}:{term}" for term in triple)
