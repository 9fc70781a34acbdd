"""What one page shows: a :class:`View` of nodes and edges, each with its role in the answer.

A view is built by reading the graph (:mod:`~tradekg.graph.views.graphs`,
:mod:`~tradekg.graph.views.answers`), then turned into a page (:mod:`~tradekg.graph.views.html`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tradekg.graph.analysis.evidence import Evidence
from tradekg.graph.core.errors import UsageError

__all__ = [
    "DEFAULT_CONTEXT",
    "DEFAULT_MAX_NODES",
    "EXPAND_SECONDS",
    "MAX_NODES_LIMIT",
    "PHYSICS_MAX_NODES",
    "VIEW_RELATIONS",
    "View",
    "ViewEdge",
    "ViewNode",
    "ViewRelation",
    "check_max_nodes",
    "count_of",
    "file_slug",
]

DEFAULT_MAX_NODES = 500
"""Nodes a view shows unless asked otherwise: enough for a neighbourhood, small enough to read."""
MAX_NODES_LIMIT = 2_000
"""The most a view may be asked to show: keeps the page under 2 MB and quick to open."""
PHYSICS_MAX_NODES = 300
"""Up to this many nodes the browser lays the graph out (vis physics, a bounded number of
steps, then frozen); above it the positions are computed here and physics is off."""
DEFAULT_CONTEXT = 40
"""Neighbours shown, faded, around the answer of a path, blockers or trade-offs view."""
EXPAND_SECONDS = 20.0
"""How long a focus view may spend fetching a neighbourhood before it shows what it has."""

# ---------------------------------------------------------------- the view model


@dataclass(frozen=True)
class ViewRelation:
    """An edge a view draws that is no triple of the graph: an inference tradekg makes, or a
    link the question implies. Always dashed; ``colour`` sets it apart from stated relations."""

    short: str
    label: str
    colour: str = "#7a7a7a"


_VIEW = "https://w3id.org/tradekg/view#"
VIEW_RELATIONS: dict[str, ViewRelation] = {
    _VIEW + "inferred-same-category": ViewRelation(
        "inferred: same category", "paired by tradekg (rule same-category: both demands name sectors "
        "under the same top-level category, in the same negotiation)", "#CC79A7"),
    _VIEW + "inferred-same-negotiation": ViewRelation(
        "inferred: same negotiation", "paired by tradekg (rule same-negotiation: both demands are made "
        "in the same negotiation and share no category)", "#CC79A7"),
    _VIEW + "under-category": ViewRelation(
        "in category", "names sectors under this top-level sector category (skos:broader, followed up)"),
    _VIEW + "on-narrower": ViewRelation(
        "on narrower", "a demand on a sector or technology area narrower than this one (skos:broader)"),
}
"""Relations a view may draw that are not stored (IRIs of no vocabulary: they never leave the page)."""


@dataclass(frozen=True)
class ViewNode:
    """A node as a view shows it. ``role``: 'seed' (what the view is about), 'answer',
    'context' (faded) or 'node' (a plain view with nothing highlighted)."""

    iri: str
    label: str
    kind: str
    role: str = "node"
    evidence: Evidence | None = None


@dataclass(frozen=True)
class ViewEdge:
    """An edge in its true direction; ``role`` is 'answer', 'context' (faded) or 'edge'."""

    source: str
    predicate: str
    target: str
    role: str = "edge"


@dataclass
class View:
    """What one page shows: title, nodes, edges, what a cap left out, and notes for the reader."""

    name: str  # file-name stem, e.g. "focus-IN-r2"
    title: str
    subtitle: str = ""
    nodes: list[ViewNode] = field(default_factory=list)
    edges: list[ViewEdge] = field(default_factory=list)
    highlight: bool = False  # an answer view: answer highlighted, the rest faded
    omitted: int = 0  # nodes reached but not shown
    omitted_at_least: bool = False  # the fetch stopped early: there may be more
    notes: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # e.g. a build's counts
    # An answer's own layout: its nodes in columns read left to right (the rest of the view
    # goes in rows below); ``pinned`` nodes stay at the top of their column. Empty: columns
    # by distance from the seed or the hubs (see layout.view_positions).
    columns: list[list[str]] = field(default_factory=list)
    pinned: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, relative address) of related pages

    @property
    def summary(self) -> str:
        """'62 nodes, 85 edges' plus what was left out, as the page states it."""
        text = f"{count_of(len(self.nodes), 'node')}, {count_of(len(self.edges), 'edge')}"
        if self.omitted:
            text += f"; {'at least ' if self.omitted_at_least else ''}{self.omitted:,} more not shown"
        return text


def count_of(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def check_max_nodes(max_nodes: int) -> int:
    """``max_nodes`` if it is a usable cap; UsageError (exit 2) otherwise."""
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or not 1 <= max_nodes <= MAX_NODES_LIMIT:
        raise UsageError(f"max nodes must be a whole number from 1 to {MAX_NODES_LIMIT:,}, not {max_nodes!r}")
    return max_nodes


def file_slug(text: str, limit: int = 48) -> str:
    """A file-name-safe fragment: letters, digits, '-' and '.' only."""
    cleaned = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")[:limit].strip("-.")
    return cleaned or "entity"
