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
from tradekg.graph.ingest.proposals.reading import Candidate, main_parties
from tradekg.graph.ingest.proposals.rules import propose_claims
from tradekg.graph.ingest.quantities import find_amounts
from tradekg.graph.ingest.textscan import REPORTED_KINDS, Mention, ScannedText, Sentence, scan_text
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
        from tradekg.graph.sources.discovery import bundled_sources

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


def check_article_path(path: str | os.PathLike[str]) -> None:
    """Refuse up front what cannot be an article (raised as the library's one-line errors)."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml"):
        raise InputError(str(p), None, "this is an authoring file; ingest reads the article's plain text")
