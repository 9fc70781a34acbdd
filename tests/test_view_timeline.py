"""The timeline page (`tradekg view --timeline`, and `timeline.html` beside a build's
index.html): its model on the bundled corpus (lanes, measure intervals, status changes,
conflicts given by hand), and the page in headless Chromium with every request but the page's
own file aborted: drawn, hover and click show quote, source and date, hostile text runs nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.views.pages import write_page
from tradekg.graph.views.timeline_page import Conflict, timeline_html, timeline_model

pytestmark = pytest.mark.timeout(240)

ID = "https://w3id.org/tradekg/id/"
CLAIM = ID + "claim/"
US, IN = ID + "party/US", ID + "party/IN"
TECH = CLAIM + "india-us-bta-tech-parity/india-technology-access-parity"
DUTY = CLAIM + "india-us-bta-tech-parity/india-duty-concessions"
RECIPROCAL_25 = CLAIM + "r10-reciprocal-25/order-sets-25-from-aug-7#interval"
# Two trade figures of two sources, paired by hand as the conflicts analysis would pair claims.
FIGURE_A = CLAIM + "r04-trade-2024-25/india-us-goods-trade-2024-25"
FIGURE_B = CLAIM + "india-us-bta-tech-parity/india-us-bilateral-trade-2024-25"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]
# Where to keep screenshots, when set; otherwise each test's temporary folder.
SCREENS = Path(os.environ["TRADEKG_SCREENS"]) if os.environ.get("TRADEKG_SCREENS") else None


@pytest.fixture(scope="module")
def corpus(graph):
    return timeline_model(graph)


def test_lanes_are_the_parties_that_make_the_claims(corpus):
    assert [lane["label"] for lane in corpus["lanes"]] == ["India", "India and United States", "United States",
                                                          "No party named"]
    assert corpus["mode"] == "parties"
    assert corpus["counts"] == {"dated": 104, "measures": 3, "status": 5, "undated": 0, "conflicts": 19}
    claims = [i for i in corpus["items"] if i["type"] == "claim"]
    assert len(claims) == 104
    tech = next(i for i in claims if i["id"] == TECH)
    assert (tech["lane"], tech["start"], tech["date"], tech["kind"]) == ("lane:" + IN, "2025-04-27", "2025-04-27",
                                                                         "demand")
    assert tech["quote"] and tech["source"]["label"]
    # a claim dated to a month spans the month (the page draws it at its first day, saying so)
    month = [i for i in claims if i["date"] == "2025-03"]
    assert {(i["start"], i["end"]) for i in month} == {("2025-03-01", "2025-04-01")}


def test_measures_are_intervals_from_effective_to_until(corpus):
    measures = sorted((i["measureLabel"], i["label"].rsplit(": ", 1)[-1], i["start"], i["end"], i["open"], i["lane"])
                      for i in corpus["items"] if i["type"] == "measure")
    assert measures == [
        ("US additional duty on Indian goods over India's purchases of Russian oil", "25% in force",
         "2025-08-27", "2026-02-07", False, "lane:" + US),
        ("US reciprocal tariff on Indian goods", "25% in force", "2025-08-07", "2026-02-28", True, "lane:" + US),
        ("US reciprocal tariff on Indian goods", "paused", "2025-04-09", "2025-07-08", False, "lane:" + US),
    ]
    # the open one runs to the last day on the timeline: no end is reported (the 18% cut has no date)
    open_one = next(i for i in corpus["items"] if i["type"] == "measure" and i["open"])
    assert open_one["until"] == "no end reported"


def test_status_changes_are_marked_on_their_demands_lane(corpus):
    steps = sorted((i["demand"].rsplit("/", 1)[-1], i["date"], i["step"], i["status"], i["lane"])
                   for i in corpus["items"] if i["type"] == "status")
    assert steps == [
        ("india-duty-concessions", "2026-02-07", "conceded", "conceded in part", "lane:" + IN),
        ("us-agriculture-market-access", "2026-02-03", "rejected", "rejected", "lane:" + US),
        ("us-concessions", "2026-02-03", "rejected", "rejected in part", "lane:" + US),
        ("us-concessions", "2026-02-07", "conceded", "conceded in part", "lane:" + US),
        ("us-farm-demands", "2026-02-03", "rejected", "rejected in part", "lane:" + US),
    ]


def test_one_party_has_a_lane_per_position_with_what_follows_it(graph):
    model = timeline_model(graph, "India")
    assert model["mode"] == "positions"
    kinds = [lane["kind"] for lane in model["lanes"]]
    assert kinds == sorted(kinds, key=["position", "measure", "other"].index)
    assert kinds.count("position") == 10 and kinds.count("measure") == 4 and kinds.count("other") == 1
    tech_lane = next(lane["id"] for lane in model["lanes"] if lane["id"] == TECH)
    on_it = sorted(i["label"] for i in model["items"] if i["lane"] == tech_lane)
    # the later claim that reiterates the demand joins its lane, and so does the US answer to it
    assert on_it == ["India may seek technology-access parity with key US allies",
                     "India seeks technology-access parity from the United States",
                     "The United States may meet India's technology-access request with cautious deliberation"]
    duty = [i for i in model["items"] if i["lane"] == DUTY]
    assert {i["type"] for i in duty} == {"claim", "status"}


def test_from_and_to_keep_what_is_dated_in_the_span(graph):
    model = timeline_model(graph, None, "2025-08-01", "2025-08-31")
    dates = sorted({i["date"] for i in model["items"] if i["type"] == "claim"})
    assert dates[0] >= "2025-07-30" and dates[-1] <= "2025-08-31"
    assert model["subtitle"] == "from 2025-08-01 to 2025-08-31"
    assert all(i["end"] > "2025-08-01" for i in model["items"] if i["type"] == "measure")


def test_a_cap_draws_the_earliest_claims_and_says_how_many_are_left_out(graph):
    from tradekg.graph.sources.dates import when_of

    model = timeline_model(graph, max_items=10)
    drawn = [i for i in model["items"] if i["type"] == "claim"]
    assert len(drawn) == 10 and model["counts"]["dated"] == 10
    assert "94 later dated claims not drawn (at most 10 are)" in model["notes"]
    everything = timeline_model(graph)
    left_out = [i for i in everything["items"] if i["type"] == "claim" and i["id"] not in {d["id"] for d in drawn}]
    assert max(when_of(d["date"]).earliest for d in drawn) <= min(when_of(i["date"]).earliest for i in left_out)


def test_as_of_leaves_out_what_was_not_yet_reported_as_the_library_does(graph):
    from tradekg.graph.analysis.timeline import timeline

    model = timeline_model(graph, "India", as_of="2025-06-01")
    line = timeline(graph, "India", as_of=dt.date(2025, 6, 1))
    assert sorted(i["id"] for i in model["items"] if i["type"] == "claim") == sorted(e["iri"] for e in line["entries"])
    assert model["notes"] == line["notes"] == ["35 claims reported after 2025-06-01 (or by an undated report) left out"]
    assert model["subtitle"] == "as reported by 2025-06-01"


def test_conflicts_given_by_hand_are_flagged_on_both_claims(graph):
    a, b = FIGURE_A, FIGURE_B
    model = timeline_model(graph, conflicts=[
        Conflict(a, b, "coverage", "a pair made by hand for this test"),
        (a, CLAIM + "nowhere/absent", "period mismatch", "not on the timeline"),
        {"a": TECH, "b": None, "class": "unconfirmed", "explanation": "a claim flagged alone, by hand"},
    ])
    flagged = {i["id"]: i["conflicts"] for i in model["items"] if i.get("conflicts")}
    assert flagged == {a: [0], b: [0], TECH: [2]}
    assert [(c["class"], c["drawn"]) for c in model["conflicts"]] == [("coverage", True),
                                                                      ("period mismatch", False), ("unconfirmed", True)]
    assert "1 conflict between claims not on this timeline listed, not drawn" in model["notes"]


def test_the_conflicts_tradekg_finds_are_flagged_by_default_and_agreeing_pairs_are_not(graph, corpus):
    from tradekg.graph.analysis.conflicts import conflicts

    found = [c for c in conflicts(graph) if set(c.classes) != {"agree"}]
    assert len(found) < len(conflicts(graph))  # the seed's figures agree with R4's: not flagged
    assert [(c["a"], c["b"], c["class"]) for c in corpus["conflicts"]] == [
        (c.a.iri, c.b.iri if c.b else None, ", ".join(c.classes)) for c in found]
    date = CLAIM + "r17-husch-blackwell/order-removes-additional-duty-2025"
    flagged = {i["id"] for i in corpus["items"] if i.get("conflicts")}
    assert date in flagged and CLAIM + "r14-additional-duty-removed/order-removes-additional-duty" in flagged
    assert timeline_model(graph, conflicts=())["conflicts"] == []


def test_cli_writes_the_page_and_refuses_bad_input(built, tmp_path):
    runner = CliRunner()
    out = tmp_path / "t.html"
    result = runner.invoke(main, ["view", "--timeline", "India", "--from", "2025-07-01", "--store",
                                  str(built / "store"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert "Timeline of India:" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script src" not in html and "Content-Security-Policy" in html
    for args, message in [(["--timeline", "--from", "2025-13-01"], "--from '2025-13-01' is not a day"),
                          (["--from", "2025-01-01"], "--from and --to go with --timeline"),
                          (["--timeline", "--focus", "India"], "--timeline makes a page of its own"),
                          (["--timeline", "Narnia"], "unknown entity 'Narnia'"),
                          (["--timeline", "--from", "2025-09-01", "--to", "2025-01-01"], "comes before")]:
        bad = runner.invoke(main, ["view", *args, "--store", str(built / "store"), "-o", str(tmp_path / "x.html")])
        assert bad.exit_code == 2, (args, bad.output)
        assert message in bad.stderr, (args, bad.stderr)
    assert not (tmp_path / "x.html").exists()


def test_build_writes_the_timeline_beside_the_index_and_links_them(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    timeline = (built / "timeline.html").read_text(encoding="utf-8")
    assert '<a href="timeline.html">Timeline of the whole corpus</a>' in index
    assert '<a href="index.html">Graph of the whole corpus</a>' in timeline


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def playwright():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `bash .ci/setup` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def open_offline(browser, path: Path):
    """The page at ``path`` at 1400x900, every other request aborted; (page, problems seen)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    seen: dict[str, list[str]] = {"requests": [], "blocked": [], "errors": [], "dialogs": []}

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    return page, seen, url


