"""``tradekg path``, ``tradekg blockers``, ``tradekg tradeoffs``."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from tradekg.cli.common import Seconds, as_of_day, as_of_option, echo_json, open_store, reports_errors, store_option

_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _quote(q: dict[str, Any], indent: str, mark: str = "") -> str:
    where = f" [{q['start']}–{q['end']}]" if q.get("start") is not None else ""
    return textwrap.fill(f"{mark}“{q['text']}”{where}", width=100, initial_indent=indent,
                         subsequent_indent=indent + " " * (len(mark) + 1))


def _provenance(claim: dict[str, Any], indent: str) -> list[str]:
    source = claim.get("source") or {}
    date = claim.get("date") or "undated"
    lines = [f"{indent}source: {source.get('title', '?')} ({date})"]
    lines += [_quote(q, indent) for q in claim.get("quotes", [])]
    return lines


class _Quotes:
    """Each quote and each source of a blockers answer printed once, numbered; later mentions
    refer back to it. ``mode``: 'first' (each quote once), 'all' (every time), 'none'."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.numbers: dict[tuple[Any, ...], int] = {}
        self.sources: set[str] = set()

    def lines(self, claim: dict[str, Any], indent: str) -> list[str]:
        source = claim.get("source") or {}
        date = claim.get("date") or "undated"
        key = str(source.get("iri") or source.get("title") or "?")
        if self.mode == "all" or key not in self.sources:
            out = [f"{indent}source: {source.get('title', '?')} ({date})"]
        else:  # the title was printed above: its id is enough
            out = [f"{indent}source: {key.rsplit('/', 1)[-1]} ({date})"]
        self.sources.add(key)
        if self.mode == "none":
            return out
        if self.mode == "all":
            return out + [_quote(q, indent) for q in claim.get("quotes", [])]
        again = []
        for q in claim.get("quotes", []):
            k = (q.get("text"), q.get("start"), q.get("end"), key)
            if k in self.numbers:
                again.append(self.numbers[k])
                continue
            self.numbers[k] = len(self.numbers) + 1
            out.append(_quote(q, indent, f"[{self.numbers[k]}] "))
        if again:  # on the source's line: "· quote [6], above"
            numbers = ", ".join(f"[{n}]" for n in again)
            out[0] += f" · quote{'s' if len(again) > 1 else ''} {numbers}, above"
        return out


def _blockers_text(result: dict[str, Any], quotes: str) -> list[str]:
    """The blockers answer as a tree: each demand, its concerns (├─, the last └─), and under
    each concern the alternatives that address it."""
    seen = _Quotes(quotes)
    out: list[str] = []
    for demand in result["demands"]:
        to = ", ".join(p["label"] for p in demand.get("to", []))
        out.append(demand["label"])
        out.append(f"  demand · {demand.get('by', {}).get('label', '?')} → {to} · "
                   f"{demand.get('demand_kind', {}).get('label', '?')}")
        out += seen.lines(demand, "  ")
        if not demand["concerns"]:
            out.append("  no concern is reported to block or condition it")
        for i, concern in enumerate(demand["concerns"]):
            last = i == len(demand["concerns"]) - 1
            branch, stem = ("└─", "   ") if last else ("├─", "│  ")
            out.append(f"  {branch} {concern['relation']} ← {concern['label']}")
            out.append(f"  {stem}held by {concern['holder']['label']} · topic {concern['topic']['label']}")
            out += seen.lines(concern, f"  {stem}")
            for j, alt in enumerate(concern["alternatives"]):
                last_alt = j == len(concern["alternatives"]) - 1
                twig, leaf = ("└─", "   ") if last_alt else ("├─", "│  ")
                replaced = f" instead of {alt['instead_of_form']['label']}" if alt.get("instead_of_form") else ""
                out.append(f"  {stem}{twig} addressed by: {alt['form']['label']}{replaced} "
                           f"(proposed by {alt['proposer']['label']})")
                out += seen.lines(alt, f"  {stem}{leaf}")
        out.append("")
    return out


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--k", "k", default=3, show_default=True, type=int, help="How many shortest paths.")
@click.option("--max-hops", default=6, show_default=True, type=int, help="Longest path considered.")
@click.option("--via", multiple=True, metavar="KIND",
              help="Only pass through entities of this kind (demand, concern, alternative, ...). Repeatable.")
