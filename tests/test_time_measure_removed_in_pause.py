"""A measure removed while a pause of it runs is ended from the removal's day, not paused: the
removal takes over from its own day, whatever pause was under way (a source of our own,
built as a user would)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradekg.graph.analysis.measures import measures_in_force
from tradekg.graph.build.pipeline import build
from tradekg.graph.store.local import open_graph

SOURCE = """format: tradekg/1
draft: false
source:
  id: pause-then-removal
  kind: article
  title: "A tariff paused, then removed during the pause"
  published: "2020-01-10"
  text: pause-then-removal.txt
agreements:
  - id: our-agreement
    label: Our agreement
    parties: [India, United States]
measures:
  - id: our-tariff
    label: Our tariff on Indian goods
    by: United States
    'on': India
    measure_kind: tariff
claims:
  - id: imposed
    kind: measure
    measure: our-tariff
    action: imposes
    rate: 20%
    announced: 2020-01-10
    effective: 2020-02-01
    quote: "The United States imposes a 20% tariff on Indian goods from 1 February 2020."
  - id: paused
    kind: measure
    measure: our-tariff
    action: pauses
    announced: 2020-01-10
    effective: 2020-03-01
    duration: P90D
    quote: "The tariff is paused for 90 days from 1 March 2020."
  - id: removed
    kind: measure
    measure: our-tariff
    action: removes
    announced: 2020-01-10
    effective: 2020-04-01
    quote: "The tariff is removed from 1 April 2020."
"""
TEXT = ("The United States imposes a 20% tariff on Indian goods from 1 February 2020. "
        "The tariff is paused for 90 days from 1 March 2020. The tariff is removed from 1 April 2020.\n")


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("pause-removal")
    (folder / "src").mkdir()
    (folder / "src" / "pause-then-removal.yaml").write_text(SOURCE, encoding="utf-8")
    (folder / "src" / "pause-then-removal.txt").write_text(TEXT, encoding="utf-8")
    build([folder / "src"], out=folder / "out")
    return open_graph(folder / "out" / "store")


def state(graph, day: str) -> tuple:  # type: ignore[no-untyped-def]
    (m,) = measures_in_force(graph, day, by="United States", on="India")["measures"]
    return (m["state"], m["rate"], ((m["pause"] or {}).get("iri") or "").rsplit("/", 1)[-1] or None,
            ((m["ended_by"] or {}).get("iri") or "").rsplit("/", 1)[-1] or None)


def test_in_force_then_paused_then_ended_by_the_removal_inside_the_pause(graph) -> None:  # type: ignore[no-untyped-def]
    assert state(graph, "2020-02-15") == ("in force", 20, None, None)
    assert state(graph, "2020-03-15") == ("paused", 20, "paused", None)
    # 1 April falls inside the 90-day pause (to 30 May): the removal ends the measure all the same.
    assert state(graph, "2020-04-01") == ("ended", 20, None, "removed")
    assert state(graph, "2020-05-15") == ("ended", 20, None, "removed")
    assert state(graph, "2020-07-01") == ("ended", 20, None, "removed")
