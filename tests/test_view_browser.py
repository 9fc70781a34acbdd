"""The view pages in a real browser: Debian's headless Chromium (installed by `.ci/setup`),
driven by Playwright, with every request that is not the page's own file aborted and recorded.

One browser serves the whole module (and so the session: no other test file starts one).
Screenshots are saved in each test's temporary folder.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from tradekg.graph.store.local import graph_over, open_graph
from tradekg.graph.views.answers import answer_view, blockers_view, path_view, tradeoffs_view
from tradekg.graph.views.graphs import focus_view, whole_view
from tradekg.graph.views.html import write_view
from tradekg.graph.views.layout import view_boxes
from tradekg.graph.views.model import MAX_NODES_LIMIT

pytestmark = pytest.mark.timeout(240)

CHROMIUM = "/usr/bin/chromium"
# Without these Chromium tries to reach Google's hosts (updates, sync, field trials, QUIC probes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]

ID = "https://w3id.org/tradekg/id/"
TK = "https://w3id.org/tradekg/ontology#"
CLAIM = ID + "claim/india-us-bta-tech-parity/"
INDIA = ID + "party/IN"
TECH = CLAIM + "india-technology-access-parity"
CYBER = CLAIM + "us-concern-cybersecurity"
ARTICLE_TITLE = "India's Push for Technology Access Parity in Bilateral Trade Agreement with the US"
HOSTILE = ID + "claim/hostile-source/"


# The seed article alone: these tests count how views are drawn, not how large the corpus is
# (the layout tests below draw the whole bundled corpus, as ``corpus``).
@pytest.fixture(scope="module")
def built(seed_built):
    return seed_built


@pytest.fixture(scope="module")
def graph(seed_graph):
    return seed_graph


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `bash .ci/setup` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch a fresh, temporary user-data-dir of its own.
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    """A page loaded from a file, and everything it tried that a safe page must not."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)  # every request the page made
    blocked: list[str] = field(default_factory=list)  # requests aborted: not the page's own file
    failed: dict[str, str] = field(default_factory=dict)  # request -> why it failed
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt: script that ran
    seconds: float = 0.0

    def js(self, expression: str, arg: object = None) -> Any:
        return self.page.evaluate(expression, arg)

    def assert_clean(self) -> None:
        assert self.dialogs == []
        assert self.errors == []
        assert self.blocked == []
        assert self.failed == {}
        assert self.requests == [self.url]


@pytest.fixture
def open_page(browser, tmp_path):
    contexts = []

    def opener(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        url = path.resolve().as_uri()
        seen = Opened(None, url)

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                seen.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        seen.page = page
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("requestfailed", lambda request: seen.failed.update({request.url: request.failure or ""}))
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))

        def dialog(d):
            seen.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        started = time.monotonic()
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        seen.seconds = time.monotonic() - started
        return seen

    yield opener
    for context in contexts:
        context.close()


