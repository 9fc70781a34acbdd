"""The cyclic collector kept off a build's long-lived objects: frozen inside a build, handed
back when it ends (also when it fails), and never left paused."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from tradekg.graph.build import pipeline
from tradekg.graph.core.collector import collector_paused, keep_objects, objects_kept
from tradekg.graph.core.errors import ValidationFailed


def _seed() -> list[Path]:
    from tradekg.graph.sources.discovery import bundled_sources

    return [p for p in bundled_sources() if p.name in ("india-us-bta-tech-parity.yaml", "india-us-bta-tor.yaml")]


def test_keep_objects_freezes_until_the_outermost_block_ends() -> None:
    assert gc.get_freeze_count() == 0
    keep_objects()  # outside a block: nothing
    assert gc.get_freeze_count() == 0
    with objects_kept():
        with objects_kept():
            kept = [object() for _ in range(10)]
            keep_objects()
            assert gc.get_freeze_count() > len(kept)
        assert gc.get_freeze_count() > len(kept)  # the inner block's end hands nothing back
    assert gc.get_freeze_count() == 0
    assert kept


def test_a_cycle_kept_waits_for_the_end_of_the_block() -> None:
    class Cycle:
        pass

    def cycle() -> weakref.ref:
        c = Cycle()
        c.self = c  # type: ignore[attr-defined]
        return weakref.ref(c)

    with objects_kept():
        before = cycle()
        keep_objects()
        after = cycle()
        gc.collect()
        assert before() is not None  # alive when kept: left out of the passes
        assert after() is None  # made afterwards: collected as usual
    gc.collect()
    assert before() is None


def test_collector_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def _spied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = pipeline.keep_objects

    def spy() -> None:
        real()
        seen.append(gc.get_freeze_count())

    monkeypatch.setattr(pipeline, "keep_objects", spy)
    return seen


def test_a_build_freezes_and_hands_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _spied(monkeypatch)
    pipeline.build(_seed(), tmp_path / "out")  # full: the compiled corpus kept, then (no manifest yet) the rest
    pipeline.build(_seed(), tmp_path / "out")  # nothing changed: the manifest read and kept
    assert len(seen) == 3 and all(n > 0 for n in seen)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_failed_build_hands_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _spied(monkeypatch)
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValidationFailed):
        pipeline.build([str(bad)], tmp_path / "out")
    assert seen and seen[0] > 0  # frozen before the failure
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    assert (tmp_path / "out").exists() is False
