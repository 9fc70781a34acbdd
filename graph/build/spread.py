"""The corpus laid out in graphs by the worker processes that compiled it.

What :func:`~tradekg.graph.build.load.layout` does in the build's own process, spread over the
workers: each keeps the N-Triples of the sources it compiled instead of sending them back, and
writes their N-Quads files itself. Only the lines that more than one source produces (or that
the vocabulary holds) cross a process boundary, to be put in the shared graph. At a million
triples the workers had sent 230 MB of N-Triples, unpickled in this process while both cores
waited, which then laid them out on one core.

Two rounds: each worker sends the hashes of the lines its sources write (:func:`first_pass`);
the lines whose hash more than one source has are shared; each worker then writes its sources'
other lines to its own files and sends back the shared ones with the sources producing them
(:func:`second_pass`), which :func:`merged_shared` puts in the order ``layout`` would. The
quads stored are those of ``layout``: each triple in exactly one graph, the vocabulary's, the
shared graph or its source's.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

from tradekg.graph.build.load import (
    SHARED_GRAPH,
    VOCABULARY_GRAPH,
    ChunkedFiles,
    LoadData,
    Shared,
    blank_prefix,
    blank_quads,
    in_graph,
    split_lines,
    vocabulary_lines,
)
from tradekg.graph.build.workers import FileDone, Shards

__all__ = [
    "Found",
    "Kept",
    "first_pass",
    "merged_shared",
    "second_pass",
    "shared_hashes",
    "spread_layout",
    "write_common",
]

Kept = list[tuple[int, str, bytes]]  # a worker's sources: (position, graph, N-Triples)
# A shared line -> where each of the worker's sources has it: position << 32 | the line's index
# in the source (one int each: 420,000 of them at 1M triples, sent and sorted as arrays)
Found = dict[bytes, array]
_INDEX = (1 << 32) - 1


def first_pass(kept: Kept) -> tuple[list[list[bytes]], array, array]:
    """Each source's distinct lines, the hashes of the lines (not the vocabulary's) these
    sources write, and of those more than one of them writes."""
    in_vocabulary = vocabulary_lines()[1]
    owner: dict[int, int] = {}
    repeated: set[int] = set()
    lines_of = []
    for n, (_, _, ntriples) in enumerate(kept):
        lines = split_lines(ntriples)
        lines_of.append(lines)
        for line in lines:
            if line not in in_vocabulary and owner.setdefault(hash(line), n) != n:
                repeated.add(hash(line))
    return lines_of, array("q", owner), array("q", repeated)


def shared_hashes(passes: Iterable[tuple[array, array]]) -> array:
    """The hashes of the lines more than one source writes, from every worker's first pass
    (two different lines with one hash, a 1-in-10^8 chance at a million triples, would go to
    the shared graph rather than their source's: the union is the same)."""
    seen: set[int] = set()
    shared: set[int] = set()
    for written, repeated in passes:
        mine = set(written)
        shared |= seen & mine
        shared.update(repeated)
        seen |= mine
    return array("q", shared)


def second_pass(kept: Kept, lines_of: list[list[bytes]], shared: array, stem: str) -> tuple[list[str], Found]:
    """Write the sources' N-Quads, less the shared and the vocabulary's lines, to files named
    from ``stem``; return the files and the lines left out, with where each source has them."""
    in_vocabulary = vocabulary_lines()[1]
    common = set(shared)
    found: Found = {}
    sink = ChunkedFiles(Path(stem))
    try:
        for (position, graph, ntriples), lines in zip(kept, lines_of, strict=True):
            out = [n for n, line in enumerate(lines) if line in in_vocabulary or hash(line) in common]
            for n in out:
                where = found.get(lines[n])
                if where is None:
                    where = found[lines[n]] = array("q")
                where.append(position << 32 | n)
            if out:
                left = set(out)
                sink.write(in_graph((line for n, line in enumerate(lines) if n not in left), graph))
            elif len(lines) != ntriples.count(b"\n") or b"\r" in ntriples:
                sink.write(in_graph(lines, graph))
            else:  # what in_graph writes, each line's " .\n" replaced in one pass
                sink.write(ntriples.replace(b" .\n", f" <{graph}> .\n".encode()))
    finally:
        sink.close()
    return [str(p) for p in sink.paths], found


def merged_shared(found: Iterable[Found], order: Sequence[int], graphs: dict[int, str]) -> Shared:
    """Every worker's shared lines as :func:`~tradekg.graph.build.load.layout` keeps them: each
    with the graphs producing it in the sources' ``order`` (their positions), in the order the
    lines became shared (a vocabulary line at its first source, another at its second)."""
    in_vocabulary = vocabulary_lines()[1]
    rank = {position: r for r, position in enumerate(order)}
    # (an RDF file's sources come after the authoring files': then ranks do not follow positions)
    by_position = all(a < b for a, b in itertools.pairwise(order))
    producers: dict[bytes, array] = {}
    for part in found:
        for line, where in part.items():
            have = producers.get(line)
            if have is None:
                producers[line] = where
            else:
                have.extend(where)
    entries = []
    for line, where in producers.items():
        ordered = sorted(where) if by_position else sorted(where, key=lambda v: (rank[v >> 32], v & _INDEX))
        vocab = line in in_vocabulary
        at = ordered[0] if vocab or len(ordered) < 2 else ordered[1]
        entries.append(((rank[at >> 32], at & _INDEX), line, vocab, ordered))
    entries.sort(key=lambda entry: entry[0])
    return {line: (vocab, [graphs[v >> 32] for v in ordered]) for _, line, vocab, ordered in entries}


def write_common(sink: ChunkedFiles, shared: Shared) -> None:
    """The vocabulary's graph and the shared graph, as ``layout`` writes them."""
    sink.write(in_graph(vocabulary_lines()[0], VOCABULARY_GRAPH))
    sink.write(in_graph((line for line, (vocab, _) in shared.items() if not vocab), SHARED_GRAPH))


def spread_layout(shards: Shards, done: list[FileDone], sink: ChunkedFiles) -> LoadData:
    """What :func:`~tradekg.graph.build.load.write_load_data` makes of a corpus whose workers
    (``shards``, still open) kept their sources' N-Triples (``finish`` asked to ``spread``):
    the N-Quads files, in ``sink``'s (those of the workers after its own), the triples with
    blank nodes as quads, the shared lines. ``done``: the corpus's sources, in its order."""
    passes = shards.ask("line_hashes")
    written = shards.ask("write_quads", shared_hashes(passes), str(sink.stem))
    shared = merged_shared((found for _, found in written), [d.position for d in done],
                           {d.position: d.source_iri for d in done})
    write_common(sink, shared)
    sink.close()
    sink.paths.extend(Path(path) for paths, _ in written for path in paths)
    blank = blank_quads(vocabulary_lines()[2], VOCABULARY_GRAPH, "")  # b0, b1...: no source prefix starts with "b"
    for item in done:
        blank.extend(blank_quads(item.with_blank_nodes, item.source_iri, blank_prefix(item.source_iri)))
        item.with_blank_nodes = []
    return LoadData(b"", blank, shared)
