"""The helper process of an incremental build (graph/build/drawing.py): it draws the overview
the build draws and saves the claims index and the edges the build saves, and whatever happens
to it, the build's pages, index and edges are those of a build without it."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from tradekg.graph.analysis.claims_index import save_claims_index
from tradekg.graph.build import drawing
from tradekg.graph.build.drawing import BuildHelper, draw_overview, save_edges, saved_edges
from tradekg.graph.build.pipeline import build
from tradekg.graph.views.timeline_page import TIMELINE_PAGE
from tradekg.ontology import corpus_dir


def _generation(out: Path) -> Path:
    return (out / "store").resolve()


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def test_the_helper_draws_the_overview_the_build_drew(corpus_built: Path, tmp_path: Path) -> None:
    # The bundled corpus's full build drew its overview in-process; the helper, given the
    # build's generation and nothing that changed, draws the same page and saves the same edges.
    from tradekg.graph.build.manifest import load_manifest
    from tradekg.graph.store.generations import manifest_of

    written = (corpus_built / "index.html").read_text(encoding="utf-8")
    counts = load_manifest(manifest_of(_generation(corpus_built))).counts  # type: ignore[union-attr]
    assert counts is not None
    entities, claims, sources = counts.summary()
    triples = len(ox.Store.read_only(str(_generation(corpus_built))))
    generation = tmp_path / "gen"
    ox.Store.read_only(str(_generation(corpus_built))).backup(str(generation))
    helper = BuildHelper.start()
    try:
        helper.edges_from(_generation(corpus_built))
        assert helper.overview(generation, set(), set(), triples, entities, claims, sources)
        page = helper.overview_page()
    finally:
        helper.close()
    assert page is not None
    # (the page names nothing of the generation it was drawn from: the same bytes)
    assert page == written
    assert saved_edges(generation) == saved_edges(_generation(corpus_built)) is not None
    store = ox.Store.read_only(str(generation))
    assert draw_overview(tmp_path / "gen", store, None, (), (), triples, entities, claims, sources) == written


def test_the_helper_draws_the_timeline_the_build_drew(corpus_built: Path, tmp_path: Path) -> None:
    # Given the claims index the build saved and, once asked for them, the conflicts it
    # flagged, the helper draws the corpus timeline the full build drew.
    from tradekg.graph.analysis.conflicts import conflicts_saved_beside, select_conflicts
    from tradekg.graph.views.timeline_page import flagged_conflicts

    written = (corpus_built / TIMELINE_PAGE).read_text(encoding="utf-8")
    found = conflicts_saved_beside(_generation(corpus_built))
    assert found
    flagged = flagged_conflicts(select_conflicts(found))
    generation = tmp_path / "gen"
    ox.Store.read_only(str(_generation(corpus_built))).backup(str(generation))
    save_claims_index(generation, ox.Store.read_only(str(generation)))
    helper = BuildHelper.start()
    try:
        assert helper.timeline(generation)
        helper.flag(flagged)
        page = helper.timeline_page()
    finally:
        helper.close()
    assert page == written
    assert "conflict" in page and generation.with_name("gen.claims.sqlite").exists()


def test_a_failed_request_is_answered_none_and_the_next_one_still_served(corpus_built: Path,
                                                                        tmp_path: Path) -> None:
    from tradekg.graph.analysis.conflicts import conflicts_saved_beside, select_conflicts
    from tradekg.graph.views.timeline_page import flagged_conflicts

    generation = tmp_path / "gen"
    ox.Store.read_only(str(_generation(corpus_built))).backup(str(generation))
    save_claims_index(generation, ox.Store.read_only(str(generation)))
    flagged = flagged_conflicts(select_conflicts(conflicts_saved_beside(_generation(corpus_built)) or []))
    helper = BuildHelper.start()
    try:
        assert helper.overview_page() is None and helper.timeline_page() is None  # none asked for
        # No store there: the timeline fails before it asks for its conflicts, which then
        # come to the helper as a request of their own, answered by nothing.
        assert helper.timeline(tmp_path / "no-such-generation")
        helper.flag(flagged)
        assert helper.timeline_page() is None
        assert helper.timeline(generation)
        helper.flag(flagged)
        assert helper.timeline_page() == (corpus_built / TIMELINE_PAGE).read_text(encoding="utf-8")
    finally:
        helper.close()


def test_a_dead_helper_answers_none_and_close_reaps_it(corpus_built: Path) -> None:
    helper = BuildHelper.start()
    process = helper.process
    assert process is not None
    process.kill()
    process.wait()
    helper.timeline(_generation(corpus_built))  # (written by a thread: it fails there)
    assert helper.timeline_page() is None and helper.overview_page() is None
    assert helper.process is None  # closed once its answer did not come
    assert helper.timeline(_generation(corpus_built)) is False  # nothing to ask now
    helper.close()
    assert helper.process is None and process.returncode is not None


def test_edges_saved_by_other_code_or_damaged_are_not_read(corpus_built: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    generation = tmp_path / "gen"
    edges = saved_edges(_generation(corpus_built))
    assert edges is not None and edges.edges
    save_edges(generation, edges)
    assert saved_edges(generation) == edges
    monkeypatch.setattr(drawing, "code_fingerprint", lambda: "other code")
    assert saved_edges(generation) is None
    monkeypatch.undo()
    generation.with_name("gen.edges.pickle").write_bytes(b"not a pickle")
    assert saved_edges(generation) is None and saved_edges(tmp_path / "none") is None and saved_edges(None) is None
    # Changes kept on edges that are gone (or damaged) are not read either.
    drawing._pickle_saved(generation.with_name("gen.edges.pickle"), drawing._Changes([]))
    assert saved_edges(generation) is None
    generation.with_name("gen.edges-base.pickle").write_bytes(b"not a pickle")
    assert saved_edges(generation) is None
    save_edges(generation.with_name("gen-base"), edges)
    os.replace(generation.with_name("gen-base.edges.pickle"), generation.with_name("gen.edges-base.pickle"))
    assert saved_edges(generation) == edges


def test_the_helper_dies_with_the_build_that_started_it(tmp_path: Path) -> None:
    # A stand-in for the build: starts a helper, says its pid, then waits to be killed.
    script = ("import sys, time\nfrom tradekg.graph.build.drawing import BuildHelper\n"
              "d = BuildHelper.start()\nprint(d.process.pid, flush=True)\ntime.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            # (a zombie until init reaps it: its state says so)
            state = Path(f"/proc/{child}/stat").read_text().split(")")[-1].split()[0] \
                if Path(f"/proc/{child}/stat").exists() else "X"
            if state in ("Z", "X"):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"helper {child} outlived the build that started it")
    finally:
        parent.kill()
        parent.wait()


@pytest.mark.parametrize("fault", ["cannot-start", "dies"])
def test_an_incremental_build_without_its_helper_writes_what_it_writes_with_it(tmp_path: Path, fault: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEKG_HELPER", "always")  # (the bundled corpus is not worth one otherwise)
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(str(corpus_dir())), corpus, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    with_helper, without = tmp_path / "with", tmp_path / "without"
    build([corpus], out=with_helper)
    build([corpus], out=without)
    first = corpus / "r04-trade-2024-25.yaml"
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace('title: "The United States', 'title: "Edited: the United States', 1),
                     encoding="utf-8")
    report = build([corpus], out=with_helper)
    assert report.redone == (str(first),)

    real_start = BuildHelper.start

    def start() -> BuildHelper:
        if fault == "cannot-start":
            return BuildHelper(None)
        helper = real_start()
        assert helper.process is not None
        helper.process.kill()
        helper.process.wait()
        return helper

    monkeypatch.setattr(drawing.BuildHelper, "start", staticmethod(start))
    assert build([corpus], out=without).redone == (str(first),)
    for page in (TIMELINE_PAGE, "index.html", "tradekg.ttl"):
        assert (without / page).read_text(encoding="utf-8") == (with_helper / page).read_text(encoding="utf-8")
    assert _dump(_generation(without).with_name(_generation(without).name + ".claims.sqlite")) == \
        _dump(_generation(with_helper).with_name(_generation(with_helper).name + ".claims.sqlite"))
    assert saved_edges(_generation(without)) == saved_edges(_generation(with_helper)) is not None


def test_a_helper_is_started_for_a_large_corpus_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tradekg.graph.build.early import HELPER_FROM_MANIFEST, helper_wanted
    from tradekg.graph.store.generations import manifest_of

    monkeypatch.delenv("TRADEKG_HELPER", raising=False)
    small, large = tmp_path / "small", tmp_path / "large"
    manifest_of(small).write_bytes(b"x" * 1000)
    with open(manifest_of(large), "wb") as handle:
        handle.truncate(HELPER_FROM_MANIFEST)
    assert not helper_wanted(small) and helper_wanted(large) and not helper_wanted(tmp_path / "none")
    # a manifest saved as the steps since a large one (hard-linked beside it) is a large corpus's
    stepped = tmp_path / "stepped"
    manifest_of(stepped).write_bytes(b"x" * 1000)
    os.link(manifest_of(large), manifest_of(stepped).with_name(manifest_of(stepped).name + "-base"))
    assert helper_wanted(stepped)
    monkeypatch.setenv("TRADEKG_HELPER", "always")
    assert helper_wanted(small) and helper_wanted(tmp_path / "none")
    monkeypatch.setenv("TRADEKG_HELPER", "never")
    assert not helper_wanted(large)
    # What the build does: the bundled corpus updated starts none, unless told to.
    monkeypatch.delenv("TRADEKG_HELPER")
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(str(corpus_dir())), corpus, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    build([corpus], out=tmp_path / "out")
    started: list[BuildHelper] = []
    real_start = BuildHelper.start

    def start() -> BuildHelper:
        started.append(real_start())
        return started[-1]

    monkeypatch.setattr(drawing.BuildHelper, "start", staticmethod(start))
    first = corpus / "r04-trade-2024-25.yaml"
    for n, choice in enumerate(("", "always")):
        monkeypatch.setenv("TRADEKG_HELPER", choice)
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace('title: "', f'title: "Edit {n}: ', 1), encoding="utf-8")
        assert build([corpus], out=tmp_path / "out").redone == (str(first),)
        assert len(started) == n


@pytest.mark.parametrize("helper", ["always", "never"])
def test_edges_a_change_leaves_as_they_were_are_linked_not_written_again(tmp_path: Path, helper: str,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEKG_HELPER", helper)
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(str(corpus_dir())), corpus, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    out = tmp_path / "out"
    build([corpus], out=out)

    def edges_file(generation: Path) -> Path:
        return generation.with_name(generation.name + ".edges.pickle")

    def rebuilt() -> tuple[Path, Path]:
        before = _generation(out)
        report = build([corpus], out=out)
        assert report.redone is not None and (report.redone or report.removed)  # (incremental)
        return edges_file(before), edges_file(_generation(out))

    # A title edited: no relation and no claim's agreement changed, the same edges.
    first = corpus / "r04-trade-2024-25.yaml"
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace('title: "The United States', 'title: "Edited: the United States', 1),
                     encoding="utf-8")
    old, new = rebuilt()
    assert os.stat(old).st_ino == os.stat(new).st_ino
    full = tmp_path / "full"
    build([corpus], out=full, full=True)
    assert saved_edges(_generation(out)) == saved_edges(_generation(full)) is not None
    # A source removed: its claims' edges leave; what changed is saved, and the edges it
    # changed are a hard link to the previous file (saved whole by the first build).
    def base(edges: Path) -> Path:
        return edges.with_name(edges.name.replace(".edges.pickle", ".edges-base.pickle"))

    whole, whole_size = os.stat(new).st_ino, new.stat().st_size  # (the first build's, linked since)
    first.unlink()
    old, new = rebuilt()
    assert os.stat(old).st_ino != os.stat(new).st_ino and os.stat(base(new)).st_ino == whole
    assert new.stat().st_size < whole_size / 4
    build([corpus], out=full, full=True)
    assert saved_edges(_generation(out)) == saved_edges(_generation(full)) is not None
    # Another: the changes of both, on the same edges; a title edited then: both files linked.
    second = corpus / "r17-husch-blackwell.yaml"
    second.rename(tmp_path / second.name)
    old, new = rebuilt()
    assert os.stat(base(new)).st_ino == whole
    build([corpus], out=full, full=True)
    assert saved_edges(_generation(out)) == saved_edges(_generation(full)) is not None
    third = corpus / "r06-ustr-fact-sheet.yaml"
    third.write_text(third.read_text(encoding="utf-8").replace('title: "USTR', 'title: "Edited: USTR', 1),
                     encoding="utf-8")
    old, new = rebuilt()
    assert os.stat(old).st_ino == os.stat(new).st_ino and os.stat(base(new)).st_ino == whole
    # Past MAX_KEPT_CHANGES they are saved whole again, with no base beside them (the
    # same function in the helper, a process this one's monkeypatch does not reach).
    if helper == "never":
        monkeypatch.setattr(drawing, "MAX_KEPT_CHANGES", 0)
    (tmp_path / second.name).rename(second)
    old, new = rebuilt()
    if helper == "never":
        assert not base(new).exists() and new.stat().st_size > whole_size / 2
    else:
        assert os.stat(base(new)).st_ino == whole
    build([corpus], out=full, full=True)
    assert saved_edges(_generation(out)) == saved_edges(_generation(full)) is not None


def test_an_update_asks_again_only_about_the_drawn_nodes_a_change_touched(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The overview's nodes are described once (label, kind, evidence) and kept beside the
    generation; an update describes again only those whose own triples, quotations or named
    sources a change touched, and draws the page a full build draws."""
    from tradekg.graph.views import selection

    monkeypatch.setenv("TRADEKG_HELPER", "never")  # (the build draws: this process's describe is counted)
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(str(corpus_dir())), corpus, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], out=out)
    asked: list[list[str]] = []
    real = selection.describe

    def describe(graph, iris):  # type: ignore[no-untyped-def]
        asked.append(list(iris))
        return real(graph, iris)

    monkeypatch.setattr(selection, "describe", describe)
    source = corpus / "r06-ustr-fact-sheet.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace('title: "USTR', 'title: "Edited: USTR', 1),
                      encoding="utf-8")
    build([corpus], out=out)
    drawn = saved_edges(_generation(out)).described  # type: ignore[union-attr]
    assert len(drawn) > 100 and asked and len(asked[0]) < len(drawn) / 4  # (the source's claims, and it)
    # each node asked again reads the edited source: it is among the nodes its description read
    edited = "https://w3id.org/tradekg/id/source/r06-ustr-fact-sheet"
    assert asked[0] and all(edited in drawn[iri][2] for iri in asked[0]), asked[0]
    monkeypatch.setattr(selection, "describe", real)
    build([corpus], out=full, full=True)
    assert (out / "index.html").read_text(encoding="utf-8") == (full / "index.html").read_text(encoding="utf-8")
    assert saved_edges(_generation(out)).described == saved_edges(_generation(full)).described  # type: ignore[union-attr]


