"""Which nodes and edges each view shows, and the page it becomes (no browser here)."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

from tradekg.graph.analysis.evidence import Evidence, Quote
from tradekg.graph.analysis.neighbourhood import expand
from tradekg.graph.core.errors import TradekgError, UsageError
from tradekg.graph.store.local import graph_over
from tradekg.graph.views.answers import answer_nodes, answer_view, tradeoffs_view
from tradekg.graph.views.graphs import focus_view, overview_view, whole_view
from tradekg.graph.views.html import to_html, vis_network_js, write_view
from tradekg.graph.views.layout import ring_layout
from tradekg.graph.views.model import MAX_NODES_LIMIT, PHYSICS_MAX_NODES, View, ViewNode
from tradekg.graph.views.page import MAX_NODE_QUOTE_CHARS, QUOTES_CHARS, page_data
from tradekg.graph.views.selection import detached_claims, ranked

ID = "https://w3id.org/tradekg/id/"
TK = "https://w3id.org/tradekg/ontology#"
CLAIM = ID + "claim/india-us-bta-tech-parity/"
INDIA, US = ID + "party/IN", ID + "party/US"
TECH = CLAIM + "india-technology-access-parity"
CYBER = CLAIM + "us-concern-cybersecurity"
TRUSTED = CLAIM + "us-alternative-trusted-partner"
ARTICLE = ID + "source/india-us-bta-tech-parity"
AGREEMENT = ID + "agreement/india-us-bta"

# Written independently of the projection module: the relations the ontology marks as path relations.
PATH_EDGES = f"""SELECT ?s ?p ?o WHERE {{ ?p <{TK}pathRelation> true . ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o)) }}"""
IN_NEGOTIATION = f"""SELECT ?s ?o WHERE {{ ?s a <{TK}Claim> ; <{TK}inNegotiation> ?o }}"""


# The seed article alone: these tests count how views are drawn, not how large the corpus is
# (tests/test_view_corpus.py draws the whole bundled corpus).
@pytest.fixture(scope="module")
def built(seed_built):
    return seed_built


@pytest.fixture(scope="module")
def graph(seed_graph):
    return seed_graph


def path_edges(graph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in graph.query(PATH_EDGES)}


def node(iri: str) -> dict[str, str]:
    return {"iri": iri, "label": iri.rsplit("/", 1)[-1], "kind": "entity"}


def step(a: str, predicate: str, b: str, forward: bool) -> dict:
    return {"from": node(a), "predicate": {"iri": TK + predicate, "label": predicate}, "to": node(b),
            "forward": forward}


# ---------------------------------------------------------------- whole and focus views


def test_whole_view_shows_every_path_relation_and_hangs_detached_claims_on_their_agreement(graph):
    edges = path_edges(graph)
    reached = {n for s, _, o in edges for n in (s, o)}
    detached = {(str(c), TK + "inNegotiation", str(a)) for c, a in graph.query(IN_NEGOTIATION) if str(c) not in reached}
    view = whole_view(graph)
    assert {(e.source, e.predicate, e.target) for e in view.edges} == edges | detached
    assert {n.iri for n in view.nodes} == reached | {n for s, _, o in detached for n in (s, o)}
    # The seed article: 84 negotiation relations among 57 nodes; 4 claims (the preliminary
    # discussions, the terms of reference finalised, two status reports) only belong to the agreement.
    assert (len(edges), len(reached), len(detached)) == (84, 57, 4)
    assert view.summary == "61 nodes, 88 edges"
    assert view.omitted == 0 and view.notes == []


def test_whole_view_cap_keeps_the_best_connected_first_and_says_how_many_are_left_out(graph):
    view = whole_view(graph, max_nodes=5)
    assert len(view.nodes) == 5
    assert view.omitted == 56
    assert view.summary == f"5 nodes, {len(view.edges)} edges; 56 more not shown"
    kept = {n.iri for n in view.nodes}
    assert TECH in kept  # the demand with the most relations (6 areas, 3 benchmarks, 4 concerns, 2 alternatives)
    assert all(e.source in kept and e.target in kept for e in view.edges)
    assert "best-connected nodes of 61" in view.notes[0]


def test_focus_view_radius_1_is_the_entity_and_its_neighbours(graph):
    edges = {e for e in path_edges(graph) if INDIA in (e[0], e[2])}
    expected = {n for s, _, o in edges for n in (s, o)}
    view = focus_view(graph, INDIA, radius=1, label="India")
    assert {n.iri for n in view.nodes} == expected
    assert {(e.source, e.predicate, e.target) for e in view.edges} == {
        e for e in path_edges(graph) if e[0] in expected and e[2] in expected}
    assert len(expected) == 15
    assert [n.iri for n in view.nodes if n.role == "seed"] == [INDIA]
    assert (view.name, view.title) == ("focus-IN-r1", "Around India")


def test_focus_view_radius_2_reaches_two_relations_out(graph):
    view = focus_view(graph, TRUSTED, radius=2)
    one = {n for s, _, o in path_edges(graph) if TRUSTED in (s, o) for n in (s, o)}
    two = {n for s, _, o in path_edges(graph) if s in one or o in one for n in (s, o)}
    assert {n.iri for n in view.nodes} == two
    assert view.name == "focus-us-alternative-trusted-partner-r2"


def test_focus_view_radius_0_and_an_isolated_entity(graph):
    view = focus_view(graph, INDIA, radius=0)
    assert [n.iri for n in view.nodes] == [INDIA] and view.edges == [] and view.notes == []
    talks = CLAIM + "preliminary-discussions"
    lonely = focus_view(graph, talks, radius=2, label="preliminary discussions")
    assert [n.iri for n in lonely.nodes] == [talks]
    assert lonely.notes == ["preliminary discussions has no negotiation relations in this graph."]


def test_focus_view_cap_keeps_the_nearest(graph):
    view = focus_view(graph, INDIA, radius=2, max_nodes=6)
    assert len(view.nodes) == 6
    assert view.nodes[0].iri == INDIA
    neighbours = {n for s, _, o in path_edges(graph) if INDIA in (s, o) for n in (s, o)} - {INDIA}
    assert {n.iri for n in view.nodes[1:]} <= neighbours
    assert view.omitted > 0 and view.omitted_at_least  # the fetch stopped once the cap was passed
    assert view.summary.endswith(f"at least {view.omitted} more not shown")


@pytest.mark.parametrize("bad", [0, -1, MAX_NODES_LIMIT + 1, True, 2.5])
def test_bad_caps_are_usage_errors(graph, bad):
    with pytest.raises(UsageError, match="max nodes must be a whole number from 1 to 2,000"):
        whole_view(graph, max_nodes=bad)


@pytest.mark.parametrize("bad", [-1, True, 2.5])
def test_bad_radii_are_usage_errors(graph, bad):
    with pytest.raises(UsageError, match="radius must be a whole number"):
        focus_view(graph, INDIA, radius=bad)


def test_claims_carry_their_quotes_source_and_date(graph):
    view = focus_view(graph, TECH, radius=0)
    ev = view.nodes[0].evidence
    assert ev is not None
    assert len(ev.quotes) == 5
    assert ev.quotes[0].text.startswith("India is set to press the United States to ease its export controls")
    assert [s.title for s in ev.sources] == [
        "India's Push for Technology Access Parity in Bilateral Trade Agreement with the US"]
    assert ev.date == "2025-04-27"  # the page states no date: that of the PTI story it restates
    item = page_data(view).nodes[0]
    # Drawn whole, wrapped by the page (widthConstraint), not cut at 40 characters as it was.
    assert item["label"] == "India seeks technology-access parity from the United States"
    assert "fullLabel" not in item
    assert [q[0] for q in item["quotes"]] == [q.text.replace("\xa0", " ") for q in ev.quotes]
    assert {q[1] for q in item["quotes"]} == {ARTICLE} and item["sources"] == [ARTICLE]
    assert "moreQuotes" not in item and item["date"] == "2025-04-27"
    assert page_data(view).tables["sources"] == {ARTICLE: {
        "title": "India's Push for Technology Access Parity in Bilateral Trade Agreement with the US",
        "publisher": None, "issued": None}}


def test_quotes_share_a_budget_so_pages_stay_small():
    long = Evidence([Quote("word " * 2_000, None) for _ in range(3)])
    nodes = [ViewNode(f"{ID}claim/s/c{i}", f"c{i}", "demand", evidence=long) for i in range(1_000)]
    data = page_data(View("q", "Q", nodes=nodes))
    per_node = QUOTES_CHARS // 1_000
    assert all(sum(len(q[0]) for q in n["quotes"]) <= per_node + 40 for n in data.nodes)
    assert all(n["moreQuotes"] == 2 for n in data.nodes)  # the first quote, shortened, used the budget
    few = page_data(View("q", "Q", nodes=nodes[:2])).nodes[0]
    assert len(few["quotes"]) == 1 and len(few["quotes"][0][0]) == MAX_NODE_QUOTE_CHARS


# ---------------------------------------------------- answer views (what paths, blockers and trade-offs answer)


def test_path_answer_highlights_the_walked_edges_in_their_true_direction(graph):
    result = {"source": node(INDIA), "target": node(CYBER), "truncated": False, "paths": [
        {"hops": 2, "edges": [step(INDIA, "demandedBy", TECH, False), step(TECH, "conditions", CYBER, False)]}]}
    view = answer_view(graph, result, "path-IN-cyber", "Paths", seeds=[INDIA, CYBER], max_context=1000)
    answer = {(e.source, e.predicate, e.target) for e in view.edges if e.role == "answer"}
    assert answer == {(TECH, TK + "demandedBy", INDIA), (CYBER, TK + "conditions", TECH)}
    roles = {n.iri: n.role for n in view.nodes}
    assert {k for k, v in roles.items() if v in ("seed", "answer")} == {INDIA, TECH, CYBER}
    assert (roles[INDIA], roles[CYBER], roles[TECH]) == ("seed", "seed", "answer")
    every = path_edges(graph)
    context = {n for s, _, o in every if {s, o} & {INDIA, TECH, CYBER} for n in (s, o)} - {INDIA, TECH, CYBER}
    assert {k for k, v in roles.items() if v == "context"} == context
    assert {(e.source, e.predicate, e.target) for e in view.edges} == {
        e for e in every if e[0] in roles and e[2] in roles}
    assert view.highlight and view.notes == []


def test_path_answer_trusts_the_graph_over_a_wrong_forward_flag_and_keeps_unknown_edges(graph):
    ghost = ID + "party/XX"
    result = {"paths": [{"hops": 2, "edges": [step(INDIA, "demandedBy", TECH, True),  # flag wrong
                                              step(TECH, "blocks", ghost, True)]}]}  # not in the graph
    view = answer_view(graph, result, "p", "P", max_context=0)
    assert {(e.source, e.predicate, e.target) for e in view.edges if e.role == "answer"} == {
        (TECH, TK + "demandedBy", INDIA), (TECH, TK + "blocks", ghost)}
    assert [n.label for n in view.nodes if n.iri == ghost] == ["XX"]  # from the answer: the graph lacks it


def test_no_path_and_truncation_are_said(graph):
    view = answer_view(graph, {"source": node(INDIA), "target": node(US), "paths": [], "truncated": True},
                             "p", "P", seeds=[INDIA, US])
    assert view.notes == ["No path was found within the search limits.",
                          "The search stopped early (a limit or the time budget): there may be more."]


def test_nested_answer_collects_every_iri_and_highlights_relations_among_them(graph):
    # A blockers-like answer: entities nested at any depth, claims with a source and quotes.
    result = {"demand": node(TECH), "blockers": [
        {"concern": {**node(CYBER), "source": {"iri": ARTICLE, "title": "t"}, "quotes": ["q"]},
         "addressed_by": [{"alternative": node(TRUSTED)}]}]}
    assert list(answer_nodes(result)) == [TECH, CYBER, ARTICLE, TRUSTED]
    view = answer_view(graph, result, "blockers-x", "B", seeds=[TECH], max_context=3)
    answer = {(e.source, e.predicate, e.target) for e in view.edges if e.role == "answer"}
    assert answer == {(CYBER, TK + "conditions", TECH), (TRUSTED, TK + "insteadOf", TECH),
                      (TRUSTED, TK + "addresses", CYBER),
                      (TECH, "http://www.w3.org/ns/prov#wasDerivedFrom", ARTICLE),
                      (CYBER, "http://www.w3.org/ns/prov#wasDerivedFrom", ARTICLE),
                      (TRUSTED, "http://www.w3.org/ns/prov#wasDerivedFrom", ARTICLE)}
    assert len([n for n in view.nodes if n.role == "context"]) == 3
    assert view.omitted > 0
    assert view.notes == [f"{view.omitted} more neighbours of the answer are not shown."]


def test_a_malformed_answer_is_a_data_error(graph):
    with pytest.raises(TradekgError, match="without from/predicate/to"):
        answer_view(graph, {"paths": [{"edges": [{"from": node(INDIA)}]}]}, "p", "P")
    with pytest.raises(TradekgError, match="not a JSON object"):
        answer_view(graph, ["x"], "p", "P")  # type: ignore[arg-type]


# ---------------------------------------------------------------- the page


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def test_pyvis_is_imported_without_ipython_and_its_notebook_frame_still_works() -> None:
    import subprocess
    import sys

    script = """
