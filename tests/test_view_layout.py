"""Layouts made for each question, measured on the positions the page carries, on the whole
bundled corpus: no two label boxes overlap, labels are whole, and each view is laid out for
its question (a blockers tree left to right from the entity asked about, trade-offs on two
sides with the pairings across, a path from source to target, hubs apart).

The boxes are those :func:`~tradekg.graph.views.layout.view_boxes` estimates; the browser test
(tests/test_view_browser.py) measures the boxes Chromium draws, and that they fit inside these.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import combinations
from typing import Any

import pytest

from tradekg.graph.analysis.blockers import blockers_of
from tradekg.graph.analysis.paths import shortest_paths
from tradekg.graph.analysis.tradeoffs import tradeoffs
from tradekg.graph.store.local import open_graph
from tradekg.graph.views.answers import blockers_view, path_view, tradeoffs_view
from tradekg.graph.views.graphs import focus_view, whole_view
from tradekg.graph.views.html import to_html
from tradekg.graph.views.layout import (
    GAP_Y,
    LABEL_CHARS,
    Box,
    layered_layout,
    overlaps,
    view_boxes,
)
from tradekg.graph.views.model import VIEW_RELATIONS, View

ID = "https://w3id.org/tradekg/id/"
TK = "https://w3id.org/tradekg/ontology#"
INDIA, US = ID + "party/IN", ID + "party/US"
TECH_ACCESS = ID + "demand-kind/technology-access"
CLAIM = ID + "claim/india-us-bta-tech-parity/"

VIEWS: dict[str, Callable[[Any], View]] = {
    "whole": lambda g: whole_view(g),
    "focus": lambda g: focus_view(g, "India"),
    "path": lambda g: path_view(g, "India", "cybersecurity"),
    "blockers-kind": lambda g: blockers_view(g, "technology access"),
    "blockers-party": lambda g: blockers_view(g, "India"),
    "blockers-sector": lambda g: blockers_view(g, "semiconductors"),
    "tradeoffs": lambda g: tradeoffs_view(g, "India", "United States"),
}


@pytest.fixture(scope="module")
def corpus(corpus_built):
    return open_graph(corpus_built / "store")


@pytest.fixture(scope="module")
def drawn(corpus) -> dict[str, tuple[View, dict[str, Any]]]:
    """Each view and the data its page carries (nodes with x and y, edges, options)."""
    out = {}
    for name, make in VIEWS.items():
        view = make(corpus)
        html = to_html(view)
        out[name] = (view, json.loads(html.split('id="tradekg-data">', 1)[1].split("</script>", 1)[0]))
    return out


def placed(view: View, data: dict[str, Any]) -> dict[str, tuple[float, float, float, float]]:
    """Each node's box (left, top, right, bottom) around the position its page carries."""
    boxes = view_boxes(view)
    out = {}
    for n in data["nodes"]:
        b = boxes[n["id"]]
        cy = n["y"] + b.dy
        out[n["id"]] = (n["x"] - b.w / 2, cy - b.h / 2, n["x"] + b.w / 2, cy + b.h / 2)
    return out


def xs(data: dict[str, Any]) -> dict[str, float]:
    return {n["id"]: n["x"] for n in data["nodes"]}


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_node_is_placed_and_no_two_label_boxes_overlap(drawn, name):
    view, data = drawn[name]
    assert data["options"]["physics"] == {"enabled": False}
    boxes = placed(view, data)
    assert len(boxes) == len(view.nodes) > 0
    clashes = [(a, b) for (a, ba), (b, bb) in combinations(boxes.items(), 2) if overlaps(ba, bb)]
    assert clashes == []


@pytest.mark.parametrize("name", list(VIEWS))
def test_labels_are_drawn_whole_and_wrapped_not_cut_at_40(drawn, name):
    view, data = drawn[name]
    full = {n.iri: " ".join(n.label.split()) for n in view.nodes}
    long = [n for n in data["nodes"] if len(full[n["id"]]) > 40]
    assert long, "the view has no label over 40 characters to check"
    for n in data["nodes"]:
        if len(full[n["id"]]) <= LABEL_CHARS:
            assert n["label"] == full[n["id"]]
    assert data["options"]["nodes"]["widthConstraint"] == {"maximum": 200}  # the page wraps them


