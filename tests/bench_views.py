"""Benchmark of the graph views (not a test: run it by hand, it prints a table).

    python tests/bench_views.py [--browser]

For synthetic negotiation graphs of growing size it measures, in one run: building the view
(SPARQL over an in-memory Oxigraph store), rendering the page, the page's size, and — with
--browser — how long headless Chromium takes until the page says it is drawn. The baseline is
pyvis's own way (``Network.from_nx`` then ``generate_html``) on the same nodes and edges; the
ratio column is baseline time / tradekg's rendering time (both start from nodes and edges in
memory; "view s" is the SPARQL side, which the baseline does not do). Every page is laid out
in Python (columns by distance from the hubs, at every size), so the browser runs no physics.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from tradekg.graph.store.local import graph_over
from tradekg.graph.views.graphs import whole_view
from tradekg.graph.views.html import to_html
from tradekg.graph.views.model import View

ID = "https://w3id.org/tradekg/id/"
TK = "https://w3id.org/tradekg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]


def synthetic(claims: int, seed: int = 1):
    """Demands and concerns between 30 parties over 200 sectors, each with a quote."""
    rnd = random.Random(seed)
    quads = []

    def add(s, p, o):
        quads.append(ox.Quad(s, p, o))

    parties = [ox.NamedNode(f"{ID}party/P{i}") for i in range(30)]
    sectors = [ox.NamedNode(f"{ID}sector/s{i}") for i in range(200)]
    for i, p in enumerate(parties):
        add(p, RDF_TYPE, ox.NamedNode(TK + "Country"))
        add(p, LABEL, ox.Literal(f"Party {i}"))
    for i, s in enumerate(sectors):
        add(s, RDF_TYPE, ox.NamedNode(TK + "Sector"))
        add(s, LABEL, ox.Literal(f"sector {i}"))
    demands = []
    for i in range(claims):
        c = ox.NamedNode(f"{ID}claim/bench/c{i}")
        q = ox.NamedNode(f"{ID}claim/bench/c{i}/quote-1")
        by, to = rnd.sample(parties, 2)
        add(c, LABEL, ox.Literal(f"Claim {i}: Party {by.value[-2:]} asks something of Party {to.value[-2:]}"))
        add(c, ox.NamedNode(TK + "quotation"), q)
        text = (f"A sentence of about two hundred characters that reports claim {i} as the source states it, "
                "long enough to weigh what real quotes weigh in a page of this size.")
        add(q, ox.NamedNode(TK + "text"), ox.Literal(text))
        if i % 4 == 3 and demands:
            add(c, RDF_TYPE, ox.NamedNode(TK + "Concern"))
            add(c, ox.NamedNode(TK + "heldBy"), by)
            add(c, ox.NamedNode(TK + "aboutParty"), to)
            add(c, ox.NamedNode(TK + "blocks"), rnd.choice(demands))
        else:
            add(c, RDF_TYPE, ox.NamedNode(TK + "Demand"))
            add(c, ox.NamedNode(TK + "demandedBy"), by)
            add(c, ox.NamedNode(TK + "addressedTo"), to)
            for s in rnd.sample(sectors, 3):
                add(c, ox.NamedNode(TK + "onSector"), s)
            demands.append(c)
    store = ox.Store()
    store.extend(quads)
    return graph_over(store)


def pyvis_baseline(view: View) -> float:
    """pyvis's documented path for the same nodes and edges: from_nx, then generate_html."""
    from pyvis.network import Network

    g = nx.MultiDiGraph()
    for n in view.nodes:
        g.add_node(n.iri, label=n.label, title=n.kind)
    for e in view.edges:
        g.add_edge(e.source, e.target, title=e.predicate)
    started = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(g)
    net.generate_html()
    return time.perf_counter() - started


def browser_ready(page, path: Path) -> float:
    started = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=600_000)
    return time.perf_counter() - started


def main() -> None:
    use_browser = "--browser" in sys.argv
    pw = browser = page = None
    if use_browser:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    tmp = Path(tempfile.mkdtemp(prefix="tradekg-bench-"))
    print(f"{'claims':>7} {'nodes':>6} {'edges':>6} {'layout':>8} {'view s':>7} {'html s':>7} {'KB':>6} "
          f"{'pyvis s':>8} {'ratio':>6} {'ready s':>8}")
    for claims, cap in ((100, 500), (400, 500), (2_000, 500), (2_000, 2_000), (20_000, 2_000)):
        g = synthetic(claims)
        started = time.perf_counter()
        view = whole_view(g, max_nodes=cap)
        built = time.perf_counter() - started
        started = time.perf_counter()
        html = to_html(view)
        rendered = time.perf_counter() - started
        baseline = pyvis_baseline(view)
        path = tmp / f"whole-{claims}-{cap}.html"
        path.write_text(html, encoding="utf-8")
        ready = f"{browser_ready(page, path):8.2f}" if page else f"{'-':>8}"
        layout = "columns"
        print(f"{claims:>7,} {len(view.nodes):>6,} {len(view.edges):>6,} {layout:>8} {built:7.2f} {rendered:7.2f} "
              f"{len(html.encode()) // 1024:>6,} {baseline:8.2f} {baseline / rendered:6.1f} {ready}")
    if page:
        browser.close()
        pw.stop()
    print(f"\npages in {tmp}")


if __name__ == "__main__":
    main()