import sys
from tradekg.graph.views.html import pyvis_network
Network = pyvis_network()
assert Network.__module__ == "pyvis.network", Network
assert "IPython" not in sys.modules and "IPython.display" not in sys.modules
import pyvis.network
frame = pyvis.network.IFrame("view.html", width=10, height=20)  # what Network.show(notebook=True) returns
import IPython.display
assert isinstance(frame, IPython.display.IFrame) and sys.modules["IPython.display"] is IPython.display
assert pyvis_network() is Network
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_vis_network_s_bundle_is_read_without_importing_pyvis() -> None:
    """The build's helper reads the bundle first (see drawing._warm_up): importing pyvis then,
    without pyvis_network's stand-in, loaded IPython (0.05 s of each update at 1M triples)."""
    import subprocess
    import sys

    script = """
import sys
from tradekg.graph.views.html import pyvis_network, vis_network_js
assert vis_network_js().startswith("/**") and "pyvis" not in sys.modules
pyvis_network()
assert "pyvis.network" in sys.modules and "IPython" not in sys.modules
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_pyvis_is_imported_as_usual_when_ipython_is_loaded() -> None:
    import subprocess
    import sys

    script = """
import sys, IPython.display
from tradekg.graph.views.html import pyvis_network
import pyvis.network
assert pyvis_network() is pyvis.network.Network and pyvis.network.IFrame is IPython.display.IFrame
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_pyvis_wanting_more_of_ipython_is_imported_the_plain_way(tmp_path) -> None:
    import subprocess
    import sys

    fake = tmp_path / "pyvis"  # a pyvis whose network module needs more than IFrame
    fake.mkdir()
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "network.py").write_text("from IPython.display import IFrame, HTML\nclass Network:\n    pass\n",
                                     encoding="utf-8")
    script = f"""
import sys
sys.path.insert(0, {str(tmp_path)!r})
from tradekg.graph.views.html import pyvis_network
Network = pyvis_network()
import pyvis.network, IPython.display
assert Network is pyvis.network.Network and pyvis.network.HTML is IPython.display.HTML
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_page_is_self_contained_and_its_csp_allows_exactly_its_scripts(graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    html = to_html(whole_view(graph))
    assert list(tmp_path.iterdir()) == []  # no lib/ folder written beside it (pyvis's "local" mode would)
    tags = _Tags()
    tags.feed(html)
    linked = [(t, k, v) for t, k, v in tags.attrs if k in ("src", "href")]
    assert linked == []  # nothing to fetch: no src, no href at all
    assert not re.search(r"<link\b", html) and "cdn" not in html.lower()
    assert "@license" in html and "vis-network" in html  # the bundle is inlined with its licence header
    csp = next(v for t, k, v in tags.attrs if t == "meta" and k == "content" and "default-src" in v)
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    executable = tags.scripts[1:]  # the first is the JSON data block
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in executable}
    assert set(re.findall(r"'sha256-[^']+'", csp)) == hashes and len(hashes) == 2
    data = json.loads(tags.scripts[0])
    assert len(data["nodes"]) == 61 and len(data["edges"]) == 88
    # Laid out here, in columns from the hubs: the page draws at once, physics off, hover on.
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["interaction"]["hover"] is True
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A store built from tests/fixtures/hostile-labels.yaml: labels, titles and quotes that try to run script."""
    from pathlib import Path

    from tradekg.graph.build.pipeline import build
    from tradekg.graph.store.local import open_graph

    out = tmp_path_factory.mktemp("hostile")
    build(paths=[Path(__file__).parent / "fixtures" / "hostile-labels.yaml"], out=out)
    return open_graph(out / "store")


