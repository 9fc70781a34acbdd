"""``tradekg push``."""

from __future__ import annotations

import click

from tradekg.cli.common import (
    DEFAULT_STORE,
    Progress,
    Seconds,
    echo_json,
    ensure_default_store,
    reports_errors,
    table,
)


@click.command()
@click.argument("url")
@click.option("--graph", "graph", metavar="IRI|default",
              help="Send everything to this named graph ('default': the default graph). "
                   "Default: one named graph per source (named by the source's IRI) plus a shared graph.")
@click.option("--replace", is_flag=True, help="Replace each graph (HTTP PUT) instead of adding to it (POST).")
@click.option("--query-url", metavar="URL",
              help="The server's SPARQL query endpoint, for the check after the upload. "
                   "Guessed for Oxigraph (/store → /query), Fuseki (/data → /sparql), GraphDB and "
                   "Virtuoso (/sparql-graph-crud-auth → /sparql-auth).")
# No TRADEKG_STORE here: it often names a remote query endpoint, and push sends a local folder.
@click.option("--store", default=DEFAULT_STORE, show_default=True, help="The built store folder to send.")
@click.option("--timeout", default=300.0, show_default=True, type=Seconds(minimum=0.1),
              help="Seconds to wait for the server at any one step.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def push(url: str, graph: str | None, replace: bool, query_url: str | None, store: str, timeout: float,
         fmt: str) -> None:
    """Send the built graph to a SPARQL 1.1 Graph Store Protocol endpoint, then verify it there.

    URL is the server's Graph Store endpoint; user:password@ in it is sent as Basic auth, or
    as Digest when the server asks for it (Virtuoso).
    Afterwards every graph's triples are counted through the query endpoint. Nothing is
    cleared before an upload: a refused upload leaves the remote graph as it was.

    \b
    Example:
      oxigraph serve --location remote-db --bind 127.0.0.1:7878 --union-default-graph &
      tradekg push http://127.0.0.1:7878/store --replace
      tradekg query demands --store http://127.0.0.1:7878/query
    """
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.store.local import is_endpoint, open_local_store
    from tradekg.graph.store.push import push as run_push
    from tradekg.graph.store.remote import redact

    if not is_endpoint(url):
        raise UsageError(f"{url}: not an http(s) URL of a Graph Store endpoint")
    if is_endpoint(store):
        raise UsageError("--store: push sends a local store folder; give its path")
    ensure_default_store(store)
    local = open_local_store(store)
    progress = Progress()
    try:
        report = run_push(local, url, query_url, graph, replace, timeout, progress)
    finally:
        progress.close()
    rows = [(g.graph or "(default graph)", g.sent, g.on_server) for g in report.graphs]
    # tradekg's commands query the default graph: say when it will not answer like the local store.
    seen, sent = report.default_graph_triples, report.triples
    if seen < sent:
        click.echo(f"tradekg: note: queries without GRAPH see {seen:,} of the {sent:,} triples at "
                   f"{redact(report.query_endpoint)}; for `--store URL` to see them all, make the server's "
                   "default graph the union of its graphs (oxigraph serve --union-default-graph) "
                   "or push with --graph default", err=True)
    elif seen > sent:
        click.echo(f"tradekg: note: queries without GRAPH see {seen:,} triples at {redact(report.query_endpoint)}, "
                   f"more than the {sent:,} sent: other data or an earlier push is mixed in, and "
                   "`--store URL` answers may differ from the local store's", err=True)
    if fmt == "json":
        echo_json({"endpoint": redact(report.endpoint), "query_endpoint": redact(report.query_endpoint),
                   "replace": report.replace, "triples": report.triples, "bytes": report.bytes_sent,
                   "seconds": round(report.seconds, 3), "default_graph_triples": report.default_graph_triples,
                   "graphs": [{"graph": g.graph, "sent": g.sent, "on_server": g.on_server} for g in report.graphs]})
        return
    n = len(report.graphs)
    click.echo(f"{'Replaced' if replace else 'Added'} {report.triples:,} triples in {n} graph{'s' if n != 1 else ''} "
               f"at {redact(report.endpoint)} in {report.seconds:.2f} s; "
               f"counted through {redact(report.query_endpoint)}")
    click.echo(table(["graph", "sent", "on server"], rows, max_width=100))
