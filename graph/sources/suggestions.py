"""What to say about a name the vocabulary does not know: close names (in spelling and, word by
word, in meaning), where else the name belongs, and how to list the valid ones.

A suggestion that names something else is worse than none: 'tariff increase' is not a
misspelt 'tariff pause' (an event kind), it is a trade measure that raises a tariff, and the
message says that instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import URIRef

from tradekg.graph.core.names import close_in_meaning, fold, words_close
from tradekg.graph.core.namespaces import CLAIM_KINDS, ENTITY_KINDS, TK
from tradekg.graph.sources import vocabulary as vocab

__all__ = ["kind_listing", "unknown_claim_kind", "unknown_concept", "where_else"]

# For a name that belongs to another scheme: what it is, and how an authoring file says it.
_USE: dict[URIRef, tuple[str, str]] = {
    TK.MeasureActionKind: ("a trade measure action", "a `kind: measure` claim with `action: {label}`"),
    TK.MeasureKind: ("a kind of trade measure", "`measure_kind: {label}` of a measure under `measures:`"),
    TK.StanceKind: ("a stance", "a `kind: stance` claim with `stance: {label}`"),
    TK.CommitmentKind: ("a commitment", "a `kind: commitment` claim with `commitment_kind: {label}`"),
    TK.AssessmentKind: ("an assessment", "a `kind: assessment` claim with `assessment_kind: {label}`"),
    TK.AgreementStatus: ("an agreement status", "a `kind: status` claim with `status: {label}`"),
    TK.EventKind: ("an event kind", "a `kind: event` claim with `event_kind: {label}`"),
    TK.DemandKind: ("a demand kind", "a `kind: demand` claim with `demand_kind: {label}`"),
    TK.ConcernTopic: ("a concern topic", "a `kind: concern` claim with `topic: {label}`"),
    TK.InstrumentForm: ("an instrument form", "a `kind: alternative` claim with `form: {label}`"),
}
_KIND_OF_CLASS = {c: k for k, c in ENTITY_KINDS.items()}


def kind_listing(classes: Iterable[URIRef]) -> str:
    """' (`tradekg entities --kind event-kind` lists them)' for the first of ``classes`` with a kind."""
    for cls in classes:
        kind = _KIND_OF_CLASS.get(str(cls).rsplit("#", 1)[-1])
        if kind is not None:
            return f" (`tradekg entities --kind {kind}` lists them)"
    return ""


def where_else(name: str, exclude: Iterable[URIRef] = (),
               extra: Mapping[URIRef, list[str]] | None = None) -> str | None:
    """'reads as ...' when ``name`` (or a word group of it) is a concept of another scheme that a
    claim of some kind uses; None when it is nowhere."""
    excluded = set(exclude)
    names = vocab.concept_classes_with_names()
    packaged = {(cls, fold(label)) for cls, labels in names.items() for label in labels}
    names = {cls: list(labels) for cls, labels in names.items()}
    for cls, more in (extra or {}).items():
        names.setdefault(cls, []).extend(more)
    key = fold(name)
    priority = list(_USE)  # actions before kinds: 'tariff increase' is an act on a tariff
    best: tuple[tuple[int, bool, int, int], str, URIRef] | None = None
    for cls, labels in names.items():
        if cls in excluded or cls not in _USE:
            continue
        for label in labels:
            # the label is the name, or a word group within it ('increase' in 'tariff increase')
            rank = 0 if fold(label) == key else 1 if words_close(label, name) or words_close(name, label) else None
            if rank is None:
                continue
            exact = set(fold(label).split()) <= set(key.split())  # spelled as written, not only alike
            score = (rank, not exact, priority.index(cls), -len(label))
            if best is None or score < best[0]:
                best = (score, label, cls)
    if best is None:
        return None
    _, label, cls = best
    what, how = _USE[cls]
    # A packaged concept is named by its preferred label; one a source defines, as it is written.
    preferred = (vocab.concept_label(vocab.resolve_concept(label, [cls], what)) if (cls, fold(label)) in packaged
                 else label)
    return f"{label!r} is {what}: write it as {how.format(label=preferred)}"


def unknown_concept(name: str, kind: str, classes: Iterable[URIRef],
                    extra: Mapping[URIRef, list[str]] | None = None) -> str:
    """The one-line error for a name that is none of ``classes``' concepts."""
    classes = list(classes)
    preferred: dict[str, str] = {}  # every name -> its concept's preferred label (one suggestion each)
    for cls in classes:
        preferred.update(vocab.preferred_labels(cls))
        for n in (extra or {}).get(cls, []):
            preferred.setdefault(n, n)
    close = list(dict.fromkeys(preferred.get(n, n) for n in close_in_meaning(name, preferred)))
    message = f"unknown {kind} {name!r}"
    if close:
        return message + f"; did you mean {', '.join(map(repr, close))}?" + kind_listing(classes)
    # A name of the scheme within the one given ('increase' in 'tariff increase'): the longest.
    words = set(fold(name).split())
    inside = sorted((n for n in preferred if words_close(n, name)),
                    key=lambda n: (not set(fold(n).split()) <= words, -len(n), n))  # spelled as written first
    if inside:
        message += f"; did you mean {preferred[inside[0]]!r}"
        message += f" ({inside[0]!r})?" if fold(inside[0]) != fold(preferred[inside[0]]) else "?"
    elsewhere = where_else(name, classes, extra)
    if elsewhere:
        message += (" " if inside else "; ") + elsewhere
    return message + kind_listing(classes)


def unknown_claim_kind(kind: str, extra: Mapping[URIRef, list[str]] | None = None) -> str:
    """The one-line error for a claim kind that is not one of tradekg's."""
    close = close_in_meaning(kind, CLAIM_KINDS)
    message = f"claim kind {kind!r} is not one of {', '.join(CLAIM_KINDS)}"
    if close:
        return message + f"; did you mean {close[0]!r}?"
    elsewhere = where_else(kind, (), extra)
    return message + (f"; {elsewhere}" if elsewhere else "")