def test_untrusted_text_never_reaches_the_markup_unescaped(hostile):
    demand = ID + "claim/hostile-source/img-demand"
    html = to_html(focus_view(hostile, demand, 2, label="<img src=x onerror=alert(1)>"))
    ours = html.replace(vis_network_js(), "")  # the rest is tradekg's template and the data
    for tag in ("<img", "<svg", "<iframe", "<a ", "<b ", "<!--"):
        assert tag not in ours
    assert ours.count("<script") == 3 and ours.count("</script>") == 3
    assert "<h1 id=\"heading\">Around &lt;img src=x onerror=alert(1)&gt;</h1>" in ours
    assert "<title>Around &lt;img src=x onerror=alert(1)&gt;</title>" in ours
    data = json.loads(ours.split('id="tradekg-data">', 1)[1].split("</script>", 1)[0])
    labels = {n.get("fullLabel", n["label"]) for n in data["nodes"]}
    assert "India–US <b onmouseover=alert('agreement')>BTA</b> {{ 7*7 }}" in labels  # data, never a template
    assert "</script><script>alert(1)</script>" in labels


def test_lone_surrogates_from_a_remote_store_do_not_break_the_write(tmp_path):
    view = View("s", "broken \ud800 text", nodes=[ViewNode(ID + "party/IN", "x\udfff", "country")])
    path = write_view(view, tmp_path / "s.html")
    text = path.read_bytes().decode("utf-8")
    assert "broken ? text" in text


