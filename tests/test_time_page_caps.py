"""The time pages stay under their size budget on a large corpus by listing at most so many
rows, and say what they leave out: the diff page's sections (``MAX_ROWS``), the timeline's
conflicts between claims it does not draw (``MAX_UNDRAWN_CONFLICTS``)."""

from __future__ import annotations

import pytest

from tradekg.graph.views import diff_page, timeline_page
from tradekg.graph.views.diff_page import diff_html, diff_model
from tradekg.graph.views.timeline_page import timeline_html, timeline_model

pytestmark = pytest.mark.timeout(240)


def test_a_diff_section_lists_its_first_rows_counts_them_all_and_says_how_many_it_leaves_out(graph, monkeypatch):
    full = diff_model(graph, "2025-09-01", "2026-02-10")
    monkeypatch.setattr(diff_page, "MAX_ROWS", 2)
    capped = diff_model(graph, "2025-09-01", "2026-02-10")
    assert capped["counts"] == full["counts"] == {"new": 11, "changed": 4, "ended": 1}
    for whole, part in zip(full["sections"], capped["sections"], strict=True):
        assert part["rows"] == whole["rows"][:2]
        assert part["total"] == len(whole["rows"])
        assert part["left_out"] == max(0, len(whole["rows"]) - 2)
        assert part["counts"] == {c: sum(1 for r in whole["rows"] if r["change"] == c) for c in diff_page.CHANGES}
    positions = capped["sections"][0]
    assert positions["id"] == "positions" and positions["left_out"] > 0
    html = diff_html(capped)
    assert f"{positions['title']} ({positions['total']})" in html
    assert f"The first 2 are listed; {positions['left_out']:,} more are left out of this page" in html
    assert "more are left out" not in diff_html(full)


def test_the_timeline_lists_every_drawn_conflict_and_at_most_so_many_others(graph, monkeypatch):
    drawn = [i["id"] for i in timeline_model(graph, conflicts=())["items"] if i["type"] == "claim"][:2]
    a, b = drawn
    absent = "https://w3id.org/tradekg/id/claim/nowhere/absent-"
    pairs = [(a, absent + "1", "coverage", "first not drawn"), (a, absent + "2", "coverage", "second not drawn"),
             (a, b, "value conflict", "drawn"), (b, absent + "3", "coverage", "third not drawn")]
    monkeypatch.setattr(timeline_page, "MAX_UNDRAWN_CONFLICTS", 1)
    model = timeline_model(graph, conflicts=pairs)
    assert [(c["id"], c["explanation"], c["drawn"]) for c in model["conflicts"]] == [
        (0, "first not drawn", False), (1, "drawn", True)]
    flagged = {i["id"]: i["conflicts"] for i in model["items"] if i.get("conflicts")}
    assert flagged == {a: [1], b: [1]}
    assert model["counts"]["conflicts"] == 4
    note = ("2 more conflicts between claims not on this timeline not listed (the page lists at most 1; "
            "`tradekg conflicts` lists them all)")
    assert "1 conflict between claims not on this timeline listed, not drawn" in model["notes"]
    assert note in model["notes"]
    assert "2 more conflicts between claims not on this timeline not listed" in timeline_html(model)
