"""``tradekg export``."""

from __future__ import annotations

import sys

import click

from tradekg.cli.common import open_store, reports_errors, store_option


@click.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "graphml", "gexf", "csv"]),
              default="ttl", show_default=True,
              help="ttl/nt/jsonld: the whole graph; graphml/gexf (Gephi)/csv (edge list): the negotiation projection.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (atomically; - or none: stdout).")
@store_option
@reports_errors
def export(fmt: str, output: str | None, store: str) -> None:
    """Export the graph as RDF, or its negotiation relations for Gephi or a spreadsheet.

    \b
    Example:
      tradekg export --format nt -o output/tradekg.nt
      tradekg export --format gexf -o output/negotiation.gexf
      tradekg export --format csv | head
    """
    from tradekg.graph.build.export import export as run_export

    graph = open_store(store)
    from tradekg.graph.core.atomic import is_stdout

    if output and not is_stdout(output):
        run_export(graph, fmt, output)
        click.echo(output)
    else:  # no -o, or -o - (/dev/stdout): standard output
        run_export(graph, fmt, sys.stdout.buffer)
