"""The diff page (`tradekg view --diff D1 D2`): its rows on the bundled corpus, the same changes
`tradekg diff` prints, each with its evidence; and the page in headless Chromium with every
request but its own aborted: no script, new / changed / ended told apart by glyph and word.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.views.diff_page import diff_html, diff_model
from tradekg.graph.views.pages import write_page

pytestmark = pytest.mark.timeout(240)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]
SCREENS = Path(os.environ["TRADEKG_SCREENS"]) if os.environ.get("TRADEKG_SCREENS") else None


def rows(model):
    return [(r["change"], r["kind"], r["label"], r["from"], r["to"]) for s in model["sections"] for r in s["rows"]]


def test_rows_between_two_days_with_their_evidence(graph):
    model = diff_model(graph, "2025-05-01", "2025-09-01")
    assert model["title"] == "What changed from 2025-05-01 to 2025-09-01"
    assert model["counts"] == {"new": 5, "changed": 0, "ended": 0}
    got = rows(model)
    assert [g[:2] for g in got] == [("new", "demand"), ("new", "stance"), ("new", "stance"),
                                    ("new", "measure"), ("new", "measure")]
    assert got[3][2:] == ("US additional duty on Indian goods over India's purchases of Russian oil",
                          "not in force", "in force 25%")
    assert got[4][2:] == ("US reciprocal tariff on Indian goods", "paused 26%", "in force 25%")
    for section in model["sections"]:
        for row in section["rows"]:
            assert row["evidence"], row
            assert all(e["source"] and e["quote"] for e in row["evidence"]), row


def test_changed_and_ended_are_told_apart(graph):
    model = diff_model(graph, "2025-09-01", "2026-02-10")
    assert model["counts"] == {"new": 11, "changed": 4, "ended": 1}
    changed = [r for r in rows(model) if r[0] != "new"]
    assert sorted((r[2], r[0], r[3], r[4]) for r in changed) == [
        ("India seeks duty concessions for labour-intensive sectors from the United States", "changed", "open",
         "conceded in part"),
        ("US additional duty on Indian goods over India's purchases of Russian oil", "ended", "in force 25%",
         "ended 25%"),
        ("US demands on dairy, genetically modified crops and other farm products", "changed", "open",
         "rejected in part"),
        ("United States asks India to open its agriculture market", "changed", "open", "rejected"),
        ("United States seeks concessions from India", "changed", "open", "conceded in part"),
    ]


def test_cli_writes_the_page_and_refuses_bad_days(built, tmp_path):
    runner = CliRunner()
    out = tmp_path / "d.html"
    result = runner.invoke(main, ["view", "--diff", "2025-05-01", "2025-09-01", "--store", str(built / "store"),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert "What changed from 2025-05-01 to 2025-09-01: 5 new, 0 changed, 0 ended" in result.stderr
    for args, message in [(["2025-09-01", "2025-05-01"], "comes before the first"),
                          (["2025-05-01", "soon"], "D2 'soon' is not a day")]:
        bad = runner.invoke(main, ["view", "--diff", *args, "--store", str(built / "store"),
                                   "-o", str(tmp_path / "x.html")])
        assert bad.exit_code == 2 and message in bad.stderr, (args, bad.output)
    assert not (tmp_path / "x.html").exists()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `bash .ci/setup` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_the_page_offline_runs_no_script_and_labels_each_change(browser, graph, tmp_path):
    path = write_page(diff_html(diff_model(graph, "2025-09-01", "2026-02-10")), tmp_path / "diff.html")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    requests, blocked, errors = [], [], []

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    shown = page.evaluate("""() => [...document.querySelectorAll('ol.rows > li')].map(li => ({
        change: li.dataset.change, badge: li.querySelector('.badge').innerText,
        border: getComputedStyle(li).borderLeftStyle }))""")
    assert len(shown) == 16
    # told apart by glyph, word and border style, whatever the colours
    ways = {(s["change"], s["badge"].replace("\n", " "), s["border"]) for s in shown}
    assert ways == {("new", "+ NEW", "solid"), ("changed", "~ CHANGED", "double"), ("ended", "× ENDED", "dotted")}
    assert page.evaluate("() => document.scripts.length") == 0
    toc = page.inner_text(".toc")
    assert "Positions opened, changed and closed: + 11 new ~ 4 changed" in toc
    assert "Measures in force or ended: × 1 ended" in toc and "Trade figures newly reported: nothing" in toc
    text = page.inner_text("main")
    assert "open → conceded in part" in text
    assert "Subject to the Interim Agreement, the US will remove the reciprocal tariff" in text
    path_shot = (SCREENS or tmp_path) / "diff-2025-09-01-2026-02-10.png"
    path_shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path_shot))
    assert errors == [] and blocked == [] and requests == [url]
    context.close()


def test_hostile_text_is_shown_as_text(browser, tmp_path):
    from tradekg.graph.views.diff_page import CHANGES
    from tradekg.graph.views.pages import render_page

    evil = "</script><img src=x onerror=alert(1)>"
    model = {"title": evil, "sections": [{"id": "positions", "title": "Positions", "rows": [
        {"change": "ended", "kind": "demand", "label": evil, "what": "closed", "from": evil, "to": "withdrawn",
         "evidence": [{"label": evil, "quote": evil, "source": evil, "date": "2025-01-01", "step": evil}]}]}],
        "counts": {"new": 0, "changed": 0, "ended": 1}}
    html = render_page("diff.html", title=model["title"], sections=model["sections"], counts=model["counts"],
                       changes=CHANGES, links=[])
    path = write_page(html, tmp_path / "evil.html")
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri())
    assert page.evaluate("() => document.querySelectorAll('img, script').length") == 0
    assert page.inner_text("h1") == evil and page.title() == evil
    assert page.inner_text("ol.rows .badge").replace("\n", " ") == "× ENDED"
    assert dialogs == []
    page.close()