# ---------------------------------------------------------------- large views


def synthetic_graph(claims: int, sectors: int):
    """An in-memory store: `claims` demands by one of 20 parties, each on 2 of `sectors` sectors."""
    store = ox.Store()
    t = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = []
    for i in range(claims):
        c = ox.NamedNode(f"{ID}claim/s/d{i}")
        quads += [ox.Quad(c, t, ox.NamedNode(TK + "Demand")), ox.Quad(c, label, ox.Literal(f"demand {i}")),
                  ox.Quad(c, ox.NamedNode(TK + "demandedBy"), ox.NamedNode(f"{ID}party/P{i % 20}"))]
        for j in (i % sectors, (i * 7 + 3) % sectors):
            quads.append(ox.Quad(c, ox.NamedNode(TK + "onSector"), ox.NamedNode(f"{ID}sector/s{j}")))
    for i in range(20):
        quads.append(ox.Quad(ox.NamedNode(f"{ID}party/P{i}"), t, ox.NamedNode(TK + "Country")))
    for j in range(sectors):
        quads.append(ox.Quad(ox.NamedNode(f"{ID}sector/s{j}"), t, ox.NamedNode(TK + "Sector")))
    store.extend(quads)
    return graph_over(store)


def test_large_views_are_capped_laid_out_here_and_drawn_without_physics():
    g = synthetic_graph(3_000, 400)
    view = whole_view(g, max_nodes=MAX_NODES_LIMIT)
    assert len(view.nodes) == MAX_NODES_LIMIT and view.omitted == 3_420 - MAX_NODES_LIMIT
    html = to_html(view)
    assert len(html.encode("utf-8")) < 2_000_000
    data = json.loads(html.split('id="tradekg-data">', 1)[1].split("</script>", 1)[0])
    assert data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])  # no two on one spot
    small = to_html(focus_view(g, f"{ID}party/P1", 1, max_nodes=PHYSICS_MAX_NODES))
    small_data = json.loads(small.split('id="tradekg-data">', 1)[1].split("</script>", 1)[0])
    # Small views are laid out here too (in columns by distance, see test_view_layout.py), hover on.
    assert small_data["options"]["physics"] == {"enabled": False}
    assert small_data["options"]["interaction"]["hover"] is True
    seed = next(n for n in small_data["nodes"] if n["id"] == f"{ID}party/P1")
    assert seed["x"] < min(n["x"] for n in small_data["nodes"] if n["id"] != seed["id"])  # the seed leftmost


