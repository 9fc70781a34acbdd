"""IRIs of the tradekg vocabulary, its instance namespaces and the prefixes used in output."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "AGREEMENT",
    "BUILD_SHARED_GRAPH",
    "BUILD_VOCABULARY_GRAPH",
    "CLAIM",
    "CLAIM_KINDS",
    "HS",
    "ID",
    "ONTOLOGY_IRI",
    "PARTY",
    "PREFIXES",
    "SCHEMA",
    "SCHEME",
    "SOURCE",
    "SOURCE_KINDS",
    "TK",
    "compact",
    "expand_iri",
    "local_name",
    "sparql_prologue",
]


class _Vocabulary(Namespace):
    """A namespace of vocabulary terms whose ``ns.term`` attributes are each made once.

    rdflib's :class:`Namespace` makes and checks a new URIRef on every attribute access, and
    the compiler asks for ``TK.claimOf`` and its like about ten times per triple it writes
    (5% of a build). A term is kept on the instance, where the next lookup finds it without
    calling ``__getattr__``; ``ns[name]`` (instance IRIs, not kept) is rdflib's.
    """

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self.term(name)
        self.__dict__[name] = term
        return term


TK = _Vocabulary("https://w3id.org/tradekg/ontology#")
ONTOLOGY_IRI = "https://w3id.org/tradekg/ontology"
SCHEMA = _Vocabulary("https://schema.org/")
ID = "https://w3id.org/tradekg/id/"

PARTY = Namespace(ID + "party/")
SOURCE = Namespace(ID + "source/")
CLAIM = Namespace(ID + "claim/")
AGREEMENT = Namespace(ID + "agreement/")
HS = Namespace(ID + "hs/")
SCHEME = Namespace(ID + "scheme/")
MEASURE = Namespace(ID + "trade-measure/")  # trade measures (policy), not what a figure measures
PERSON = Namespace(ID + "person/")
INSTRUMENT = Namespace(ID + "legal-instrument/")
# The graphs a build keeps beside the sources' own (graph/build/load.py): the vocabulary, and
# what several sources produce. A store tradekg built and serves holds these.
BUILD_VOCABULARY_GRAPH = ID + "graph/vocabulary"
BUILD_SHARED_GRAPH = ID + "graph/common"

PREFIXES: dict[str, str] = {
    "tk": str(TK),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "party": str(PARTY),
    "source": str(SOURCE),
    "claim": str(CLAIM),
    "agreement": str(AGREEMENT),
    "hs": str(HS),
    "scheme": str(SCHEME),
    "sector": ID + "sector/",
    "tech": ID + "technology/",
    "ctopic": ID + "concern-topic/",
    "ntopic": ID + "negotiation-topic/",
    "dkind": ID + "demand-kind/",
    "status": ID + "status/",
    "dstatus": ID + "document-status/",
    "ekind": ID + "event-kind/",
    "measure": ID + "measure/",
    "dir": ID + "direction/",
    "form": ID + "instrument/",
    "mkind": ID + "measure-kind/",
    "action": ID + "measure-action/",
    "stance": ID + "stance/",
    "ckind": ID + "commitment-kind/",
    "akind": ID + "assessment-kind/",
    "cov": ID + "coverage/",
    "pkind": ID + "period-kind/",
    "instr": str(INSTRUMENT),
    "tmeasure": str(MEASURE),
    "person": str(PERSON),
}

# Claim kinds as authoring files name them, and their classes.
CLAIM_KINDS: dict[str, str] = {
    "demand": "Demand",
    "concern": "Concern",
    "alternative": "Alternative",
    "trade-figure": "TradeFigure",
    "event": "Event",
    "status": "StatusReport",
    "measure": "MeasureAction",
    "stance": "Stance",
    "commitment": "Commitment",
    "assessment": "Assessment",
}

SOURCE_KINDS: dict[str, str] = {
    "article": "Article",
    "terms-of-reference": "TermsOfReference",
    "statement": "Statement",
    "brief": "Brief",
    "official-document": "OfficialDocument",
    "summary": "Summary",
}


def sparql_prologue() -> str:
    """PREFIX declarations for every prefix above, for queries written against the vocabulary."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def compact(iri: str) -> str:
    """``iri`` as prefix:local with tradekg's prefixes when one fits (``party:IN``), else the IRI itself."""
    import re

    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is not None:
        local = iri[len(best):]
        if local and re.fullmatch(r"[\w./-]+", local):
            return f"{next(p for p, ns in PREFIXES.items() if ns == best)}:{local}"
    return iri


def local_name(iri: str) -> str:
    """The last path segment or fragment of an IRI: 'IN', 'india-technology-access-parity'."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


_ABSOLUTE = ("http://", "https://", "urn:")


def expand_iri(text: str) -> str | None:
    """The IRI ``text`` writes, or None: ``<…>``, an http(s) or urn IRI, or a tradekg prefixed
    name such as ``party:IN`` (as tables print them)."""
    text = text.strip()
    if len(text) > 2 and text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(_ABSOLUTE):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and local and not local.startswith("/") and " " not in local:
        return PREFIXES[prefix] + local
    return None


# The kinds of entity a user can ask for (``--kind``), most specific first: an entity's kind is
# the first whose class it has. Class local names in the tradekg ontology.
ENTITY_KINDS: dict[str, str] = {
    "demand": "Demand",
    "concern": "Concern",
    "alternative": "Alternative",
    "trade-figure": "TradeFigure",
    "event": "Event",
    "status": "StatusReport",
    "measure-action": "MeasureAction",
    "stance": "Stance",
    "commitment": "Commitment",
    "assessment": "Assessment",
    "claim": "Claim",
    "country": "Country",
    "bloc": "Bloc",
    "party": "Party",
    "agreement": "Agreement",
    "measure": "PolicyMeasure",
    "person": "Person",
    "terms-of-reference": "TermsOfReference",
    "article": "Article",
    "statement": "Statement",
    "brief": "Brief",
    "official-document": "OfficialDocument",
    "summary": "Summary",
    "source": "Source",
    "sector": "Sector",
    "technology": "TechnologyArea",
    "concern-topic": "ConcernTopic",
    "negotiation-topic": "NegotiationTopic",
    "demand-kind": "DemandKind",
    "agreement-status": "AgreementStatus",
    "document-status": "DocumentStatus",
    "event-kind": "EventKind",
    "indicator": "TradeMeasure",
    "direction": "TradeDirection",
    "instrument": "InstrumentForm",
    "measure-kind": "MeasureKind",
    "measure-action-kind": "MeasureActionKind",
    "stance-kind": "StanceKind",
    "commitment-kind": "CommitmentKind",
    "assessment-kind": "AssessmentKind",
    "legal-instrument": "LegalInstrument",
    "coverage": "TradeCoverage",
    "period-kind": "PeriodKind",
    "hs": "HSHeading",
}
# What each kind also counts as, for --kind filters (a demand is a claim, a country a party).
BROADER_KINDS: dict[str, set[str]] = {
    "claim": {"demand", "concern", "alternative", "trade-figure", "event", "status", "measure-action", "stance",
              "commitment", "assessment"},
    "party": {"country", "bloc"},
    "source": {"terms-of-reference", "article", "statement", "brief", "official-document", "summary"},
}
