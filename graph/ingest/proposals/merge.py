"""Candidates of one article merged (one claim quoted by several sentences) and linked to each other."""

from __future__ import annotations

from typing import Any

from tradekg.graph.ingest.proposals.reading import Candidate, clamp

__all__ = ["link", "merge"]

# ---------------------------------------------------------------- merging and linking


def _merge_key(c: Candidate) -> tuple[Any, ...]:
    f = c.fields
    if c.kind == "demand":
        return ("demand", f.get("by"), f.get("to"), f.get("demand_kind"))
    if c.kind == "concern":
        return ("concern", f.get("by"), tuple(f.get("about") or ()), f.get("topic"))
    if c.kind == "alternative":
        return ("alternative", f.get("by"), f.get("form"))
    if c.kind == "trade-figure":
        return ("trade-figure", f.get("measure"), str(f.get("value")), f.get("period"), f.get("reporter"),
                f.get("partner"))
    if c.kind == "event":
        return ("event", f.get("event_kind"), f.get("duration"), f.get("start"), f.get("end"))
    if c.kind == "measure":
        return ("measure", f.get("measure"), f.get("action"), f.get("rate"), f.get("rate_before"), f.get("effective"),
                c.quotes[0].start)
    if c.kind == "stance":
        return ("stance", f.get("by"), f.get("stance"), c.quotes[0].start)
    if c.kind == "commitment":
        return ("commitment", f.get("by"), f.get("to"), f.get("commitment_kind"), c.quotes[0].start)
    return ("status", f.get("status"), f.get("agreement"))


_LIST_FIELDS = ("sectors", "parity_with", "involves", "about")


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """One claim per who-asks-whom-for-what (per who-worries-about-what, per figure...), quotes joined."""
    by_key: dict[tuple[Any, ...], Candidate] = {}
    replaced: dict[int, Candidate] = {}
    quote_starts: dict[int, dict[int, int]] = {}  # per kept candidate: quote start -> its number
    for c in candidates:
        key = _merge_key(c)
        kept = by_key.get(key)
        if kept is None:
            by_key[key] = c
            continue
        replaced[id(c)] = kept
        if id(kept) not in quote_starts:
            quote_starts[id(kept)] = {q.start: n for n, q in enumerate(kept.quotes, start=1)}
            # Notes now say which quote they are about.
            kept.notes = [f"quote 1: {note}" for note in kept.notes]
        starts = quote_starts[id(kept)]
        for q in c.quotes:
            if q.start not in starts:
                kept.quotes.append(q)
                starts[q.start] = len(kept.quotes)
        kept.confidence = max(kept.confidence, c.confidence)
        kept.hedges = list(dict.fromkeys(kept.hedges + c.hedges))
        for name in _LIST_FIELDS:
            if c.fields.get(name):
                kept.fields[name] = list(dict.fromkeys([*(kept.fields.get(name) or []), *c.fields[name]]))
        for name, value in c.fields.items():
            kept.fields.setdefault(name, value)
        number = starts.get(c.quotes[0].start, 1)  # a look-up: a scan of the quotes made long articles quadratic
        for note in c.notes:
            kept.add_note(f"quote {number}: {note}")
        for ref, others in c.refs.items():
            for other in others:
                kept.add_ref(ref, other)
    merged = list(by_key.values())
    for c in merged:  # references to a candidate merged away point at the one kept
        for ref in list(c.refs):
            for other in c.clear_refs(ref):
                target = other
                while id(target) in replaced:
                    target = replaced[id(target)]
                c.add_ref(ref, target)
    return sorted(merged, key=lambda c: (c.position, c.kind))


def link(claims: list[Candidate]) -> None:
    """Resolve the references rules could not set alone: what an alternative replaces, what a concern holds up."""
    demands = [c for c in claims if c.kind == "demand"]

    def demand_from(requester: str | None, addressee: str | None, before: int) -> Candidate | None:
        fits = [d for d in demands if d.fields.get("by") == requester and d.fields.get("to") == addressee]
        earlier = [d for d in fits if d.position <= before]
        if earlier:
            return max(earlier, key=lambda d: max(q.start for q in d.quotes if q.start <= before))
        return fits[0] if fits else None

    for c in claims:
        if c.kind == "alternative":
            target = demand_from(c.fields.get("to"), c.fields.get("by"), c.position)
            if target is not None:
                c.add_ref("instead_of", target)
            else:
                c.add_note("no demand found that this alternative replaces: fill in 'instead_of'")
                c.confidence = clamp(c.confidence - 0.2)
    for c in claims:  # after every alternative knows what it replaces
        if c.kind == "concern":
            for alt in c.clear_refs("conditions_via"):
                for target in alt.refs.get("instead_of", []):
                    c.add_ref("conditions", target)
            if c.clear_refs("blocks_pending"):
                abouts = c.fields.get("about") or []
                target = demand_from(abouts[0] if abouts else None, c.fields.get("by"), c.position)
                if target is not None:
                    c.add_ref("blocks", target)
                    c.add_note("the sentence says something stands in the way: check what this concern blocks")
