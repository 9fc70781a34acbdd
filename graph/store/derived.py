"""Answers a build worked out over the whole corpus, saved beside its store for readers to reuse.

A build finds every conflict between the sources (for its warnings and the corpus timeline)
over the whole corpus in memory; a cold ``tradekg conflicts`` would find them again, from disk,
in seconds at a million triples. So the build saves what it found beside the store it publishes
(``.stores/GENERATION.NAME.json``), and a reader of that store takes it from there.

Each file belongs to one generation, written before the generation is published and never
changed after (a new build makes a new generation), and it names the tradekg that wrote it
(:func:`~tradekg.graph.core.fingerprint.code_fingerprint`): a reader whose code differs, or who
finds the file missing, unreadable or of another format, works the answer out again. What is
saved is always what the same code works out from the same store; tests compare the two.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

from tradekg.graph.core.atomic import hard_linked, write_text_atomic
from tradekg.graph.core.fingerprint import code_fingerprint

__all__ = ["DERIVED_VERSION", "derived_file", "generation_of", "link_derived", "read_derived", "read_saved",
           "remember_generation", "save_derived"]

DERIVED_VERSION = 1
_ATTRIBUTE = "tradekg_generation"


def derived_file(generation: Path, name: str) -> Path:
    """Where the answer ``name`` of ``generation`` is kept (beside it, not in the RocksDB folder)."""
    return generation.with_name(f"{generation.name}.{name}.json")


def save_derived(generation: Path, name: str, value: Any) -> None:
    """Save ``value`` (JSON data) as the answer ``name`` of ``generation``, atomically."""
    record = {"format": DERIVED_VERSION, "fingerprint": code_fingerprint(), "value": value}
    write_text_atomic(derived_file(generation, name), json.dumps(record, ensure_ascii=False, separators=(",", ":")))


def link_derived(previous: Path, generation: Path, name: str) -> bool:
    """Whether the answer ``name`` of ``generation`` is now the file ``previous`` saved (a hard
    link), for a caller who knows the two answers are the same and were worked out by the same
    code; False if there was none or the link could not be made (then nothing was)."""
    return hard_linked(derived_file(previous, name), derived_file(generation, name))


def remember_generation(graph: Graph, generation: Path) -> Graph:
    """Note on ``graph`` the built generation it was opened from (:func:`read_derived` looks there)."""
    setattr(graph.store, _ATTRIBUTE, generation)
    return graph


def generation_of(graph: Graph) -> Path | None:
    """The built generation ``graph`` was opened from, if :func:`remember_generation` noted one."""
    generation = getattr(graph.store, _ATTRIBUTE, None)
    return generation if isinstance(generation, Path) else None


def read_derived(graph: Graph, name: str) -> Any | None:
    """The answer ``name`` the build of ``graph``'s store saved, or None: no generation noted,
    no such file, a file this tradekg cannot trust (another format or code, damaged)."""
    generation = generation_of(graph)
    return None if generation is None else read_saved(generation, name)


def read_saved(generation: Path, name: str) -> Any | None:
    """The answer ``name`` saved beside the store ``generation``, or None (as :func:`read_derived`)."""
    try:
        record = json.loads(derived_file(generation, name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != DERIVED_VERSION \
            or record.get("fingerprint") != code_fingerprint():
        return None
    return record.get("value")
