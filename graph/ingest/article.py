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
from pathlib import Path

from tradekg.graph.core.errors import InputError, TradekgError, UsageError
from tradekg.graph.core.files import read_text
from tradekg.graph.core.names import fold
from tradekg.graph.core.namespaces import AGREEMENT
from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.measures import ProposedMeasure
from tradekg.graph.ingest.proposals.reading import Article, Candidate, main_parties
from tradekg.graph.ingest.proposals.rules import propose_claims
from tradekg.graph.ingest.quantities import Quantity
from tradekg.graph.ingest.textscan import REPORTED_KINDS, Mention, ScannedText, Sentence, scan_text
from tradekg.graph.ingest.times import TimeExpr, dateline
from tradekg.graph.sources.authoring.format import CorpusIndex, read_authoring
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Draft",
    "KnownAgreement",
    "SourceInfo",
    "agreements_named",
    "check_article_path",
    "corpus_agreements",
    "ingest_file",
    "ingest_text",
    "link_to_store",
    "source_id_for",
    "unlinked_candidates",
]

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
    # Every time expression and amount of the article's sentences (offsets into the article),
    # the measures and legal instruments the claims name, and the day relative dates count from.
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    measures: list[ProposedMeasure] = field(default_factory=list)
    instruments: dict[str, str] = field(default_factory=dict)
    reference: dt.date | None = None
    reference_how: str = ""
    quantity_sentence: dict[int, int] = field(default_factory=dict)  # a quantity's start -> its sentence
    time_sentence: dict[int, int] = field(default_factory=dict)  # a time expression's start -> its sentence
    bloc_members: dict[str, list[str]] = field(default_factory=dict)  # a bloc -> the members the text lists

    def unlinked_amounts(self) -> list[Quantity]:
        """Amounts of the article that no claim took (listed in the draft with their sentence)."""
        used = {(start, end) for c in self.claims for what, _, start, end, _, _ in c.uses if what == "amount"}
        return [q for q in self.quantities if (q.start, q.end) not in used]

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
    from tradekg.graph.sources.discovery import discover_sources

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
    return out


# ---------------------------------------------------------------- ingest


def _guess_title(sentences: Sequence[Sentence]) -> str | None:
    return next((s.text.strip() for s in sentences if s.heading and len(s.text.split()) >= 4), None)


def source_id_for(path: str | os.PathLike[str]) -> str:
    """A source id from a file name: letters, digits and dashes."""
    return _slug(Path(path).stem)


_GENERIC_AGREEMENT = re.compile(r"\b(?:agreement|deal|pact|accord|treaty|FTA)\b", re.IGNORECASE)


def ingest_text(text: str, source: SourceInfo, known_agreements: Sequence[KnownAgreement] = ()) -> Draft:
    """Read an article's text into a draft: sentences, linked mentions, candidate claims. Pure, offline."""
    named = agreements_named(text, known_agreements)
    scanned = scan_text(text, [(a.id, a.label, a.alt_labels) for a in named])
    # A new agreement's parties are proposed as the two parties the article mentions most.
    main = main_parties(scanned.mentions)
    parties = tuple(p.label for p in main)
    if not named and len(main) == 2 and _GENERIC_AGREEMENT.search(text):
        # "signed a free trade agreement with Thailand": the agreement is unnamed; propose one
        # between the article's two main parties so that its stages have something to be of.
        label = f"{main[0].label}–{main[1].label} trade agreement"
        named = [KnownAgreement(_slug(f"{main[0].iri.rsplit('/', 1)[-1]}-{main[1].iri.rsplit('/', 1)[-1]}-fta"),
                                label, (), parties, True)]
    agreements = [KnownAgreement(a.id, a.label, a.alt_labels, parties, True) if a.new else a for a in named]
    counts: dict[str, int] = {}
    for m in scanned.mentions:
        if m.entity is not None and m.entity.kind == "agreement":
            counts[m.entity.iri] = counts.get(m.entity.iri, 0) + 1
    default = max(agreements, key=lambda a: counts.get(str(AGREEMENT[a.id]), 0)) if agreements else None
    default_entity = Entity(str(AGREEMENT[default.id]), default.label, "agreement") if default else None
    reference, how = source.published, "the publication date"
    line_day, line_span = dateline(text)
    if reference is None:
        reference, how = line_day, "the dateline" if line_day else ""
    read: list[Article] = []
    claims = propose_claims(scanned, default_entity, source.published, reference, read, line_span)
    # A stage with no agreement to be of cannot be written (the article names none and has no two
    # main parties to propose one between): left out rather than written as a draft that fails.
    claims = [c for c in claims if c.kind != "status" or c.fields.get("agreement") or default is not None]
    _assign_ids(claims)
    title = source.title or _guess_title(scanned.sentences)
    draft = Draft(source, title or source.id, source.title is None, scanned, claims, agreements, default,
                  unlinked_candidates(scanned), reference=reference, reference_how=how)
    _collect(draft, read[0], claims)
    draft.bloc_members = bloc_members(scanned)
    return draft


