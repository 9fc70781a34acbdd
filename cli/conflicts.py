"""``tradekg conflicts``: where sources disagree, each pair classified and explained."""

from __future__ import annotations

import click

from tradekg.cli.common import as_of_day, as_of_option, echo_json, open_store, reports_errors, store_option


@click.command()
@click.argument("entity", required=False)
@as_of_option
@click.option("--tolerance", default="0.005", show_default=True, metavar="SHARE",
              help="How far apart two values may be and still agree, as a share of the larger (0.005 is 0.5%).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@reports_errors
def conflicts(entity: str | None, as_of: str | None, tolerance: str, fmt: str, store: str) -> None:
    """Pairs of claims from different sources about the same thing that differ, with ENTITY.

    Each pair is classified — figures: agree, value conflict, period mismatch, mirror,
    coverage; dates: revision, time zones, date conflict; positions: incompatible,
    unconfirmed; lists: list difference — and explained in one line, with both quotes and
    both sources. tradekg says how two claims differ, never which is right. With no ENTITY,
    the whole corpus.

    \b
    Example:
      tradekg conflicts
      tradekg conflicts "trade balance" --format json
      tradekg conflicts India --as-of 2025-08-31
      tradekg conflicts "bilateral trade" --tolerance 0.02
    """
    from tradekg.graph.analysis.conflicts import check_tolerance
    from tradekg.graph.analysis.conflicts import conflicts as find

    share = check_tolerance(tolerance)
    found = find(open_store(store), entity, as_of_day(as_of), share)
    if fmt == "json":
        echo_json([c.as_dict() for c in found])
        return
    scope = f" as reported by {as_of}" if as_of else ""
    click.echo(f"{len(found)} pairs where sources differ{scope}"
               f" ({sum(c.unexplained for c in found)} unexplained)")
    for c in found:
        data = c.as_dict()
        click.echo(f"\n{' + '.join(c.classes)}  [{c.kind}]")
        click.echo(f"  {c.explanation}")
        for mark, side in (("A", data["a"]), ("B", data["b"])):
            if side is None:
                click.echo(f"  {mark}: (no claim of the other party says it)")
                continue
            reports = ", ".join(r["label"] for r in side["reports"]) or side["source"]["label"]
            when = side["date"] or "undated"
            click.echo(f"  {mark}: \"{side['quote']}\"")
            click.echo(f"     {reports} · {when} · {side['iri'].split('/claim/', 1)[-1]}")
