"""Measure `tradekg ingest` on the seed article against its hand-encoded authoring file.

    python benchmarks/ingest_eval.py            # tables
    python benchmarks/ingest_eval.py --json     # one object

Ingestion runs with no corpus, so nothing it knows comes from the hand-encoded file. Reports:
- mention recall: of the entities the hand-encoded sources name (parties, sectors, technology
  areas, topics, forms, kinds, measures; the terms-of-reference topics too), how many the
  draft's mentions link;
- claim precision and recall by kind: a proposed claim matches a hand-encoded one of the same
  kind with the same key fields (below) and a quote from the same sentence; one-to-one;
- field agreement on matched claims, quote recall, and whether the draft validates once its
  `draft: true` is set to false.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tradekg.graph import vocabulary as vocab
from tradekg.graph.authoring import read_authoring
from tradekg.graph.build import bundled_sources, validate_sources
from tradekg.graph.ingest import SourceInfo, draft_yaml, ingest_file
from tradekg.graph.namespaces import TK
from tradekg.graph.quotes import QuoteLocator

GOLD = "india-us-bta-tech-parity"
KEY_FIELDS = {
    "demand": ("by", "to", "demand_kind"),
    "concern": ("by", "topic"),
    "alternative": ("by", "form"),
    "trade-figure": ("measure", "value"),
    "event": ("event_kind",),
    "status": ("status",),
}
PARTY_FIELDS = {"by", "to", "about", "parity_with", "involves", "reporter", "partner"}
CONCEPT_FIELDS = {
    "sectors": (TK.Sector, TK.TechnologyArea), "topic": (TK.ConcernTopic,), "form": (TK.InstrumentForm,),
    "instead_of_form": (TK.InstrumentForm,), "demand_kind": (TK.DemandKind,), "event_kind": (TK.EventKind,),
    "measure": (TK.TradeMeasure,), "direction": (TK.TradeDirection,), "status": (TK.AgreementStatus,),
}
ENTITY_KIND = {
    "by": "party", "to": "party", "about": "party", "parity_with": "party", "involves": "party",
    "reporter": "party", "partner": "party", "sectors": "sector or technology", "topic": "concern topic",
    "form": "instrument form", "instead_of_form": "instrument form", "demand_kind": "demand kind",
    "event_kind": "event kind", "measure": "trade measure",
}
COMPARED = ("to", "about", "sectors", "parity_with", "involves", "instead_of_form", "period", "reporter", "partner",
            "direction", "currency", "scale", "unit", "duration", "consecutive_periods", "reciprocity_cue", "hedge",
            "instead_of", "addresses", "conditions", "figures")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def resolve(field: str, value: Any) -> Any:
    """A field's value as IRIs (parties, concepts) or a normalised string, for comparison."""
    out = []
    for item in _as_list(value):
        text = str(item)
        try:
            if field in PARTY_FIELDS:
                out.append(str(vocab.resolve_party(text).iri))
                continue
            if field in CONCEPT_FIELDS:
                code = vocab.parse_hs_reference(text)
                out.append(str(vocab.hs_iri(code)) if code else str(vocab.resolve_concept(text, CONCEPT_FIELDS[field],
                                                                                           field)))
                continue
        except vocab.NameNotFound:
            pass
        if field == "value":
            out.append(str(float(text)))
        elif field == "duration":
            out.append(text.upper() if text.upper().startswith("P") else f"P{text.split()[0]}D")
        else:
            out.append(" ".join(text.lower().split()))
    return frozenset(out)


def gold_claims(locator: QuoteLocator) -> list[dict[str, Any]]:
    af = read_authoring(next(p for p in bundled_sources() if p.stem == GOLD))
    out = []
    for item in af.data["claims"]:
        quotes = _as_list(item.get("quotes") or item.get("quote"))
        spans = [locator.find(str(q)) for q in quotes]
        out.append({"id": item["id"], "kind": item["kind"], "fields": dict(item), "spans": [s for s in spans if s]})
    return out