def test_the_whole_graph_keeps_its_hubs_apart(drawn):
    view, data = drawn["whole"]
    boxes = placed(view, data)
    india, us = boxes[INDIA], boxes[US]
    # In the first column, spread down its height: far more than one box apart.
    gap = max(us[1] - india[3], india[1] - us[3])
    assert gap > 5 * GAP_Y
    first = min(x for x in xs(data).values())
    assert xs(data)[INDIA] == xs(data)[US] == first


def test_each_page_says_what_it_opens_on_when_too_large_to_read_whole(drawn):
    """The hubs or the seed and their first ring (the nodes one relation away), or the answer."""
    for name, roots, said in (("whole", [INDIA, US], "India and United States and their neighbours"),
                              ("focus", [INDIA], "India and its neighbours")):
        view, data = drawn[name]
        ids = [n["id"] for n in data["nodes"]]
        ring = {e.target for e in view.edges if e.source in roots} | {e.source for e in view.edges if e.target in roots}
        opening = data["tables"]["opening"]
        assert [ids[i] for i in opening["roots"]] == roots
        assert [ids[i] for i in opening["ring"]] == sorted(ring - set(roots))
        assert len(opening["ring"]) > 30 and opening["label"] == said
    view, data = drawn["tradeoffs"]
    ids = [n["id"] for n in data["nodes"]]
    opening = data["tables"]["opening"]
    columns = [[n for n in c if n in ids] for c in view.columns]
    assert [ids[i] for i in opening["roots"]] == columns[0]
    assert {ids[i] for i in opening["ring"]} == {n for c in columns[1:] for n in c}
    assert opening["label"] == "the answer"
    assert {n.iri for n in view.nodes if n.role == "answer"} <= {ids[i] for i in opening["roots"] + opening["ring"]}


def test_blockers_of_a_kind_is_a_tree_rooted_at_the_kind(drawn, corpus):
    data = drawn["blockers-kind"][1]
    result = blockers_of(corpus, TECH_ACCESS)
    demands = [d["iri"] for d in result["demands"]]
    concerns = {c["iri"] for d in result["demands"] for c in d["concerns"]}
    alternatives = {a["iri"] for d in result["demands"] for c in d["concerns"] for a in c["alternatives"]}
    assert (len(demands), len(concerns), len(alternatives)) == (2, 4, 2)
    x = xs(data)
    assert x[TECH_ACCESS] < min(x[d] for d in demands)
    assert max(x[d] for d in demands) < min(x[c] for c in concerns)
    assert max(x[c] for c in concerns) < min(x[a] for a in alternatives)
    root = next(n for n in data["nodes"] if n["id"] == TECH_ACCESS)
    assert root["role"] == "seed" and root["group"] == "topic"  # not an "other" node
    ids = [n["id"] for n in data["nodes"]]
    relations = data["tables"]["relations"]
    linked = {(ids[e["from"]], relations[e["rel"]]["iri"]) for e in data["edges"] if ids[e["to"]] == TECH_ACCESS}
    assert linked == {(d, TK + "demandKind") for d in demands}  # the stored relation, to each demand
    # The tree's branches are the answer; what else it names is faded below it.
    answer = {n["id"] for n in data["nodes"] if n.get("role") in ("seed", "answer")}
    assert answer == {TECH_ACCESS, *demands, *concerns, *alternatives}
    lowest = max(n["y"] for n in data["nodes"] if n["id"] in answer)
    assert all(n["y"] > lowest for n in data["nodes"] if n["id"] not in answer)
    branches = {relations[e["rel"]]["short"] for e in data["edges"] if e.get("role") == "answer"}
    assert branches == {"of kind", "conditions", "addresses"}


def test_blockers_of_a_party_and_of_a_sector_are_rooted_there(drawn, corpus):
    for name, root in (("blockers-party", INDIA), ("blockers-sector", ID + "technology/semiconductors")):
        data = drawn[name][1]
        demands = [d["iri"] for d in blockers_of(corpus, root)["demands"]]
        assert demands
        x = xs(data)
        assert x[root] < min(x[d] for d in demands)
        ids = [n["id"] for n in data["nodes"]]
        touching = {ids[e["from"]] for e in data["edges"] if ids[e["to"]] == root and e.get("role") == "answer"}
        assert touching == set(demands), name  # every demand linked to the root, none apart


