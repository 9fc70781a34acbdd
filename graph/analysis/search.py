"""Searching for entities by a part of their name: ``tradekg entities TEXT``.

Only the names that may hold the text are asked for (see :func:`may_contain`), one name
predicate per query, so that a search stays fast on large graphs.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Graph

from tradekg.graph.analysis.dated import hidden_claims
from tradekg.graph.analysis.entities import (
    KINDS,
    Candidate,
    Entity,
    check_kind,
    complete,
    entity_of,
    kind_of,
    scan_names,
)
from tradekg.graph.core.names import fold
from tradekg.graph.store.queries import safe_iri, value_batches

__all__ = ["LABEL_AND_ID", "MAX_PATTERN_LETTERS", "find_entities", "label_and_id", "may_contain"]

MAX_PATTERN_LETTERS = 40

LABEL_AND_ID = """SELECT ?e ?label ?id WHERE {
  VALUES ?e {}
  OPTIONAL { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }
  OPTIONAL { ?e <http://purl.org/dc/terms/identifier> ?id }
}"""


def may_contain(key: str) -> str | None:
    """A regular expression every name whose folded form contains ``key`` (folded) matches,
    or None when there is none worth asking for.

    The longest ASCII word of ``key``, letter by letter with the dots :func:`fold` drops
    allowed in between, case-insensitively; names with any non-ASCII character are kept too
    (folding strips their accents, so "Türkiye" holds "turk").
    """
    words = sorted(re.findall(r"[a-z0-9]+", key), key=len, reverse=True)
    if not words or "and" in words[0]:  # fold() writes "&" as "and"
        return None
    # A name that holds the word holds its start: the first MAX_PATTERN_LETTERS letters filter as
    # well, and keep the pattern's cost bounded (a 20,000-letter word took 76 s, growing faster
    # than its length; the names kept are then compared with the whole text, in linear time).
    dotted = "\\\\.?".join(words[0][:MAX_PATTERN_LETTERS])
    return f"{dotted}|[^\\\\x00-\\\\x7F]"


def find_entities(graph: Graph, text: str | None = None, kind: str | None = None,
                  as_of: dt.date | None = None) -> list[Entity]:
    """Entities whose label, alternative label or id contains ``text`` (folded), best first.

    Exact matches come first, then names starting with ``text``, then the rest; ties in
    kind then label order. With no ``text`` every entity (of ``kind``) is listed.
    """
    kinds = check_kind(kind)
    key = fold(text) if text else ""
    candidates = scan_names(graph, kinds, may_contain(key) if key else None)
    if text and "://" in text and safe_iri(text):
        by_iri = {text: Candidate(set(), set())}
        complete(graph, by_iri)
        if by_iri[text].types:
            candidates.setdefault(text, by_iri[text])
    ranked: list[tuple[int, str, Candidate]] = []
    for iri, cand in candidates.items():
        if kind_of(cand.types) == "entity":
            continue
        if not key:
            ranked.append((0, iri, cand))
            continue
        keys = [fold(n) for n in cand.names]
        if text == iri or key in keys:
            ranked.append((0, iri, cand))
        elif any(k.startswith(key) for k in keys):
            ranked.append((1, iri, cand))
        elif any(key in k for k in keys):
            ranked.append((2, iri, cand))
    label_and_id(graph, [cand for _, _, cand in ranked], [iri for _, iri, _ in ranked])
    entities = [(rank, entity_of(iri, cand)) for rank, iri, cand in ranked]
    if kinds is not None:
        entities = [(rank, e) for rank, e in entities if e.kind in kinds]
    entities.sort(key=lambda pair: (pair[0], list(KINDS).index(pair[1].kind), pair[1].label.casefold(), pair[1].iri))
    hidden = hidden_claims(graph, as_of)  # --as-of: claims reported later are left out
    return [e for _, e in entities if e.iri not in hidden]


def label_and_id(graph: Graph, candidates: list[Candidate], iris: list[str]) -> None:
    """Fill in the label and id of each candidate, a few hundred per query."""
    from tradekg.graph.store.rows import string_rows_with_values

    by_iri = dict(zip(iris, candidates, strict=True))
    for batch in value_batches(graph, [i for i in iris if safe_iri(i)]):
        for e, label, id_ in string_rows_with_values(graph, LABEL_AND_ID, "e", batch):
            cand = by_iri[e]
            if label is not None and (cand.label is None or label < cand.label):
                cand.label = label
            if id_ is not None and (cand.id is None or id_ < cand.id):
                cand.id = id_