def gold_entities() -> dict[str, set[str]]:
    """Entity IRIs the hand-encoded sources name, by kind."""
    wanted: dict[str, set[str]] = {}
    for path in bundled_sources():
        af = read_authoring(path)
        for item in af.data.get("claims") or []:
            for field, kind in ENTITY_KIND.items():
                if field in item:
                    wanted.setdefault(kind, set()).update(resolve(field, item[field]))
        for topic in _as_list(af.data["source"].get("topics")):
            wanted.setdefault("negotiation topic", set()).add(
                str(vocab.resolve_concept(str(topic), [TK.NegotiationTopic], "topic")))
    return wanted


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate() -> dict[str, Any]:
    text_path = next(p for p in bundled_sources() if p.stem == GOLD).with_suffix(".txt")
    text = text_path.read_text(encoding="utf-8")
    started = time.perf_counter()
    draft = ingest_file(text_path, SourceInfo("seed-draft", text_path="article.txt"), corpus=[])
    seconds = time.perf_counter() - started
    locator = QuoteLocator(text)

    # -- mentions
    linked = {e.iri for m in draft.scanned.mentions for e in m.links}
    mentions = {}
    for kind, iris in sorted(gold_entities().items()):
        found = sorted(iris & linked)
        mentions[kind] = {"named": len(iris), "found": len(found),
                          "missed": sorted(vocab.concept_label(vocab.URIRef(i)) if "/party/" not in i
                                           else vocab.resolve_party(i).label for i in iris - linked)}

    # -- claims
    gold = gold_claims(locator)
    proposed = []
    for c in draft.claims:
        fields = {**c.fields, "hedge": c.hedges, **{k: [r.id for r in v] for k, v in c.refs.items()}}
        proposed.append({"id": c.id, "kind": c.kind, "fields": fields, "spans": [(q.start, q.end) for q in c.quotes],
                         "confidence": c.confidence})
    matches: dict[str, str] = {}  # proposed id -> gold id
    for p in sorted(proposed, key=lambda p: -p["confidence"]):
        for g in gold:
            if g["id"] in matches.values() or g["kind"] != p["kind"]:
                continue
            if not any(overlaps(a, b) for a in p["spans"] for b in g["spans"]):
                continue
            if all(resolve(f, p["fields"].get(f)) == resolve(f, g["fields"].get(f)) for f in KEY_FIELDS[p["kind"]]):
                matches[p["id"]] = g["id"]
                break
    by_kind = {}
    for kind in KEY_FIELDS:
        g_n = sum(1 for g in gold if g["kind"] == kind)
        p_n = sum(1 for p in proposed if p["kind"] == kind)
        tp = sum(1 for p in proposed if p["kind"] == kind and p["id"] in matches)
        by_kind[kind] = {"gold": g_n, "proposed": p_n, "matched": tp,
                         "precision": round(tp / p_n, 3) if p_n else None,
                         "recall": round(tp / g_n, 3) if g_n else None,
                         "unmatched_proposed": [p["id"] for p in proposed
                                                if p["kind"] == kind and p["id"] not in matches],
                         "missed_gold": [g["id"] for g in gold
                                         if g["kind"] == kind and g["id"] not in matches.values()]}
    tp = len(matches)
    total = {"gold": len(gold), "proposed": len(proposed), "matched": tp,
             "precision": round(tp / len(proposed), 3) if proposed else None,
             "recall": round(tp / len(gold), 3) if gold else None}

    # -- fields of matched claims; claim references compared through the matching
    gold_by_id = {g["id"]: g for g in gold}
    fields: dict[str, dict[str, int]] = {}
    quote_hits = quote_total = 0
    for p in proposed:
        if p["id"] not in matches:
            continue
        g = gold_by_id[matches[p["id"]]]
        for name in COMPARED:
            pv, gv = p["fields"].get(name), g["fields"].get(name)
            if pv in (None, [], "") and gv in (None, [], ""):
                continue
            if name in ("instead_of", "addresses", "conditions", "figures"):
                pset = frozenset(matches.get(x, "?" + x) for x in _as_list(pv))
                gset = frozenset(str(x) for x in _as_list(gv))
            else:
                pset, gset = resolve(name, pv), resolve(name, gv)
            stat = fields.setdefault(name, {"gold": 0, "proposed": 0, "agreed": 0})
            stat["gold"] += len(gset)
            stat["proposed"] += len(pset)
            stat["agreed"] += len(pset & gset)
        for span in g["spans"]:
            quote_total += 1
            quote_hits += any(overlaps(span, s) for s in p["spans"])

    # -- does the draft validate once a person sets draft: false (with no other edit)?
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(text_path, Path(tmp) / "article.txt")
        reviewed = Path(tmp) / "draft.yaml"
        reviewed.write_text(draft_yaml(draft).replace("\ndraft: true\n", "\ndraft: false\n"), encoding="utf-8")
        problems = validate_sources([reviewed])
    errors = [str(p).replace(str(reviewed), "draft.yaml") for p in problems if p.severity == "error"]

    return {"seconds": round(seconds, 3), "mentions": mentions, "claims": by_kind, "total": total,
            "fields": fields, "quotes": {"gold_quotes_of_matched_claims": quote_total, "found": quote_hits},
            "validate_errors_after_setting_draft_false": errors}


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = evaluate()
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    print(f"tradekg ingest on the seed article ({result['seconds']} s, first call in the process)\n")
    print("Mention recall (entities the hand-encoded sources name, linked by the draft's mentions)")
    named = found = 0
    for kind, m in result["mentions"].items():
        named += m["named"]
        found += m["found"]
        missed = f"  missed: {', '.join(m['missed'])}" if m["missed"] else ""
        print(f"  {kind:<22} {_pct(m['found'], m['named'])}{missed}")
    print(f"  {'all':<22} {_pct(found, named)}\n")
    print("Candidate claims against the hand-encoded claims (same kind, key fields, sentence)")
    print(f"  {'kind':<13} {'gold':>4} {'proposed':>8} {'matched':>7} {'precision':>9} {'recall':>6}")
    for kind, c in [*result["claims"].items(), ("all", result["total"])]:
        p = "-" if c["precision"] is None else f"{c['precision']:.2f}"
        r = "-" if c["recall"] is None else f"{c['recall']:.2f}"
        print(f"  {kind:<13} {c['gold']:>4} {c['proposed']:>8} {c['matched']:>7} {p:>9} {r:>6}")
    for kind, c in result["claims"].items():
        if c["unmatched_proposed"] or c["missed_gold"]:
            print(f"    {kind}: extra {c['unmatched_proposed'] or '-'}; missed {c['missed_gold'] or '-'}")
    print("\nFields of matched claims (values agreed / in the hand-encoded claims / proposed)")
    for name, s in result["fields"].items():
        print(f"  {name:<20} {s['agreed']:>3} / {s['gold']:>3} / {s['proposed']:>3}")
    q = result["quotes"]
    print(f"\nQuotes of matched claims found: {_pct(q['found'], q['gold_quotes_of_matched_claims'])}")
    errors = result["validate_errors_after_setting_draft_false"]
    print(f"Draft with 'draft: false' and no other edit: {len(errors)} validation errors")
    for e in errors:
        print(f"  {e}")


if __name__ == "__main__":
    main()
