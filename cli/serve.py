"""``tradekg serve``."""

from __future__ import annotations

import click

from tradekg.cli.common import DEFAULT_STORE, Seconds, reports_errors


@click.command()
# No TRADEKG_STORE here: it often names a remote query endpoint, and serve needs a local folder.
@click.option("--store", default=DEFAULT_STORE, show_default=True,
              help="The built store folder to serve (the default is built first if missing).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the endpoint to the network.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port; the URL is printed).")
@click.option("--timeout", default=10.0, show_default=True, type=Seconds(minimum=0.1),
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) a query returns at most; a cut result says so in X-Tradekg-Truncated.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries evaluated at once, each in its own process.")
@click.option("--in-memory", "in_memory", is_flag=True,
              help="Each worker answers from its own in-memory copy of the store: faster queries, "
                   "but starting (or restarting after a timeout) a worker copies the whole store.")
@click.option("--views", "views", type=click.Path(file_okay=False),
              help="Folder whose .html views the page links to. Default: the folder holding the store.")
@click.option("--log/--no-log", "log", default=None,
              help="Log each request on stderr. Default: when stderr is a terminal.")
@reports_errors
def serve(store: str, host: str, port: int, timeout: float, max_rows: int, workers: int, in_memory: bool,
          views: str | None, log: bool | None) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Results come as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples or JSON-LD,
    chosen by the Accept header. Updates, SERVICE, FROM and dataset parameters are refused.

    \b
    Example:
      tradekg serve                       # http://127.0.0.1:7878/
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?d a tk:Demand }' \\
           http://127.0.0.1:7878/sparql
    """
    import os
    import sys
    from pathlib import Path

    from tradekg.cli.common import ensure_default_store
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.serve.endpoint import Limits
    from tradekg.graph.serve.server import serve as run_server
    from tradekg.graph.store.local import is_endpoint

    if is_endpoint(store):
        raise UsageError("--store: serve needs a local store folder; a remote endpoint already serves SPARQL")
    ensure_default_store(store)
    views_dir = Path(views) if views else Path(os.path.abspath(store)).parent
    if log is None:
        log = sys.stderr.isatty()

    def ready(url: str) -> None:
        click.echo(f"tradekg: serving {store} at {url} (SPARQL endpoint {url}sparql); Ctrl-C stops", err=True)

    def log_line(line: str) -> None:
        click.echo(line, err=True)

    limits = Limits(timeout=timeout, max_rows=max_rows, workers=workers, in_memory=in_memory)
    run_server(store, host, port, limits, views_dir, on_ready=ready, log=log_line if log else None)
