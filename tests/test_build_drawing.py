"""The helper process of an incremental build (graph/build/drawing.py): it draws the page the
build draws, saves the index the build saves, and whatever happens to it, the build's pages
and index are those of a build without it."""

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
from tradekg.graph.build.drawing import TimelineDrawer, draw_timeline
from tradekg.graph.build.pipeline import build
from tradekg.graph.views.timeline_page import TIMELINE_PAGE
from tradekg.ontology import corpus_dir


def _generation(out: Path) -> Path:
    return (out / "store").resolve()


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def test_the_helper_draws_the_timeline_the_build_drew(corpus_built: Path) -> None:
    written = (corpus_built / TIMELINE_PAGE).read_text(encoding="utf-8")
    assert draw_timeline(_generation(corpus_built)) == written
    drawer = TimelineDrawer.start()
    try:
        drawer.ask(_generation(corpus_built))
        assert drawer.page() == written
    finally:
        drawer.close()


def test_the_helper_saves_the_index_the_build_saves(corpus_built: Path, tmp_path: Path) -> None:
    mine, helpers = tmp_path / "mine", tmp_path / "helpers"
    ox.Store.read_only(str(_generation(corpus_built))).backup(str(mine))
    ox.Store.read_only(str(_generation(corpus_built))).backup(str(helpers))
    expected = save_claims_index(mine, ox.Store.read_only(str(mine)))
    drawer = TimelineDrawer.start()
    try:
        assert drawer.index(helpers, None, None, None)
        assert drawer.indexed() == expected > 0
    finally:
        drawer.close()
    assert _dump(helpers.with_name("helpers.claims.sqlite")) == _dump(mine.with_name("mine.claims.sqlite"))


def test_a_failed_request_is_answered_none_and_the_next_one_still_served(corpus_built: Path,
                                                                        tmp_path: Path) -> None:
    drawer = TimelineDrawer.start()
    try:
        drawer.ask(tmp_path / "no-such-generation")
        assert drawer.page() is None
        drawer.ask(_generation(corpus_built))
        assert drawer.page() == (corpus_built / TIMELINE_PAGE).read_text(encoding="utf-8")
        assert drawer.indexed() is None  # none asked for
    finally:
        drawer.close()


def test_a_dead_helper_answers_none_and_close_reaps_it(corpus_built: Path) -> None:
    drawer = TimelineDrawer.start()
    process = drawer.process
    assert process is not None
    process.kill()
    process.wait()
    drawer.ask(_generation(corpus_built))
    assert drawer.page() is None
    assert drawer.index(_generation(corpus_built), None, None, None) is False
    drawer.close()
    assert drawer.process is None and process.returncode is not None


def test_the_helper_dies_with_the_build_that_started_it(tmp_path: Path) -> None:
    # A stand-in for the build: starts a helper, says its pid, then waits to be killed.
    script = ("import sys, time\nfrom tradekg.graph.build.drawing import TimelineDrawer\n"
              "d = TimelineDrawer.start()\nprint(d.process.pid, flush=True)\ntime.sleep(60)\n")
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

    real_start = TimelineDrawer.start

    def start() -> TimelineDrawer:
        if fault == "cannot-start":
            return TimelineDrawer(None)
        drawer = real_start()
        assert drawer.process is not None
        drawer.process.kill()
        drawer.process.wait()
        return drawer

    monkeypatch.setattr(drawing.TimelineDrawer, "start", staticmethod(start))
    assert build([corpus], out=without).redone == (str(first),)
    for page in (TIMELINE_PAGE, "index.html"):
        assert (without / page).read_text(encoding="utf-8") == (with_helper / page).read_text(encoding="utf-8")
    assert _dump(_generation(without).with_name(_generation(without).name + ".claims.sqlite")) == \
        _dump(_generation(with_helper).with_name(_generation(with_helper).name + ".claims.sqlite"))
