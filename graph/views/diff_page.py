"""The diff page: ``tradekg view --diff D1 D2`` — what changed between two days, each change
with its evidence, new / changed / ended told apart by a glyph and a word, not colour alone.

:func:`diff_model` reads :func:`~tradekg.graph.analysis.diff.diff` (what ``tradekg diff``
prints) into rows; :func:`diff_html` writes them as one self-contained page that runs no
script at all (every text escaped in the markup).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rdflib import Graph

from tradekg.graph.views.pages import clip

__all__ = ["CHANGES", "MAX_ROWS", "diff_html", "diff_model"]

# How a change is told apart: a glyph, a word and a colour (the colour only helps).
CHANGES = {
    "new": {"glyph": "+", "word": "new"},
    "changed": {"glyph": "~", "word": "changed"},
    "ended": {"glyph": "×", "word": "ended"},
}
QUOTE_CHARS = 600
# Rows listed at most in each section, so that the page stays under 2 MB whatever the span (a
# row with its evidence is about 0.7 KB, 1.2 KB at most); the section says how many it leaves
# out, and `tradekg diff` lists them all.
MAX_ROWS = 500


def _evidence(claim: Mapping[str, Any], step: str | None = None, date: str | None = None) -> dict[str, Any]:
    return {"label": clip(claim.get("label") or claim.get("iri", ""), 300), "iri": claim.get("iri"),
            "date": date or claim.get("date") or claim.get("effective"), "step": step,
            "quote": clip(claim.get("quote") or "", QUOTE_CHARS),
            "source": clip((claim.get("source") or {}).get("label") or "", 200),
            "reported": claim.get("reported")}


def _rate(state: Mapping[str, Any]) -> str:
    return str(state["state"]) + (f" {state['rate']}%" if state.get("rate") is not None else "")


def diff_model(graph: Graph, first: str | dt.date, second: str | dt.date,
               as_of: str | dt.date | None = None) -> dict[str, Any]:
    """What the diff page from ``first`` to ``second`` shows (as reported by ``as_of``).

    Returns ``{"title", "from", "to", "as_of", "sections": [{"title", "rows", "total", "counts",
    "left_out"}], "counts"}``: a section lists its first :data:`MAX_ROWS` rows and counts them all;
    each row has ``change`` (new, changed or ended), ``kind``, ``label``, ``from``/``to`` where
    something moved, and ``evidence`` (claim, date, quote, source).
    """
    from tradekg.graph.analysis.dated import check_day
    from tradekg.graph.analysis.diff import diff

    first_day, second_day = check_day(first, "first day"), check_day(second, "second day")
    assert first_day is not None and second_day is not None
    result = diff(graph, first_day, second_day, check_day(as_of, "as-of day"))
    positions: list[dict[str, Any]] = []
    for o in result["opened"]:
        positions.append({"change": "new", "kind": o["kind"], "label": clip(o["label"], 300), "what": "opened",
                          "from": None, "to": None, "evidence": [_evidence(o)]})
    for c in result["changed"]:
        positions.append({"change": "changed", "kind": "demand", "label": clip(c["demand"]["label"], 300),
                          "what": "status changed", "from": c["from"], "to": c["to"],
                          "evidence": [_evidence(h["claim"], h["step"], h["date"]) for h in c["evidence"]]})
    for c in result["closed"]:
        positions.append({"change": "ended", "kind": "demand", "label": clip(c["demand"]["label"], 300),
                          "what": "closed", "from": c["from"], "to": c["to"],
                          "evidence": [_evidence(h["claim"], h["step"], h["date"]) for h in c["evidence"]]})
    measures = []
    for m in result["measures"]:
        change = ("new" if m["change"] == "came into force" else
                  "ended" if m["to"]["state"] != "in force" and m["from"]["state"] == "in force" else "changed")
        measures.append({"change": change, "kind": "measure", "label": clip(m["measure"]["label"], 300),
                         "what": m["change"], "from": _rate(m["from"]), "to": _rate(m["to"]),
                         "evidence": [_evidence(e, e.get("action"), e.get("effective")) for e in m["evidence"]]})
    figures = [{"change": "new", "kind": "trade-figure", "label": clip(f["label"], 300), "what": "newly reported",
                "from": None, "to": None, "evidence": [_evidence(f, None, f.get("reported"))]}
               for f in result["figures"]]
    sections: list[dict[str, Any]] = [
        {"id": "positions", "title": "Positions opened, changed and closed", "rows": positions},
        {"id": "measures", "title": "Measures in force or ended", "rows": measures},
        {"id": "figures", "title": "Trade figures newly reported", "rows": figures},
    ]
    rows: list[dict[str, Any]] = [r for s in sections for r in s["rows"]]
    counts = {change: sum(1 for r in rows if r["change"] == change) for change in CHANGES}
    for section in sections:
        section["total"] = len(section["rows"])
        section["counts"] = {change: sum(1 for r in section["rows"] if r["change"] == change) for change in CHANGES}
        section["left_out"] = max(0, section["total"] - MAX_ROWS)
        section["rows"] = section["rows"][:MAX_ROWS]
    scope = f", as reported by {result['as_of']}" if result["as_of"] else ""
    return {"title": f"What changed from {result['from']} to {result['to']}{scope}", "from": result["from"],
            "to": result["to"], "as_of": result["as_of"], "sections": sections, "counts": counts, "links": []}


def diff_html(model: Mapping[str, Any]) -> str:
    """The page for ``model`` (from :func:`diff_model`): self-contained, no script, text escaped."""
    from tradekg.graph.views.pages import render_page

    return render_page("diff.html", scripts=[], title=model["title"], sections=model["sections"],
                       counts=model["counts"], changes=CHANGES, links=model.get("links", []))
