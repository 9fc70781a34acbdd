"""The corpus laid out by the workers that compiled it (spread.py) is what load.layout makes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from tradekg.graph.build.corpus import compile_corpus
from tradekg.graph.build.load import ChunkedFiles, layout, vocabulary_lines, write_load_data
from tradekg.graph.build.spread import first_pass, merged_shared, second_pass, shared_hashes, spread_layout
from tradekg.graph.sources.discovery import discover_sources

A, B, C, D, E = (f"https://example.org/g/{x}" for x in "abcde")
ONE = b'<https://example.org/x> <https://example.org/p> "one" .\n'
TWO = b'<https://example.org/x> <https://example.org/p> "two\\nlines" .\n'
THREE = b"<https://example.org/y> <https://example.org/p> <https://example.org/x> .\n"
FOUR = b"<https://example.org/z> <https://example.org/p> <https://example.org/y> .\n"
FIVE = b"<https://example.org/w> <https://example.org/p> <https://example.org/y> .\n"


def _lines(paths: list[Path]) -> list[bytes]:
    return sorted(line for p in paths for line in p.read_bytes().splitlines(keepends=True))


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [0, 2, 4, 1, 3]])  # (the second: RDF files at 1 and 3)
def test_two_shards_lay_out_what_layout_does(tmp_path: Path, order: list[int]) -> None:
    vocab = vocabulary_lines()[0][0]
    sources = [(A, ONE + THREE + ONE), (B, TWO + THREE + FIVE), (C, TWO.replace(b"two", b"three") + vocab),
               (D, FOUR + THREE + vocab), (E, FOUR + FIVE)]
    expected = layout([(*sources[n], []) for n in order])  # (the corpus's order: authoring files first)
    # a, c, e in one shard, b, d in the other: FOUR is shared within a shard, THREE and FIVE across
    shards = [[(n, g, nt) for n, (g, nt) in enumerate(sources) if n % 2 == k] for k in (0, 1)]
    passes = [first_pass(kept) for kept in shards]
    common = shared_hashes((written, repeated) for _, written, repeated in passes)
    written = [second_pass(kept, lines, common, str(tmp_path / f".x.tmp-{k}"))
               for k, (kept, (lines, _, _)) in enumerate(zip(shards, passes, strict=True))]
    shared = merged_shared((found for _, found in written), order, dict(enumerate(g for g, _ in sources)))
    assert list(shared.items()) == list(expected.shared.items())  # in the same order too
    if order == sorted(order):
        assert shared == {THREE: (False, [A, B, D]), vocab: (True, [C, D]), FIVE: (False, [B, E]),
                          FOUR: (False, [D, E])}
    else:
        assert shared == {THREE: (False, [A, B, D]), vocab: (True, [C, D]), FIVE: (False, [E, B]),
                          FOUR: (False, [E, D])}
    sink = ChunkedFiles(tmp_path / ".all.tmp-1")
    from tradekg.graph.build.spread import write_common

    write_common(sink, shared)
    sink.close()
    paths = [*sink.paths, *(Path(p) for files, _ in written for p in files)]
    assert _lines(paths) == sorted(expected.nquads.splitlines(keepends=True))


@pytest.mark.parametrize("workers", [1, 2])
def test_the_bundled_corpus_laid_out_by_its_workers_is_what_layout_makes(tmp_path: Path, workers: int) -> None:
    if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: one process")
    files = discover_sources(None)
    plain = compile_corpus(files=files, workers=1, keep_triples=False)
    expected_sink = ChunkedFiles(tmp_path / ".plain.nq.tmp-1")
    expected = write_load_data(plain, expected_sink)
    expected_sink.close()
    corpus = compile_corpus(files=files, workers=workers, keep_triples=False, spread=True)
    assert corpus.shards is not None
    assert all(item.ntriples == b"" for item in corpus.done)  # kept by the workers
    sink = ChunkedFiles(tmp_path / ".spread.nq.tmp-1")
    try:
        data = spread_layout(corpus.shards, corpus.done, sink)
    finally:
        corpus.shards.close()
    assert len(sink.paths) == 1 + workers  # its own (vocabulary, shared graph) and one a worker
    assert _lines(sink.paths) == _lines(expected_sink.paths)
    assert list(data.shared.items()) == list(expected.shared.items())
    assert data.with_blank_nodes == expected.with_blank_nodes
    assert all(item.with_blank_nodes == [] for item in corpus.done)
    sink.remove()
    assert not list(tmp_path.glob(".spread*"))  # the workers' files too


def test_a_failed_worker_file_is_removed_with_the_sink(tmp_path: Path) -> None:
    sink = ChunkedFiles(tmp_path / ".g.nq.tmp-7")
    left = tmp_path / ".g.nq.tmp-7-w123-0"  # what a worker wrote before the build failed
    left.write_bytes(b"x")
    other = tmp_path / ".g.nq.tmp-70-w1-0"  # another build's
    other.write_bytes(b"y")
    sink.remove()
    assert not left.exists() and other.exists()


@pytest.mark.parametrize("when", ["before its first pass", "after writing its files"])
def test_a_worker_dying_while_laying_out_fails_the_build_and_leaves_the_last_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    import os
    import signal

    from tradekg.graph.build import pipeline, spread, workers
    from tradekg.graph.store.generations import current_generation

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: one process")
    out = tmp_path / "out"
    pipeline.build(None, out, workers=2)
    before, turtle = current_generation(out), (out / "tradekg.ttl").read_bytes()
    written: list[str] = []
    if when == "before its first pass":
        real = pipeline.spread_layout

        def killing(shards: workers.Shards, *args: object) -> object:
            os.kill(shards.processes[1].pid, signal.SIGKILL)
            shards.processes[1].join()
            return real(shards, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(pipeline, "spread_layout", killing)
    else:
        second = spread.second_pass
        listing = tmp_path / "written"

        def dying(kept: spread.Kept, *args: object) -> object:  # (in the forked workers)
            files, found = second(kept, *args)  # type: ignore[arg-type]
            if any(position == 0 for position, _, _ in kept):
                listing.write_text("\n".join(files), encoding="utf-8")
                os._exit(1)  # its files written, its answer never sent
            return files, found

        monkeypatch.setattr(spread, "second_pass", dying)
    with pytest.raises(workers.WorkerFailed, match="ended unexpectedly"):
        pipeline.build(None, out, workers=2, full=True)
    if when != "before its first pass":
        written = (tmp_path / "written").read_text(encoding="utf-8").split("\n")
        assert written and all(".tmp-" in Path(f).name for f in written)
    assert current_generation(out) == before
    assert (out / "tradekg.ttl").read_bytes() == turtle
    assert not [p.name for p in out.rglob("*") if ".tmp-" in p.name]  # no N-Quads file, the workers' or its own
    assert multiprocessing.active_children() == []
