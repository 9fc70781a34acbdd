"""Laying a corpus out in graphs for the store (load.layout) and locating findings (Corpus.locate)."""

from __future__ import annotations

import io

from rdflib import URIRef

from tradekg.graph.build.corpus import Corpus
from tradekg.graph.build.load import (
    SHARED_GRAPH,
    VOCABULARY_GRAPH,
    ChunkedFiles,
    layout,
    split_lines,
    vocabulary_triples,
)
from tradekg.graph.build.workers import split_blank
from tradekg.graph.sources.authoring.format import CompiledSource

A, B, C = "https://example.org/g/a", "https://example.org/g/b", "https://example.org/g/c"
ONE = b'<https://example.org/x> <https://example.org/p> "one" .\n'
TWO = b'<https://example.org/x> <https://example.org/p> "two\\nlines" .\n'
THREE = b"<https://example.org/y> <https://example.org/p> <https://example.org/x> .\n"


def _vocabulary_line() -> bytes:
    text, _ = split_blank(vocabulary_triples())
    return split_lines(text.encode("utf-8"))[0]


def _quads(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def test_each_line_in_one_graph_shared_and_repeated_lines_included() -> None:
    vocab = _vocabulary_line()
    sources = [(A, ONE + THREE + ONE, []),  # ONE twice in a: once in the store
               (B, TWO + THREE, []),  # THREE in a and b: the shared graph's
               (C, TWO.replace(b"two", b"three") + vocab, [])]  # a vocabulary line: the vocabulary's
    data = layout(sources)
    quads = _quads(data.nquads)
    vocab_part = [q for q in quads if q.endswith(f" <{VOCABULARY_GRAPH}> .\n".encode())]
    assert vocab_part and vocab_part[0] == vocab[:-3] + f" <{VOCABULARY_GRAPH}> .\n".encode()
    rest = quads[len(vocab_part):]
    assert rest == [ONE[:-3] + f" <{A}> .\n".encode(),
                    TWO[:-3] + f" <{B}> .\n".encode(),
                    TWO.replace(b"two", b"three")[:-3] + f" <{C}> .\n".encode(),
                    THREE[:-3] + f" <{SHARED_GRAPH}> .\n".encode()]
    assert data.shared == {THREE: (False, [A, B]), vocab: (True, [C])}


def test_written_to_a_sink_the_same_quads_and_the_sources_let_go() -> None:
    sources = [(A, ONE + THREE, []), (B, THREE, []), (C, TWO, [])]
    kept = layout(list(sources))
    sink = io.BytesIO()
    given = list(sources)
    written = layout(given, sink)
    assert written.nquads == b""
    assert sink.getvalue() == kept.nquads
    assert written.shared == kept.shared
    assert given == [None, None, None]


def _source(path: str, lines: dict[str, int]) -> CompiledSource:
    return CompiledSource(path, URIRef(f"file://{path}"), [], {URIRef(k): v for k, v in lines.items()}, [])


def test_locate_finds_the_first_source_writing_a_node() -> None:
    corpus = Corpus(sources=[_source("a.yaml", {"https://example.org/x": 3}),
                             _source("b.yaml", {"https://example.org/x": 9, "https://example.org/y": 4})])
    assert corpus.locate("https://example.org/x") == ("a.yaml", 3)
    assert corpus.locate("https://example.org/y") == ("b.yaml", 4)
    assert corpus.locate("https://example.org/z") == ("(corpus)", None)
    corpus.sources.append(_source("c.yaml", {"https://example.org/z": 1}))  # a source added later is seen
    assert corpus.locate("https://example.org/z") == ("c.yaml", 1)


def test_chunked_files_hold_whole_writes_in_order_and_are_removed(tmp_path) -> None:
    sink = ChunkedFiles(tmp_path / ".g.nq.tmp-1", chunk=100)
    sources = [(f"https://example.org/g/{n}", ONE.replace(b"one", str(n).encode()) * 1, []) for n in range(12)]
    kept = layout(list(sources))
    layout(list(sources), sink)
    sink.close()
    assert len(sink.paths) > 2
    parts = [p.read_bytes() for p in sink.paths]
    assert b"".join(parts) == kept.nquads
    assert all(part.endswith(b" .\n") for part in parts)  # a file ends where a write ended
    assert all(len(part) < 100 + 1000 for part in parts[1:])
    sink.remove()
    assert list(tmp_path.iterdir()) == []