def assert_clean(seen, url):
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["blocked"] == []
    assert seen["requests"] == [url]


def keep(page, tmp_path: Path, name: str) -> None:
    path = (SCREENS or tmp_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def test_the_corpus_timeline_draws_offline_and_shows_quote_source_and_date(browser, built, tmp_path):
    page, seen, url = open_offline(browser, built / "timeline.html")
    drawn = page.evaluate("""() => ({
        lanes: [...document.querySelectorAll('.vis-labelset .vis-label')].map(e => e.innerText.trim()),
        measures: window.tradekgTimeline.itemsData.get({filter: i => i.className.split(' ').includes('measure')})
                  .map(i => i.type),
        items: window.tradekgTimeline.itemsData.length })""")
    assert drawn["lanes"] == ["India", "India and United States", "United States", "No party named"]
    assert drawn["items"] == 104 + 3 + 5
    assert drawn["measures"] == ["range", "range", "range"]
    # scrolled to, an interval is drawn as a bar from its effective day
    page.evaluate(f"() => window.tradekgTimeline.focus({RECIPROCAL_25!r}, {{animation: false}})")
    page.wait_for_timeout(200)
    bar = page.locator(".vis-item.vis-range.measure", has_text="25% in force: US reciprocal tariff")
    assert bar.count() == 1 and bar.inner_text().endswith("\u2192")  # open: no end reported
    keep(page, tmp_path, "timeline-corpus.png")
    # hover: the quote, as text, in the tooltip
    page.evaluate(f"() => window.tradekgTimeline.focus({TECH!r}, {{animation: false}})")
    page.wait_for_timeout(200)
    box = page.locator(".vis-item.vis-point", has_text="India seeks technology-access parity from").first
    box.hover()
    tip = page.inner_text("#tip")
    assert tip.startswith("Demand, 2025-04-27\nIndia seeks technology-access parity from the United States")
    assert tip.endswith("\nSource: India's Push for Technology Access Parity in Bilateral Trade Agreement with the US")
    assert "\u201c" in tip
    # click: source and date in the details panel
    box.click()
    details = page.inner_text("#details-body")
    assert "date\n2025-04-27" in details.replace("\t", "\n")
    assert "India's Push for Technology Access Parity in Bilateral Trade Agreement with the US" in details
    assert TECH in details
    assert_clean(seen, url)


def test_the_latest_labels_wrap_and_end_on_the_canvas(browser, built, graph, tmp_path):
    # A point's label is drawn right of its day: the latest ones (February 2026) ran off the
    # right edge of the canvas at 1400x900. They wrap at about a third of it, and the window
    # opens wide enough for each to end inside.
    india = write_page(timeline_html(timeline_model(graph, "India")), tmp_path / "india.html")
    for path in (built / "timeline.html", india):
        page, seen, url = open_offline(browser, path)
        drawn = page.evaluate("""() => {
            const panel = document.querySelector('.vis-panel.vis-center').getBoundingClientRect();
            const boxes = [...document.querySelectorAll('.vis-item.vis-point')].map(e => e.getBoundingClientRect());
            const visible = boxes.filter(b => b.width > 0);
            return {points: visible.length, over: visible.filter(b => b.right > panel.right + 1).length,
                    right_half: visible.filter(b => b.left > panel.left + panel.width / 2).length,
                    wrapped: visible.filter(b => b.height > 32).length,
                    widest: Math.max(...visible.map(b => b.width)), canvas: panel.width,
                    last: new Date(window.tradekgTimeline.getWindow().end).toISOString().slice(0, 7)};
        }""")
        # (vis-timeline draws the items of the lanes in view: the first lanes, down to Feb 2026)
        assert drawn["points"] >= 10 and drawn["right_half"] >= 3 and drawn["over"] == 0, (path.name, drawn)
        assert drawn["wrapped"] >= 10 and drawn["widest"] < drawn["canvas"] / 2, (path.name, drawn)
        assert "2026-06" <= drawn["last"] <= "2027-06", (path.name, drawn)  # still a scale of months
        assert_clean(seen, url)
        page.context.close()


def test_the_index_links_to_the_timeline(browser, built):
    page, seen, url = open_offline(browser, built / "index.html")
    assert page.get_attribute("nav.links a", "href") == "timeline.html"
    assert_clean(seen, url)


def test_conflicts_are_flagged_and_selectable(browser, graph, tmp_path):
    a, b = FIGURE_A, FIGURE_B
    model = timeline_model(graph, "India", conflicts=[(a, b, "coverage", "a pair made by hand"),
                                                      (TECH, None, "unconfirmed", "flagged alone")])
    path = write_page(timeline_html(model), tmp_path / "flagged.html")
    page, seen, url = open_offline(browser, path)
    keep(page, tmp_path, "timeline-india-flagged.png")
    assert page.inner_text("#conflict-list").startswith("\u2691 coverage: a pair made by hand")
    page.locator("#conflict-list button").first.click()
    assert sorted(page.evaluate("() => window.tradekgTimeline.getSelection()")) == sorted([a, b])
    page.wait_for_timeout(300)
    flagged = page.evaluate(
        "() => [...document.querySelectorAll('.vis-item.vis-point.conflict')].map(e => e.innerText)")
    assert len(flagged) == 2 and all(text.startswith("\u2691") for text in flagged)
    assert "a pair made by hand" in page.inner_text("#details-body")
    assert page.locator("#conflict-list li").count() == 2
    page.locator("#conflict-list li").nth(1).locator("button").click()
    assert page.evaluate("() => window.tradekgTimeline.getSelection()") == [TECH]
    assert "\u2691 unconfirmed: flagged alone" in page.inner_text("#details-body")
    assert_clean(seen, url)


# A source with no date, whose claim the timeline lists apart; hostile too.
UNDATED_NOTE = """\
format: tradekg/1
source:
  id: undated-note
  kind: article
  title: "An undated note <img src=x onerror=alert('undated')>"
  text: note.txt
  agreement: hostile-bta
claims:
  - id: round
    kind: event
    label: "A further round <script>alert('undated-label')</script>"
    event_kind: negotiating round
    quote: "A further round is planned, officials said <b>soon</b>."
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from tradekg.graph.build.pipeline import build

    folder = tmp_path_factory.mktemp("hostile-timeline")
    (folder / "note.txt").write_text("A further round is planned, officials said <b>soon</b>.\n", encoding="utf-8")
    (folder / "note.yaml").write_text(UNDATED_NOTE, encoding="utf-8")
    build(paths=[Path(__file__).parent / "fixtures" / "hostile-labels.yaml", folder / "note.yaml"],
          out=folder / "out")
    return folder / "out"


def test_hostile_text_shows_as_text_and_runs_nothing(browser, hostile, tmp_path):
    page, seen, url = open_offline(browser, hostile / "timeline.html")
    injected = page.evaluate("""() => ({
        elements: document.querySelectorAll('img, svg, iframe, b, object, embed').length,
        links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href')),
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll('*')]
            .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length})""")
    assert injected == {"elements": 0, "links": ["index.html"], "scripts": 3, "handlers": 0}
    for item in page.locator(".vis-item.vis-point").all():
        item.hover()
        item.click()
    text = page.inner_text("#timeline")
    assert "<img src=x onerror=alert(1)>" in text and "</script><script>alert(1)</script>" in text
    assert "</script><script>alert('title')</script>" in page.inner_text("#details-body") + page.inner_text("#sources")
    # the undated claim: listed apart, never placed; its details say so
    assert page.inner_text("#undated h2") == "UNDATED CLAIMS, NOT PLACED IN TIME (1)"
    page.locator("#undated-list button").click()
    details = page.inner_text("#details-body")
    assert "A further round <script>alert('undated-label')</script>" in details
    assert "undated: not placed in time" in details and "An undated note <img src=x" in details
    assert "officials said <b>soon</b>." in details
    keep(page, tmp_path, "timeline-hostile.png")
    assert_clean(seen, url)


# ---------------------------------------------------------------- tradekg serve: the form and the entity page


@pytest.fixture(scope="module")
def served(built, serve_factory):
    with serve_factory(built / "store") as s:
        yield s


def _rows(html: str) -> list[list[str]]:
    import re

    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r'<a href="entity\?iri=([^"]+)">', row) for row in body.split("</tr>") if "<td" in row]


def test_serve_fills_a_named_querys_parameters_from_its_form(served):
    from urllib.parse import unquote

    import httpx

    page = httpx.get(served.url, params={"name": "demands"}, timeout=30)
    assert page.status_code == 200
    assert '<input type="text" name="param.by" value=""' in page.text
    assert '<input type="text" name="param.asOf" value=""' in page.text
    answer = httpx.get(served.url, params={"name": "demands", "param.by": "India", "param.to": "united states",
                                           "param.asOf": ""}, timeout=30)
    assert answer.status_code == 200, answer.text
    rows = [[unquote(cell) for cell in row] for row in _rows(answer.text)]
    assert len(rows) == 17
    assert {row[0] for row in rows} == {IN} and {row[1] for row in rows} == {US}
    assert sorted({row[2] for row in rows}) == [
        CLAIM + "india-us-bta-tech-parity/india-duty-concessions", TECH,
        CLAIM + "r08-pti-tech-parity/india-duty-concessions-plastics",
        CLAIM + "r08-pti-tech-parity/india-tech-parity-key-allies"]
    assert 'value="India"' in answer.text  # the form keeps what was typed
    # the query that ran is shown, with the values bound
    assert "VALUES ( ?by ?to ) { ( &lt;https://w3id.org/tradekg/id/party/IN&gt;" in answer.text
    unknown = httpx.get(served.url, params={"name": "demands", "param.by": "Narnia <b>x</b>"}, timeout=30)
    assert unknown.status_code == 404
    assert "unknown entity &#39;Narnia &lt;b&gt;x&lt;/b&gt;&#39;" in unknown.text and "<b>x" not in unknown.text
    assert unknown.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_serve_links_result_iris_to_an_entity_page_with_focus_and_timeline(served):
    import httpx

    entity = httpx.get(served.url + "entity", params={"iri": IN}, timeout=30)
    assert entity.status_code == 200
    assert "<h1>India</h1>" in entity.text
    assert 'href="entity/focus?iri=https%3A//w3id.org/tradekg/id/party/IN"' in entity.text
    assert "script" not in entity.text
    assert "Dated claims that concern it (104)" in entity.text
    assert ('<td><a href="entity?iri=https%3A//w3id.org/tradekg/id/claim/india-us-bta-tech-parity/'
            'india-technology-access-parity">India seeks technology-access parity from the United States</a>'
            in entity.text)
    timeline = httpx.get(served.url + "entity/timeline", params={"iri": IN}, timeout=60)
    assert timeline.status_code == 200 and "<title>Timeline of India</title>" in timeline.text
    focus = httpx.get(served.url + "entity/focus", params={"iri": IN}, timeout=60)
    assert focus.status_code == 200 and 'id="mynetwork"' in focus.text
    for bad, status in [({"iri": ID + "party/XX"}, 404), ({}, 400)]:
        answer = httpx.get(served.url + "entity/timeline", params=bad, timeout=30)
        assert answer.status_code == status, answer.text


def test_the_served_entity_timeline_draws_in_a_browser_reaching_only_the_server(playwright, served, tmp_path):
    # A browser of its own: the shared one resolves no host at all, this one only loopback.
    args = [a if not a.startswith("--host-resolver-rules") else a + ", EXCLUDE 127.0.0.1" for a in CHROMIUM_ARGS]
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    try:
        _click_through_to_the_timeline(chromium, served, tmp_path)
    finally:
        chromium.close()


def _click_through_to_the_timeline(browser, served, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    outside: list[str] = []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served.url)
                  else (outside.append(r.request.url), r.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(served.url + "?name=demands&param.by=India")
    page.locator("td.iri a", has_text="party:IN").first.click()
    page.locator("a", has_text="Its timeline").click()
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    assert page.inner_text("h1") == "Timeline of India"
    keep(page, tmp_path, "serve-entity-timeline.png")
    assert outside == [] and errors == []
    context.close()


def test_an_empty_span_draws_an_empty_timeline_that_says_so(browser, graph, tmp_path):
    model = timeline_model(graph, None, "2030-01-01", "2030-12-31")
    assert model["items"] == [] and model["lanes"] == []
    page, seen, url = open_offline(browser, write_page(timeline_html(model), tmp_path / "empty.html"))
    assert page.inner_text("#summary").startswith("0 dated claims on parties, 0 measure intervals")
    assert page.inner_text("h1") + " " + page.inner_text(".subtitle") == \
        "Timeline of the whole corpus from 2030-01-01 to 2030-12-31"
    assert_clean(seen, url)
