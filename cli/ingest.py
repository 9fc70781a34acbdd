"""``tradekg ingest``."""

from __future__ import annotations

import datetime as dt
import os

import click

from tradekg.cli.common import echo_json, reports_errors


@click.command()
@click.argument("textfile", type=click.Path())
@click.option("--url", help="The article's URL (http or https).")
@click.option("--title", help="The article's title (default: its first heading).")
@click.option("--publisher", help="Who published it.")
@click.option("--date", "published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD.")
@click.option("--id", "source_id", help="Source id (default: from the file name).")
@click.option("--corpus", "corpus", multiple=True, type=click.Path(),
              help="Authoring file or folder whose agreements the article may name; repeatable. "
                   "Default: the bundled corpus.")
@click.option("--store", "store", type=click.Path(),
              help="A built store: propose links from each candidate to the claims it holds (reiterates, concedes, "
                   "rejects, revises, supersedes), with the rule and a confidence.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="Write the draft to this file (atomically) instead of printing it.")
@click.option("--format", "fmt", type=click.Choice(["draft", "json"]), default="draft", show_default=True,
              help="draft: an authoring file marked 'draft: true'; json: one object for scripts.")
@reports_errors
def ingest(textfile: str, url: str | None, title: str | None, publisher: str | None, published: dt.datetime | None,
           source_id: str | None, corpus: tuple[str, ...], store: str | None, output: str | None, fmt: str) -> None:
    """Draft an authoring file from an article's plain text, offline, for a person to review.

    Sentences are split with their offsets, parties, sectors, technologies and topics are
    linked to the catalogue, dates are resolved to ISO (relative ones from --date or the
    dateline), amounts are kept, and candidate claims (demands, concerns, alternatives, trade
    figures, events, agreement stages, measures, stances, commitments) are proposed, each
    quoting its sentence with a confidence and, as comments, the mentions, dates and amounts
    it rests on. With --store, links to the store's claims are proposed too.
    The draft says 'draft: true': nothing enters a store until a person has reviewed it,
    set 'draft: false' and built it.

    \b
    Example:
      tradekg ingest article.txt --date 2025-04-20 --publisher "Financial Express" -o article.yaml
      tradekg validate article.yaml       # after review and 'draft: false'
      tradekg ingest article.txt --format json | jq '.claims[] | {kind, quote}'
    """
    from tradekg.graph.core.atomic import is_stdout, write_text_atomic
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.core.names import is_slug
    from tradekg.graph.ingest.article import SourceInfo, ingest_file, link_to_store, source_id_for
    from tradekg.graph.ingest.draft import draft_json, draft_yaml

    if source_id is not None and not is_slug(source_id):
        raise UsageError(f"--id {source_id!r} may only hold letters, digits, '.', '_' and '-'")
    if output is not None and os.path.isdir(output):
        raise UsageError(f"{output}: is a directory, not a file")
    # The draft names its text relative to where the draft lives, so build finds it there.
    base = os.path.dirname(os.path.realpath(output)) if output and not is_stdout(output) else os.getcwd()
    text_path = os.path.relpath(os.path.abspath(textfile), base).replace(os.sep, "/")
    source = SourceInfo(source_id or source_id_for(textfile), title, url, publisher,
                        published.date() if published else None, text_path)
    draft = ingest_file(textfile, source, list(corpus) or None)
    links = link_to_store(draft, store) if store is not None else None
    if fmt == "json":
        import json

        text = json.dumps(draft_json(draft), ensure_ascii=False, indent=2) + "\n"
    else:
        text = draft_yaml(draft)
    if output is None:
        if fmt == "json":
            echo_json(draft_json(draft))
        else:
            click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
    linked = sum(1 for m in draft.reported_mentions() if m.entity is not None)
    where = f"; written to {output}" if output else ""
    click.echo(f"tradekg: {len(draft.sentences)} sentences, {linked} linked mentions, {len(draft.candidates)} "
               f"unlinked names, {len(draft.unlinked_amounts())} unlinked amounts, {len(draft.times)} dates, "
               f"{len(draft.claims)} candidate claims{where}", err=True)
    if links is not None:
        click.echo(f"tradekg: {links} links proposed to claims of {store}: keep or delete each", err=True)
    if fmt == "draft":
        click.echo("tradekg: this is a draft: review it, set 'draft: false', then run `tradekg validate` on it",
                   err=True)
    if output is not None and not is_stdout(output) and text_path.startswith("../"):
        folder = os.path.dirname(os.path.abspath(textfile))
        click.echo(f"tradekg: note: the text is outside the draft's folder; validate and build read it only "
                   f"with TRADEKG_TEXTS={folder}", err=True)
