"""Reading, compiling, validating and serialising a corpus's files on every core.

The files are dealt round-robin to shards. A shard reads its files, compiles them against the
corpus index (which the caller merges, in file order, from what every shard read), validates
them and writes them as N-Triples. With one shard it runs in this process; with more, each
runs in a forked worker process and sends back only what the caller needs: index entries,
problems, the line of each subject and the N-Triples text (so the compiled rdflib terms, the
bulk of a build's memory, never cross a process boundary and are freed when the worker ends).
The caller puts the results back in file order, so what is built does not depend on the
number of workers.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from tradekg.graph.build.precheck import surely_conforms
from tradekg.graph.build.shacl import Finding, shacl_findings, types_in
from tradekg.graph.core.errors import InputError, Problem
from tradekg.graph.core.lifetime import die_with_parent
from tradekg.graph.sources.authoring.compile import compile_file
from tradekg.graph.sources.authoring.format import AuthoringFile, CompiledSource, CorpusIndex, read_authoring
from tradekg.graph.sources.discovery import AUTHORING_SUFFIXES
from tradekg.graph.sources.rdffiles import FORMATS, line_of_term, read_rdf
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = [
    "MIN_FILES_PER_WORKER",
    "FileDone",
    "FileRead",
    "Progress",
    "Shard",
    "Shards",
    "Types",
    "WorkerFailed",
    "located",
    "located_finding",
    "nt_term",
    "prepare",
    "problem_at",
    "split_blank",
    "worker_count",
]

# Below this many files a worker process costs more than it saves.
MIN_FILES_PER_WORKER = 64

Progress = Callable[[str, int, int], None]
Types = dict[str, set[str]]  # subject IRI -> rdf:type IRIs, as text (cheap to send between processes)


def worker_count(files: int) -> int:
    """How many worker processes suit ``files`` files on this machine (1: none, work in this process).

    ``TRADEKG_WORKERS`` overrides the number of cores.
    """
    try:
        cores = int(os.environ.get("TRADEKG_WORKERS", "") or len(os.sched_getaffinity(0)))
    except (ValueError, AttributeError):
        cores = os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cores, files // MIN_FILES_PER_WORKER))


@dataclass
class FileRead:
    """One file as read: what the corpus index needs of an authoring file, or an RDF file's text."""

    position: int
    path: str
    entry: AuthoringFile | None = None
    rdf_text: str | None = None
    problem: Problem | None = None
    texts: list[str] = field(default_factory=list)  # the text files an authoring file may quote


@dataclass
class FileDone:
    """One compiled and validated source, ready for the store."""

    position: int
    path: str
    source_iri: str
    problems: list[Problem]  # what validation found
    lines: dict[str, int]  # subject IRI -> line where it is written
    ntriples: bytes  # its triples without blank nodes (those shared with an earlier source of the shard left out)
    with_blank_nodes: list[tuple]  # rdflib triples with a blank node
    triples: list[tuple] = field(default_factory=list)  # all its rdflib triples, only when kept
    types: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the rdf:types it states
    refs: frozenset[str] = frozenset()  # the IRIs its triples point at (what its validation looks up)


def text_files(af: AuthoringFile) -> list[str]:
    """Every file ``af`` may quote (each ``text:`` value, beside the file), whether or not it exists."""
    names: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "text" and isinstance(item, str):
                    names.add(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(af.data)
    base = Path(af.path).parent
    return sorted(str(base / name) for name in names)


def _index_entry(af: AuthoringFile) -> AuthoringFile:
    """The part of ``af`` that :meth:`CorpusIndex.add_file` reads (small enough to send to another process)."""
    data = LDict()
    data.line, data.key_lines = af.data.line, {}
    for key in ("source", "agreements", "measures", "vocabulary"):
        if key in af.data:
            data[key] = af.data[key]
            data.key_lines[key] = af.data.line_of(key)
    claims = af.data.get("claims")
    if isinstance(claims, LList):
        kept = LList()
        kept.line, kept.item_lines = claims.line, claims.item_lines
        for item in claims:
            small = LDict()
            if isinstance(item, LDict):
                small.line, small.key_lines = item.line, {}
                for key in ("id", "kind"):
                    if key in item:
                        small[key] = item[key]
            else:
                small.line, small.key_lines = claims.line, {}
            kept.append(small)
        data["claims"] = kept
    return AuthoringFile(af.path, data, af.source_id, af.kind)


RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDF_TYPES = frozenset((RDF_TYPE,))


class _TypesOf(dict):
    """The types of the corpus as validation looks them up (rdflib terms), each IRI's converted
    when first asked for: a source asks for the few it points at, and converting those of a
    whole corpus up front took 1 s at 1M triples for every incremental build."""

    def __init__(self, types: Types) -> None:
        super().__init__()
        self._strings = types

    def get(self, key: object, default: object = None) -> object:
        found = super().get(key)
        if found is None:
            kinds = self._strings.get(str(key))
            if kinds is None:
                return default
            found = self[key] = frozenset(URIRef(o) for o in kinds)
        return found
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: object) -> str:
    """One rdflib term (not a blank node) written as N-Triples."""
    # f-strings, not "+": URIRef and Literal override __radd__ and would build rdflib terms.
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _nt_literal(term)
    return f"_:{term}"


