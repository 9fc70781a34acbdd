"""``tradekg build`` and ``tradekg validate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tradekg.cli.common import DEFAULT_OUT, Progress, echo_json, reports_errors, table


@click.command()
@click.option("--sources", "sources", multiple=True, type=click.Path(),
              help="Authoring file (.yaml), RDF file (.ttl .nt .jsonld .rdf) or folder; repeatable. "
                   "Default: the bundled corpus.")
@click.option("--out", default=DEFAULT_OUT, show_default=True, type=click.Path(file_okay=False),
              help="Output folder: store/, tradekg.ttl, index.html.")
@click.option("--full", is_flag=True, help="Rebuild every source, not only those changed since the last build.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def build(sources: tuple[str, ...], out: str, full: bool, fmt: str) -> None:
    """Compile, validate and store a corpus; export it as Turtle.

    \b
    Example:
      tradekg build                                  # the bundled corpus into ./output
      tradekg build --sources my-corpus/ --out out   # your own sources
      tradekg build --full                           # every source again, not only the changed
    """
    from tradekg.graph.build.pipeline import build as run_build
    from tradekg.graph.build.summary import warning_gist

    progress = Progress()
    try:
        report = run_build(list(sources) or None, out, progress=progress, full=full)
    finally:
        progress.close()
    if report.warnings:
        n = len(report.warnings)
        click.echo(f"{n} warning{'s' if n != 1 else ''}, the commonest: {warning_gist(report.warnings)}; "
                   "`tradekg validate` lists them", err=True)
    if fmt == "json":
        echo_json({
            "store": str(report.store), "turtle": str(report.turtle), "index": str(report.index),
            "triples": report.triples,
            "entities": report.entities, "claims": report.claims,
            "sources": [{"id": i, "title": t, "claims": n} for i, t, n in report.sources],
            "warnings": [str(w) for w in report.warnings], "seconds": round(report.seconds, 3),
            "redone": None if report.redone is None else list(report.redone), "removed": list(report.removed),
        })
        return
    click.echo(f"Built {report.triples:,} triples in {report.seconds:.2f} s{_how(report)}")
    click.echo(f"  store:  {report.store}")
    click.echo(f"  turtle: {report.turtle}")
    click.echo(f"  view:   {report.index}")
    click.echo("")
    click.echo(table(["entities", "count"], list(report.entities.items())))
    click.echo("")
    click.echo(table(["claims", "count"], [*report.claims.items(), ("total", sum(report.claims.values()))]))
    click.echo("")
    click.echo(table(["source", "claims", "title"], [(i, n, t) for i, t, n in report.sources]))


if TYPE_CHECKING:
    from tradekg.graph.build.summary import BuildReport


def _how(report: BuildReport) -> str:
    if report.redone is None:
        return ""
    if not report.redone and not report.removed:
        return " (nothing changed since the last build)"
    return f" (incremental: {len(report.redone)} source(s) compiled again, {len(report.removed)} removed)"


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
