"""``tradekg build`` and ``tradekg validate``."""

from __future__ import annotations

import click

from tradekg.cli.common import DEFAULT_OUT, Progress, echo_json, reports_errors, table


@click.command()
@click.option("--sources", "sources", multiple=True, type=click.Path(),
              help="Authoring file (.yaml), RDF file (.ttl .nt .jsonld .rdf) or folder; repeatable. "
                   "Default: the bundled corpus.")
@click.option("--out", default=DEFAULT_OUT, show_default=True, type=click.Path(file_okay=False),
              help="Output folder: store/, tradekg.ttl, index.html.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def build(sources: tuple[str, ...], out: str, fmt: str) -> None:
    """Compile, validate and store a corpus; export it as Turtle.

    \b
    Example:
      tradekg build                                  # the bundled corpus into ./output
      tradekg build --sources my-corpus/ --out out   # your own sources
    """
    from tradekg.graph.build.pipeline import build as run_build
    from tradekg.graph.build.summary import warning_gist

    progress = Progress()
    try:
        report = run_build(list(sources) or None, out, progress=progress)
    finally:
        progress.close()
    if report.warnings:
        n = len(report.warnings)
        click.echo(f"{n} warning{'s' if n != 1 else ''}, the commonest: {warning_gist(report.warnings)}; "
                   "`tradekg validate` lists them", err=True)
    from tradekg.graph.build.summary import unlisted_sources
    from tradekg.graph.store.local import open_local_store

    unlisted = unlisted_sources(open_local_store(report.store))
    if fmt == "json":
        echo_json({
            "store": str(report.store), "turtle": str(report.turtle), "index": str(report.index),
            "triples": report.triples,
            "entities": report.entities, "claims": report.claims,
            "sources": [{"id": i, "title": t, "claims": n} for i, t, n in report.sources],
            "other_sources": unlisted,  # counted among entities.Source, not listed in sources
            "warnings": [str(w) for w in report.warnings], "seconds": round(report.seconds, 3),
        })
        return
    click.echo(f"Built {report.triples:,} triples in {report.seconds:.2f} s")
    click.echo(f"  store:  {report.store}")
    click.echo(f"  turtle: {report.turtle}")
    click.echo(f"  view:   {report.index}")
    click.echo("")
    for line in summary_lines(report.entities, report.claims, report.sources, unlisted):
        click.echo(line)


def summary_lines(entities: dict[str, int], claims: dict[str, int], sources: list[tuple[str, str, int]],
                  unlisted: dict[str, int]) -> list[str]:
    """The build's counts: entities, claims by kind, and the sources read. The Source count
    also holds the documents those sources cite (``dcterms:references``) and the reports a
    brief restates (``tk:restates``), which are not read themselves: the entities table says
    how many of each, so that it agrees with the list of sources below it."""
    read = len(sources)
    why = {"cited": "cited by them", "restated": "reports they restate", "other": "without an id or title"}
    parts = [f"{n:,} {why[k]}" for k, n in unlisted.items() if n]
    rows = []
    for name, n in entities.items():
        note = f"{read:,} read (listed below) + {' + '.join(parts)}" if name == "Source" and parts else ""
        rows.append((name, f"{n:,}", note))
    lines = [table(["entities", "count", ""], rows, max_width=100), ""]
    lines.append(table(["claims", "count"], [(k, f"{n:,}") for k, n in claims.items()]
                       + [("total", f"{sum(claims.values()):,}")]))
    lines.append("")
    lines.append(table(["source read", "claims", "title"], [(i, n, t) for i, t, n in sources], cut_note=True))
    if parts:
        lines.append(f"(the other Sources: {', '.join(parts)}; `tradekg query sources` lists them all)")
    return lines


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Count warnings as problems too.")
@reports_errors
def validate(paths: tuple[str, ...], strict: bool) -> None:
    """Check sources without writing anything: every problem with its file and line.

    Exits 1 if any error is found (or any warning, with --strict).

    \b
    Example:
      tradekg validate                      # the bundled corpus
      tradekg validate drafts/new-article.yaml
    """
    from tradekg.graph.build.pipeline import validate_sources

    progress = Progress()
    try:
        problems = validate_sources(list(paths) or None, progress=progress)
    finally:
        progress.close()
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [p for p in problems if p.severity == "error" or strict]
    warnings = len(problems) - len([p for p in problems if p.severity == "error"])
    if errors:
        click.echo(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found", err=True)
        raise SystemExit(1)
    click.echo(f"ok: no errors ({warnings} warning{'s' if warnings != 1 else ''})")
