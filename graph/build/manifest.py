"""What a build was made from, kept beside its store so the next build can redo only what changed.

For each source: the hash of its file and of every text file it may quote, the part of it other
files may refer to (its index entry), what its validation looks up (the IRIs it points at) and
the rdf:types it states, and the problems it had. For the whole: a fingerprint of tradekg
itself (its version and every file of its code, vocabulary, shapes and QC checks), so that a
change to any of those rebuilds everything, and the triples that more than one graph produces.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tradekg.graph.core.collector import collector_paused
from tradekg.graph.core.errors import Problem
from tradekg.graph.core.fingerprint import code_fingerprint
from tradekg.graph.sources.authoring.format import AuthoringFile, CorpusIndex

if TYPE_CHECKING:
    from tradekg.graph.build.summary import Counts

__all__ = ["MANIFEST_VERSION", "FileState", "Manifest", "SourceRecord", "build_fingerprint", "definitions_of",
           "file_state", "load_manifest", "save_manifest"]

MANIFEST_VERSION = 7
FileState = tuple[int, int, int, str]  # size, mtime_ns, inode, content hash ("" for a missing file)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_state(path: str, known: FileState | None = None) -> FileState:
    """``path``'s size, time, inode and content hash; the content is read only if the first
    three differ from ``known`` (as git's index does)."""
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0, 0, "")
    if known is not None and known[:3] == (st.st_size, st.st_mtime_ns, st.st_ino):
        return known
    try:
        data = Path(path).read_bytes()
    except OSError:
        return (0, 0, 0, "")
    return (st.st_size, st.st_mtime_ns, st.st_ino, _digest(data))


def build_fingerprint() -> str:
    """A hash of tradekg itself (:func:`~tradekg.graph.core.fingerprint.code_fingerprint`) and of
    the manifest's format."""
    return hashlib.blake2b(f"{code_fingerprint()} manifest {MANIFEST_VERSION}".encode(), digest_size=16).hexdigest()


def definitions_of(entry: AuthoringFile | None) -> str:
    """A hash of what a file defines for every other file (agreements, measures, concepts of
    the open schemes): a change to it changes how other files compile, so it rebuilds all."""
    if entry is None:
        return ""
    index = CorpusIndex()
    index.add_file(entry)
    parts = (sorted((k, v.label, tuple(v.alt_labels), v.line) for k, v in index.agreements.items()),
             sorted((k, v.label, tuple(v.alt_labels), v.line) for k, v in index.measures.items()),
             sorted((k, v.label, tuple(v.alt_labels), v.line) for k, v in index.concepts.items()))
    if not any(parts):
        return ""
    return _digest(repr(parts).encode())


@dataclass
class SourceRecord:
    """One source as the last build made it."""

    path: str
    graph: str  # the named graph holding it (its source IRI)
    position: int
    file: FileState
    texts: dict[str, FileState]  # text file -> its state
    rdf: bool
    # What the corpus index needs of it (authoring files), pickled: the next manifest writes
    # an unchanged source's bytes as they are (the objects themselves were 0.24 s of the 0.6 s
    # it took to save the manifest at 1M triples)
    entry_data: bytes | None
    definitions: str
    types: dict[str, tuple[str, ...]]
    refs: frozenset[str]
    read_problems: list[Problem] = field(default_factory=list)
    compile_problems: list[Problem] = field(default_factory=list)
    finish_problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    concept_text: str = ""  # an RDF file's text, kept only if it defines concepts of the open schemes

    @property
    def entry(self) -> AuthoringFile | None:
        """What the corpus index needs of the source (authoring files; None for RDF files)."""
        return None if self.entry_data is None else pickle.loads(self.entry_data)  # noqa: S301 (see load_manifest)


@dataclass
class Manifest:
    """A build's sources and what the next build needs to update it in place."""

    fingerprint: str
    sources: dict[str, SourceRecord]  # by path
    # N-Triples line -> (in the vocabulary graph?, the source graphs that produce it), for every
    # triple that more than one graph produces: it is stored once, in the vocabulary's graph or
    # in the shared one, never in two graphs (the union would count it twice).
    shared: dict[str, tuple[bool, list[str]]]
    index_problems: list[Problem] = field(default_factory=list)
    qc_problems: list[tuple[str, str, Problem]] = field(default_factory=list)  # (check, focus, problem)
    summary: tuple = ()  # triples, entities, claims, sources
    unlisted: dict[str, int] | None = None  # the Sources the summary does not list, by why (unlisted_sources)
    # Where each graph's Turtle is in the ``tradekg.ttl`` the build wrote, and that file's state
    # then: the next build copies the parts of unchanged graphs from it.
    turtle_parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    turtle_state: FileState | None = None
    # What the summary counts (the next build updates it; what the overview reads of the whole
    # graph is kept beside the generation, for the build's helper process: drawing.save_edges)
    counts: Counts | None = None
    # The corpus index of every file (2.4 MB at 1M triples, read in 0.04 s): the next build
    # updates it with the files it reads again rather than make it from 4,290 records (0.6 s)
    index: CorpusIndex | None = None


def save_manifest(path: Path, manifest: Manifest) -> None:
    """Write ``manifest`` to ``path`` (complete before the store is published)."""
    tmp = path.with_name(path.name + ".part")
    with collector_paused(), open(tmp, "wb") as handle:
        pickle.dump(manifest, handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def load_manifest(path: Path) -> Manifest | None:
    """The manifest at ``path``, or None if there is none or it cannot be read (then the build is full).

    The file is tradekg's own, in the build's output folder: whoever can write it can replace
    the store itself, so reading it with pickle trusts no one new.
    """
    # Python's cyclic collector would walk the millions of objects being made, again and
    # again: at 1M triples it made loading 6.7 s instead of 1.5 s.
    try:
        with collector_paused(), open(path, "rb") as handle:
            manifest = pickle.load(handle)  # noqa: S301 (tradekg's own file, see above)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return manifest if isinstance(manifest, Manifest) else None