_LIST_OPEN = re.compile(r"\s*\)?\s*(?:\([A-Z]{2,10}\)\s*)?(?:[(–—:]|\s-|,?\s+(?:comprising|made\s+up\s+of|whose\s+"
                        r"members\s+are))\s*$")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)$")


def bloc_members(scanned: ScannedText) -> dict[str, list[str]]:
    """The members a text lists right after a bloc: "EFTA – Iceland, Liechtenstein, Norway and
    Switzerland –", "Mercosur (Argentina, Brazil, Paraguay and Uruguay)"; two or more countries."""
    from tradekg.graph.sources import vocabulary as vocab

    out: dict[str, list[str]] = {}
    by_sentence = scanned.by_sentence()
    text = scanned.text
    for mentions in by_sentence.values():
        parties = [m for m in mentions if m.of_kind("party") is not None]
        for n, m in enumerate(parties):
            bloc = m.of_kind("party")
            assert bloc is not None
            if vocab.resolve_party(bloc.iri).alpha2 is not None:
                continue  # a country, not a bloc
            members: list[str] = []
            end = m.end
            for nxt in parties[n + 1:]:
                e = nxt.of_kind("party")
                assert e is not None
                gap = text[end:nxt.start]
                if e.iri == bloc.iri and not members:
                    end = nxt.end  # "The European Free Trade Association (EFTA)"
                    continue
                if vocab.resolve_party(e.iri).alpha2 is None or nxt.via != "name":
                    break
                if not (_LIST_OPEN.fullmatch(gap) if not members else _LIST_SEP.fullmatch(gap)):
                    break
                members.append(e.label)
                end = nxt.end
            if len(members) >= 2:
                out.setdefault(bloc.label, members)
    return out

def _collect(draft: Draft, article: Article, claims: list[Candidate]) -> None:
    """The article's times and amounts (offsets into the article), its measures and instruments,
    and for each claim which of its sentences' dates and amounts it took."""
    by_index = {r.sentence.index: r for r in article.readings}
    times: dict[int, list[TimeExpr]] = {}
    amounts: dict[int, list[Quantity]] = {}
    for r in article.readings:
        base = r.sentence.start
        times[r.sentence.index] = [TimeExpr(t.start + base, t.end + base, t.text, t.value, t.how, t.role)
                                   for t in article.times(r)]
        amounts[r.sentence.index] = [Quantity(q.start + base, q.end + base, q.text, q.kind, q.value, q.unit, q.scale,
                                              q.currency) for q in article.quantities(r)]
        draft.times += times[r.sentence.index]
        draft.quantities += amounts[r.sentence.index]
        for q in amounts[r.sentence.index]:
            draft.quantity_sentence[q.start] = r.sentence.index
        for t in times[r.sentence.index]:
            draft.time_sentence[t.start] = r.sentence.index
    used_measures = {c.fields.get("measure") for c in claims if c.kind == "measure"}
    draft.measures = [m for m in article.measures.values() if m.id in used_measures]
    used_instruments = {i for c in claims for i in c.fields.get("legal_basis") or []}
    draft.instruments = {k: v for k, v in article.instruments.items() if k in used_instruments}
    for c in claims:
        for q in c.quotes:
            if q.sentence not in by_index:
                continue
            for t in times[q.sentence]:
                key = _time_field(c, t)
                if key:
                    c.uses.append(("date", key, t.start, t.end, t.text, t.value))
            for a in amounts[q.sentence]:
                key = _amount_field(c, a)
                if key:
                    c.uses.append(("amount", key, a.start, a.end, a.text, a.shown()))


