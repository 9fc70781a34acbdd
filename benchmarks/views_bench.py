"""Budgets of the timeline and diff pages at scale: page size, and time to write and draw it.

    python benchmarks/views_bench.py --triples 1m --work /tmp/views-bench

Makes a synthetic corpus (``benchmarks/synth.py``), builds it, then for each page runs
``tradekg view ...`` as a cold process (time to write the page) and opens the page in headless
Chromium with the network cut (time until it says it is drawn). The baseline, measured in the
same run, is the existing focus view of the corpus's busiest party (``tradekg view --focus``):
every number is printed with its ratio to the baseline's. The issue's budget: under 2 MB, drawn
in under 2 s (both printed as pass/over, never asserted).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET_BYTES = 2 * 1024 * 1024
BUDGET_DRAW = 2.0


def _run(args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.monotonic() - started


def _only(url: str):  # type: ignore[no-untyped-def]
    """A route handler that lets ``url`` through and aborts every other request."""
    def handle(route):  # type: ignore[no-untyped-def]
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()
    return handle


def _draw_seconds(pages: list[Path]) -> list[float]:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"]
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
        for page_path in pages:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            url = page_path.resolve().as_uri()
            context.route("**/*", _only(url))
            page = context.new_page()
            started = time.monotonic()
            page.goto(url)
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            out.append(time.monotonic() - started)
            context.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    import synth

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=synth.parse_size, default=synth.parse_size("1m"))
    parser.add_argument("--work", type=Path, required=True, help="Folder for the corpus, the build and the pages.")
    parser.add_argument("--reuse", action="store_true", help="Keep the corpus and build already in --work.")
    args = parser.parse_args(argv)
    corpus, out = args.work / "corpus", args.work / "out"
    tk = [str(Path(sys.executable).with_name("tradekg"))]
    build_s = float("nan")
    if not (args.reuse and (out / "store").exists()):
        synth.generate(args.triples, corpus)
        build_s = _run([*tk, "build", "--sources", str(corpus), "--out", str(out)])
    store = str(out / "store")
    top = subprocess.run([*tk, "query", "--sparql",
                          "SELECT ?p (COUNT(?c) AS ?n) WHERE { ?c tk:demandedBy ?p } GROUP BY ?p ORDER BY DESC(?n) "
                          "LIMIT 1", "--format", "json", "--store", store], check=True, capture_output=True, text=True)
    bindings = json.loads(top.stdout)["results"]["bindings"]
    party = bindings[0]["p"]["value"] if bindings else None
    days = ("2025-03-01", "2025-09-01")
    pages = {
        "baseline: view --focus": (out / "focus.html", ["view", "--focus", party or "India"]),
        "view --timeline (whole corpus)": (out / "timeline-all.html", ["view", "--timeline"]),
        "view --timeline PARTY": (out / "timeline-party.html", ["view", "--timeline", party or "India"]),
        f"view --diff {days[0]} {days[1]}": (out / "diff.html", ["view", "--diff", *days]),
    }
    written = {name: _run([*tk, *cmd, "--store", store, "-o", str(path)]) for name, (path, cmd) in pages.items()}
    drawn = dict(zip(pages, _draw_seconds([p for p, _ in pages.values()]), strict=True))
    base = "baseline: view --focus"
    print(f"corpus: {args.triples:,} triples asked; build {build_s:.1f} s; busiest party {party}")
    print(f"{'page':36} {'bytes':>11} {'x base':>7} {'write s':>8} {'x base':>7} {'draw s':>7} {'x base':>7}  budget")
    for name, (path, _) in pages.items():
        size = path.stat().st_size
        ok = size < BUDGET_BYTES and drawn[name] < BUDGET_DRAW
        print(f"{name:36} {size:>11,} {size / pages[base][0].stat().st_size:>7.2f} {written[name]:>8.2f} "
              f"{written[name] / written[base]:>7.2f} {drawn[name]:>7.2f} {drawn[name] / drawn[base]:>7.2f}  "
              f"{'within' if ok else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
