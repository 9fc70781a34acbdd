"""The authoring format (``tradekg/1``): its keys, a parsed file, and the index of what a corpus defines.

A source is one YAML file (``docs/authoring.md``). :func:`read_authoring` parses one and checks
its frame (format, source id and kind); :class:`CorpusIndex` records what each file defines
that another may name (agreements, claims, sources); the compiler does the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef

from tradekg.graph.core.errors import InputError, Problem
from tradekg.graph.core.files import read_text
from tradekg.graph.core.names import fold, is_slug
from tradekg.graph.core.namespaces import ID, INSTRUMENT, MEASURE, SOURCE, SOURCE_KINDS, TK
from tradekg.graph.core.terms import DCTERMS, RDF, RDFS, SKOS
from tradekg.graph.sources.yamlio import LDict, LList, load_yaml

__all__ = [
    "AGREEMENT_KEYS",
    "CLAIM_KEYS",
    "DAYS",
    "DESCRIBED_KEYS",
    "DURATION",
    "FORMAT",
    "KIND_KEYS",
    "MAX_AUTHORING_BYTES",
    "REFERENCE_KEYS",
    "REF_KINDS",
    "SCALES",
    "SCALE_WORDS",
    "SECTOR_CLASSES",
    "SOURCE_KEYS",
    "TOP_KEYS",
    "AgreementDef",
    "AuthoringFile",
    "CompiledSource",
    "CorpusIndex",
    "Triple",
    "read_authoring",
]

FORMAT = "tradekg/1"
MAX_AUTHORING_BYTES = 5 * 1024 * 1024

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# ---------------------------------------------------------------- the format's keys

TOP_KEYS = {"format", "draft", "source", "agreements", "measures", "vocabulary", "claims"}
SOURCE_KEYS = {
    "id", "kind", "title", "publisher", "url", "published", "language", "text", "references",
    "agreement", "status", "topics", "described_in", "by", "note", "restates",
}
REFERENCE_KEYS = {"title", "publisher", "url", "published", "kind"}
RESTATED_KEYS = {"id", "title", "publisher", "url", "published", "kind", "via", "document", "by", "note"}
DESCRIBED_KEYS = {"source", "text", "quote"}
AGREEMENT_KEYS = {"id", "label", "alt_labels", "parties", "note"}
MEASURE_KEYS = {"id", "label", "alt_labels", "by", "on", "measure_kind", "note"}
VOCABULARY_KEYS = {"scheme", "id", "label", "alt_labels", "definition", "broader", "note",
                   "title", "number", "date", "cites", "modifies"}
PERSON_KEYS = {"name", "role", "party", "part"}
AMOUNT_KEYS = {"value", "scale", "currency", "unit", "measure", "period"}
# Links from a later claim to an earlier one (docs/authoring.md); any claim may carry them.
LINK_KEYS = ("reiterates", "revises", "concedes", "implements", "rejects", "withdraws", "supersedes")
CLAIM_KEYS = {
    "id", "kind", "label", "quote", "quotes", "hedge", "agreement", "date", "involves", "note",
    "confidence", "report", "according_to", "attributed_to", "people", "place", "words", "undated",
    "refers_to", *LINK_KEYS,
}
KIND_KEYS: dict[str, set[str]] = {
    "demand": {"by", "to", "demand_kind", "sectors", "covers_part_of", "parity_with", "in_exchange_for",
               "reciprocity_cue"},
    "concern": {"by", "about", "topic", "blocks", "conditions", "figures"},
    "alternative": {"by", "to", "form", "instead_of", "instead_of_form", "addresses"},
    "trade-figure": {
        "measure", "value", "scale", "currency", "unit", "period", "reporter", "partner", "direction",
        "consecutive_periods", "coverage", "period_kind", "subject", "change", "change_on", "previous",
    },
    "event": {"event_kind", "duration", "start", "end", "document"},
    "status": {"status", "topics", "document", "chapters"},
    "measure": {
        "measure", "action", "rate", "rate_before", "total", "total_before", "adds_to", "sectors", "includes",
        "exemptions", "announced", "effective", "until", "duration", "effective_time", "legal_basis", "reason",
        "condition", "refunds", "in_effect",
    },
    "stance": {"by", "stance", "responds_to", "sectors", "covers_part_of"},
    "commitment": {
        "by", "to", "commitment_kind", "covers_all", "sectors", "covers_part_of", "amount", "period", "deadline",
        "condition", "measure", "legal_basis",
    },
    "assessment": {"assessment_kind", "about"},
}
# The date keys a claim may say are not given (``undated``).
DATE_KEYS = {"date", "start", "end", "announced", "effective", "until", "deadline", "signed", "concluded",
             "in_force"}
# Which claim kind each claim-reference key must point at.
REF_KINDS: dict[str, str | None] = {
    "in_exchange_for": "demand",
    "blocks": "demand",
    "conditions": "demand",
    "instead_of": "demand",
    "addresses": "concern",
    "figures": "trade-figure",
    "concedes": "demand",
    # links and answers that may point at a claim of any kind
    "reiterates": None, "revises": None, "implements": None, "rejects": None, "withdraws": None,
    "supersedes": None, "responds_to": None, "about": None, "refers_to": None,
}
SCALES = {
    "thousand": Decimal(10**3), "lakh": Decimal(10**5), "million": Decimal(10**6),
    "crore": Decimal(10**7), "billion": Decimal(10**9), "trillion": Decimal(10**12),
}
SCALE_WORDS = {v: k for k, v in SCALES.items()}
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
DAYS = re.compile(r"^(\d+)[\s-]*days?$", re.IGNORECASE)

SECTOR_CLASSES = (TK.Sector, TK.TechnologyArea)

# The schemes a `vocabulary:` section may extend: name -> (class, IRI namespace of its concepts).
SCHEMES: dict[str, tuple[URIRef, str, str]] = {
    "sectors": (TK.Sector, ID + "sector/", "sectors"),
    "technology areas": (TK.TechnologyArea, ID + "technology/", "technology-areas"),
    "concern topics": (TK.ConcernTopic, ID + "concern-topic/", "concern-topics"),
    "negotiation topics": (TK.NegotiationTopic, ID + "negotiation-topic/", "negotiation-topics"),
    "demand kinds": (TK.DemandKind, ID + "demand-kind/", "demand-kinds"),
    "statuses": (TK.AgreementStatus, ID + "status/", "agreement-statuses"),
    "event kinds": (TK.EventKind, ID + "event-kind/", "event-kinds"),
    "trade measures": (TK.TradeMeasure, ID + "measure/", "trade-measures"),
    "measure kinds": (TK.MeasureKind, ID + "measure-kind/", "measure-kinds"),
    "stance kinds": (TK.StanceKind, ID + "stance/", "stance-kinds"),
    "commitment kinds": (TK.CommitmentKind, ID + "commitment-kind/", "commitment-kinds"),
    "assessment kinds": (TK.AssessmentKind, ID + "assessment-kind/", "assessment-kinds"),
    "instruments": (TK.LegalInstrument, str(INSTRUMENT), "legal-instruments"),
    "instrument forms": (TK.InstrumentForm, ID + "instrument/", "instrument-forms"),
}
SKOS_PREF, SKOS_ALT, RDFS_LABEL, DC_IDENTIFIER = SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.identifier
_RDF_TYPE = str(RDF.type)
SCHEME_ALIASES = {"agreement statuses": "statuses", "legal instruments": "instruments", "indicators": "trade measures"}



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
class Defined:
    """Something a file defines for the whole corpus: a concept of a `vocabulary:` section or a
    measure of a `measures:` section (where, to report a second, different definition)."""

    iri: str
    label: str
    alt_labels: list[str]
    path: str
    line: int


@dataclass
class CorpusIndex:
    """What any file of a corpus may refer to in another: agreements, measures, concepts a
    source adds to the open schemes, claims, sources."""

    agreements: dict[str, AgreementDef] = field(default_factory=dict)
    agreement_keys: dict[str, str] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)  # "source/claim" -> claim kind
    sources: dict[str, str] = field(default_factory=dict)  # source id -> path
    measures: dict[str, Defined] = field(default_factory=dict)  # measure id -> its definition
    measure_keys: dict[str, str] = field(default_factory=dict)  # folded name -> measure id
    concepts: dict[str, Defined] = field(default_factory=dict)  # concept IRI -> its definition
    concept_keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (class IRI, folded name) -> IRI

    def _define(self, table: dict[str, Defined], key: str, entry: Defined, what: str) -> Problem | None:
        known = table.get(key)
        if known is None:
            table[key] = entry
            return None
        if known.label != entry.label:
            return Problem(entry.path, entry.line, f"{what} is labelled {entry.label!r} here but {known.label!r} "
                                                   f"in {known.path}:{known.line}")
        return None

    def _add_definitions(self, af: AuthoringFile, problems: list[Problem]) -> None:
        measures = af.data.get("measures")
        if isinstance(measures, LList):
            for i, item in enumerate(measures):
                if isinstance(item, LDict) and isinstance(item.get("id"), str) and is_slug(item["id"]):
                    mid = item["id"]
                    entry = Defined(str(MEASURE[mid]), str(item.get("label", mid)),
                                    [str(a) for a in item.get("alt_labels") or [] if isinstance(a, str)],
                                    af.path, measures.line_of(i))
                    problem = self._define(self.measures, mid, entry, f"measure {mid!r}")
                    if problem is not None:
                        problems.append(problem)
                    for name in (mid, entry.label, *entry.alt_labels):
                        self.measure_keys.setdefault(fold(name), mid)
        vocabulary = af.data.get("vocabulary")
        if isinstance(vocabulary, LList):
            for i, item in enumerate(vocabulary):
                if not (isinstance(item, LDict) and isinstance(item.get("id"), str) and is_slug(item["id"])):
                    continue  # reported by the compiler
                scheme = SCHEME_ALIASES.get(str(item.get("scheme", "")), str(item.get("scheme", "")))
                if scheme not in SCHEMES:
                    continue
                cls, namespace, _ = SCHEMES[scheme]
                iri = namespace + item["id"]
                entry = Defined(iri, str(item.get("label", item["id"])),
                                [str(a) for a in item.get("alt_labels") or [] if isinstance(a, str)],
                                af.path, vocabulary.line_of(i))
                problem = self._define(self.concepts, iri, entry, f"concept {item['id']!r} of {scheme}")
                if problem is not None:
                    problems.append(problem)
                for name in (item["id"], entry.label, *entry.alt_labels):
                    self.concept_keys.setdefault((str(cls), fold(name)), iri)

    def add_rdf_concepts(self, path: str, text: str) -> None:
        """Index the concepts of the open schemes that an RDF source defines (a ``.ttl`` with a
        new stance kind, say), so that authoring files name them as they name packaged ones.
        A file that does not parse is reported where it is compiled, not here."""
        import pyoxigraph as ox

        from tradekg.graph.sources.rdffiles import rdf_format

        fmt = rdf_format(path)
        if fmt is None:
            return
        classes = {str(cls) for cls, _, _ in SCHEMES.values()}
        names = (str(SKOS_PREF), str(SKOS_ALT), str(RDFS_LABEL), str(DC_IDENTIFIER))
        typed: dict[str, str] = {}
        named: dict[str, list[tuple[str, str]]] = {}
        try:
            for t in ox.parse(text.encode("utf-8"), format=fmt):
                s, p = t.subject, t.predicate.value
                if not isinstance(s, ox.NamedNode):
                    continue
                if p == _RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value in classes:
                    typed.setdefault(s.value, t.object.value)
                elif p in names and isinstance(t.object, ox.Literal):
                    named.setdefault(s.value, []).append((p, t.object.value))
        except (SyntaxError, ValueError, OSError):
            return
        for iri, cls in typed.items():
            labels = named.get(iri, [])
            label = next((v for p, v in labels if p == str(SKOS_PREF)), None) or next(
                (v for p, v in labels if p == str(RDFS_LABEL)), iri.rsplit("/", 1)[-1])
            self.concepts.setdefault(iri, Defined(iri, label, [v for p, v in labels if p == str(SKOS_ALT)], path, 0))
            for _, name in labels:
                self.concept_keys.setdefault((cls, fold(name)), iri)

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
        self._add_definitions(af, problems)
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
