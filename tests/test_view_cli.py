"""`tradekg view` and the OUT/index.html step of `tradekg build`: files, messages, exit codes,
atomic writes, and behaviour under `python -O` and the C locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.core.errors import TradekgError
from tradekg.graph.views.graphs import whole_view
from tradekg.graph.views.html import write_view
from tradekg.graph.views.model import View

ID = "https://w3id.org/tradekg/id/"
TK = "https://w3id.org/tradekg/ontology#"
CLAIM = ID + "claim/india-us-bta-tech-parity/"
INDIA, US = ID + "party/IN", ID + "party/US"
TECH = CLAIM + "india-technology-access-parity"
CYBER = CLAIM + "us-concern-cybersecurity"


# The seed article alone: these tests count how views are drawn, not how large the corpus is
# (tests/test_view_corpus.py draws the whole bundled corpus).
@pytest.fixture(scope="module")
def built(seed_built):
    return seed_built


@pytest.fixture(scope="module")
def graph(seed_graph):
    return seed_graph


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def page_data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(html.split('id="tradekg-data">', 1)[1].split("</script>", 1)[0])


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_whole_view_by_default_under_output(built, in_tmp):
    result = run("view", "--store", str(built / "store"))
    assert result.exit_code == 0
    assert result.stdout == "output/view-whole.html\n"
    assert result.stderr == "Whole graph: 61 nodes, 88 edges\n"
    data = page_data(in_tmp / "output" / "view-whole.html")
    assert (len(data["nodes"]), len(data["edges"])) == (61, 88)


def test_focus_view_named_after_the_entity_and_radius(built, in_tmp):
    result = run("view", "--store", str(built / "store"), "--focus", "india", "--radius", "1")
    assert result.exit_code == 0
    assert result.stdout == "output/view-focus-IN-r1.html\n"
    # 14 relations touch India; 15 more join its neighbours (4 conditions, 2 instead of, 8 addresses, 1 cites)
    assert result.stderr == "Around India: 15 nodes, 29 edges\n"
    data = page_data(in_tmp / "output" / "view-focus-IN-r1.html")
    assert [n["id"] for n in data["nodes"] if n.get("role") == "seed"] == [INDIA]
    assert len(data["nodes"]) == 15


def test_output_file_and_cap_with_the_left_out_said(built, graph, in_tmp):
    (in_tmp / "deep" / "er").mkdir(parents=True)  # a folder named in -o must exist (issue 18, item 17)
    result = run("view", "--store", str(built / "store"), "--max-nodes", "10", "-o", "deep/er/whole.html")
    assert result.exit_code == 0
    assert result.stdout == "deep/er/whole.html\n"
    edges = len(whole_view(graph, 10).edges)
    assert result.stderr.splitlines() == [
        f"Whole graph: 10 nodes, {edges} edges; 51 more not shown",
        "note: Showing the 10 best-connected nodes of 61: `tradekg view --focus ENTITY --radius N`, "
        "or --max-nodes, shows others."]
    assert len(page_data(in_tmp / "deep" / "er" / "whole.html")["nodes"]) == 10


@pytest.mark.parametrize(("args", "message"), [
    (["--focus", "India", "--blockers", "India"], "tradekg: give one of --focus, --path, --blockers, --tradeoffs "
                                                  "(not --focus and --blockers)\n"),
    (["--radius", "2"], "tradekg: --radius goes with --focus\n"),
    (["--path", "India", "US", "--max-nodes", "9"], "tradekg: --max-nodes goes with the whole graph and --focus\n"),
    (["--max-nodes", "0"], "tradekg: max nodes must be a whole number from 1 to 2,000, not 0\n"),
    (["--max-nodes", "2001"], "tradekg: max nodes must be a whole number from 1 to 2,000, not 2001\n"),
    (["--focus", "Atlantis"], None),
])
def test_usage_errors_exit_2_with_one_line(built, in_tmp, args, message):
    result = run("view", "--store", str(built / "store"), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    if message is not None:
        assert result.stderr == message
    else:
        assert result.stderr.startswith("tradekg: unknown entity 'Atlantis'") and result.stderr.count("\n") == 1
    assert not (in_tmp / "output").exists()


def test_output_that_is_a_folder_or_unwritable(built, in_tmp):
    (in_tmp / "here").mkdir()
    result = run("view", "--store", str(built / "store"), "-o", "here")
    assert result.exit_code == 2 and "is a directory" in result.stderr
    result = run("view", "--store", str(built / "store"), "-o", "/dev/null/view.html")
    assert result.exit_code == 1
    assert result.stderr.startswith("tradekg: /dev/null/view.html: cannot write the page:")
    assert result.stderr.count("\n") == 1


ALT_LICENCES = CLAIM + "us-alternative-project-licences"
ALT_TRUSTED = CLAIM + "us-alternative-trusted-partner"


def _answer(path: Path) -> tuple[set, set]:
    """(answer nodes, answer edges as (subject, predicate, object)) of a written page."""
    data = page_data(path)
    relations = data["tables"]["relations"]
    ids = [n["id"] for n in data["nodes"]]  # edges name their ends by place in the node list
    nodes = {n["id"] for n in data["nodes"] if n.get("role") in ("seed", "answer")}
    edges = {(ids[e["from"]], relations[e["rel"]]["iri"], ids[e["to"]]) for e in data["edges"]
             if e.get("role") == "answer"}
    return nodes, edges


def test_answer_modes_write_highlighted_views(built, in_tmp):
    store = str(built / "store")
    result = run("view", "--store", store, "--path", "India", "us-concern-cybersecurity")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "output/view-path-IN-us-concern-cybersecurity.html\n"
    nodes, edges = _answer(in_tmp / "output" / "view-path-IN-us-concern-cybersecurity.html")
    # The three shortest paths: India <-about- concern; India <-demanded by- demand <-conditions-
    # concern; India <-addressed to- the project-licence alternative -addresses-> concern.
    assert {e for e in edges if TK in e[1]} == {
        (CYBER, TK + "aboutParty", INDIA), (TECH, TK + "demandedBy", INDIA), (CYBER, TK + "conditions", TECH),
        (ALT_LICENCES, TK + "addressedTo", INDIA), (ALT_LICENCES, TK + "addresses", CYBER)}
    assert nodes >= {INDIA, CYBER, TECH, ALT_LICENCES}

    result = run("view", "--store", store, "--blockers", "india-technology-access-parity")
    assert result.stdout == "output/view-blockers-india-technology-access-parity.html\n"
    page = in_tmp / "output" / "view-blockers-india-technology-access-parity.html"
    nodes, edges = _answer(page)
    concerns = {CLAIM + f"us-concern-{t}" for t in ("export-controls", "intellectual-property", "cybersecurity",
                                                   "defence-ties-russia")}
    assert {n for n in nodes if n.startswith(CLAIM)} == {TECH, ALT_LICENCES, ALT_TRUSTED} | concerns
    assert {(c, TK + "conditions", TECH) for c in concerns} <= edges
    assert {(a, TK + "addresses", c) for a in (ALT_LICENCES, ALT_TRUSTED) for c in concerns} <= edges
    # Concepts named only as attributes (instrument forms) are not drawn as floating nodes.
    assert ID + "instrument/blanket-exemption" not in [n["id"] for n in page_data(page)["nodes"]]

    result = run("view", "--store", store, "--tradeoffs", "India", "United States")
    assert result.stdout == "output/view-tradeoffs-IN-US.html\n"
    nodes, _ = _answer(in_tmp / "output" / "view-tradeoffs-IN-US.html")
    assert {n for n in nodes if n.startswith(CLAIM)} == {TECH, CLAIM + "india-duty-concessions",
                                                         CLAIM + "us-concessions"}
    assert {INDIA, US} <= nodes


def test_c_locale_and_python_O_write_utf8_and_still_validate(built, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENC"))}
    # Keep Python from switching itself to UTF-8 (PEP 538/540): the locale is really ASCII.
    env.update(LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")
    cmd = [sys.executable, "-O", "-c", "import sys; from tradekg.cli.main import main; sys.exit(main())", "view",
           "--store", str(built / "store")]
    probe = subprocess.run([sys.executable, "-c", "import locale; print(locale.getpreferredencoding())"],
                           env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "ANSI_X3.4-1968"
    done = subprocess.run([*cmd, "--focus", "BTA", "--radius", "1", "-o", str(tmp_path / "bta.html")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{tmp_path / 'bta.html'}\n"
    html = (tmp_path / "bta.html").read_bytes().decode("utf-8")
    assert "<h1 id=\"heading\">Around India–US Bilateral Trade Agreement</h1>" in html
    refused = subprocess.run([*cmd, "--max-nodes", "0"], env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    assert refused.stderr == "tradekg: max nodes must be a whole number from 1 to 2,000, not 0\n"


def test_a_failed_page_write_leaves_the_old_page(tmp_path, monkeypatch):
    target = tmp_path / "page.html"
    target.write_text("old page", encoding="utf-8")
    view = View("x", "X")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tradekg.graph.core.atomic.os.replace", fail)
    with pytest.raises(TradekgError, match="cannot write the page: No space left on device"):
        write_view(view, target)
    assert target.read_text(encoding="utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


# ---------------------------------------------------------------- OUT/index.html


def test_build_writes_the_overview_page(built):
    data = page_data(built / "index.html")
    assert (len(data["nodes"]), len(data["edges"])) == (61, 88)
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "<h1 id=\"heading\">tradekg: what this build holds</h1>" in html
    import pyoxigraph

    triples = len(pyoxigraph.Store.read_only(str((built / "store").resolve())))
    assert f"<dt>triples</dt><dd>{triples:,}</dd>" in html
    assert "<dt>source</dt><dd>india-us-bta-tech-parity: India&#39;s Push for Technology Access Parity" in html


def _snapshot(out: Path) -> dict[str, object]:
    return {"store": os.readlink(out / "store"), "turtle": (out / "tradekg.ttl").read_bytes(),
            "index": (out / "index.html").read_bytes(),
            "files": sorted(p.name for p in out.iterdir()),
            "generations": sorted(p.name for p in (out / ".stores").iterdir())}


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("rebuilt")
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["index"] == str(out / "index.html")
    return out


def test_a_failed_overview_leaves_the_previous_build_published(previous_build, monkeypatch):
    from tradekg.graph.build.pipeline import build

    before = _snapshot(previous_build)

    def broken(view):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("tradekg.graph.views.html.to_html", broken)
    with pytest.raises(RuntimeError, match="renderer broke"):
        build(out=previous_build, full=True)  # the same corpus: only --full rebuilds it
    assert _snapshot(previous_build) == before


def test_a_disk_full_while_writing_the_overview_leaves_the_previous_build(previous_build, monkeypatch):
    from tradekg.graph.build.pipeline import build

    before = _snapshot(previous_build)

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tradekg.graph.core.atomic.os.fsync", full)
    with pytest.raises(OSError, match="No space left"):
        build(out=previous_build, full=True)  # the same corpus: only --full rebuilds it
    assert _snapshot(previous_build) == before


def test_an_endpoint_that_does_not_answer_is_one_line_exit_1(in_tmp):
    import socket

    with socket.socket() as s:  # a loopback port with nobody listening
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/query"
    for args in ([], ["--focus", "India"]):
        result = run("view", "--store", url, *args)
        assert result.exit_code == 1
        assert result.stderr == f"tradekg: {url}: cannot connect: [Errno 111] Connection refused\n"
        assert result.stdout == ""
    assert not (in_tmp / "output").exists()