def test_tradeoffs_are_two_sides_with_the_pairings_across(drawn, corpus):
    data = drawn["tradeoffs"][1]
    result = tradeoffs(corpus, INDIA, US)
    a_demands = {d["demand"]["iri"] for g in result["a_asks_b"] for d in g["demands"]}
    b_demands = {d["demand"]["iri"] for g in result["b_asks_a"] for d in g["demands"]}
    categories = {g["category"]["iri"] for key in ("a_asks_b", "b_asks_a") for g in result[key]
                  if g["category"]["iri"]}
    a_sectors = {s["iri"] for g in result["a_asks_b"] for d in g["demands"] for s in d["sectors"]} - categories
    b_sectors = {s["iri"] for g in result["b_asks_a"] for d in g["demands"] for s in d["sectors"]}
    b_sectors -= categories | a_sectors
    x = xs(data)
    assert max(x[s] for s in a_sectors) < min(x[d] for d in a_demands)
    assert max(x[d] for d in a_demands) < min(x[c] for c in categories)
    assert max(x[c] for c in categories) < min(x[d] for d in b_demands)
    assert max(x[d] for d in b_demands) < min(x[s] for s in b_sectors)
    assert x[INDIA] == min(x[d] for d in a_demands) and x[US] == min(x[d] for d in b_demands)  # heads its side
    assert len({x[d] for d in a_demands}) == len({x[d] for d in b_demands}) == 1  # one column each
    # Every pairing `tradekg tradeoffs` prints is drawn across, dashed, named by its rule.
    ids = [n["id"] for n in data["nodes"]]
    relations = data["tables"]["relations"]
    inferred = [(ids[e["from"]], relations[e["rel"]]["short"], ids[e["to"]], e.get("dashes"), e["color"]["color"])
                for e in data["edges"] if relations[e["rel"]]["iri"] in VIEW_RELATIONS
                and relations[e["rel"]]["short"].startswith("inferred")]
    expected = [(p["a_demand"]["iri"], f"inferred: {p['rule'].replace('-', ' ')}", p["b_demand"]["iri"], True,
                 "#CC79A7") for p in result["inferred"]]
    assert sorted(inferred) == sorted(expected) and len(expected) == 32
    # Stated links are stored relations: drawn solid, never in the inferred colour.
    stated = [e for e in data["edges"] if relations[e["rel"]]["iri"] == TK + "inExchangeFor"]
    assert all(not e.get("dashes") and e["color"]["color"] != "#CC79A7" for e in stated)
    assert len(stated) == sum(1 for s in result["stated"] if s["in_exchange_for"])


def test_a_path_runs_from_its_source_to_its_target(drawn, corpus):
    data = drawn["path"][1]
    result = shortest_paths(corpus, INDIA, ID + "concern-topic/cybersecurity")
    assert len(result["paths"]) == 3
    x = xs(data)
    for path in result["paths"]:
        walk = [INDIA]
        for edge in path["edges"]:
            walk.append(edge["to"]["iri"] if edge["from"]["iri"] == walk[-1] else edge["from"]["iri"])
        assert [x[n] for n in walk] == sorted(x[n] for n in walk)
        assert len({x[n] for n in walk}) == len(walk)  # each step a column further right
    assert x[INDIA] == min(x.values())
    assert x[ID + "concern-topic/cybersecurity"] == max(x.values())


def test_layered_layout_orders_columns_by_their_neighbours_and_wraps_tall_ones():
    boxes = {n: Box(100, 40) for n in ["r", "a", "b", "c", "x", "y", "z"]}
    # x links to c, z to a: the second column follows the first's order.
    pos = layered_layout([["r"], ["a", "b", "c"], ["z", "y", "x"]],
                         [("r", "a"), ("r", "b"), ("r", "c"), ("a", "z"), ("b", "y"), ("c", "x")], boxes,
                         pinned=["r"], aspect=0.1)
    assert pos["r"][0] < pos["a"][0] == pos["b"][0] == pos["c"][0] < pos["x"][0]
    order_left = sorted("abc", key=lambda n: pos[n][1])
    order_right = sorted("xyz", key=lambda n: pos[n][1])
    partner = {"a": "z", "b": "y", "c": "x"}
    assert [partner[n] for n in order_left] == order_right  # no two of these edges cross
    assert abs(pos["y"][1] - pos["b"][1]) < 1  # each beside what it is linked to
    # 30 nodes in one column of a wide drawing: wrapped into several columns.
    many = {f"n{i}": Box(100, 40) for i in range(30)}
    wide = layered_layout([list(many)], [], many, aspect=2.0)
    assert len({x for x, _ in wide.values()}) > 1
    assert all(not overlaps((x1 - 50, y1 - 20, x1 + 50, y1 + 20), (x2 - 50, y2 - 20, x2 + 50, y2 + 20))
               for (x1, y1), (x2, y2) in combinations(wide.values(), 2))


