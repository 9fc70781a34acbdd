"""Read, compile and SHACL-validate every source of a corpus, on one or more worker processes."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from tradekg.graph.build.load import LoadData, with_vocabulary
from tradekg.graph.build.shacl import Finding
from tradekg.graph.build.workers import Progress, Shards, problem_at, worker_count
from tradekg.graph.core.errors import Problem
from tradekg.graph.sources.authoring.format import CompiledSource, CorpusIndex
from tradekg.graph.sources.discovery import discover_sources
from tradekg.graph.sources.rdffiles import line_of_term

__all__ = ["Corpus", "collector_paused", "compile_corpus"]


@dataclass
class Corpus:
    """A compiled corpus: every source's triples and where their subjects are written."""

    sources: list[CompiledSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # RDF file text, for locating problems
    data: LoadData | None = None  # the vocabulary and every source, ready for the store

    def locate(self, focus: str) -> tuple[str, int | None]:
        iri = URIRef(focus)
        for source in self.sources:
            if iri in source.lines:
                return source.path, source.lines[iri]
        for source in self.sources:
            text = self.texts.get(source.path)
            if text is not None:
                line = line_of_term(text, focus)
                if line is not None:
                    return source.path, line
        return "(corpus)", None

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Add findings over the whole corpus (QC), each located where its focus is written."""
        for f in findings:
            if f.also:
                where = "; ".join(f"{path}:{line}" if line else path for path, line in map(self.locate, f.also))
                f = replace(f, message=f"{f.message} (and {where})")
            self.problems.append(problem_at(f, *self.locate(f.focus)))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def compile_corpus(paths: Sequence[str | os.PathLike[str]] | None = None,
                   progress: Progress | None = None, workers: int | None = 1,
                   keep_triples: bool = True) -> Corpus:
    """Read, compile and SHACL-validate every source; problems are collected, not raised.

    ``workers``: processes to spread the files over (None: as suits the corpus and the
    machine, see :func:`shards.worker_count`). The corpus comes back ready for the store
    (:func:`corpus_load_data`); each source keeps its rdflib triples only with ``keep_triples``.
    """
    corpus = Corpus()
    files = discover_sources(paths)
    shards = Shards(files, worker_count(len(files)) if workers is None else workers, progress)
    try:
        reads = sorted((item for part in shards.ask("read") for item in part), key=lambda item: item.position)
        index = CorpusIndex()
        rdf_files = set()
        for item in reads:
            if item.problem is not None:
                corpus.problems.append(item.problem)
            elif item.entry is not None:
                corpus.problems.extend(index.add_file(item.entry))
            else:
                corpus.texts[item.path] = item.rdf_text or ""
                rdf_files.add(item.position)
        if len(rdf_files) < len(reads):  # authoring files may name concepts an RDF source defines
            for item in reads:
                if item.position in rdf_files and item.rdf_text:
                    index.add_rdf_concepts(item.path, item.rdf_text)
        del reads
        compiled = shards.ask("compile", index)
        for _, found in sorted((pair for part, _ in compiled for pair in part), key=lambda pair: pair[0]):
            corpus.problems.extend(found)
        types: dict[str, set[str]] = {}
        for _, part_types in compiled:
            for subject, kinds in part_types.items():
                types.setdefault(subject, set()).update(kinds)
        del compiled
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
    corpus.data = with_vocabulary((item.ntriples, item.with_blank_nodes) for item in done)
    return corpus



@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of long-lived terms are created.

    Its full passes walk every object alive, again and again as the corpus grows; the
    compiler makes no reference cycles worth collecting meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
