"""``tradekg timeline``, ``tradekg diff``, ``tradekg measures``, ``tradekg status``: answers over time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from tradekg.cli.common import as_of_option, echo_json, open_store, reports_errors, store_option, table

_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
_AS_OF = as_of_option


def _day(value: str | None, what: str) -> dt.date | None:
    from tradekg.graph.analysis.dated import check_day

    return check_day(value, what)


def _short(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1]


@click.command()
@click.argument("entity", required=False)
@click.option("--from", "start", metavar="DATE", help="Only claims dated on or after this day (YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Only claims dated on or before this day (YYYY-MM-DD).")
@_AS_OF
@_FORMAT
@store_option
@reports_errors
def timeline(entity: str | None, start: str | None, end: str | None, as_of: str | None, fmt: str, store: str) -> None:
    """Everything dated that concerns ENTITY (a party, agreement, sector, claim, measure), in order.

    Each entry gives its date (as the source gives it: a day, a month, a range), kind, label,
    what it changes (a rate, a concession, a rejection) and source; claims with no date are
    listed apart, never placed. With no ENTITY, the whole corpus.

    \b
    Example:
      tradekg timeline India
      tradekg timeline "US reciprocal tariff on Indian goods" --from 2025-07-01
      tradekg timeline india-us-bta-tech-parity/us-concessions --as-of 2026-02-10 --format json
    """
    from tradekg.graph.analysis.timeline import timeline as build_timeline

    result = build_timeline(open_store(store), entity, _day(start, "--from"), _day(end, "--to"),
                            _day(as_of, "--as-of"))
    if fmt == "json":
        echo_json(result)
        return
    title = result["entity"]["label"] if result["entity"] else "the whole corpus"
    scope = f" as reported by {result['as_of']}" if result["as_of"] else ""
    click.echo(f"Timeline of {title}{scope}: {len(result['entries'])} dated claims")
    click.echo(table(["date", "kind", "claim", "change", "source"],
                     [(e["date"], e["kind"], e["label"], e["change"] or "", e["source"]["label"])
                      for e in result["entries"]], max_width=60))
    if result["undated"]:
        click.echo("\nundated (not placed in time):")
        click.echo(table(["kind", "claim", "source"], [(e["kind"], e["label"], e["source"]["label"])
                                                         for e in result["undated"]], max_width=70))
    click.echo("\nsources, as reported:")
    click.echo(table(["reported", "claims", "source"], [(s["reported"] or "undated", s["claims"], s["label"])
                                                          for s in result["sources"]], max_width=80))
    if result["documents"]:
        click.echo("\ndocuments the claims are about or cite:")
        click.echo(table(["date", "document"], [(d["date"] or "undated", d["label"]) for d in result["documents"]],
                         max_width=90))
    for note in result["notes"]:
        click.echo(f"note: {note}", err=True)


@click.command()
@click.argument("days", nargs=-1, metavar="DATE1 DATE2")
@click.option("--sources", "sources", nargs=2, metavar="A B", default=None,
              help="Compare what two sources say instead of two days.")
@_AS_OF
@_FORMAT
@store_option
@reports_errors
def diff(days: tuple[str, ...], sources: tuple[str, str] | None, as_of: str | None, fmt: str, store: str) -> None:
    """What changed between DATE1 and DATE2, or what two sources say (--sources A B).

    Between two days: positions opened, demands whose status changed (from → to) and closed,
    measures that came into force or ended, figures newly reported, each with its evidence.

    \b
    Example:
      tradekg diff 2025-05-01 2025-09-01
      tradekg diff 2025-09-01 2026-02-10 --format json
      tradekg diff --sources india-us-bta-tech-parity r04-trade-2024-25
    """
    from tradekg.graph.analysis.diff import diff as changes
    from tradekg.graph.analysis.diff import diff_sources
    from tradekg.graph.core.errors import UsageError

    graph = open_store(store)
    if sources:
        if days:
            raise UsageError("give two days, or --sources A B, not both")
        compared = diff_sources(graph, *sources)
        if fmt == "json":
            echo_json(compared)
            return
        click.echo(f"{compared['a']['label']}  ⇄  {compared['b']['label']}")
        click.echo(table(["about", "A says", "B says", "differ"],
                         [(" ".join(_short(x) for x in both["about"]), "; ".join(c["label"] for c in both["a"]),
                           "; ".join(c["label"] for c in both["b"]),
                           ", ".join(both["differ"]) or "same")
                          for both in compared["both"]], max_width=50))
        differing = [both for both in compared["both"] if both["differ"]]
        if differing:
            click.echo("\nwhere they differ:")
            for both in differing:
                about = " ".join(_short(x) for x in both["about"])
                click.echo(f"  {about}: " + "; ".join(_difference(k, v) for k, v in both["differ"].items()))
        for side, key in (("A", "only_a"), ("B", "only_b")):
            click.echo(f"\nonly {side}: {len(compared[key])} claim(s)")
            for c in compared[key]:
                click.echo(f"  {c['kind']}: {c['label']}")
        return
    if len(days) != 2:
        raise UsageError("give two days (YYYY-MM-DD), or --sources A B")
    first, second = _day(days[0], "DATE1"), _day(days[1], "DATE2")
    assert first is not None and second is not None
    result = changes(graph, first, second, _day(as_of, "--as-of"))
    if fmt == "json":
        echo_json(result)
        return
    _print_diff(result)


def _print_diff(result: dict[str, Any]) -> None:
    click.echo(f"From {result['from']} to {result['to']}"
               + (f", as reported by {result['as_of']}" if result["as_of"] else ""))
    sections: list[tuple[str, list[tuple[Any, ...]], list[str]]] = [
        ("positions opened (new)", [(o["date"], o["kind"], o["label"], o["source"]["label"]) for o in result["opened"]],
         ["date", "kind", "claim", "source"]),
        ("demands changed", [(c["demand"]["label"], f"{c['from']} → {c['to']}",
                              "; ".join(f"{h['date']} {h['step']}: {h['claim']['label']}" for h in c["evidence"]))
                             for c in result["changed"]], ["demand", "status", "evidence"]),
        ("positions closed (ended)", [(c["demand"]["label"], f"{c['from']} → {c['to']}") for c in result["closed"]],
         ["demand", "status"]),
        ("measures", [(m["measure"]["label"], m["change"], _rate(m["from"]), _rate(m["to"]),
                       "; ".join(e["label"] for e in m["evidence"])) for m in result["measures"]],
         ["measure", "change", "from", "to", "evidence"]),
        ("figures newly reported", [(f["reported"], f["label"], f["source"]["label"]) for f in result["figures"]],
         ["reported", "figure", "source"]),
    ]
    for title, rows, headers in sections:
        click.echo(f"\n{title}: {len(rows)}")
        if rows:
            click.echo(table(headers, rows, max_width=60))


def _difference(field: str, values: dict[str, list[str]]) -> str:
    """``onSector: A only apples; B only plastics`` (what each side names that the other does not)."""
    parts = [f"{side} only {_values(values[key])}" for side, key in (("A", "only_a"), ("B", "only_b")) if values[key]]
    return f"{field}: " + "; ".join(parts)


def _values(values: list[str]) -> str:
    """Values compared: IRIs by their last segment, literals as they are; "none" for no value."""
    return ", ".join(_short(v) if v.startswith("https://") else v for v in values) or "none"


def _rate(state: dict[str, Any]) -> str:
    return state["state"] + (f" {state['rate']}%" if state.get("rate") is not None else "")


@click.command()
@click.argument("parties", nargs=-1, metavar="[BY [ON]]")
@click.option("--on", "day", metavar="DATE", required=True, help="The day (YYYY-MM-DD).")
@_AS_OF
@_FORMAT
@store_option
@reports_errors
def measures(parties: tuple[str, ...], day: str, as_of: str | None, fmt: str, store: str) -> None:
    """The trade measures in force, paused, announced or ended on a day, with their rates.

    BY is the party that imposes them, ON the party whose goods they apply to. A total is
    given where a source says one measure adds to another.

    \b
    Example:
      tradekg measures US India --on 2025-09-01
      tradekg measures US India --on 2025-05-01 --as-of 2025-05-01
    """
    from tradekg.graph.analysis.measures import measures_in_force
    from tradekg.graph.core.errors import UsageError

    if len(parties) > 2:
        raise UsageError("give at most two parties: BY and ON")
    the_day = _day(day, "--on")
    assert the_day is not None
    result = measures_in_force(open_store(store), the_day, *parties, as_of=_day(as_of, "--as-of"))
    if fmt == "json":
        echo_json(result)
        return
    scope = f", as reported by {result['as_of']}" if result["as_of"] else ""
    click.echo(f"Trade measures on {result['day']}{scope}")
    rows = []
    for m in result["measures"]:
        act = m["act"] or {}
        detail = []
        if m["pause"]:
            detail.append(f"paused from {m['pause']['effective']} ({m['pause']['label']})")
        if m["ended_by"]:
            detail.append(f"ended {m['ended_by']['effective']} ({m['ended_by']['label']})")
        for p in m["pending"]:
            detail.append(f"pending: {p['label']} (effective date not reported)" if not p["effective"]
                          else f"pending: {p['label']} (effective {p['effective']})")
        rows.append((m["measure"]["label"], m["state"], f"{m['rate']}%" if m["rate"] is not None else "",
                     m["since"] or (act.get("announced") or ""), act.get("label", ""), "; ".join(detail)))
    click.echo(table(["measure", "state", "rate", "since", "act", "notes"], rows, max_width=60))
    for t in result["totals"]:
        stated = f", as the source states ({t['stated_total']}%)" if t["stated_total"] is not None else ""
        click.echo(f"total: {t['total']}% = {' + '.join(f'{r}%' for r in t['rates'])}{stated}")
    for note in result["notes"]:
        click.echo(f"note: {note}", err=True)


@click.command()
@click.argument("demand")
@click.option("--on", "day", metavar="DATE", help="The day (YYYY-MM-DD); without it, everything dated.")
@_AS_OF
@_FORMAT
@store_option
@reports_errors
def status(demand: str, day: str | None, as_of: str | None, fmt: str, store: str) -> None:
    """A demand's status on a day, sector by sector, and the history that led there.

    Derived from the later claims that reiterate, concede, implement, reject, withdraw or
    supersede it; a concession through the sector hierarchy is marked inferred, with its rule.

    \b
    Example:
      tradekg status india-us-bta-tech-parity/us-concessions --on 2026-02-10
      tradekg status india-technology-access-parity --as-of 2026-02-10 --format json
    """
    from tradekg.graph.analysis.positions import demand_status

    result = demand_status(open_store(store), demand, _day(day, "--on"), _day(as_of, "--as-of"))
    if fmt == "json":
        echo_json(result)
        return
    when = f" on {result['day']}" if result["day"] else ""
    click.echo(f"{result['demand']['label']}{when}: {result['status']}")
    click.echo(table(["sector", "outcome", "how", "named", "by", "condition"],
                     [(s["sector"]["label"], s["outcome"], (s["how"] or "") + (f" ({s['rule']})" if s["rule"] else ""),
                       ", ".join(s["named"]), ", ".join(_short(b) for b in s["by"]), "; ".join(s["conditions"]))
                      for s in result["sectors"]], max_width=60))
    click.echo("\nhistory:")
    click.echo(table(["date", "step", "status after", "claim", "source"],
                     [(h["date"], h["step"], h["status"], h["claim"]["label"], h["claim"]["source"]["label"])
                      for h in result["history"]], max_width=60))
    if any(s["rule"] for s in result["sectors"]):
        for name, rule in result["rules"].items():
            click.echo(f"rule {name}: {rule}")
