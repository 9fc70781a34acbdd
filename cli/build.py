"""``tradekg build`` and ``tradekg validate``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from tradekg.cli.common import DEFAULT_OUT, Progress, echo_json, reports_errors, table


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The sources a command reads, given the same way to ``build`` and ``validate``: files and
    folders as arguments (or ``--sources``, repeatable), the bundled corpus when none is given,
    and ``--with-bundled`` to read the bundled corpus as well as them."""
    command = click.option(
        "--with-bundled", is_flag=True,
        help="Read the bundled corpus as well as the sources given (so that they can name its "
             "agreements, measures and claims).")(command)
    command = click.option(
        "--sources", "more_paths", multiple=True, type=click.Path(), metavar="PATH",
        help="Same as a PATH argument; repeatable.")(command)
    return click.argument("paths", nargs=-1, type=click.Path())(command)


def chosen_sources(paths: tuple[str, ...], more_paths: tuple[str, ...], with_bundled: bool) -> list[str] | None:
    """The paths to read: None for the bundled corpus alone."""
    given = [*paths, *more_paths]
    if not given:
        return None
    if with_bundled:
        from tradekg.graph.sources.discovery import bundled_sources

        return [*map(str, bundled_sources()), *given]
    return given


@click.command()
@source_options
@click.option("--out", default=DEFAULT_OUT, show_default=True, type=click.Path(file_okay=False),
              help="Output folder: store/, tradekg.ttl, index.html.")
@click.option("--full", is_flag=True, help="Rebuild every source, not only those changed since the last build.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def build(paths: tuple[str, ...], more_paths: tuple[str, ...], with_bundled: bool, out: str, full: bool,
          fmt: str) -> None:
    """Compile, validate and store a corpus; export it as Turtle.

    PATHS are authoring files (.yaml), RDF files (.ttl .nt .jsonld .rdf) or folders of them;
    with none, the bundled corpus.

    \b
    Example:
      tradekg build                                  # the bundled corpus into ./output
      tradekg build mine/ --with-bundled             # the bundled corpus and your sources
      tradekg build mine/ --out out                  # your own sources alone
      tradekg build --full                           # every source again, not only the changed
    """
    from tradekg.graph.build.early import start_helper_early

    start_helper_early(out, full)  # (before the build's modules are imported: see early)
    from tradekg.graph.build.pipeline import build as run_build
    from tradekg.graph.build.summary import warning_gist

    progress = Progress()
    try:
        report = run_build(chosen_sources(paths, more_paths, with_bundled), out, progress=progress, full=full)
    finally:
        progress.close()
    if report.warnings:
        n = len(report.warnings)
        click.echo(f"{n} warning{'s' if n != 1 else ''}, the commonest: {warning_gist(report.warnings)}; "
                   "`tradekg validate` lists them", err=True)
    from tradekg.graph.build.summary import unlisted_sources
    from tradekg.graph.store.local import open_local_store

    unlisted = report.unlisted if report.unlisted is not None else unlisted_sources(open_local_store(report.store))
    if fmt == "json":
        echo_json({
            "store": str(report.store), "turtle": str(report.turtle), "index": str(report.index),
            "triples": report.triples,
            "entities": report.entities, "claims": report.claims,
            "sources": [{"id": i, "title": t, "claims": n} for i, t, n in report.sources],
            "other_sources": unlisted,  # counted among entities.Source, not listed in sources
            "warnings": [str(w) for w in report.warnings], "seconds": round(report.seconds, 3),
            "redone": None if report.redone is None else list(report.redone), "removed": list(report.removed),
        })
        return
    click.echo(f"Built {report.triples:,} triples in {report.seconds:.2f} s{_how(report)}")
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


if TYPE_CHECKING:
    from tradekg.graph.build.summary import BuildReport


def _how(report: BuildReport) -> str:
    if report.redone is None:
        return ""
    if not report.redone and not report.removed:
        return " (nothing changed since the last build)"
    return f" (incremental: {len(report.redone)} source(s) compiled again, {len(report.removed)} removed)"


@click.command()
@source_options
@click.option("--strict", is_flag=True, help="Count warnings as problems too.")
@reports_errors
def validate(paths: tuple[str, ...], more_paths: tuple[str, ...], with_bundled: bool, strict: bool) -> None:
    """Check sources without writing anything: every problem with its file and line.

    PATHS as for ``tradekg build``. Exits 1 if any error is found (or any warning, with --strict).

    \b
    Example:
      tradekg validate                                       # the bundled corpus
      tradekg validate drafts/new-article.yaml --with-bundled
    """
    from tradekg.graph.build.pipeline import validate_sources

    progress = Progress()
    try:
        problems = validate_sources(chosen_sources(paths, more_paths, with_bundled), progress=progress)
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
