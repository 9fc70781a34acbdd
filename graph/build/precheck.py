"""A direct check of the SHACL shapes that clears most sources without pySHACL.

pySHACL is the validator of record, but it costs tens of milliseconds per source. This
evaluates the SHACL Core subset ``shapes.ttl`` uses directly on the same data, and errs one
way only: when in doubt (a constraint it does not know, a literal it cannot judge) it says
"may not conform" and pySHACL decides.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from tradekg.graph.build import shacl
from tradekg.graph.build.shacl import class_axioms, shapes_graph, vocabulary_types

__all__ = ["Constraint", "prepare", "surely_conforms"]

# SHACL terms the direct check understands; a shapes graph using any other sh: term is left
# to pySHACL entirely.
_DESCRIPTIVE = {SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group}
_NODE_TERMS = {SH.NodeShape, SH.targetClass, SH.targetObjectsOf, SH.property, SH.xone} | _DESCRIPTIVE
_PROPERTY_TERMS = {SH.PropertyShape, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.minLength, SH["class"],
                   SH.nodeKind, SH.pattern, SH.uniqueLang, SH.minInclusive, SH.lessThan} | _DESCRIPTIVE
_KNOWN_TERMS = _NODE_TERMS | _PROPERTY_TERMS | {SH.Violation, SH.Warning, SH.Info, SH.IRI, SH.BlankNode,
                                                SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral,
                                                SH.IRIOrLiteral}
_NODE_KINDS = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,), SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}
# The Python value a well-typed literal of these datatypes has (as pySHACL checks it).
_VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    str(XSD.string): str, str(XSD.integer): int, str(XSD.decimal): Decimal, str(XSD.date): date,
}


# A constraint as a function of (value nodes, the data, the focus node): True when it holds.
Constraint = Callable[[Any, "_Data", str], bool]  # values: a dict of them, each once


@dataclass(frozen=True)
class _PropertyCheck:
    path: str
    constraints: tuple[Constraint, ...]


@dataclass(frozen=True)
class _NodeCheck:
    targets: frozenset[str]
    properties: tuple[_PropertyCheck, ...]
    xone: tuple[tuple[_PropertyCheck, ...], ...]
    objects_of: frozenset[str] = frozenset()  # sh:targetObjectsOf: the objects of these predicates


def _is_number(v: object) -> bool:
    return (isinstance(v, Literal) and v.ill_typed is not True and isinstance(v.value, (int, Decimal, float))
            and not isinstance(v.value, bool))


_XSD_STRING = str(XSD.string)


def _has_datatype(v: object, datatype: str) -> bool:
    """``datatype`` as a plain string: compared in C, not by rdflib's ``__eq__``."""
    if not isinstance(v, Literal) or v.ill_typed is True or v.language:
        return False
    actual = v.datatype
    if str.__ne__(actual or _XSD_STRING, datatype):
        return False
    expected = _VALUE_TYPES.get(datatype)
    return expected is None or isinstance(v.value, expected)


def _constraint(kind: URIRef, param: Any) -> Constraint | None:
    """The function that checks one constraint component, or None for one the check does not know."""
    if kind == SH.minCount:
        least = int(param)
        return lambda values, data, focus: len(values) >= least
    if kind == SH.maxCount:
        most = int(param)
        return lambda values, data, focus: len(values) <= most
    if kind == SH.datatype:
        datatype = str(param)

        def typed(values: Any, data: _Data, focus: str) -> bool:
            for v in values:
                if not _has_datatype(v, datatype):
                    return False
            return True
        return typed
    if kind == SH.minLength:
        length = int(param)
        return lambda values, data, focus: all(isinstance(v, (Literal, URIRef)) and len(v) >= length for v in values)
    if kind == SH["class"]:
        cls = str(param)
        return lambda values, data, focus: all(not isinstance(v, Literal) and data.is_instance(v, cls) for v in values)
    if kind == SH.nodeKind:
        if param not in _NODE_KINDS:
            return None
        kinds = _NODE_KINDS[param]
        return lambda values, data, focus: all(isinstance(v, kinds) for v in values)
    if kind == SH.pattern:
        regex = re.compile(str(param))
        return lambda values, data, focus: all(isinstance(v, (Literal, URIRef)) and regex.search(str(v)) is not None
                                               for v in values)
    if kind == SH.uniqueLang:
        if param != Literal(True):
            return lambda values, data, focus: True

        def unique(values: Any, data: _Data, focus: str) -> bool:
            langs = [v.language.lower() for v in values if isinstance(v, Literal) and v.language]
            return len(langs) == len(set(langs))
        return unique
    if kind == SH.minInclusive:
        if not _is_number(param):
            return None
        bound = param.value
        return lambda values, data, focus: all(_is_number(v) and v.value >= bound for v in values)
    if kind == SH.lessThan:
        other = str(param)
        return lambda values, data, focus: all(_is_number(v) and _is_number(w) and v.value < w.value
                                               for v in values for w in data.values(focus, other))
    return None