def _nt_literal(term: Literal) -> str:
    # str.translate looks every character up (2.7 us for a sentence); most literals hold none
    # of the four, which "in" finds in C twenty times faster.
    if '"' in term or "\\" in term or "\n" in term or "\r" in term:
        text = str.translate(term, _NT_ESCAPES)
    else:
        text = str.__str__(term)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def split_blank(triples: Iterable[tuple]) -> tuple[str, list[tuple]]:
    """N-Triples text of the triples without blank nodes, and the triples with one.

    A triple given twice is written twice: :func:`~tradekg.graph.build.load.layout` writes
    each line of a graph once, and the store holds a quad once.
    """
    lines: list[str] = []
    blank = []
    append = lines.append
    for triple in triples:
        s, p, o = triple
        # The common triples (IRI subject and predicate, IRI or literal object) written inline,
        # as nt_term writes them: this runs for every triple of the corpus.
        if type(s) is URIRef and type(p) is URIRef:
            kind = type(o)
            if kind is URIRef:
                append(f"<{s}> <{p}> <{o}> .\n")
                continue
            if kind is Literal:
                append(f"<{s}> <{p}> {_nt_literal(o)} .\n")
                continue
        if isinstance(s, BNode) or isinstance(o, BNode):
            blank.append(triple)
        else:
            append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n")
    return "".join(lines), blank


def problem_at(finding: Finding, path: str, line: int | None) -> Problem:
    """A validation or QC finding as a problem at ``path:line``, naming its focus node."""
    label = f"<{finding.focus}> " if finding.focus else ""
    return Problem(path, line, f"{label}{finding.message}", finding.severity)


def located_finding(finding: Finding, locate: Callable[[str], tuple[str, int | None]]) -> Problem:
    """A QC finding as a problem where its focus is written (``locate``), naming where the other
    nodes it is about are written too (a conflict's other claim)."""
    if finding.also:
        where = "; ".join(f"{path}:{line}" if line else path for path, line in map(locate, finding.also))
        finding = dataclasses.replace(finding, message=f"{finding.message} (and {where})")
    return problem_at(finding, *locate(finding.focus))


def located(findings: Iterable[Finding], path: str, lines: dict[URIRef, int], text: str | None) -> list[Problem]:
    """Validation findings of one source as problems with the file and line of their focus."""
    problems = []
    for f in findings:
        line = lines.get(URIRef(f.focus))
        if line is None and text is not None:
            line = line_of_term(text, f.focus)
        problems.append(problem_at(f, path, line))
    return problems


