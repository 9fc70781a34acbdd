"""``tradekg query``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tradekg.cli.common import (
    as_of_day,
    as_of_option,
    echo_json,
    id_labels,
    open_store,
    reports_errors,
    store_option,
    table,
)


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
        return query_from_text(sys.stdin.read(), "-")
    if Path(target).is_file() or "/" in target or (target.endswith(".rq") and Path(target).exists()):
        return query_from_text(read_text(target, 1024 * 1024), target, origin=target)
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
@as_of_option
@store_option
@reports_errors
def query(target: str | None, sparql: str | None, params: tuple[str, ...], list_: bool, fmt: str, as_of: str | None,
          store: str) -> None:
    """Run a named query, a .rq file, stdin ('-') or --sparql against the graph.

    JSON output is the SPARQL 1.1 Query Results JSON format; CSV is SPARQL CSV.

    \b
    Example:
      tradekg query --list
      tradekg query demands --param by=India
      tradekg query blockers --param demand=india-technology-access-parity --format json
      tradekg query --sparql 'SELECT ?d WHERE { ?d a tk:Demand }'
    """
    from tradekg.graph.analysis.asking import bind_params
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.store.catalogue import list_queries
    from tradekg.graph.store.queries import result_json, run_query

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
    graph = open_store(store)
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
    result = run_query(graph, named, bind_params(graph, named, given))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        click.echo(result.graph.serialize(format="json-ld" if fmt == "json" else "turtle"))
        return
    data = result_json(result)
    if fmt == "json":
        echo_json(data)
    elif "boolean" in data:
        click.echo("yes" if data["boolean"] else "no")
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        names = data["head"]["vars"]
        writer.writerow(names)
        for row in data["results"]["bindings"]:
            writer.writerow([row[n]["value"] if n in row else "" for n in names])
    else:
        from rdflib import Literal, URIRef

        names = data["head"]["vars"]
        rows = []
        for b in data["results"]["bindings"]:
            rows.append([_short(URIRef(b[n]["value"]) if b[n]["type"] == "uri" else Literal(b[n]["value"]))
                         if n in b else "" for n in names])
        click.echo(table(names, rows, labels=id_labels(graph, data, _short), cut_note=True))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)
