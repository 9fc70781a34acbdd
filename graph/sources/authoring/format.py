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
from tradekg.graph.core.namespaces import SOURCE, SOURCE_KINDS, TK
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

TOP_KEYS = {"format", "draft", "source", "agreements", "claims"}
SOURCE_KEYS = {
    "id", "kind", "title", "publisher", "url", "published", "language", "text", "references",
    "agreement", "status", "topics", "described_in", "by", "note",
}
REFERENCE_KEYS = {"title", "publisher", "url", "published", "kind"}
DESCRIBED_KEYS = {"source", "text", "quote"}
AGREEMENT_KEYS = {"id", "label", "alt_labels", "parties", "note"}
CLAIM_KEYS = {
    "id", "kind", "label", "quote", "quotes", "hedge", "agreement", "date", "involves", "note",
    "confidence",
}
KIND_KEYS: dict[str, set[str]] = {
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
REF_KINDS = {
    "in_exchange_for": "demand",
    "blocks": "demand",
    "conditions": "demand",
    "instead_of": "demand",
    "addresses": "concern",
    "figures": "trade-figure",
}
SCALES = {
    "thousand": Decimal(10**3), "lakh": Decimal(10**5), "million": Decimal(10**6),
    "crore": Decimal(10**7), "billion": Decimal(10**9), "trillion": Decimal(10**12),
}
SCALE_WORDS = {v: k for k, v in SCALES.items()}
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
DAYS = re.compile(r"^(\d+)[\s-]*days?$", re.IGNORECASE)

SECTOR_CLASSES = (TK.Sector, TK.TechnologyArea)



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