def shot(opened: Opened, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    opened.page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def node_point(opened: Opened, iri: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    x, y = opened.js("""id => {
        const p = tradekg.network.canvasToDOM(tradekg.network.getPositions([id])[id]);
        const r = document.getElementById("mynetwork").getBoundingClientRect();
        return [p.x + r.left, p.y + r.top];
    }""", iri)
    return x, y


def hover_tooltip(opened: Opened, iri: str, expect: str = "") -> str:
    """Point at a node and return its tooltip's text once it shows (and holds ``expect``)."""
    page = opened.page
    opened.js("tradekg.network.fit({animation: false})")  # all on screen, whatever was zoomed before
    x, y = node_point(opened, iri)
    page.mouse.move(x + 3, y + 3)
    page.mouse.move(x, y)
    page.wait_for_function(
        """expect => { const t = document.querySelector('.vis-tooltip');
                       return t && t.style.visibility === 'visible' && t.innerText.includes(expect); }""",
        arg=expect, timeout=5_000)
    return str(opened.js("document.querySelector('.vis-tooltip').innerText"))


PATH_EDGES = f"SELECT ?s ?p ?o WHERE {{ ?p <{TK}pathRelation> true . ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o)) }}"
IN_NEGOTIATION = f"SELECT ?s ?o WHERE {{ ?s a <{TK}Claim> ; <{TK}inNegotiation> ?o }}"


# ---------------------------------------------------------------- the bundled corpus


def test_overview_loads_offline_and_holds_every_node_and_edge(built, graph, open_page, tmp_path):
    opened = open_page(built / "index.html")
    opened.assert_clean()
    edges = {(str(s), str(p), str(o)) for s, p, o in graph.query(PATH_EDGES)}
    reached = {n for s, _, o in edges for n in (s, o)}
    edges |= {(str(c), TK + "inNegotiation", str(a)) for c, a in graph.query(IN_NEGOTIATION) if str(c) not in reached}
    shown_nodes = set(opened.js("tradekg.nodes.getIds()"))
    shown_edges = {tuple(e) for e in opened.js("tradekg.edges.get().map(e => [e.from, e.predicate, e.to])")}
    assert shown_edges == edges
    assert shown_nodes == {n for s, _, o in edges for n in (s, o)}
    assert (len(shown_nodes), len(shown_edges)) == (61, 88)
    # vis-network itself drew them all (its own body, not just our DataSet)
    assert opened.js("Object.keys(tradekg.network.body.nodes).filter(k => !k.startsWith('edgeId:')).length") == 61
    assert opened.js("tradekg.network.physics.physicsEnabled") is False  # settled, then frozen
    assert opened.page.inner_text("h1") == "tradekg: what this build holds"
    assert opened.page.inner_text("#summary") == "61 nodes, 88 edges"
    # every edge is drawn with an arrow and its short verb
    assert opened.js("tradekg.edges.get({filter: e => e.predicate.endsWith('#demandedBy')}).map(e => e.label)") == [
        "demanded by"] * 3
    assert opened.js("tradekg.network.body.edges[tradekg.edges.getIds()[0]].options.arrows.to.enabled") is True
    shot(opened, tmp_path, "overview.png")
    opened.assert_clean()


def test_legend_lists_the_kinds_and_filters_them(built, open_page, tmp_path):
    opened = open_page(built / "index.html")
    legend = opened.js("""[...document.querySelectorAll('#legend li')].map(li =>
        [li.querySelector('.name').textContent, +li.querySelector('.count').textContent])""")
    assert legend == [["party", 6], ["agreement", 1], ["demand", 3], ["concern", 5], ["alternative", 2],
                      ["sector / technology", 22], ["trade figure", 3], ["event / status", 5], ["stance", 1],
                      ["assessment", 3], ["source", 1], ["topic", 9]]
    hidden = "Object.values(tradekg.network.body.nodes).filter(n => n.options.hidden).map(n => n.options.group)"
    opened.page.uncheck("#legend input[data-group=sector]")
    assert opened.js(hidden) == ["sector"] * 22
    opened.page.uncheck("#legend input[data-group=topic]")
    assert sorted(opened.js(hidden)) == ["sector"] * 22 + ["topic"] * 9
    shot(opened, tmp_path, "filtered.png")
    opened.page.check("#legend input[data-group=sector]")
    opened.page.check("#legend input[data-group=topic]")
    assert opened.js(hidden) == []
    opened.assert_clean()


def test_search_lists_matches_and_selects_one(built, open_page, tmp_path):
    opened = open_page(built / "index.html")
    page = opened.page
    page.fill("#search", "CONCERN OVER")
    assert page.locator("#results button").all_inner_texts() == [
        "United States concern over cybersecurity (India) · concern",
        "United States concern over export controls (India) · concern",
        "United States concern over India's defence ties with Russia · concern",
        "United States concern over India's growing trade surplus · concern",
        "United States concern over intellectual property standards (India) · concern"]
    assert len(opened.js("tradekg.network.getSelectedNodes()")) == 5
    page.fill("#search", "india")  # the name itself first, then names that start with it
    assert page.locator("#results button").all_inner_texts()[:4] == [
        "India · country",
        "India seeks duty concessions for labour-intensive sectors from the United States · demand",
        "India seeks technology-access parity from the United States · demand",
        "India–US Bilateral Trade Agreement · agreement"]
    page.fill("#search", "semicond")
    assert page.locator("#results button").all_inner_texts() == ["semiconductors · technology area"]
    page.press("#search", "Enter")
    assert opened.js("tradekg.network.getSelectedNodes()") == [ID + "technology/semiconductors"]
    assert page.inner_text("#details h3") == "semiconductors"
    assert page.locator("#results li").count() == 0  # chosen: the list closes
    page.fill("#search", "nothing like this")
    assert page.locator("#results li").all_inner_texts() == ["no match"]
    # a hidden kind comes back when its node is chosen
    page.fill("#search", "")
    page.uncheck("#legend input[data-group=sector]")
    page.fill("#search", "shrimp")
    page.click("#results button")
    assert page.is_checked("#legend input[data-group=sector]")
    assert opened.js(f"tradekg.nodes.get('{ID}sector/shrimp').hidden") is False
    shot(opened, tmp_path, "search.png")
    opened.assert_clean()


def test_tooltips_and_details_show_kind_quote_and_source(built, open_page, tmp_path):
    opened = open_page(built / "index.html")
    quote = ("The US may introduce alternatives like trusted partner programs or project-specific licenses rather "
             "than blanket exemptions, partly due to concerns over India’s export controls, intellectual property "
             "standards, cybersecurity, and its defense ties with Russia.")
    assert hover_tooltip(opened, CYBER, "cybersecurity (India)") == "\n".join([
        "Concern", "United States concern over cybersecurity (India)", f"“{quote}”",
        f"Source: {ARTICLE_TITLE} · 2025-04-27"])  # the date of the PTI story it restates
    assert hover_tooltip(opened, INDIA, "Country") == "Country\nIndia"
    shot(opened, tmp_path, "tooltip.png")
    opened.js("id => tradekg.choose(id)", TECH)
    page = opened.page
    assert page.inner_text("#details h3") == "India seeks technology-access parity from the United States"
    assert page.locator("#details blockquote").count() == 5
    assert page.locator("#details .cite").first.inner_text() == f"— {ARTICLE_TITLE} · 2025-04-27"
    relations = page.locator("#details li button").all_inner_texts()
    assert "—demanded by→ India" in relations
    assert "←conditions— United States concern over cybersecurity (India)" in relations
    assert "←responds to— The United States may meet India's technology-access request with cautious deliberation" \
        in relations  # the stance taken on it
    # 1 party + 1 addressee + 6 areas + 3 benchmarks + 4 concerns + 2 alternatives + 1 stance
    assert len(relations) == 18
    page.click("#details li button >> text=—demanded by→ India")
    assert page.inner_text("#details h3") == "India"
    opened.assert_clean()


def test_answer_is_highlighted_and_its_context_faded(built, graph, open_page, tmp_path):
    def node(iri):
        return {"iri": iri, "label": iri.rsplit("/", 1)[-1], "kind": "entity"}

    result = {"source": node(INDIA), "target": node(CYBER), "truncated": False, "paths": [{"hops": 2, "edges": [
        {"from": node(INDIA), "predicate": {"iri": TK + "demandedBy", "label": "demanded by"}, "to": node(TECH),
         "forward": False},
        {"from": node(TECH), "predicate": {"iri": TK + "conditions", "label": "conditions"}, "to": node(CYBER),
         "forward": False}]}]}
    view = answer_view(graph, result, "path-IN-cyber", "Paths from India to the cybersecurity concern",
                             seeds=[INDIA, CYBER])
    page_path = write_view(view, tmp_path / "path.html")
    opened = open_page(page_path)
    answer = opened.js("tradekg.edges.get({filter: e => e.role === 'answer'})"
                       ".map(e => [e.from, e.label, e.to, e.width])")
    assert sorted(answer) == sorted([[TECH, "demanded by", INDIA, 3.5], [CYBER, "conditions", TECH, 3.5]])
    faded = opened.js("Object.values(tradekg.network.body.nodes).filter(n => n.options.opacity === 0.25).length")
    context = [n for n in view.nodes if n.role == "context"]
    assert faded == len(context) > 0
    shot(opened, tmp_path, "path.png")
    opened.page.uncheck("#show-context")
    hidden = opened.js("tradekg.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert set(hidden) == {n.iri for n in context}
    shot(opened, tmp_path, "path-answer-only.png")
    opened.assert_clean()


# ---------------------------------------------------------------- layouts, on the whole corpus


@pytest.fixture(scope="module")
def corpus(corpus_built):
    return open_graph(corpus_built / "store")


LAYOUTS = {
    "whole": lambda g: whole_view(g),
    "focus": lambda g: focus_view(g, "India"),
    "path": lambda g: path_view(g, "India", "cybersecurity"),
    "blockers": lambda g: blockers_view(g, "technology access"),
    "blockers-party": lambda g: blockers_view(g, "India"),
    "blockers-demand": lambda g: blockers_view(g, "india-technology-access-parity"),  # a long seed label
    "tradeoffs": lambda g: tradeoffs_view(g, "India", "United States"),
}
DRAWN_BOXES = """() => Object.fromEntries(tradekg.nodes.getIds().map(id => {
    const b = tradekg.network.getBoundingBox(id);  // the node with its label, as vis drew it
    return [id, [b.left, b.top, b.right, b.bottom]];
}))"""


def _clashes(boxes: dict[str, list[float]], among: set[str]) -> list[tuple[str, str]]:
    ids = sorted(among)
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]
            if boxes[a][0] < boxes[b][2] and boxes[b][0] < boxes[a][2]
            and boxes[a][1] < boxes[b][3] and boxes[b][1] < boxes[a][3]]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_drawn_label_boxes_do_not_overlap_and_fit_the_layout(corpus, open_page, tmp_path, name):
    view = LAYOUTS[name](corpus)
    opened = open_page(write_view(view, tmp_path / f"{name}.html"))
    boxes = opened.js(DRAWN_BOXES)
    assert set(boxes) == {n.iri for n in view.nodes}
    answer = {n.iri for n in view.nodes if n.role in ("seed", "answer")}
    assert _clashes(boxes, answer) == []  # the answer's labels: none on another
    assert _clashes(boxes, set(boxes)) == []  # nor any other label
    # Each drawn box lies inside the box the layout reserved for it (to a pixel).
    estimated = view_boxes(view)
    positions = opened.js("tradekg.network.getPositions()")
    for iri, (left, top, right, bottom) in boxes.items():
        e, p = estimated[iri], positions[iri]
        cy = p["y"] + e.dy
        assert p["x"] - e.w / 2 - 1 <= left and right <= p["x"] + e.w / 2 + 1, iri
        assert cy - e.h / 2 - 1 <= top and bottom <= cy + e.h / 2 + 1, iri
    # Labels drawn whole (wrapped by vis), not cut at 40 characters.
    drawn = opened.js("Object.fromEntries(Object.entries(tradekg.network.body.nodes)"
                      ".filter(([k]) => !k.startsWith('edgeId:')).map(([k, n]) => [k, n.options.label]))")
    long = [n for n in view.nodes if 40 < len(n.label) <= 160]
    assert long and all(drawn[n.iri] == " ".join(n.label.split()) for n in long)
    # …and wrapped between words, never inside one (each label's width suits its font size).
    lines = opened.js("Object.fromEntries(tradekg.nodes.getIds().map(id => [id, tradekg.network.body.nodes[id]"
                      ".labelModule.lines.map(l => l.blocks.map(b => b.text).join(''))]))")
    assert max(len(v) for v in lines.values()) > 1  # some are wrapped
    split = [iri for iri, rows in lines.items() if " ".join(rows).split() != drawn[iri].split()]
    assert split == []
    assert opened.js("tradekg.network.physics.physicsEnabled") is False
    shot(opened, tmp_path, f"layout-{name}.png")
    opened.assert_clean()


# ---------------------------------------------------------------- hostile labels


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from tradekg.graph.build.pipeline import build

    out = tmp_path_factory.mktemp("hostile")
    build(paths=[Path(__file__).parent / "fixtures" / "hostile-labels.yaml"], out=out)
    return out


INJECTED = """() => ({
    elements: document.querySelectorAll('img, svg, iframe, a:not(nav.links a), b, object, embed').length,
    links: [...document.querySelectorAll('nav.links a')].map(a => a.getAttribute('href')),
    scripts: document.scripts.length,
    handlers: [...document.querySelectorAll('*')]
        .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
})"""


def _exercise_every_node(opened: Opened) -> None:
    """Hover and click every node, then search for each label: whatever a label holds, it shows as text."""
    page = opened.page
    for item in opened.js("tradekg.nodes.get()"):
        label = item.get("fullLabel", item["label"])
        assert label in hover_tooltip(opened, item["id"], label)
        opened.js("id => tradekg.choose(id)", item["id"])
        assert page.inner_text("#details h3") == label
        page.fill("#search", label[:30])
        assert any(text.startswith(label[:30]) for text in page.locator("#results button").all_inner_texts())
    page.fill("#search", "")


def test_hostile_labels_run_nothing_in_the_overview(hostile, open_page, tmp_path):
    opened = open_page(hostile / "index.html")
    _exercise_every_node(opened)
    # the one link is the build's own, to the timeline beside it
    assert opened.js(INJECTED) == {"elements": 0, "links": ["timeline.html"], "scripts": 3, "handlers": 0}
    facts = opened.page.inner_text("#facts")
    title = "</script><script>alert('title')</script><img src=x onerror=alert('title-img')>"
    assert f"hostile-source: {title} (4 claims)" in facts
    shot(opened, tmp_path, "hostile-overview.png")
    opened.assert_clean()


def test_hostile_labels_run_nothing_in_a_focus_view_titled_with_one(hostile, open_page, tmp_path):
    g = open_graph(hostile / "store")
    for claim, label in [("img-demand", "<img src=x onerror=alert(1)>"),
                         ("script-concern", "</script><script>alert(1)</script>"),
                         ("link-alternative", '<a href="javascript:alert(1)">javascript:alert(1)</a>')]:
        path = write_view(focus_view(g, HOSTILE + claim, 2, label=label), tmp_path / f"{claim}.html")
        opened = open_page(path)
        assert opened.page.inner_text("h1") == f"Around {label}"
        assert opened.js("document.title") == f"Around {label}"
        _exercise_every_node(opened)
        assert opened.js(INJECTED) == {"elements": 0, "links": [], "scripts": 3, "handlers": 0}
        opened.assert_clean()
    # the tooltip of a dated claim of a hostile source: every part plain text
    tip = hover_tooltip(opened, HOSTILE + "href-demand", "Every tooltip")
    assert tip.splitlines() == [
        "Demand", "the href word: <iframe srcdoc=\"<script>parent.alert('iframe')</script>\"></iframe>",
        "“Every tooltip has an href here: <svg><script>alert('svg')</script></svg>”",
        "Source: </script><script>alert('title')</script><img src=x onerror=alert('title-img')> · "
        "<svg onload=alert('publisher')> · 2025-04-20"]
    shot(opened, tmp_path, "hostile-focus.png")
    opened.assert_clean()


def test_the_pages_policy_blocks_injected_script_and_requests(built, open_page):
    """Defence in depth: even markup that got into the page could neither run nor fetch."""
    opened = open_page(built / "index.html")
    outcome = opened.js("""async () => {
        document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__ran = 1">');
        const s = document.createElement('script'); s.textContent = 'window.__ran = 2'; document.body.appendChild(s);
        let fetched = 'no';
        try { await fetch('http://127.0.0.1:9/'); fetched = 'yes'; } catch (e) { fetched = 'refused'; }
        await new Promise(r => setTimeout(r, 200));
        return [window.__ran === undefined, fetched];
    }""")
    assert outcome == [True, "refused"]
    # The image was refused by the policy before it reached the network; the fetch never started.
    assert opened.requests == [opened.url, opened.url.rsplit("/", 1)[0] + "/x"]
    assert opened.failed == {opened.url.rsplit("/", 1)[0] + "/x": "csp"}
    assert opened.blocked == []
    assert any("Content Security Policy" in e for e in opened.errors)
    assert opened.dialogs == []


# ---------------------------------------------------------------- large views


def test_a_large_view_draws_at_once_without_physics(open_page, tmp_path):
    store = ox.Store()
    t = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    quads = []
    for i in range(3_000):
        c = ox.NamedNode(f"{ID}claim/s/d{i}")
        quads += [ox.Quad(c, t, ox.NamedNode(TK + "Demand")),
                  ox.Quad(c, ox.NamedNode(TK + "demandedBy"), ox.NamedNode(f"{ID}party/P{i % 20}")),
                  ox.Quad(c, ox.NamedNode(TK + "onSector"), ox.NamedNode(f"{ID}sector/s{i % 400}"))]
    store.extend(quads)
    view = whole_view(graph_over(store), max_nodes=MAX_NODES_LIMIT)
    path = write_view(view, tmp_path / "large.html")
    opened = open_page(path)
    print(f"\n{len(view.nodes):,} nodes, {len(view.edges):,} edges, {path.stat().st_size:,} bytes: "
          f"ready in {opened.seconds:.2f} s")
    assert opened.js("tradekg.network.physics.physicsEnabled") is False
    assert opened.js("tradekg.nodes.length") == MAX_NODES_LIMIT
    assert "1,420 more not shown" in opened.page.inner_text("#summary")
    assert "best-connected nodes of 3,420" in opened.page.inner_text("#notes")
    shot(opened, tmp_path, "large.png")
    opened.assert_clean()


# ---------------------------------------------------------------- opening: readable, on what matters

US = ID + "party/US"
DRAWN_ON_SCREEN = """() => {
    const n = tradekg.network, scale = n.getScale();
    const r = document.getElementById('mynetwork').getBoundingClientRect();
    const nodes = {};
    for (const id of tradekg.nodes.getIds()) {
        const b = n.getBoundingBox(id);  // the node with its label, as drawn, in canvas coordinates
        const a = n.canvasToDOM({x: b.left, y: b.top}), z = n.canvasToDOM({x: b.right, y: b.bottom});
        nodes[id] = {box: [a.x, a.y, z.x, z.y], px: n.body.nodes[id].options.font.size * scale};
    }
    return {width: r.width, height: r.height, scale: scale, nodes: nodes};
}"""
OPENINGS = {
    "overview": ((INDIA, US), "India and United States and their neighbours"),
    "focus": ((INDIA,), "India and its neighbours"),
}
READABLE_PX = 10  # the least font size on screen, in pixels, that a label may be drawn at when a page opens


def _on_screen(state: dict[str, Any]) -> dict[str, list[float]]:
    """The drawn boxes (in the canvas's pixels) of the nodes that show, wholly or in part."""
    w, h = state["width"], state["height"]
    return {k: v["box"] for k, v in state["nodes"].items()
            if v["box"][2] > 0 and v["box"][0] < w and v["box"][3] > 0 and v["box"][1] < h}


def _inside(box: list[float], state: dict[str, Any]) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= state["width"] and box[3] <= state["height"]


@pytest.mark.parametrize("name", list(OPENINGS))
def test_a_large_view_opens_readable_on_its_hubs_and_their_first_ring(corpus, corpus_built, open_page, tmp_path,
                                                                      name):
    # The overview as `tradekg build` writes it; the focus view of the India hub.
    path = corpus_built / "index.html" if name == "overview" else write_view(focus_view(corpus, "India"),
                                                                              tmp_path / "focus.html")
    roots, said = OPENINGS[name]
    opened = open_page(path)
    state = opened.js(DRAWN_ON_SCREEN)
    assert len(state["nodes"]) > 100  # too many to read at once: fitted whole, labels were 4-5 px
    pairs = opened.js("tradekg.edges.get().map(e => [e.from, e.to])")
    ring = {b for a, b in pairs if a in roots} | {a for a, b in pairs if b in roots}
    ring -= set(roots)
    shown = _on_screen(state)
    # Every label that shows is drawn at a readable size (vis draws none under 5 px)…
    assert min(state["nodes"][k]["px"] for k in shown) >= READABLE_PX
    # …the roots whole on screen, and with them much of their first ring, whole…
    assert all(_inside(state["nodes"][r]["box"], state) for r in roots)
    whole = [k for k, box in shown.items() if _inside(box, state)]
    assert len([k for k in whole if k in ring]) >= 15
    assert len([k for k in whole if k in ring]) >= 0.6 * len([k for k in whole if k not in roots])
    # …no label on another…
    assert _clashes(shown, set(shown)) == []
    # …and none cut at the canvas's left edge, beside the side panel: the drawing starts inside.
    assert min(box[0] for box in (v["box"] for v in state["nodes"].values())) >= 0
    assert opened.page.inner_text("#opening").startswith(f"Opened on {said}, at a size you can read.")
    shot(opened, tmp_path, f"opening-{name}.png")
    # Everything at once, on request: every drawn box inside the canvas; then back.
    opened.page.click("#opening-all")
    everything = opened.js(DRAWN_ON_SCREEN)
    assert all(_inside(v["box"], everything) for v in everything["nodes"].values())
    assert everything["scale"] < state["scale"]
    opened.page.click("#opening-back")
    back = opened.js(DRAWN_ON_SCREEN)
    assert back["scale"] == pytest.approx(state["scale"])
    assert all(back["nodes"][k]["box"] == pytest.approx(v["box"], abs=0.5) for k, v in state["nodes"].items())
    opened.assert_clean()


@pytest.mark.parametrize("name", ["path", "blockers", "tradeoffs"])
def test_an_answer_opens_with_its_labels_readable_and_inside_the_canvas(corpus, open_page, tmp_path, name):
    view = LAYOUTS[name](corpus)
    opened = open_page(write_view(view, tmp_path / f"{name}.html"))
    state = opened.js(DRAWN_ON_SCREEN)
    answer = {n.iri for n in view.nodes if n.role in ("seed", "answer")}
    shown = _on_screen(state)
    assert answer & set(shown)
    assert min(state["nodes"][k]["px"] for k in answer & set(shown)) >= READABLE_PX
    assert all(_inside(box, state) for box in shown.values() if box[0] < 1)  # nothing cut at the left
    fits = opened.js("tradekg.openingFrame().whole")
    if fits:  # small enough to read whole: every label inside the canvas, and no bar to say otherwise
        assert all(_inside(v["box"], state) for v in state["nodes"].values())
        assert opened.page.is_hidden("#opening")
    else:
        assert opened.page.inner_text("#opening").startswith("Opened on the answer, at a size you can read.")
    opened.assert_clean()


def test_a_hubs_fan_of_relation_names_is_drawn_only_for_the_chosen_node(corpus_built, open_page):
    opened = open_page(corpus_built / "index.html")
    quiet = opened.js("id => tradekg.edges.get({filter: e => e.loudFont && (e.from === id || e.to === id)})"
                      ".map(e => e.id)", INDIA)
    assert len(quiet) > 8
    sizes = "ids => ids.map(id => tradekg.network.body.edges[id].options.font.size)"
    assert set(opened.js(sizes, quiet)) == {0}  # vis draws no label under 5 px
    opened.js("id => tradekg.choose(id)", INDIA)
    assert set(opened.js(sizes, quiet)) == {12}
    assert opened.js("ids => ids.map(id => tradekg.edges.get(id).label)", quiet)[0]  # named all along
    opened.js("id => tradekg.choose(id)", US)
    india_only = [e for e in quiet if e not in set(opened.js(
        "id => tradekg.network.getConnectedEdges(id)", US))]
    assert india_only and set(opened.js(sizes, india_only)) == {0}
    opened.assert_clean()
