"""Read, compile and SHACL-validate every source of a corpus, on one or more worker processes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from tradekg.graph.build.load import LoadData
from tradekg.graph.build.manifest import FileState, SourceRecord
from tradekg.graph.build.shacl import Finding
from tradekg.graph.build.workers import FileDone, FileRead, Progress, Shards, located_finding, worker_count
from tradekg.graph.core.errors import Problem
from tradekg.graph.sources.authoring.format import CompiledSource, CorpusIndex
from tradekg.graph.sources.discovery import discover_sources
from tradekg.graph.sources.rdffiles import line_of_term

__all__ = ["Corpus", "compile_corpus"]


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
    types: dict[str, set[str]] = field(default_factory=dict)  # the rdf:types every source states
    states: dict[str, FileState] = field(default_factory=dict)  # each file as it was before it was read
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

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Add findings over the whole corpus (QC), each located where its focus is written."""
        self.problems.extend(located_finding(f, self.locate) for f in findings)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def compile_corpus(paths: Sequence[str | os.PathLike[str]] | None = None,
                   progress: Progress | None = None, workers: int | None = 1,
                   keep_triples: bool = True, files: list[Path] | None = None,
                   cached: dict[str, SourceRecord] | None = None, redo: set[str] | None = None) -> Corpus:
    """Read, compile and SHACL-validate every source; problems are collected, not raised.

    ``workers``: processes to spread the files over (None: as suits the corpus and the
    machine, see :func:`shards.worker_count`). The corpus comes back ready for the store
    (:func:`corpus_load_data`); each source keeps its rdflib triples only with ``keep_triples``.

    ``files``: the files, already discovered from ``paths``. With ``redo``, only the files it
    names are read, compiled and validated; every other file is taken as ``cached`` records
    it (what the corpus index needs of it and the types it states), as an incremental build does.
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
        read_at = {item.position: item for item in reads}
        index = CorpusIndex()
        rdf_files = set()
        rdf_texts: list[tuple[int, str, str]] = []
        for n, f in enumerate(files):
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
        if len(rdf_files) < len(files):  # authoring files may name concepts an RDF source defines
            for _, path, text in rdf_texts:
                if text:
                    index.add_rdf_concepts(path, text)
        del reads, read_at
        compiled = shards.ask("compile", index)
        for position, found in sorted((pair for part, _ in compiled for pair in part), key=lambda pair: pair[0]):
            corpus.problems.extend(found)
            corpus.compile_problems[str(files[position])] = found
        types: dict[str, set[str]] = {}
        if redo is not None:
            for f in files:
                if str(f) not in redo:
                    for subject, kinds in (cached or {})[str(f)].types.items():
                        types.setdefault(subject, set()).update(kinds)
        for _, part_types in compiled:
            for subject, kinds in part_types.items():
                types.setdefault(subject, set()).update(kinds)
        del compiled
        corpus.types = types
        skip = {p.path for p in corpus.problems if p.severity == "error"}
        done = sorted((item for part in shards.ask("finish", types, skip, keep_triples) for item in part),
                      key=lambda item: (item.position in rdf_files, item.position))
    except BaseException:
        shards.close(abort=True)
        raise
    shards.close()
    for item in done:
        corpus.problems.extend(item.problems)
        corpus.sources.append(CompiledSource(item.path, URIRef(item.source_iri), item.triples,
                                             {URIRef(k): v for k, v in item.lines.items()}, []))
    corpus.done = done
    return corpus

