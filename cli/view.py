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
@click.option("--timeline", "timeline", is_flag=False, flag_value="", default=None, metavar="[ENTITY]",
              help="A timeline page: dated claims on lanes (per party; per position for one party), measures "
                   "as intervals, status changes; with no ENTITY, the whole corpus.")
@click.option("--from", "start", metavar="DATE", help="With --timeline: only what is dated on or after this day.")
@click.option("--to", "end", metavar="DATE", help="With --timeline: only what is dated on or before this day.")
@click.option("--diff", "diff_days", nargs=2, metavar="D1 D2", default=None,
              help="A page of what changed between two days (YYYY-MM-DD), with its evidence.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help=f"HTML file to write.  [default: {DEFAULT_OUT}/view-NAME.html, NAME from the view]")
@click.option("--max-nodes", type=int, default=None, metavar="N",
              help="Whole graph and --focus: most nodes to show (1 to 2,000; the rest are counted "
                   "on the page).  [default: 500]")
@as_of_option
@store_option
@reports_errors
def view(focus: str | None, radius: int | None, path_ends: tuple[str, str] | None, blockers: str | None,
         tradeoffs: tuple[str, str] | None, timeline: str | None, start: str | None, end: str | None,
         diff_days: tuple[str, str] | None, output: str | None, max_nodes: int | None, as_of: str | None,
         store: str) -> None:
    """Write an interactive HTML view of the graph and print its path.

    With no option, the whole graph; otherwise a neighbourhood (--focus) or an answer
    (--path, --blockers, --tradeoffs) highlighted with its context faded; or a timeline
    (--timeline) or what changed between two days (--diff). The page is one self-contained
    file: open it in any browser, offline.

    \b
    Example:
      tradekg view                                  # the whole graph -> output/view-whole.html
      tradekg view --focus India --radius 1         # -> output/view-focus-IN-r1.html
      tradekg view --path India cybersecurity -o path.html
      tradekg view --timeline India --from 2025-07-01   # -> output/timeline-IN.html
      tradekg view --diff 2025-05-01 2025-09-01         # -> output/diff-2025-05-01-2025-09-01.html
    """
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.views.html import check_output, default_path, write_view

    modes = [name for name, given in (("--focus", focus), ("--path", path_ends), ("--blockers", blockers),
                                      ("--tradeoffs", tradeoffs)) if given]
    if len(modes) > 1:
        raise UsageError(f"give one of --focus, --path, --blockers, --tradeoffs (not {' and '.join(modes)})")
    pages = [name for name, given in (("--timeline", timeline is not None), ("--diff", diff_days)) if given]
    if pages and len(modes) + len(pages) > 1:
        raise UsageError(f"{pages[0]} makes a page of its own: give it without {' or '.join([*modes, *pages[1:]])}")
    if (start or end) and timeline is None:
        raise UsageError("--from and --to go with --timeline")
    if timeline is not None or diff_days:
        if radius is not None or max_nodes is not None:
            raise UsageError("--radius and --max-nodes go with the graph views, not --timeline or --diff")
        if output is not None:
            check_output(output)
        _time_page(timeline, start, end, diff_days, output, as_of, store)
        return
    # (imported here: the time pages above need none of the graph views)
    from tradekg.graph.views.answers import blockers_view, path_view, tradeoffs_view
    from tradekg.graph.views.graphs import focus_view, whole_view
    from tradekg.graph.views.model import DEFAULT_MAX_NODES, check_max_nodes

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


def _time_page(timeline: str | None, start: str | None, end: str | None, diff_days: tuple[str, str] | None,
               output: str | None, as_of: str | None, store: str) -> None:
    """``view --timeline`` and ``view --diff``: the pages over time."""
    from pathlib import Path

    from tradekg.graph.analysis.dated import check_day
    from tradekg.graph.views.model import count_of, file_slug
    from tradekg.graph.views.pages import write_page

    graph = open_store(store)
    day = as_of_day(as_of)
    if diff_days:
        from tradekg.graph.views.diff_page import diff_html, diff_model

        first, second = check_day(diff_days[0], "D1"), check_day(diff_days[1], "D2")
        assert first is not None and second is not None
        model = diff_model(graph, first, second, day)
        name = f"diff-{first.isoformat()}-{second.isoformat()}"
        html, title = diff_html(model), model["title"]
        counts = model["counts"]
        summary = f"{counts['new']} new, {counts['changed']} changed, {counts['ended']} ended"
        notes: list[str] = []
    else:
        from tradekg.graph.views.timeline_page import timeline_html, timeline_model

        model = timeline_model(graph, timeline or None, check_day(start, "--from"), check_day(end, "--to"), day)
        entity = model["entity"]
        name = "timeline" + (f"-{file_slug(entity['iri'].rstrip('/').rsplit('/', 1)[-1])}" if entity else "")
        html, title = timeline_html(model), model["title"]
        c = model["counts"]
        summary = ", ".join(count_of(c[key], word) for key, word in (
            ("dated", "dated claim"), ("measures", "measure interval"), ("status", "status change"))) + \
            f", {c['undated']} undated"
        notes = model["notes"]
    if output is None:
        os.makedirs(DEFAULT_OUT, exist_ok=True)  # the default folder is made; a folder named in -o must exist
    written = write_page(html, output or Path(DEFAULT_OUT) / f"{name}.html")
    click.echo(f"{title}: {summary}", err=True)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    from tradekg.graph.core.atomic import is_stdout

    if output is None or not is_stdout(output):
        click.echo(str(written))
