"""The draft a reviewer reads: candidate claims as an authoring file (YAML) or as JSON for scripts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml

from tradekg.graph.core.errors import InputError
from tradekg.graph.ingest.article import Draft
from tradekg.graph.ingest.proposals.reading import Candidate
from tradekg.graph.sources.authoring.format import FORMAT, MAX_AUTHORING_BYTES

__all__ = ["claim_fields", "draft_json", "draft_yaml"]

# ---------------------------------------------------------------- output


_REF_KEYS = ("in_exchange_for", "blocks", "conditions", "figures", "instead_of", "addresses")


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def claim_fields(c: Candidate, default_agreement: str | None) -> dict[str, Any]:
    """The claim as authoring-file keys, in the order a person reads them (no quotes, no comments)."""
    out: dict[str, Any] = {"id": c.id, "kind": c.kind, "confidence": c.confidence}
    for key, value in c.fields.items():
        if value is None or value == [] or value == "":
            continue
        if key == "agreement":
            if value == default_agreement:
                continue
        out[key] = _number(value)
    for key in _REF_KEYS:
        refs = [r.id for r in c.refs.get(key, []) if r is not c]
        if refs:
            out[key] = refs
    if c.hedges:
        out["hedge"] = c.hedges if len(c.hedges) > 1 else c.hedges[0]
    return out


def _missing(c: Candidate) -> list[str]:
    required = {"demand": ("by", "to", "demand_kind"), "concern": ("by", "about", "topic"),
                "alternative": ("by", "form"), "trade-figure": ("measure", "value", "period", "reporter", "partner",
                                                                 "direction"),
                "event": ("event_kind",), "status": ("status",)}[c.kind]
    missing = [k for k in required if not c.fields.get(k)]
    if c.kind == "alternative" and not c.refs.get("instead_of"):
        missing.append("instead_of")
    return missing


class _DraftDumper(yaml.SafeDumper):
    """Block mappings; short lists of names on one line (``sectors: [textiles, shrimp]``), quotes one per line."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    short = all(isinstance(x, (str, int, float)) and len(str(x)) <= 60 for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=short)


_DraftDumper.add_representer(list, _represent_list)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_DraftDumper, sort_keys=False, allow_unicode=True, width=10**6,
                     default_flow_style=False)


def _indent(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(keepends=True))


def draft_yaml(draft: Draft) -> str:
    """The draft as an authoring file (``draft: true``), with review notes as comments."""
    src = draft.source
    lines = [
        f"# Draft written by `tradekg ingest` from {src.text_path or 'an article'}: {len(draft.sentences)} sentences, "
        f"{len(draft.claims)} candidate claims.",
        "# Review it against the article: check every claim against its quote, fix or delete what is wrong,",
        "# add what is missing. Then set `draft: false` and run `tradekg validate` on this file.",
        "# `confidence` is how sure the rule was of its reading (not of the fact); notes say what to check.",
        f"format: {FORMAT}",
        "draft: true",
        "",
    ]
    source: dict[str, Any] = {"id": src.id, "kind": "article", "title": draft.title}
    for key, value in (("publisher", src.publisher), ("url", src.url), ("published", src.published)):
        if value is not None:
            source[key] = value
    source["language"] = "en"
    if src.text_path:
        source["text"] = src.text_path
    if draft.default_agreement is not None:
        source["agreement"] = draft.default_agreement.id
    missing = [key for key, value in (("publisher", src.publisher), ("url", src.url), ("published", src.published))
               if value is None]
    if draft.title_guessed or missing:
        said = ["title: guessed from the first heading, check it"] if draft.title_guessed else []
        said += [f"add {' and '.join(missing)} if known"] if missing else []
        lines.append(f"# {'; '.join(said)}.")
    lines.append(_dump({"source": source}).rstrip())
    if draft.agreements:
        lines += ["", "# Agreements the article names: copied from the corpus where it defines them (same id and",
                  "# labels); new ones are proposals: check the label and the parties."]
        items = [{"id": a.id, "label": a.label, **({"alt_labels": list(a.alt_labels)} if a.alt_labels else {}),
                  "parties": list(a.parties)} for a in draft.agreements]
        lines.append(_dump({"agreements": items}).rstrip())
    lines += ["", "claims:" if draft.claims else "claims: []"]
    default_id = draft.default_agreement.id if draft.default_agreement else None
    for c in draft.claims:
        lines.append("")
        hedge = f"; hedged: {', '.join(c.hedges)}" if c.hedges else ""
        lines.append(f"  # {c.kind}, confidence {c.confidence}{hedge}")
        for note in c.notes:
            lines.append(f"  # check: {note}")
        missing = _missing(c)
        if missing:
            lines.append(f"  # missing: {', '.join(missing)} (validate will ask for them)")
        body = claim_fields(c, default_id)
        block = _dump(body)
        quotes = [q.text for q in c.quotes]
        block += _dump({"quote": quotes[0]} if len(quotes) == 1 else {"quotes": quotes})
        first, *rest = block.splitlines(keepends=True)
        lines.append(("  - " + first + _indent("".join(rest), "    ")).rstrip())
    review = [m for m in draft.candidates if m.candidate == "name"]
    if review:
        lines += ["", "# Names the catalogue does not know (add an alias to the vocabulary if one is a party or"
                  " sector):"]
        seen: set[str] = set()
        for m in review:
            if m.text not in seen:
                seen.add(m.text)
                lines.append(f"#   {m.text!r} (sentence {m.sentence})")
    text = "\n".join(lines) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_AUTHORING_BYTES:  # what ingest writes, validate must read
        raise InputError(src.text_path or src.id, None, f"its draft would be {size:,} bytes, more than "
                         f"`tradekg validate` reads ({MAX_AUTHORING_BYTES:,}); split the article")
    return text


def _quote_json(c: Candidate) -> dict[str, Any]:
    return {"quote": c.quotes[0].text, "start": c.quotes[0].start, "end": c.quotes[0].end}


def draft_json(draft: Draft) -> dict[str, Any]:
    """The draft as one object: sentences, mentions (``text == article[start:end]``) and claims."""
    default_id = draft.default_agreement.id if draft.default_agreement else None
    claims = []
    for c in draft.claims:
        fields = claim_fields(c, default_id)
        item: dict[str, Any] = {"id": c.id, "kind": c.kind, **_quote_json(c), "confidence": c.confidence}
        for key, value in fields.items():
            if key not in item:
                item[key] = value.isoformat() if isinstance(value, dt.date) else value
        item["hedge"] = list(c.hedges)
        item["quotes"] = [{"text": q.text, "start": q.start, "end": q.end, "sentence": q.sentence} for q in c.quotes]
        item["notes"] = list(c.notes)
        claims.append(item)
    src = draft.source
    return {
        "source": {"id": src.id, "title": draft.title, "publisher": src.publisher, "url": src.url,
                   "published": src.published.isoformat() if src.published else None, "text": src.text_path,
                   "agreement": default_id},
        "agreements": [{"id": a.id, "label": a.label, "alt_labels": list(a.alt_labels), "parties": list(a.parties),
                        "new": a.new} for a in draft.agreements],
        "sentences": [s.as_dict() for s in draft.sentences],
        "mentions": [m.as_dict() for m in draft.reported_mentions()],
        "claims": claims,
    }