class Shard:
    """Some files of a corpus, taken from reading to N-Triples (in a worker or in this process)."""

    def __init__(self, files: list[tuple[int, Path]], report: Callable[[str, int], None] | None = None) -> None:
        self.files = files
        self.report = report or (lambda phase, n: None)
        self.authoring: list[tuple[int, AuthoringFile]] = []
        self.sources: list[tuple[int, CompiledSource]] = []  # authoring, then RDF, each in file order
        self.rdf: list[tuple[int, CompiledSource]] = []
        self.texts: dict[str, str] = {}
        self.kept: list[tuple[int, str, bytes]] = []  # (position, graph, N-Triples), for spread.py
        self.kept_lines: list[list[bytes]] = []

    def read(self) -> list[FileRead]:
        out = []
        for n, (position, path) in enumerate(self.files, start=1):
            self.report("reading", n)
            item = FileRead(position, str(path))
            try:
                if path.suffix.lower() in AUTHORING_SUFFIXES:
                    af = read_authoring(path)
                    self.authoring.append((position, af))
                    item.entry = _index_entry(af)
                    item.texts = text_files(af)
                elif path.suffix.lower() in FORMATS:
                    triples, text = read_rdf(path)
                    self.texts[str(path)] = item.rdf_text = text
                    self.rdf.append((position, CompiledSource(str(path), URIRef(path.resolve().as_uri()),
                                                              triples, {}, [])))
                else:
                    raise InputError(str(path), None,
                                     f"unknown file type {path.suffix!r}: use .yaml (authoring) or "
                                     f"{', '.join(sorted(FORMATS))} (RDF)")
            except InputError as exc:
                item.problem = exc.problem
            out.append(item)
        return out

    def compile(self, index: CorpusIndex) -> tuple[list[tuple[int, list[Problem]]], Types]:
        """Compile the authoring files: their problems by file position, and the types every source states."""
        problems = []
        for n, (position, af) in enumerate(self.authoring, start=1):
            self.report("compiling", n)
            compiled = compile_file(af, index)
            problems.append((position, compiled.problems))
            self.sources.append((position, compiled))
        self.authoring = []
        self.sources.extend(self.rdf)
        types = types_in(*(source.triples for _, source in self.sources))
        return problems, {str(s): {str(o) for o in kinds} for s, kinds in types.items()}

    def finish(self, types: Types, skip: set[str], keep_triples: bool = False, spread: bool = False) -> list[FileDone]:
        """Validate every source not in ``skip`` and write it as N-Triples (with ``spread``,
        kept here for :meth:`line_hashes` and :meth:`write_quads` rather than sent back)."""
        prefetch = getattr(types, "prefetch", None)
        if prefetch is not None:  # (an incremental build's MergedTypes: what these sources point at, merged at once)
            prefetch({str(o) for _, source in self.sources for _, _, o in source.triples if isinstance(o, URIRef)})
        frozen = _TypesOf(types)
        out = []
        for n, (position, source) in enumerate(self.sources, start=1):
            self.report("validating", n)
            problems: list[Problem] = []
            if source.path not in skip and not surely_conforms(source.triples, frozen):
                problems = located(shacl_findings(source.triples, frozen), source.path, source.lines,
                                   self.texts.get(source.path))
            # Each source whole: every source has its own graph. Its triples are each there once
            # already (the compiler adds a triple once, an RDF file is read into a graph).
            ntriples, blank = split_blank(source.triples)
            stated: dict[str, set[str]] = {}
            refs = set()
            for s, p, o in source.triples:
                if isinstance(o, URIRef):
                    refs.add(str(o))
                    if p in _RDF_TYPES:  # a set lookup: no rdflib __eq__ per triple
                        stated.setdefault(str(s), set()).add(str(o))
            text = ntriples.encode("utf-8")
            if spread:
                self.kept.append((position, str(source.source_iri), text))
                text = b""
            out.append(FileDone(position, source.path, str(source.source_iri), problems,
                                {str(k): v for k, v in source.lines.items()}, text, blank,
                                source.triples if keep_triples else [],
                                {k: tuple(sorted(v)) for k, v in stated.items()}, frozenset(refs)))
        self.sources = []
        return out

    def line_hashes(self) -> tuple[Any, Any]:
        """The first pass of :func:`~tradekg.graph.build.spread.spread_layout` over the sources kept."""
        from tradekg.graph.build.spread import first_pass

        self.kept_lines, written, repeated = first_pass(self.kept)
        return written, repeated

    def write_quads(self, shared: Any, stem: str) -> tuple[list[str], Any]:
        """Its second pass: the sources kept written as N-Quads to files of this process (and
        kept till the process ends: freeing them one by one took longer than its exit)."""
        from tradekg.graph.build.spread import second_pass

        return second_pass(self.kept, self.kept_lines, shared, f"{stem}-w{os.getpid()}")


# ---------------------------------------------------------------- worker processes


def prepare() -> None:
    """Load the vocabulary, the HS nomenclature, the party table and the shapes."""
    from tradekg.graph.build import precheck
    from tradekg.graph.build.load import vocabulary_lines
    from tradekg.graph.sources import vocabulary

    vocabulary.prepare()
    precheck.prepare()
    vocabulary_lines()