def _property_check(g: Graph, shape: Any) -> _PropertyCheck | None:
    path = g.value(shape, SH.path)
    if not isinstance(path, URIRef) or path in (RDF.type, RDFS.subClassOf):
        # A complex path, or one through the type triples the check does not index as pySHACL does.
        return None
    if g.value(shape, SH.flags) is not None:
        return None
    constraints = []
    for p, o in g.predicate_objects(shape):
        if p == RDF.type or p == SH.path or p in _DESCRIPTIVE or str(p).startswith(str(RDFS)):
            continue
        check = _constraint(p, o) if isinstance(p, URIRef) and p in _PROPERTY_TERMS else None
        if check is None:
            return None
        constraints.append(check)
    return _PropertyCheck(str(path), tuple(constraints))


@functools.cache
def _compiled_shapes() -> tuple[_NodeCheck, ...] | None:
    """The packaged shapes as direct checks, or None when they use SHACL the check does not know."""
    g = shapes_graph()
    for term in set(g.predicates()) | {o for o in g.objects() if isinstance(o, URIRef)}:
        if str(term).startswith(str(SH)) and term not in _KNOWN_TERMS:
            return None
    checks = []
    for shape in sorted(g.subjects(RDF.type, SH.NodeShape), key=str):
        if g.value(shape, SH.path) is not None:
            return None
        for p in g.predicates(shape):
            if p != RDF.type and not str(p).startswith(str(RDFS)) and p not in _NODE_TERMS:
                return None
        properties = []
        for prop in g.objects(shape, SH.property):
            check = _property_check(g, prop)
            if check is None:
                return None
            properties.append(check)
        xone = []
        for head in g.objects(shape, SH.xone):
            members = []
            for member in g.items(head):
                check = _property_check(g, member)
                if check is None:
                    return None
                members.append(check)
            xone.append(tuple(members))
        targets = frozenset(str(t) for t in g.objects(shape, SH.targetClass) if isinstance(t, URIRef))
        objects_of = frozenset(str(t) for t in g.objects(shape, SH.targetObjectsOf) if isinstance(t, URIRef))
        if not targets and not objects_of:
            return None  # a shape applied some other way
        checks.append(_NodeCheck(targets, tuple(properties), tuple(xone), objects_of))
    return tuple(checks)


