"""How each kind of node is drawn, and what the legend calls it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["STYLES", "Style", "group_of", "kind_words"]

# ---------------------------------------------------------------- how each kind looks


@dataclass(frozen=True)
class Style:
    """How the nodes of one legend entry are drawn: vis shape, fill colour, size."""

    label: str
    shape: str
    colour: str
    size: int = 14


# Legend entries in display order. Colours from the Okabe–Ito palette (told apart by most
# colour-blind readers), and every entry also has a shape or size of its own.
STYLES: dict[str, Style] = {
    "party": Style("party", "dot", "#0072B2", 20),
    "agreement": Style("agreement", "star", "#5D3A9B", 20),
    "demand": Style("demand", "diamond", "#E69F00", 16),
    "concern": Style("concern", "triangle", "#D55E00", 16),
    "alternative": Style("alternative", "hexagon", "#009E73", 16),
    "sector": Style("sector / technology", "square", "#56B4E9", 11),
    "figure": Style("trade figure", "triangleDown", "#B8A000", 15),
    "event": Style("event / status", "star", "#CC79A7", 15),
    # The kinds of the dated corpus; colours from Paul Tol's muted scheme, each with its own shape.
    "measure": Style("trade measure / action", "square", "#882255", 14),
    "stance": Style("stance", "triangleDown", "#332288", 15),
    "commitment": Style("commitment", "hexagon", "#44AA99", 15),
    "assessment": Style("assessment", "diamond", "#999933", 12),
    "person": Style("person", "dot", "#117733", 11),
    "source": Style("source", "box", "#6E6E6E", 12),
    "topic": Style("topic", "dot", "#8C8C3C", 10),
    "other": Style("other", "dot", "#B0B0B0", 9),
}

_GROUP_OF_KIND = {
    "country": "party", "bloc": "party", "party": "party",
    "agreement": "agreement",
    "demand": "demand", "concern": "concern", "alternative": "alternative",
    "sector": "sector", "technology": "sector", "hs": "sector",
    "trade-figure": "figure",
    "measure": "measure", "measure-action": "measure", "stance": "stance", "commitment": "commitment",
    "assessment": "assessment", "person": "person",
    "event": "event", "status": "event",
    "terms-of-reference": "source", "article": "source", "statement": "source", "source": "source",
    "brief": "source", "official-document": "source", "summary": "source", "legal-instrument": "source",
    "concern-topic": "topic", "negotiation-topic": "topic", "demand-kind": "topic", "measure-kind": "topic",
    "measure-action-kind": "topic", "stance-kind": "topic", "commitment-kind": "topic", "assessment-kind": "topic",
}


def group_of(kind: str) -> str:
    """The legend entry a kind is drawn as ('other' for kinds without one of their own)."""
    return _GROUP_OF_KIND.get(kind, "other")


def kind_words(kind: str) -> str:
    """A kind as a reader says it: 'trade figure', 'terms of reference'."""
    special = {"hs": "HS nomenclature entry", "status": "status report", "technology": "technology area",
               "measure": "trade measure", "indicator": "trade indicator"}
    return special.get(kind, kind.replace("-", " "))
