"""People and offices a source names: who said a claim's words (``attributed_to``) and who took
part in an event (``people``). Each is a node of its own, named by its name, with the roles
the sources give it and the party it speaks for."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from tradekg.graph.core.names import fold
from tradekg.graph.core.namespaces import PERSON, TK
from tradekg.graph.core.terms import RDF, RDFS
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import PERSON_KEYS
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = ["compile_people", "person"]


def person(cx: Compiler, spec: object, line: int) -> URIRef | None:
    """The person (or office) a ``{name, role, party}`` mapping, or a bare name, describes."""
    if isinstance(spec, LDict):
        cx.check_keys(spec, PERSON_KEYS, "a person")
        name = cx.text(spec, "name", required=True)
        roles = [r for r, _ in cx.texts(spec, "role")] + [r for r, _ in cx.texts(spec, "part")]
        parties = cx.parties(spec, "party")
    elif isinstance(spec, str) and spec.strip():
        name, roles, parties = spec.strip(), [], []
    else:
        cx.err(line, "a person is a name, or a mapping with name (and role, party)")
        return None
    if not name:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    if not slug:
        cx.err(line, f"cannot make an id from the name {name!r}: write it in Latin letters too")
        return None
    p = PERSON[slug]
    cx.add(p, RDF.type, TK.Person)
    cx.add(p, RDFS.label, Literal(name))
    for role in roles:
        cx.add(p, TK.role, Literal(role))
    for party in parties:
        cx.add(p, TK.affiliation, party)
    return p


def compile_people(cx: Compiler, c: URIRef, m: LDict) -> None:
    """``attributed_to`` (one person) and ``people`` (a list) of a claim."""
    if "attributed_to" in m:
        who = person(cx, m["attributed_to"], m.line_of("attributed_to"))
        if who is not None:
            cx.add(c, TK.attributedTo, who)
    people = m.get("people")
    if people is not None:
        if not isinstance(people, LList):
            cx.err(m.line_of("people"), "'people' is a list of persons (name, role, party)")
            return
        for i, spec in enumerate(people):
            who = person(cx, spec, people.line_of(i))
            if who is not None:
                cx.add(c, TK.participant, who)
