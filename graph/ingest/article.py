"""Assisted ingestion: from an article's plain text to a draft authoring file a person reviews.

:func:`ingest_text` reads the text offline — sentences with offsets, mentions linked to the
catalogue, candidate claims with their quotes and confidence — and returns a :class:`Draft`.
:func:`draft_yaml` writes it in the authoring format (``draft: true``: ``validate`` and
``build`` refuse it until a person has reviewed it and set ``draft: false``);
:func:`draft_json` gives the same as one JSON object for scripts. Nothing here touches a store.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from tradekg.graph.authoring import FORMAT, CorpusIndex, read_authoring
from tradekg.graph.errors import InputError, TradekgError, UsageError
from tradekg.graph.files import read_text
from tradekg.graph.names import fold
from tradekg.graph.namespaces import AGREEMENT
from tradekg.graph.proposals import Candidate, main_parties, propose_claims
from tradekg.graph.quantities import find_amounts
from tradekg.graph.textscan import REPORTED_KINDS, Entity, Mention, ScannedText, Sentence, scan_text
from tradekg.graph.yamlio import LDict, LList

# An article is small; this bound keeps memory and time in check on a runaway file.
MAX_ARTICLE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class SourceInfo:
    """What the command line says about the source; the rest is read from the text."""

    id: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    text_path: str | None = None  # as the draft should name it, relative to the draft


@dataclass(frozen=True)
class KnownAgreement:
    """An agreement defined in a corpus (or proposed from the text) that claims may point at."""

    id: str
    label: str
    alt_labels: tuple[str, ...]
    parties: tuple[str, ...]
    new: bool = False  # proposed from the article's text, not defined in the corpus


@dataclass
class Draft:
    """Everything ingestion found in one article."""

    source: SourceInfo
    title: str
    title_guessed: bool
    scanned: ScannedText
    claims: list[Candidate]
    agreements: list[KnownAgreement]
    default_agreement: KnownAgreement | None
    candidates: list[Mention] = field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        return self.scanned.sentences

    def reported_mentions(self) -> list[Mention]:
        """Linked mentions of the kinds a reader looks for, and unlinked names and amounts, in text order."""
        linked = [m for m in self.scanned.mentions if m.entity is not None and m.entity.kind in REPORTED_KINDS]
        return sorted(linked + self.candidates, key=lambda m: (m.start, m.end))


# ---------------------------------------------------------------- agreements


def corpus_agreements(paths: Sequence[str | os.PathLike[str]]) -> list[KnownAgreement]:
    """The agreements the authoring files under ``paths`` define (files that cannot be read are skipped)."""
    from tradekg.graph.build import discover_sources

    out: dict[str, KnownAgreement] = {}
    for path in discover_sources(paths) if paths else []:
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        try:
            af = read_authoring(path)
        except TradekgError:
            continue
        index = CorpusIndex()
        index.add_file(af)
        items = af.data.get("agreements")
        for item in items if isinstance(items, LList) else []:
            if not isinstance(item, LDict) or item.get("id") not in index.agreements:
                continue
            parties = item.get("parties")
            names = tuple(str(p) for p in parties) if isinstance(parties, LList) else ()
            d = index.agreements[item["id"]]
            out.setdefault(d.id, KnownAgreement(d.id, d.label, tuple(d.alt_labels), names))
    return list(out.values())


_AGREEMENT_NAME = re.compile(
    r"(?<![\w’'–-])((?:[A-Z][\w’'–-]*\s+){1,6}?(?:Agreement|Treaty|Pact|Partnership|Accord))\b(?:\s+\((?P<acr>[A-Z][A-Za-z]{1,9})\))?")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "x"


def agreements_named(text: str, known: Sequence[KnownAgreement]) -> list[KnownAgreement]:
    """Agreements the text names: known ones by any name, and new capitalised names such as
    "Bilateral Trade Agreement (BTA)" (``new``, their parties still to be filled in)."""
    keys = {fold(n): a for a in known for n in (a.id, a.label, *a.alt_labels)}
    found: dict[str, KnownAgreement] = {}
    for agreement in known:  # by any of its names, acronyms in capitals only
        for name in (agreement.label, *agreement.alt_labels):
            flags = 0 if name.isupper() else re.IGNORECASE
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags):
                found.setdefault(agreement.id, agreement)
                break
    for m in _AGREEMENT_NAME.finditer(text):
        label = re.sub(r"^(?:The|A|An)\s+", "", " ".join(m.group(1).split()))
        acronym = m.group("acr")
        match = keys.get(fold(label)) or (keys.get(fold(acronym)) if acronym else None)
        if match is not None:
            found.setdefault(match.id, match)
            continue
        if len(label.split()) < 2:
            continue
        new_id = _slug(acronym or label)
        existing = found.get(new_id) or next(
            (a for a in found.values() if a.new and fold(a.label) == fold(label)), None)
        if existing is not None:
            if acronym and acronym not in existing.alt_labels:
                found[existing.id] = KnownAgreement(existing.id, existing.label, (*existing.alt_labels, acronym),
                                                    existing.parties, True)
            continue
        found[new_id] = KnownAgreement(new_id, label, (acronym,) if acronym else (), (), True)
    return list(found.values())


# ---------------------------------------------------------------- unlinked names and amounts

_NAME_RUN = re.compile(r"(?<![\w&’'.-])[A-Z][\w&’'.-]*(?:\s+(?:(?:of|and|for|the|on|de)\s+)?[A-Z][\w&’'.-]*)+")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_OPENERS = {"The", "A", "An", "In", "On", "At", "With", "While", "However", "This", "These", "That", "Those", "But",
            "And", "For", "As", "By", "From", "To", "Of", "If", "When", "Its", "Their", "It"}


def unlinked_candidates(scanned: ScannedText) -> list[Mention]:
    """Capitalised multiword names, bracketed acronyms and amounts that nothing in the catalogue names."""
    by_sentence = scanned.by_sentence()
    out: list[Mention] = []
    for s in scanned.sentences:
        if s.heading:
            continue
        taken = [(m.start, m.end) for m in by_sentence.get(s.index, [])]

        def free(a: int, b: int, taken: list[tuple[int, int]] = taken) -> bool:
            return all(b <= start or end <= a for start, end in taken)

        for m in _NAME_RUN.finditer(s.text):
            words = m.group(0).split()
            start = s.start + m.start()
            if words[0] in _OPENERS:  # "The", "However": a capital that only opens the sentence
                second = re.match(r"\S+\s+", m.group(0))
                start += second.end() if second else 0
                words = words[1:]
            end = s.start + m.end()
            while end > start and scanned.text[end - 1] in ".’'":
                end -= 1
            if len(words) >= 2 and free(start, end):
                out.append(Mention(scanned.text[start:end], start, end, s.index, candidate="name"))
        for m in _ACRONYM.finditer(s.text):
            start, end = s.start + m.start(1), s.start + m.end(1)
            if free(start, end):
                out.append(Mention(m.group(1), start, end, s.index, candidate="name"))
        for a in find_amounts(s.text):
            out.append(Mention(a.text, s.start + a.start, s.start + a.end, s.index, candidate="amount"))
    return out


# ---------------------------------------------------------------- ingest


def _guess_title(sentences: Sequence[Sentence]) -> str | None:
    return next((s.text.strip() for s in sentences if s.heading and len(s.text.split()) >= 4), None)


def source_id_for(path: str | os.PathLike[str]) -> str:
    """A source id from a file name: letters, digits and dashes."""
    return _slug(Path(path).stem)


def ingest_text(text: str, source: SourceInfo, known_agreements: Sequence[KnownAgreement] = ()) -> Draft:
    """Read an article's text into a draft: sentences, linked mentions, candidate claims. Pure, offline."""
    named = agreements_named(text, known_agreements)
    scanned = scan_text(text, [(a.id, a.label, a.alt_labels) for a in named])
    # A new agreement's parties are proposed as the two parties the article mentions most.
    parties = tuple(p.label for p in main_parties(scanned.mentions))
    agreements = [KnownAgreement(a.id, a.label, a.alt_labels, parties, True) if a.new else a for a in named]
    counts: dict[str, int] = {}
    for m in scanned.mentions:
        if m.entity is not None and m.entity.kind == "agreement":
            counts[m.entity.iri] = counts.get(m.entity.iri, 0) + 1
    default = max(agreements, key=lambda a: counts.get(str(AGREEMENT[a.id]), 0)) if agreements else None
    default_entity = Entity(str(AGREEMENT[default.id]), default.label, "agreement") if default else None
    claims = propose_claims(scanned, default_entity, source.published)
    _assign_ids(claims)
    title = source.title or _guess_title(scanned.sentences)
    return Draft(source, title or source.id, source.title is None, scanned, claims, agreements, default,
                 unlinked_candidates(scanned))