@click.option("--directed", is_flag=True, help="Follow relations only in their own direction.")
@click.option("--timeout", default=10.0, show_default=True, type=Seconds(), help="Seconds before giving up.")
@_FORMAT
@as_of_option
@store_option
@reports_errors
def path(source: str, target: str, k: int, max_hops: int, via: tuple[str, ...], directed: bool, timeout: float,
         as_of: str | None, fmt: str, store: str) -> None:
    """The k shortest paths between two entities over the negotiation relations.

    Entities are named by label, id or IRI. A path from an entity to itself has 0 hops;
    when there is none within --max-hops, that is said. Parallel relations between two
    entities count as one hop (listed together).

    \b
    Example:
      tradekg path India cybersecurity
      tradekg path India us-concern-cybersecurity --k 5 --via demand --format json
    """
    from tradekg.graph.analysis.paths import path_line, shortest_paths

    result = shortest_paths(open_store(store), source, target, k=k, max_hops=max_hops, via=list(via) or None,
                            directed=directed, timeout=timeout, as_of=as_of_day(as_of))
    if fmt == "json":
        echo_json(result)
        return
    a, b = result["source"], result["target"]
    paths = result["paths"]
    if not paths:
        click.echo(f"no path from {a['label']} to {b['label']} within {max_hops} hop{'s' if max_hops != 1 else ''}"
                   + (" following relation directions" if directed else ""))
    else:
        click.echo(f"{len(paths)} shortest path{'s' if len(paths) != 1 else ''} from {a['label']} ({a['kind']}) "
                   f"to {b['label']} ({b['kind']}):")
    for n, p in enumerate(paths, start=1):
        click.echo(f"{n}. {p['hops']} hop{'s' if p['hops'] != 1 else ''}")
        if not p["edges"]:
            click.echo(f"   {a['label']} (the same entity)")
            continue
        click.echo("   " + path_line(p))
    if result["truncated"]:
        click.echo(f"search stopped early ({result.get('reason', 'limit')}): longer or more paths may exist", err=True)


@click.command()
@click.argument("entity")
@click.option("--quotes", type=click.Choice(["first", "all", "none"]), default="first", show_default=True,
              help="Print each quote the first time it supports a claim, numbered, and refer back to it "
                   "after (first); print it every time (all); or print no quote (none).")
@_FORMAT
@as_of_option
@store_option
@reports_errors
def blockers(entity: str, quotes: str, fmt: str, as_of: str | None, store: str) -> None:
    """What stands in the way of a demand, and what could unblock it.

    ENTITY is a demand, or a party (its demands), or a sector / technology area (the
    demands on it or on narrower ones), or a demand kind such as "technology access".
    For each demand: the concerns that block or condition it and who holds them; for
    each concern, the alternatives that address it.
    Every claim comes with its source and the sentences it is quoted from; a quote that
    supports several claims is printed once, numbered, and referred back to after.

    \b
    Example:
      tradekg blockers india-technology-access-parity
      tradekg blockers India --format json
      tradekg blockers semiconductors
      tradekg blockers "technology access" --quotes none
    """
    from tradekg.graph.analysis.blockers import blockers_of

    result = blockers_of(open_store(store), entity, as_of=as_of_day(as_of))
    if fmt == "json":
        echo_json(result)
        return
    if not result["demands"]:
        click.echo(f"no demand by or on {result['entity']['label']} ({result['entity']['kind']})")
        return
    for line in _blockers_text(result, quotes):
        click.echo(line)


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0), metavar="N",
              help="Inferred pairings listed, strongest first (0: all); how many there are is always said.")
@_FORMAT
@as_of_option
@store_option
@reports_errors
def tradeoffs(a: str, b: str, limit: int, fmt: str, as_of: str | None, store: str) -> None:
    """What A asks of B against what B asks of A, by sector category.

    Links the sources state (a demand made in exchange for another, or presented "in
    return") are listed apart from the pairings tradekg infers, each with its rule,
    strongest first (same category, then most categories shared).

    \b
    Example:
      tradekg tradeoffs India "United States"
      tradekg tradeoffs US IN --format json
      tradekg tradeoffs IN US --limit 0             # every inferred pairing
    """
    from tradekg.graph.analysis.tradeoffs import tradeoffs as find_tradeoffs

    result = find_tradeoffs(open_store(store), a, b, limit=limit or None, as_of=as_of_day(as_of))
    if fmt == "json":
        echo_json(result)
        return
    pa, pb = result["a"]["label"], result["b"]["label"]
    talks = ", ".join(n["label"] for n in result["negotiations"]) or "no named negotiation"
    click.echo(f"Trade-offs between {pa} and {pb} ({talks})")
    for key, who, whom in (("a_asks_b", pa, pb), ("b_asks_a", pb, pa)):
        click.echo(f"\n{who} asks of {whom}:")
        if not result[key]:
            click.echo("  nothing reported")
        for group in result[key]:
            for item in group["demands"]:
                sectors = ", ".join(s["label"] for s in item["sectors"]) or "-"
                click.echo(f"  {group['category']['label']}: {sectors}")
                click.echo(f"      ({item['demand']['label']})")
    click.echo("\nStated by the sources:")
    if not result["stated"]:
        click.echo("  no link between demands is stated")
    for link in result["stated"]:
        if link["in_exchange_for"]:
            click.echo(f"  {link['demand']['label']} — in exchange for — {link['in_exchange_for']['label']}")
        else:
            click.echo(f"  {link['demand']['label']}: presented as \"{link['cue']}\" (the source names no counterpart)")
        for line in _provenance(link["demand"], "      "):
            click.echo(line)
    click.echo("\nInferred by tradekg:")
    if not result["inferred"]:
        click.echo("  no pairing")
    for pair in result["inferred"]:
        shared = f" ({', '.join(pair['shared_categories'])})" if pair["shared_categories"] else ""
        click.echo(f"  [{pair['rule']}{shared}] {pair['a_demand']['label']} ⇄ {pair['b_demand']['label']}")
    if result["inferred_truncated"]:
        click.echo(f"  … the first {len(result['inferred']):,} of {result['inferred_total']:,} pairings "
                   "(--limit N lists more, --limit 0 all)")
    click.echo("\nRules:")
    for name, text in result["rules"].items():
        click.echo(f"  {name}: {text}")