@functools.cache
def _superclasses() -> dict[str, frozenset[str]]:
    """Each class of the vocabulary with all its superclasses (itself included), as strings."""
    direct: dict[str, set[str]] = {}
    for s, _, o in class_axioms():
        direct.setdefault(str(s), set()).add(str(o))
    closed = {}
    for cls in direct:
        seen = {cls}
        todo = [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closed[cls] = frozenset(seen)
    return closed


@functools.cache
def _vocabulary_type_names() -> dict[str, frozenset[str]]:
    return {str(k): frozenset(str(c) for c in v) for k, v in vocabulary_types().items()}


_checks_by_types: dict[frozenset[str], tuple[_NodeCheck, ...]] = {}


def _checks_for(types: frozenset[str]) -> tuple[_NodeCheck, ...]:
    """The node checks whose target class a node of these types is an instance of (memoised)."""
    found = _checks_by_types.get(types)
    if found is None:
        supers = _superclasses()
        classes = set(types).union(*(supers.get(t, ()) for t in types))
        found = tuple(c for c in _compiled_shapes() or () if c.targets & classes)
        _checks_by_types[types] = found
    return found


_RDF_TYPE = str(RDF.type)
_NO_VALUES: dict[Any, None] = {}  # never written to
_SUBCLASS_OF = str(RDFS.subClassOf)


class _Data:
    """One source's data graph as pySHACL would see it, indexed for the direct check.

    Subjects, predicates and classes are kept as plain strings: rdflib's term comparison runs
    in Python, plain strings compare in C. The class axioms pySHACL also gets only matter
    through the superclass table (no checked path reads rdfs:subClassOf or rdf:type).
    """

    def __init__(self, triples: Iterable[tuple], types: dict[URIRef, frozenset[URIRef]]) -> None:
        self.out: dict[str, dict[str, dict[Any, None]]] = {}
        self.types: dict[str, set[str]] = {}
        self.ok = True
        described: set[str] = set()
        referenced: dict[str, URIRef] = {}
        out, node_types = self.out, self.types
        # A source's triples come subject by subject, with a few predicates: each subject's
        # and predicate's text is made once, not twice per triple (this runs for every triple).
        predicates: dict[Any, str] = {}
        last: Any = None
        key = ""
        by: dict[str, dict[Any, None]] = {}
        for s, p, o in triples:
            if s is not last:
                last, key = s, str(s)
                known = out.get(key)
                by = known if known is not None else out.setdefault(key, {})
                if isinstance(s, URIRef):
                    described.add(key)
            pred = predicates.get(p)
            if pred is None:
                pred = predicates[p] = str(p)
            if pred == _RDF_TYPE:
                node_types.setdefault(key, set()).add(str(o))
            elif pred == _SUBCLASS_OF:
                self.ok = False  # the source changes the class hierarchy: pySHACL judges
            found = by.get(pred)
            if found is None:
                found = by[pred] = {}
            found[o] = None
            if isinstance(o, URIRef):
                referenced[str(o)] = o
        vocab_types = _vocabulary_type_names()
        for iri, term in referenced.items():
            extra = types.get(term)
            if extra:
                node_types.setdefault(iri, set()).update(str(c) for c in extra)
            elif iri in vocab_types:
                node_types.setdefault(iri, set()).update(vocab_types[iri])
        self.described = described

    def values(self, node: str, path: str) -> dict[Any, None]:
        """The values of ``path`` at ``node``, each once, in order (a dict, not a copy)."""
        by = self.out.get(node)
        return by.get(path, _NO_VALUES) if by is not None else _NO_VALUES

    def is_instance(self, node: Any, cls: str) -> bool:
        supers = _superclasses()
        return any(cls == t or cls in supers.get(t, ()) for t in self.types.get(str(node), ()))

    # Loops rather than all() over generators: these run for every property of every node.
    def holds(self, check: _PropertyCheck, focus: str) -> bool:
        values = self.values(focus, check.path)
        for constraint in check.constraints:
            if not constraint(values, self, focus):
                return False
        return True

    def conforms(self, check: _NodeCheck, focus: str) -> bool:
        for prop in check.properties:
            if not self.holds(prop, focus):
                return False
        for members in check.xone:
            if sum(self.holds(m, focus) for m in members) != 1:
                return False
        return True

    def objects_of(self, predicates: frozenset[str]) -> set[str]:
        """The nodes the data names as objects of these predicates (a literal too: it is a focus node)."""
        if not predicates:
            return set()
        return {str(o) for by in self.out.values() for p in predicates for o in by.get(p, ())}


def surely_conforms(triples: Iterable[tuple], types: dict[URIRef, frozenset[URIRef]]) -> bool:
    """True only if pySHACL would find nothing (no error, no warning) in this source.

    Takes what :func:`shacl_findings` takes and looks at the same data graph, without pySHACL;
    False means "ask pySHACL", not "invalid".
    """
    if _compiled_shapes() is None:
        return False
    data = _Data(triples, types)
    if not data.ok or not data.described:
        return False  # with no IRI subject pySHACL validates every target: leave it to pySHACL
    for focus in data.described:
        for check in _checks_for(frozenset(data.types.get(focus, ()))):
            if not data.conforms(check, focus):
                return False
    for check in _compiled_shapes() or ():
        for focus in data.objects_of(check.objects_of):
            if not data.conforms(check, focus):
                return False
    return True


def prepare() -> None:
    """Load (and cache) everything validation looks up: pySHACL, the shapes, and the direct check's tables."""
    shacl.prepare()
    _compiled_shapes()
    _superclasses()
    _vocabulary_type_names()