def ingest_file(path: str | os.PathLike[str], source: SourceInfo | None = None,
                corpus: Sequence[str | os.PathLike[str]] | None = None) -> Draft:
    """Read a UTF-8 text file and ingest it; ``corpus`` (default: the bundled corpus) supplies known agreements."""
    check_article_path(path)
    text = read_text(path, MAX_ARTICLE_BYTES)
    if source is None:
        source = SourceInfo(source_id_for(path))
    if source.url is not None and not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", source.url):
        raise UsageError(f"--url {source.url!r} is not an http(s) URL")
    if corpus is None:
        from tradekg.graph.build import bundled_sources

        corpus = [str(p) for p in bundled_sources()]
    return ingest_text(text, source, corpus_agreements(corpus))


def _assign_ids(claims: list[Candidate]) -> None:
    used: set[str] = set()
    for c in claims:
        f = c.fields
        if c.kind == "demand":
            base = f"{f.get('by')}-{f.get('demand_kind')}"
        elif c.kind == "concern":
            base = f"{f.get('by')}-concern-{f.get('topic')}"
        elif c.kind == "alternative":
            base = f"{f.get('by')}-alternative-{f.get('form')}"
        elif c.kind == "trade-figure":
            base = f"{f.get('measure')}-{f.get('period') or ''}"
        elif c.kind == "event":
            base = f"{f.get('event_kind')}"
        else:
            base = f"status-{f.get('status')}"
        slug = _slug(base)
        n, candidate = 1, slug
        while candidate in used:
            n += 1
            candidate = f"{slug}-{n}"
        used.add(candidate)
        c.id = candidate


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
    return "\n".join(lines) + "\n"


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


def check_article_path(path: str | os.PathLike[str]) -> None:
    """Refuse up front what cannot be an article (raised as the library's one-line errors)."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml"):
        raise InputError(str(p), None, "this is an authoring file; ingest reads the article's plain text")
