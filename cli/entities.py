"""``tradekg entities``."""

from __future__ import annotations

import click

from tradekg.cli.common import as_of_day, as_of_option, echo_json, open_store, reports_errors, store_option, table


@click.command()
@click.argument("text", required=False)
@click.option("--kind", help="Only this kind: party, country, demand, concern, sector, technology, ...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@as_of_option
@store_option
@reports_errors
def entities(text: str | None, kind: str | None, fmt: str, as_of: str | None, store: str) -> None:
    """Find entities by label, alternative label or id (case- and accent-insensitive).

    \b
    Example:
      tradekg entities india
      tradekg entities --kind concern
      tradekg entities semiconductors --format json
    """
    from tradekg.graph.analysis.entities import check_kind
    from tradekg.graph.analysis.search import find_entities

    check_kind(kind)
    found = find_entities(open_store(store), text, kind, as_of=as_of_day(as_of))
    if fmt == "json":
        echo_json([e.as_dict() for e in found])
        return
    if not found:
        click.echo("no entity matches", err=True)
        return
    click.echo(table(["label", "kind", "id", "iri"], [(e.label, e.kind, e.id, e.iri) for e in found]))
