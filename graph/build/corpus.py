"""Read, compile and SHACL-validate every source of a corpus, on one or more worker processes."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from tradekg.graph.build.load import LoadData
from tradekg.graph.build.manifest import FileState, SourceRecord
from tradekg.graph.build.shacl import Finding
from tradekg.graph.build.workers import FileDone, FileRead, Progress, Shards, located_finding, worker_count
from tradekg.graph.core.errors import Problem
from tradekg.graph.sources.authoring.format import CompiledSource, CorpusIndex
from tradekg.graph.sources.discovery import discover_sources
from tradekg.graph.sources.rdffiles import line_of_term

__all__ = ["Corpus", "MergedTypes", "compile_corpus", "updated_index"]


@dataclass
class Corpus:
    """A compiled corpus: every source's triples and where their subjects are written."""

    sources: list[CompiledSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # RDF file text, for locating problems
    data: LoadData | None = None  # the vocabulary and every source, ready for the store
    done: list[FileDone] = field(default_factory=list)  # each source compiled, in file order
    reads: dict[str, FileRead] = field(default_factory=dict)  # each file read, by path
    index_problems: list[Problem] = field(default_factory=list)
    compile_problems: dict[str, list[Problem]] = field(default_factory=dict)
    types: Mapping[str, set[str]] = field(default_factory=dict)  # the rdf:types every source states
    index: CorpusIndex | None = None  # what the files may refer to in one another (kept by the manifest)
    states: dict[str, FileState] = field(default_factory=dict)  # each file as it was before it was read
    # With ``spread``: the workers, still open, holding every source's N-Triples (see spread.py)
    shards: Shards | None = field(default=None, repr=False, compare=False)
    _lines: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False, compare=False)
    _lines_key: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def locate(self, focus: str) -> tuple[str, int | None]:
        where = self._where()
        found = where.get(focus)
        if found is not None:
            return found
        for source in self.sources:
            text = self.texts.get(source.path)
            if text is not None:
                line = line_of_term(text, focus)
                if line is not None:
                    return source.path, line
        return "(corpus)", None

    def _where(self) -> dict[str, tuple[str, int]]:
        """Each subject IRI -> the file and line of the first source that writes it (made once:
        a build at 1M triples locates thousands of QC findings among thousands of sources)."""
        key = (id(self.sources), len(self.sources))
        if self._lines_key != key:
            where: dict[str, tuple[str, int]] = {}
            if [d.path for d in self.done] == [s.path for s in self.sources]:
                for item in self.done:  # the same lines, keyed by the strings the workers sent (no copies)
                    for text, line in item.lines.items():
                        where.setdefault(text, (item.path, line))
            else:
                for source in self.sources:
                    for iri, line in source.lines.items():
                        if isinstance(iri, URIRef):
                            where.setdefault(str(iri), (source.path, line))
            self._lines, self._lines_key = where, key
        return self._lines

    def close_workers(self, abort: bool = False) -> None:
        """Let go of the workers ``compile_corpus(..., spread=True)`` left open (none: nothing to do)."""
        if self.shards is not None:
            shards, self.shards = self.shards, None
            shards.close(abort)

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Add findings over the whole corpus (QC), each located where its focus is written."""
        self.problems.extend(located_finding(f, self.locate) for f in findings)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def compile_corpus(paths: Sequence[str | os.PathLike[str]] | None = None,
                   progress: Progress | None = None, workers: int | None = 1,
                   keep_triples: bool = True, files: list[Path] | None = None,
                   cached: dict[str, SourceRecord] | None = None, redo: set[str] | None = None,
                   cached_index: CorpusIndex | None = None,
                   after_reading: Callable[[dict[str, FileRead]], object] | None = None,
                   spread: bool = False) -> Corpus:
    """Read, compile and SHACL-validate every source; problems are collected, not raised.

    ``workers``: processes to spread the files over (None: as suits the corpus and the
    machine, see :func:`shards.worker_count`). The corpus comes back ready for the store
    (:func:`corpus_load_data`); each source keeps its rdflib triples only with ``keep_triples``.

    ``files``: the files, already discovered from ``paths``. With ``redo``, only the files it
    names are read, compiled and validated; every other file is taken as ``cached`` records
    it (what the corpus index needs of it and the types it states), as an incremental build does.
    ``cached_index``: the corpus index of the build ``cached`` describes, updated with what the
    files in ``redo`` and the files no longer there change (:func:`updated_index`) rather than
    made again from every record. ``after_reading``: called with what was read of each file
    read (by path), before any is compiled. ``spread``: the workers keep the sources' N-Triples
    and stay open, as ``corpus.shards``, for :func:`~tradekg.graph.build.spread.spread_layout`
    (the caller closes them); the sources come back without them.
    """
    corpus = Corpus()
    files = discover_sources(paths) if files is None else files
    if redo is None:
        work = list(enumerate(files))
    else:
        work = [(n, f) for n, f in enumerate(files) if str(f) in redo]
    shards = Shards([f for _, f in work], worker_count(len(work)) if workers is None else workers, progress,
                    positions=[n for n, _ in work])
    try:
        reads = sorted((item for part in shards.ask("read") for item in part), key=lambda item: item.position)
        if after_reading is not None:
            after_reading({item.path: item for item in reads})
        read_at = {item.position: item for item in reads}
        index = CorpusIndex()
        rdf_files = set()
        rdf_texts: list[tuple[int, str, str]] = []
        kept = None
        if redo is not None and cached is not None and cached_index is not None:
            kept = updated_index(cached_index, files, cached, read_at)
        if kept is not None:  # (every file read is an authoring file, read without a problem)
            index = kept
            corpus.reads.update((item.path, item) for item in reads)
        for n, f in enumerate(files if kept is None else ()):
            item = read_at.get(n)
            if item is None:  # unchanged since the last build: as its record says
                record = (cached or {})[str(f)]
                if record.entry is not None:
                    found = index.add_file(record.entry)
                    corpus.index_problems.extend(found)
                    corpus.problems.extend(found)
                else:
                    rdf_files.add(n)
                    if record.concept_text:
                        rdf_texts.append((n, str(f), record.concept_text))
                continue
            corpus.reads[item.path] = item
            if item.problem is not None:
                corpus.problems.append(item.problem)
            elif item.entry is not None:
                found = index.add_file(item.entry)
                corpus.index_problems.extend(found)
                corpus.problems.extend(found)
            else:
                corpus.texts[item.path] = item.rdf_text or ""
                rdf_files.add(n)
                rdf_texts.append((n, item.path, item.rdf_text or ""))
        if kept is None and len(rdf_files) < len(files):  # authoring files may name concepts an RDF source defines
            for _, path, text in rdf_texts:
                if text:
                    index.add_rdf_concepts(path, text)
        del reads, read_at
        compiled = shards.ask("compile", index)
        for position, found in sorted((pair for part, _ in compiled for pair in part), key=lambda pair: pair[0]):
            corpus.problems.extend(found)
            corpus.compile_problems[str(files[position])] = found
        stated: dict[str, set[str]] = {}
        for _, part_types in compiled:
            for subject, kinds in part_types.items():
                stated.setdefault(subject, set()).update(kinds)
        del compiled
        types: Mapping[str, set[str]] = stated if redo is None else \
            MergedTypes([(cached or {})[str(f)].types for f in files if str(f) not in redo], stated)
        corpus.types = types
        corpus.index = index
        skip = {p.path for p in corpus.problems if p.severity == "error"}
        done = sorted((item for part in shards.ask("finish", types, skip, keep_triples, spread) for item in part),
                      key=lambda item: (item.position in rdf_files, item.position))
    except BaseException:
        shards.close(abort=True)
        raise
    if spread:
        corpus.shards = shards
    else:
        shards.close()
    for item in done:
        corpus.problems.extend(item.problems)
        corpus.sources.append(CompiledSource(item.path, URIRef(item.source_iri), item.triples,
                                             {URIRef(k): v for k, v in item.lines.items()}, []))
    corpus.done = done
    return corpus



def updated_index(previous: CorpusIndex, files: list[Path], cached: dict[str, SourceRecord],
                  read_at: Mapping[int, FileRead]) -> CorpusIndex | None:
    """The corpus index of ``files`` made from ``previous``, the index of the corpus ``cached``
    describes (its build had no error): the sources and claims of the files read again
    (``read_at``, by position) and of the files gone replaced by what the files read say now,
    in the order a new index of every file would hold them. None when that cannot be told
    apart from a new index: a file read again is an RDF file, cannot be read or adds a
    problem (an id used twice, a definition labelled otherwise); the caller then makes it anew.

    What a file read again defines (agreements, measures, concepts) must be what it defined
    before, or the build is full (the caller checks): those entries stay as they were.
    """
    index = dataclasses.replace(previous, **{f.name: dict(getattr(previous, f.name))
                                             for f in dataclasses.fields(previous)})
    position = {str(f): n for n, f in enumerate(files)}
    again = {item.path for item in read_at.values()}
    gone = again | (cached.keys() - position.keys())
    dropped = {sid for sid, path in index.sources.items() if path in gone}
    for sid in dropped:
        del index.sources[sid]
    if dropped:
        index.claims = {k: v for k, v in index.claims.items() if k.split("/", 1)[0] not in dropped}
    for n in sorted(read_at):
        item = read_at[n]
        if item.problem is not None or item.entry is None or index.add_file(item.entry):
            return None
    # In file order, as a new index holds them (a file's claims stay in its own order).
    index.sources = dict(sorted(index.sources.items(), key=lambda pair: position[pair[1]]))
    index.claims = dict(sorted(index.claims.items(),
                               key=lambda pair: position[index.sources[pair[0].split("/", 1)[0]]]))
    return index


class MergedTypes(Mapping[str, set[str]]):
    """The rdf:types every source states, for an incremental build: the unchanged sources'
    (``parts``, as their records keep them) with ``stated`` (the sources compiled again),
    merged for an IRI when it is first looked up. Validating a source looks up the few IRIs
    it points at; merging the 4,290 records of a corpus of 1M triples took 0.36 s. After
    :data:`EAGER_AFTER` lookups, every IRI is merged at once."""

    EAGER_AFTER = 2_000

    def __init__(self, parts: list[dict[str, tuple[str, ...]]], stated: dict[str, set[str]]) -> None:
        self._parts, self._stated = parts, stated
        self._found: dict[str, set[str]] = {}
        self._whole: dict[str, set[str]] | None = None

    def _merged(self) -> dict[str, set[str]]:
        if self._whole is None:
            whole: dict[str, set[str]] = {}
            parts: list[Mapping[str, Iterable[str]]] = [*self._parts, self._stated]
            for part in parts:
                for subject, kinds in part.items():
                    whole.setdefault(subject, set()).update(kinds)
            self._whole = whole
        return self._whole

    def prefetch(self, keys: Iterable[str]) -> None:
        """Merge the kinds of ``keys`` now, in one pass over the records (a set intersection
        each, in C): validating one source of a corpus of 1M triples looks up ~100 IRIs, 44 ms
        one by one and 6 ms at once."""
        if self._whole is not None:
            return
        wanted = set(keys).difference(self._found)
        if not wanted:
            return
        found: dict[str, set[str]] = {key: set() for key in wanted}
        for part in self._parts:
            for key in part.keys() & wanted:
                found[key].update(part[key])
        for key, kinds in found.items():
            kinds.update(self._stated.get(key, ()))
        self._found.update(found)

    def get(self, key: str, default: Any = None) -> Any:
        if self._whole is not None:
            return self._whole.get(key, default)
        if key in self._found:
            kinds = self._found[key]
        else:
            if len(self._found) >= self.EAGER_AFTER:
                return self._merged().get(key, default)
            kinds = set()
            for part in self._parts:
                found = part.get(key)
                if found:
                    kinds.update(found)
            kinds.update(self._stated.get(key, ()))
            self._found[key] = kinds
        return kinds if kinds else default

    def __getitem__(self, key: str) -> set[str]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._merged())

    def __len__(self) -> int:
        return len(self._merged())

    def __reduce__(self) -> tuple[Any, ...]:  # to a worker process: every IRI's, as a plain dict
        return dict, (self._merged(),)