_DATE_FIELDS = ("date", "start", "end", "announced", "effective", "until", "deadline", "period")


def _time_field(c: Candidate, t: TimeExpr) -> str | None:
    for key in _DATE_FIELDS:
        value = c.fields.get(key)
        if value is None:
            continue
        value = value.isoformat() if isinstance(value, dt.date) else str(value)
        if value == t.value or (value and "/" in t.value and value in t.value.split("/")):
            return key
        if key == "period" and c.kind == "trade-figure" and value.replace("–", "-") in t.text.replace("–", "-"):
            return key
    return None


def _amount_field(c: Candidate, q: Quantity) -> str | None:
    f = c.fields
    shown = f"{q.value:f}".rstrip("0").rstrip(".") if "." in f"{q.value:f}" else f"{q.value:f}"
    if c.kind == "trade-figure":
        value = f.get("value")
        if value is not None and float(value) == float(q.value) and (
                q.kind == "rank" if "rank" in str(f.get("measure")) else q.kind != "rank"):
            return "value"
        if q.kind == "rank" and f.get("consecutive_periods") is not None and int(f["consecutive_periods"]) == q.value:
            return "consecutive_periods"
    if q.kind == "percent":
        for key in ("rate", "rate_before", "total"):
            if f.get(key) == f"{shown}%":
                return key
    if q.kind == "duration":
        for key in ("duration", "period"):
            if f.get(key) == q.shown():
                return key
    if q.kind == "money" and isinstance(f.get("amount"), dict) and float(f["amount"]["value"]) == float(q.value):
        return "amount"
    return None


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
        from tradekg.graph.sources.discovery import bundled_sources

        corpus = [str(p) for p in bundled_sources()]
    return ingest_text(text, source, corpus_agreements(corpus))


# How a proposed claim's id is made, by kind: the fields (or fixed words) joined by "-".
_ID_PARTS: dict[str, tuple[str, ...]] = {
    "demand": ("by", "demand_kind"),
    "concern": ("by", "=concern", "topic"),
    "alternative": ("by", "=alternative", "form"),
    "trade-figure": ("measure", "period"),
    "event": ("event_kind",),
    "measure": ("measure", "action"),
    "stance": ("by", "stance"),
    "commitment": ("by", "=commits", "commitment_kind"),
}
_STATUS_ID_PARTS = ("=status", "status")


def _id_base(c: Candidate) -> str:
    """The words a claim's id is made of, before it is made a slug and told apart from others."""
    parts = _ID_PARTS.get(c.kind, _STATUS_ID_PARTS)
    return "-".join(p[1:] if p.startswith("=") else str(c.fields.get(p) or "") for p in parts)


def _assign_ids(claims: list[Candidate]) -> None:
    used: set[str] = set()
    for c in claims:
        base = _id_base(c)
        slug = _slug(base)
        n, candidate = 1, slug
        while candidate in used:
            n += 1
            candidate = f"{slug}-{n}"
        used.add(candidate)
        c.id = candidate


def link_to_store(draft: Draft, store: str | os.PathLike[str]) -> int:
    """Propose links from the draft's claims to those of the built store at ``store`` (see
    :mod:`tradekg.graph.ingest.links`); the number of links proposed."""
    from tradekg.graph.ingest.links import propose_links, store_claims
    from tradekg.graph.store.local import open_graph

    held = store_claims(open_graph(store))
    main = [p.label for p in main_parties(draft.scanned.mentions)]
    propose_links(draft.claims, held, {m.id: m for m in draft.measures}, main)
    return sum(len(c.links) for c in draft.claims)


def check_article_path(path: str | os.PathLike[str]) -> None:
    """Refuse up front what cannot be an article (raised as the library's one-line errors)."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml"):
        raise InputError(str(p), None, "this is an authoring file; ingest reads the article's plain text")
