"""``tradekg view``."""

from __future__ import annotations

import os

import click

from tradekg.cli.common import DEFAULT_OUT, as_of_day, as_of_option, open_store, reports_errors, store_option


@click.command()
@click.option("--focus", metavar="ENTITY", help="Show the neighbourhood of this entity (label, id or IRI).")
@click.option("--radius", type=click.IntRange(0, 10), default=None, metavar="N",
              help="With --focus: how many relations away to go.  [default: 2]")
@click.option("--path", "path_ends", nargs=2, metavar="A B", default=None,
              help="Highlight the shortest paths from A to B.")
@click.option("--blockers", metavar="ENTITY", help="Highlight what stands in the way of a demand.")
@click.option("--tradeoffs", nargs=2, metavar="A B", default=None,
              help="Highlight what two parties ask of each other.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help=f"HTML file to write.  [default: {DEFAULT_OUT}/view-NAME.html, NAME from the view]")
@click.option("--max-nodes", type=int, default=None, metavar="N",
              help="Whole graph and --focus: most nodes to show (1 to 2,000; the rest are counted "
                   "on the page).  [default: 500]")
@as_of_option
@store_option
@reports_errors
def view(focus: str | None, radius: int | None, path_ends: tuple[str, str] | None, blockers: str | None,
         tradeoffs: tuple[str, str] | None, output: str | None, max_nodes: int | None, as_of: str | None,
         store: str) -> None:
    """Write an interactive HTML view of the graph and print its path.

    With no option, the whole graph; otherwise a neighbourhood (--focus) or an answer
    (--path, --blockers, --tradeoffs) highlighted with its context faded. The page is one
    self-contained file: open it in any browser, offline.

    \b
    Example:
      tradekg view                                  # the whole graph -> output/view-whole.html
      tradekg view --focus India --radius 1         # -> output/view-focus-IN-r1.html
      tradekg view --path India cybersecurity -o path.html
    """
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.views.answers import blockers_view, path_view, tradeoffs_view
    from tradekg.graph.views.graphs import focus_view, whole_view
    from tradekg.graph.views.html import check_output, default_path, write_view
    from tradekg.graph.views.model import DEFAULT_MAX_NODES, check_max_nodes

    modes = [name for name, given in (("--focus", focus), ("--path", path_ends), ("--blockers", blockers),
                                      ("--tradeoffs", tradeoffs)) if given]
    if len(modes) > 1:
        raise UsageError(f"give one of --focus, --path, --blockers, --tradeoffs (not {' and '.join(modes)})")
    if radius is not None and not focus:
        raise UsageError("--radius goes with --focus")
    if max_nodes is not None:
        if path_ends or blockers or tradeoffs:
            raise UsageError("--max-nodes goes with the whole graph and --focus")
        check_max_nodes(max_nodes)
    if output is not None:
        check_output(output)
    day = as_of_day(as_of)
    graph = open_store(store)
    cap = max_nodes or DEFAULT_MAX_NODES
    if focus:
        from tradekg.graph.analysis.entities import resolve_entity

        entity = resolve_entity(graph, focus)  # by any of its names, IRIs included
        shown = focus_view(graph, entity.iri, 2 if radius is None else radius, cap, label=entity.label, as_of=day)
    elif path_ends:
        shown = path_view(graph, *path_ends, as_of=day)
    elif blockers:
        shown = blockers_view(graph, blockers, as_of=day)
    elif tradeoffs:
        shown = tradeoffs_view(graph, *tradeoffs, as_of=day)
    else:
        shown = whole_view(graph, cap, as_of=day)
    if output is None:
        os.makedirs(DEFAULT_OUT, exist_ok=True)  # the default folder is made; a folder named in -o must exist
    written = write_view(shown, output or default_path(shown, DEFAULT_OUT))
    click.echo(f"{shown.title}: {shown.summary}", err=True)
    for note in shown.notes:
        click.echo(f"note: {note}", err=True)
    from tradekg.graph.core.atomic import is_stdout

    if output is None or not is_stdout(output):
        click.echo(str(written))
