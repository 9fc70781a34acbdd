"""The draft a reviewer reads: candidate claims as an authoring file (YAML) or as JSON for scripts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml

from tradekg.graph.core.errors import InputError
from tradekg.graph.core.names import fold
from tradekg.graph.ingest.article import Draft
from tradekg.graph.ingest.proposals.commitments import UNPACKAGED_KINDS
from tradekg.graph.ingest.proposals.reading import Candidate
from tradekg.graph.ingest.textscan import REPORTED_KINDS
from tradekg.graph.sources.authoring.format import FORMAT, MAX_AUTHORING_BYTES

__all__ = ["claim_fields", "draft_json", "draft_yaml"]

# ---------------------------------------------------------------- output


_REF_KEYS = ("in_exchange_for", "blocks", "conditions", "figures", "instead_of", "addresses", "responds_to")
# Links to claims of a built store (``--store``): written as ``source-id/claim-id``.
LINK_KEYS = ("reiterates", "revises", "concedes", "rejects", "supersedes", "responds_to")


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
        refs += [link.target for link in c.links if link.key == key]
        if refs:
            out[key] = refs
    for key in LINK_KEYS:
        if key in out:
            continue
        refs = [link.target for link in c.links if link.key == key]
        if refs:
            out[key] = refs
    if c.hedges:
        out["hedge"] = c.hedges if len(c.hedges) > 1 else c.hedges[0]
    return out


def _missing(c: Candidate) -> list[str]:
    required = {"demand": ("by", "to", "demand_kind"), "concern": ("by", "about", "topic"),
                "alternative": ("by", "form"), "trade-figure": ("measure", "value", "period", "reporter", "partner",
                                                                 "direction"),
                "event": ("event_kind",), "status": ("status",), "measure": ("measure", "action"),
                "stance": ("by", "stance"), "commitment": ("by", "commitment_kind")}[c.kind]
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


def _sentence_of(draft: Draft, pos: int) -> int:
    return draft.time_sentence.get(pos, -1)


def _review_lines(draft: Draft, c: Candidate, unlinked: list[Any]) -> list[str]:
    """What the claim rests on, as comments: mentions, dates and amounts taken, and what its
    sentences hold that the rules could not place."""
    sentences = {q.sentence for q in c.quotes}
    lines = []
    mentions = [m for m in draft.scanned.mentions if m.sentence in sentences and m.entity is not None
                and m.entity.kind in REPORTED_KINDS]
    if mentions:
        shown = list(dict.fromkeys(f"{m.text!r} {m.entity.kind} {m.entity.label}"
                                   if fold(m.text) != fold(m.entity.label) else f"{m.text!r} {m.entity.kind}"
                                   for m in mentions if m.entity is not None))
        lines.append(f"# mentions: {'; '.join(shown)}")
    taken_dates = [u for u in c.uses if u[0] == "date"]
    if taken_dates:
        lines.append("# dates: " + "; ".join(f"{words!r} -> {value} ({key})"
                                             for _, key, _, _, words, value in taken_dates))
    taken_amounts = [u for u in c.uses if u[0] == "amount"]
    if taken_amounts:
        lines.append("# amounts: " + "; ".join(f"{words!r} -> {key} {value}"
                                               for _, key, _, _, words, value in taken_amounts))
    used = {(u[2], u[3]) for u in c.uses}
    loose_amounts = [q for q in unlinked if draft.quantity_sentence.get(q.start) in sentences]
    loose_dates = [t for t in draft.times if _sentence_of(draft, t.start) in sentences and (t.start, t.end) not in used
                   and not any(t.start < b and a < t.end for a, b in used)]
    names = [m for m in draft.candidates if m.candidate == "name" and m.sentence in sentences]
    loose = [f"amount {q.text!r} ({q.shown()})" for q in loose_amounts]
    loose += [f"date {t.text!r} ({t.value})" for t in loose_dates]
    loose += [f"name {m.text!r}" for m in names]
    if loose:
        lines.append("# not placed: " + "; ".join(loose))
    return lines


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
    published_from_dateline = src.published is None and draft.reference is not None
    for key, value in (("publisher", src.publisher), ("url", src.url),
                       ("published", src.published or (draft.reference if published_from_dateline else None))):
        if value is not None:
            source[key] = value
    source["language"] = "en"
    if src.text_path:
        source["text"] = src.text_path
    if draft.default_agreement is not None:
        source["agreement"] = draft.default_agreement.id
    missing = [key for key, value in (("publisher", src.publisher), ("url", src.url),
                                      ("published", src.published or draft.reference)) if value is None]
    if draft.title_guessed or missing:
        said = ["title: guessed from the first heading, check it"] if draft.title_guessed else []
        said += [f"add {' and '.join(missing)} if known"] if missing else []
        said += ["published: the dateline's date"] if published_from_dateline else []
        lines.append(f"# {'; '.join(said)}.")
    lines.append(_dump({"source": source}).rstrip())
    if draft.reference is not None:
        lines.append(f"# Relative dates ('on Tuesday', 'last week', 'from 20 March') count from "
                     f"{draft.reference.isoformat()}, "
                     f"{draft.reference_how}.")
    else:
        lines.append("# No publication date (--date) and no dateline: dates without a year and relative dates are "
                     "left out.")
    if draft.bloc_members:
        lines.append("# Blocs and the members the text names (the authoring format records no membership):")
        for bloc, members in draft.bloc_members.items():
            lines.append(f"#   {bloc}: {', '.join(members)}")
    vocabulary: list[dict[str, Any]] = [{"scheme": "instruments", "id": k, "label": v}
                                        for k, v in draft.instruments.items()]
    kinds = dict.fromkeys(c.fields["commitment_kind"] for c in draft.claims if c.kind == "commitment")
    vocabulary += [{"scheme": "commitment kinds", "id": UNPACKAGED_KINDS[k][0], "label": k,
                    "definition": UNPACKAGED_KINDS[k][1]} for k in kinds if k in UNPACKAGED_KINDS]
    if vocabulary:
        lines += ["", "# Legal bases the article names (proposed as new instruments: check each name), and the kinds",
                  "# the claims use that the packaged vocabulary lacks (as the bundled corpus defines them)."]
        lines.append(_dump({"vocabulary": vocabulary}).rstrip())
    if draft.measures:
        lines += ["", "# Measures the claims below act on: who imposes each, on whom, of what kind. Check them;",
                  "# a measure another file of the corpus defines should be named by its id instead."]
        lines.append(_dump({"measures": [{"id": m.id, "label": m.label, "by": m.by,
                                          **({"on": list(m.on)} if m.on else {}), "measure_kind": m.measure_kind}
                                         for m in draft.measures]}).rstrip())
    if draft.agreements:
        lines += ["", "# Agreements the article names: copied from the corpus where it defines them (same id and",
                  "# labels); new ones are proposals: check the label and the parties."]
        items = [{"id": a.id, "label": a.label, **({"alt_labels": list(a.alt_labels)} if a.alt_labels else {}),
                  "parties": list(a.parties)} for a in draft.agreements]
        lines.append(_dump({"agreements": items}).rstrip())
    lines += ["", "claims:" if draft.claims else "claims: []"]
    default_id = draft.default_agreement.id if draft.default_agreement else None
    unlinked = draft.unlinked_amounts()
    for c in draft.claims:
        lines.append("")
        hedge = f"; hedged: {', '.join(c.hedges)}" if c.hedges else ""
        lines.append(f"  # {c.kind}, confidence {c.confidence}{hedge}")
        for line in _review_lines(draft, c, unlinked):
            lines.append(f"  {line}")
        for note in c.notes:
            lines.append(f"  # check: {note}")
        for link in c.links:
            lines.append(f"  # link {link.key} {link.target} (confidence {link.confidence}: {link.rule}): "
                         f"{link.label!r}; keep it or delete it")
        missing = _missing(c)
        if missing:
            lines.append(f"  # missing: {', '.join(missing)} (validate will ask for them)")
        body = claim_fields(c, default_id)
        block = _dump(body)
        quotes = [q.text for q in c.quotes]
        block += _dump({"quote": quotes[0]} if len(quotes) == 1 else {"quotes": quotes})
        first, *rest = block.splitlines(keepends=True)
        lines.append(("  - " + first + _indent("".join(rest), "    ")).rstrip())
    loose = draft.unlinked_amounts()
    if loose:
        lines += ["", "# Amounts no claim took, with their sentence: add them to a claim or leave them out."]
        for q in loose:
            n = draft.quantity_sentence.get(q.start, -1)
            sentence = next((x.text for x in draft.sentences if x.index == n), "")
            lines.append(f"#   {q.text!r} = {q.shown()} (sentence {n}: {sentence!r})")
    used_dates = {(u[2], u[3]) for c in draft.claims for u in c.uses if u[0] == "date"}
    loose_dates = [t for t in draft.times if (t.start, t.end) not in used_dates]
    if loose_dates:
        lines += ["", "# Dates no claim took (resolved value; sentence):"]
        for t in loose_dates:
            lines.append(f"#   {t.text!r} = {t.value} (sentence {_sentence_of(draft, t.start)}; {t.how})")
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
        item["links"] = [{"key": link.key, "target": link.target, "rule": link.rule, "confidence": link.confidence,
                          "label": link.label} for link in c.links]
        item["dates"] = [{"field": key, "text": words, "start": a, "end": b, "value": value}
                         for what, key, a, b, words, value in c.uses if what == "date"]
        item["amounts"] = [{"field": key, "text": words, "start": a, "end": b, "value": value}
                           for what, key, a, b, words, value in c.uses if what == "amount"]
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
        "reference": {"date": draft.reference.isoformat() if draft.reference else None, "from": draft.reference_how},
        "times": [t.as_dict() for t in draft.times],
        "amounts": [{**q.as_dict(), "sentence": draft.quantity_sentence.get(q.start), "shown": q.shown()}
                    for q in draft.quantities],
        "unlinked_amounts": [{**q.as_dict(), "sentence": draft.quantity_sentence.get(q.start)}
                             for q in draft.unlinked_amounts()],
        "blocs": [{"bloc": bloc, "members": members} for bloc, members in draft.bloc_members.items()],
        "measures": [{"id": m.id, "label": m.label, "by": m.by, "on": list(m.on), "measure_kind": m.measure_kind}
                     for m in draft.measures],
        "instruments": [{"id": k, "label": v} for k, v in draft.instruments.items()],
        "claims": claims,
    }