def test_a_helper_started_early_is_the_one_the_update_asks_and_is_stopped_if_unused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tradekg build`` starts the helper before importing the build (see early): the update
    takes that one; one started for a build that then wants none is stopped, not left running."""
    from tradekg.graph.build import early

    monkeypatch.setenv("TRADEKG_HELPER", "always")
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(Path(str(corpus_dir())), corpus, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    build([corpus], out=out)
    early.start_helper_early(out, full=True)
    assert early.take_early_helper() is None  # (a full build has no use for one)
    asked: list[int] = []
    real_start = BuildHelper.start

    def start() -> BuildHelper:
        helper = real_start()
        assert helper.process is not None
        asked.append(helper.process.pid)
        return helper

    monkeypatch.setattr(drawing.BuildHelper, "start", staticmethod(start))
    first = corpus / "r04-trade-2024-25.yaml"
    for n in range(2):
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace('title: "', f'title: "Edit {n}: ', 1), encoding="utf-8")
        early.start_helper_early(out)
        started = early._early[0]
        if n == 0:
            assert build([corpus], out=out).redone == (str(first),)
            assert asked == [started.pid] and not early._early
        else:
            monkeypatch.setenv("TRADEKG_HELPER", "never")
            assert build([corpus], out=out).redone == (str(first),)
            assert len(asked) == 1 and not early._early and started.returncode is not None