def test_focus_expansion_stops_at_the_cap_inside_a_ring_and_says_so():
    g = synthetic_graph(3_000, 400)
    party = f"{ID}party/P1"  # 150 demands, on 40 sectors between them
    full = expand(g, [party], 2)
    assert not full.truncated and len(full.distance) == 191
    hood = expand(g, [party], 2, max_nodes=155)
    assert hood.truncated and hood.reason == "more than 155 nodes"
    # The whole first ring is there; the second was asked about a few demands at a time and
    # left once the cap was passed, instead of fetching the sectors of all 150 demands.
    ring = {n for n, d in full.distance.items() if d <= 1}
    assert ring <= hood.distance.keys() and len(ring) == 151
    assert 155 < len(hood.distance) <= 160
    assert all(full.distance[n] == d for n, d in hood.distance.items())
    view = focus_view(g, party, radius=2, max_nodes=155)
    assert len(view.nodes) == 155 and view.omitted_at_least and view.omitted == len(hood.distance) - 155
    assert view.notes[0] == ("The neighbourhood was cut short (more than 155 nodes), nearest first: nodes further "
                             "out, and some as near as the farthest shown, were not fetched.")
    assert {n.iri for n in view.nodes} >= ring  # nearest first


def test_ring_layout_puts_roots_in_the_middle_and_components_apart():
    nodes = [f"n{i}" for i in range(12)] + ["lonely"]
    edges = [("n0", f"n{i}") for i in range(1, 6)] + [("n1", "n6"), ("n7", "n8"), ("n8", "n9"), ("n9", "n10")]
    pos = ring_layout(nodes, edges, roots=["n0"])
    assert set(pos) == set(nodes)
    assert pos == ring_layout(list(reversed(nodes)), list(reversed(edges)), roots=["n0"])  # deterministic
    centre = pos["n0"]

    def dist(a: str) -> float:
        return math.dist(pos[a], centre)

    assert {round(dist(f"n{i}")) for i in range(1, 6)} == {220}  # ring 1
    assert round(dist("n6")) == 440  # ring 2
    big = [pos[n] for n in ("n0", "n1", "n2", "n3", "n4", "n5", "n6")]
    chain = [pos[n] for n in ("n7", "n8", "n9", "n10")]
    # the components' bounding boxes do not overlap
    assert max(x for x, _ in big) < min(x for x, _ in chain) or max(y for _, y in big) < min(y for _, y in chain)


