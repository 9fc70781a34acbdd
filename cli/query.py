"""``tradekg query``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tradekg.cli.common import (
    Seconds,
    as_of_day,
    as_of_option,
    echo_json,
    ensure_default_store,
    id_labels,
    open_store,
    raw_stdout,
    remote_timeout,
    reports_errors,
    store_option,
    table,
)

MAX_QUERY_CHARS = 1024 * 1024  # a query file, or stdin


def _short(term: Any) -> str:
    from rdflib import URIRef

    from tradekg.graph.core.namespaces import PREFIXES

    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            local = text[len(best):]
            if local and all(c.isalnum() or c in "-_./" for c in local):
                return f"{prefix}:{local}"
        return f"<{text}>"
    return str(term)


def _load(target: str | None, sparql: str | None) -> Any:
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.core.files import read_text
    from tradekg.graph.store.catalogue import get_query, query_from_text

    if sparql is not None:
        if target is not None:
            raise UsageError("give a query NAME/FILE or --sparql, not both")
        return query_from_text(sparql, "--sparql")
    if target is None:
        raise UsageError("which query? give a NAME, a FILE, '-' for stdin, or --sparql; --list shows the names")
    if target == "-":
        text = sys.stdin.read(MAX_QUERY_CHARS + 1)  # a bounded read: stdin may be endless (< /dev/zero)
        if len(text) > MAX_QUERY_CHARS:
            from tradekg.graph.core.errors import InputError

            raise InputError("-", None, f"the query is more than {MAX_QUERY_CHARS:,} characters; "
                                        f"the limit is {MAX_QUERY_CHARS:,}")
        return query_from_text(text, "-")
    if Path(target).is_file() or "/" in target or (target.endswith(".rq") and Path(target).exists()):
        return query_from_text(read_text(target, MAX_QUERY_CHARS), target, origin=target)
    return get_query(target)


def _params(params: tuple[str, ...]) -> dict[str, Any]:
    """``--param NAME=VALUE`` pairs: ``<IRI>`` and ``"a literal"`` as written, anything else as text
    for the library to read as an IRI or resolve as an entity's name."""
    from rdflib import Literal, URIRef

    from tradekg.graph.core.errors import UsageError

    out: dict[str, Any] = {}
    for item in params:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        if value.startswith("<") and value.endswith(">"):
            out[name] = URIRef(value[1:-1])
        elif len(value) >= 2 and value[0] == value[-1] == '"':
            out[name] = Literal(value[1:-1])
        else:
            out[name] = value
    return out


@click.command()
@click.argument("target", required=False, metavar="NAME|FILE|-")
@click.option("--sparql", help="The query text itself.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable: an entity by label, id or IRI (<...>), or \"a literal\". Repeatable.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and the questions they answer.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Most rows (or triples) to show; a note on stderr says when there were more.")
@click.option("--timeout", type=Seconds(), default=60.0, show_default=True,
              help="Seconds the query may run before it is stopped (exit 1).")
@as_of_option
@store_option
@reports_errors
def query(target: str | None, sparql: str | None, params: tuple[str, ...], list_: bool, fmt: str, limit: int,
          timeout: float, as_of: str | None, store: str) -> None:
    """Run a named query, a .rq file, stdin ('-') or --sparql against the graph.

    JSON output is the SPARQL 1.1 Query Results JSON format; CSV is SPARQL CSV, written as the
    rows come. At most --limit rows are shown; the query is stopped after --timeout seconds,
    or at once on Ctrl-C.

    \b
    Example:
      tradekg query --list
      tradekg query demands --param by=India
      tradekg query blockers --param demand=india-technology-access-parity --format json
      tradekg query --sparql 'SELECT ?d WHERE { ?d a tk:Demand }' --limit 5
    """
    from tradekg.graph.analysis.running import stream_query
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.store.catalogue import list_queries

    if list_:
        queries = list_queries()
        if fmt == "json":
            echo_json([{"name": q.name, "question": q.question,
                        "params": [{"name": p.name, "kind": p.kind, "description": p.description}
                                   for p in q.params]} for q in queries])
        else:
            click.echo(table(["name", "question", "params"],
                             [(q.name, q.question, " ".join(p.name for p in q.params)) for q in queries],
                             max_width=100))
        return
    named = _load(target, sparql)
    named.checked  # syntax and safety before opening (or building) the store  # noqa: B018
    given = _params(params)
    if as_of is not None:
        if "asOf" not in {p.name for p in named.params}:
            takers = ", ".join(q.name for q in list_queries() if any(p.name == "asOf" for p in q.params))
            raise UsageError(f"--as-of: query {named.name} has no time; the named queries that take it: {takers}")
        from rdflib import Literal

        given["asOf"] = Literal(as_of_day(as_of).isoformat())
    declared = [p.name for p in named.params]
    for name in given:
        if declared and name not in declared:
            raise UsageError(f"--param {name!r}: query {named.name} takes {', '.join(declared)}")
    ensure_default_store(store)
    events = stream_query(store, named, given, limit=limit, timeout=timeout, remote_timeout=remote_timeout(),
                          graph_format="json-ld" if fmt == "json" else "turtle")
    names: list[str] = []
    bindings: list[dict[str, Any]] = []
    writer: Any = None
    selected = truncated = False
    for event in events:
        if event.kind == "boolean":
            if fmt == "json":
                echo_json({"head": {}, "boolean": event.data})
            else:
                click.echo("yes" if event.data else "no")
        elif event.kind == "graph":
            click.echo(event.data, file=raw_stdout())
        elif event.kind == "vars":
            names, selected = event.data, True
            if fmt == "csv":
                import csv

                writer = csv.writer(raw_stdout(), lineterminator="\r\n")
                writer.writerow(names)
        elif event.kind == "rows":
            if writer is not None:  # CSV: written as the rows come
                writer.writerows([row[n]["value"] if n in row else "" for n in names] for row in event.data)
                raw_stdout().flush()
            else:
                bindings.extend(event.data)
        elif event.kind == "end":
            truncated = bool(event.data)
    if selected and writer is None:
        if fmt == "json":
            echo_json({"head": {"vars": names}, "results": {"bindings": bindings}})
        else:
            from rdflib import Literal, URIRef

            rows = [[_short(URIRef(b[n]["value"]) if b[n]["type"] == "uri" else Literal(b[n]["value"]))
                     if n in b else "" for n in names] for b in bindings]
            labels = id_labels(open_store(store), {"results": {"bindings": bindings}}, _short)
            click.echo(table(names, rows, labels=labels, cut_note=True))
            click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)
    if truncated:
        click.echo(f"tradekg: stopped at {limit:,} row{'s' if limit != 1 else ''}; there are more "
                   "(--limit N shows another number)", err=True)