def _serve(conn: Connection, files: list[tuple[int, Path]], parent: int,
           inherited: list[Connection] | None = None) -> None:
    """A worker's loop: run the shard method each message names, send back its result."""
    die_with_parent(parent)
    for other in inherited or ():
        other.close()  # the parent's ends of the other workers' pipes: theirs alone to hold
    last: dict[str, int] = {}

    def report(phase: str, n: int) -> None:
        if os.getppid() != parent:
            os._exit(1)  # the build that asked is gone (killed): stop working for nobody
        if n - last.get(phase, 0) >= 25:
            last[phase] = n
            conn.send(("progress", phase, n))

    shard = Shard(files, report)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        method, args = message
        try:
            try:
                result = getattr(shard, method)(*args)
            except BaseException:  # sent to the parent, which raises it
                conn.send(("error", traceback.format_exc()))
                return
            conn.send(("done", result))
        except (BrokenPipeError, ConnectionResetError):
            return  # the parent is gone or gave up on this answer


class WorkerFailed(RuntimeError):
    """A worker process raised or died."""


class Shards:
    """Shards in worker processes (or one in this process), asked in turn and answered together."""

    def __init__(self, files: list[Path], workers: int, progress: Progress | None = None,
                 positions: list[int] | None = None) -> None:
        self.progress = progress
        self.total = len(files)
        # ``positions``: each file's place in the whole corpus, when only some of it is worked on
        numbered = list(zip(positions, files, strict=True)) if positions is not None else list(enumerate(files))
        self.local: Shard | None = None
        self.conns: list[Connection] = []
        self.processes: list[Any] = []
        if workers <= 1:
            self.local = Shard(numbered, self._report_local)
            return
        prepare()  # what every worker needs, made once here and inherited by the forked workers
        context = multiprocessing.get_context("fork")
        try:
            for w in range(workers):
                parent_end, child_end = context.Pipe()
                process = context.Process(target=_serve,
                                          args=(child_end, numbered[w::workers], os.getpid(),
                                                [*self.conns, parent_end]),
                                          name=f"tradekg-shard-{w}", daemon=True)
                process.start()
                child_end.close()
                self.conns.append(parent_end)
                self.processes.append(process)
        except BaseException:
            self.close()
            raise

    def _report_local(self, phase: str, n: int) -> None:
        if self.progress:
            self.progress(phase, n, self.total)

    def ask(self, method: str, *args: Any) -> list[Any]:
        """Every shard's result of ``method(*args)``, in shard order."""
        if self.local is not None:
            return [getattr(self.local, method)(*args)]
        for w, conn in enumerate(self.conns):
            try:
                conn.send((method, args))
            except OSError:
                raise WorkerFailed(f"a worker process ended unexpectedly (exit code "
                                   f"{self.processes[w].exitcode})") from None
        results: dict[int, Any] = {}
        done: dict[int, int] = {}
        pending = dict(enumerate(self.conns))
        while pending:
            for ready in wait(list(pending.values())):
                w = next(i for i, conn in pending.items() if conn is ready)
                try:
                    kind, *payload = pending[w].recv()
                except (EOFError, OSError):
                    raise WorkerFailed(f"a worker process ended unexpectedly (exit code "
                                       f"{self.processes[w].exitcode})") from None
                if kind == "progress":
                    done[w] = payload[1]  # this worker's count in the phase the caller asked for
                    if self.progress:
                        self.progress(payload[0], sum(done.values()), self.total)
                elif kind == "error":
                    raise WorkerFailed(f"a worker process failed:\n{payload[0]}")
                else:
                    results[w] = payload[0]
                    del pending[w]
        return [results[w] for w in range(len(self.conns))]

    def close(self, abort: bool = False) -> None:
        """Stop the workers: let them finish (they are idle between requests), or, with
        ``abort`` (the caller failed or was interrupted), kill them at once."""
        if abort:  # before the pipes close: a worker would otherwise end on its broken pipe first
            for process in self.processes:
                process.kill()
        for conn in self.conns:
            if not abort:
                try:
                    conn.send(None)
                except (OSError, ValueError):
                    pass
            conn.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        self.conns, self.processes = [], []
        self.local = None  # (and what it kept)