STATED = """format: tradekg/1
draft: false
source:
  id: swap
  kind: article
  title: A stated exchange
  published: 2025-05-01
  agreement: swap-bta
agreements:
  - id: swap-bta
    label: A trade agreement
    parties: [India, United Kingdom]
claims:
  - id: india-leather
    kind: demand
    by: India
    to: United Kingdom
    demand_kind: duty concessions
    sectors: [leather goods]
    in_exchange_for: [uk-whisky]
    quote: "India wants lower duties on leather goods in exchange for cutting its tariff on whisky."
  - id: uk-whisky
    kind: demand
    by: United Kingdom
    to: India
    demand_kind: duty concessions
    sectors: [wine]
    quote: "The United Kingdom wants India to cut its tariff on whisky."
"""


def test_a_stated_exchange_is_drawn_solid_apart_from_inferred_pairings(tmp_path):
    from tradekg.graph.build.pipeline import build

    (tmp_path / "swap.yaml").write_text(STATED, encoding="utf-8")
    build(paths=[tmp_path / "swap.yaml"], out=tmp_path / "out")
    g = open_graph(tmp_path / "out" / "store")
    view = tradeoffs_view(g, "India", "United Kingdom")
    data = json.loads(to_html(view).split('id="tradekg-data">', 1)[1].split("</script>", 1)[0])
    ids = [n["id"] for n in data["nodes"]]
    relations = data["tables"]["relations"]
    across = sorted((ids[e["from"]].rsplit("/", 1)[-1], relations[e["rel"]]["short"], bool(e.get("dashes")),
                     e["color"]["color"], "smooth" in e) for e in data["edges"]
                    if {ids[e["from"]], ids[e["to"]]} == {ID + "claim/swap/india-leather", ID + "claim/swap/uk-whisky"})
    # As `tradekg tradeoffs` lists them: the link the source states (bold, solid, black) and the
    # pairing tradekg infers for the same two demands (dashed, pink, named by its rule).
    result = tradeoffs(g, "India", "United Kingdom")
    assert [(s["demand"]["iri"], s["in_exchange_for"]["iri"]) for s in result["stated"]] == [
        (ID + "claim/swap/india-leather", ID + "claim/swap/uk-whisky")]
    assert [p["rule"] for p in result["inferred"]] == ["same-negotiation"]
    assert across == [("india-leather", "in return for", False, "#1a1a1a", False),
                      ("india-leather", "inferred: same negotiation", True, "#CC79A7", True)]  # bowed: apart
    x = xs(data)
    assert x[ID + "claim/swap/india-leather"] < x[ID + "claim/swap/uk-whisky"]


def test_answers_with_nothing_to_lay_out_still_draw_their_ends(corpus):
    japan = blockers_view(corpus, "Japan")  # a party that demands nothing
    assert [n.iri for n in japan.nodes] == [ID + "party/JP"] and japan.columns == [[ID + "party/JP"], [], [], []]
    assert japan.notes == [
        "The answer is drawn alone (1 other neighbour not shown: `tradekg view --focus ENTITY` shows any entity's).",
        "No demand by or on Japan is reported."]
    same = path_view(corpus, "India", "India")
    assert same.columns == [[INDIA]]
    for view in (japan, same):
        data = json.loads(to_html(view).split('id="tradekg-data">', 1)[1].split("</script>", 1)[0])
        assert [n["id"] for n in data["nodes"]] == [view.nodes[0].iri]
        box = view_boxes(view)[view.nodes[0].iri]  # a column of one: its box's left edge at 0, centred on 0
        assert (data["nodes"][0]["x"], data["nodes"][0]["y"]) == (round(box.w / 2, 1), round(-box.dy, 1))