# ---------------------------------------------------------------- a remote SPARQL endpoint


@pytest.fixture(scope="module")
def endpoint(built):
    """The built store served read-only by a real Oxigraph server on 127.0.0.1."""
    import shutil
    import socket
    import subprocess
    import time as clock
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([shutil.which("oxigraph") or "oxigraph", "serve-read-only", "--location",
                               str((built / "store").resolve()), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = clock.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if clock.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the oxigraph server did not start")
            clock.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_views_over_a_remote_endpoint_match_the_local_store(graph, endpoint):
    from tradekg.graph.store.local import open_graph

    remote = open_graph(endpoint)

    def shape(view):
        return ({(n.iri, n.label, n.kind, n.role, repr(n.evidence)) for n in view.nodes},
                {(e.source, e.predicate, e.target, e.role) for e in view.edges})

    assert shape(whole_view(remote)) == shape(whole_view(graph))
    assert shape(focus_view(remote, INDIA, 2)) == shape(focus_view(graph, INDIA, 2))
    result = {"paths": [{"hops": 1, "edges": [step(INDIA, "demandedBy", TECH, False)]}]}
    assert shape(answer_view(remote, result, "p", "P")) == shape(answer_view(graph, result, "p", "P"))


def test_tradeoffs_view_says_when_the_answer_lists_only_the_strongest_pairings():
    lines = [f"@prefix tk: <{TK}> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             f'<{ID}party/A> a tk:Party ; rdfs:label "Alpha" .', f'<{ID}party/B> a tk:Party ; rdfs:label "Beta" .',
             f'<{ID}agreement/t> a tk:Agreement ; rdfs:label "Talks" .']
    for side, by, to in (("a", "A", "B"), ("b", "B", "A")):
        for i in range(8):  # 8 x 8 = 64 pairings in one negotiation, over the default 50
            lines.append(f'<{ID}claim/s/{side}{i}> a tk:Claim, tk:Demand ; rdfs:label "{side}{i}" ; '
                         f"tk:demandedBy <{ID}party/{by}> ; tk:addressedTo <{ID}party/{to}> ; "
                         f"tk:inNegotiation <{ID}agreement/t> .")
    store = ox.Store()
    store.load("\n".join(lines).encode(), format=ox.RdfFormat.TURTLE)
    view = tradeoffs_view(graph_over(store), "Alpha", "Beta")
    assert view.notes[-1] == ("The answer lists the 50 strongest of 64 inferred pairings "
                              "(`tradekg tradeoffs A B --limit 0` lists them all).")


def test_ranked_with_a_limit_is_the_start_of_the_whole_order():
    import random

    rng = random.Random(7)
    nodes = [f"n{i:03d}" for i in range(300)]
    # Several components of different sizes, hubs among them, a few lone pairs.
    edges = {(a, "p", b) for a, b in (rng.sample(nodes[:150], 2) for _ in range(260))}
    edges |= {(a, "p", b) for a, b in (rng.sample(nodes[150:200], 2) for _ in range(40))}
    edges |= {(nodes[i], "p", nodes[i + 1]) for i in range(200, 300, 2)}
    full = ranked(edges, [])
    assert sorted(full) == sorted({n for s, _, o in edges for n in (s, o)})
    for limit in (1, 5, 120, 160, 200, 260, 400):
        assert ranked(edges, [], limit=limit)[:limit] == full[:limit]
    assert ranked(edges, ["n250"], limit=30)[:30] == ranked(edges, ["n250"])[:30]


def test_detached_claims_told_apart_in_python_are_those_the_query_finds(graph):
    from tradekg.graph.analysis.projection import whole

    reached = {n for s, _, o in whole(graph) for n in (s, o)}
    assert detached_claims(graph, reached) == detached_claims(graph)
    assert len(detached_claims(graph)) == 4
    store = ox.Store()
    store.load(f"""@prefix tk: <{TK}> . @prefix ex: <{ID}claim/x/> .
        ex:lone a tk:Claim ; tk:inNegotiation ex:talks .
        ex:linked a tk:Claim ; tk:inNegotiation ex:talks ; tk:demandedBy ex:party .
        ex:odd a tk:Claim ; tk:inNegotiation ex:talks ; tk:addresses [ a tk:Concern ] .
        [ a tk:Claim ; tk:inNegotiation ex:talks ] .
        """.encode(), format=ox.RdfFormat.TURTLE)
    g = graph_over(store)
    reached = {n for s, _, o in whole(g) for n in (s, o)}
    found = detached_claims(g, reached)
    assert found == detached_claims(g)
    # The lone claim and the blank one; not the one whose relation ends in a blank node.
    assert {c.rsplit("/", 1)[-1] for c, _, _ in found if c.startswith(ID)} == {"lone"}
    assert len(found) == 2


def test_overview_lists_at_most_a_hundred_sources_and_says_how_many_more(graph):
    sources = [(f"src-{n:03}", f"Source {n}", n % 3) for n in range(1, 131)]
    view = overview_view(graph, 1234, {"Party": 6}, {"demand": 3}, sources)
    listed = [value for key, value in view.facts if key == "source"]
    assert listed[0] == "src-001: Source 1 (1 claim)"
    assert listed[99] == "src-100: Source 100 (1 claim)"
    assert listed[100:] == ["… and 30 more: `tradekg query sources` lists them all"]
    assert view.subtitle.startswith("1,234 triples from 130 sources")
    few = overview_view(graph, 1234, {"Party": 6}, {"demand": 3}, sources[:2])
    assert [value for key, value in few.facts if key == "source"] == [
        "src-001: Source 1 (1 claim)", "src-002: Source 2 (2 claims)"]
