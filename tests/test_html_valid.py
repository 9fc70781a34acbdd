"""Every page tradekg writes passes the Nu HTML Checker, and the GEXF export passes its schema.

The checker is ``vnu-jar`` from npm, run with Java (``.ci/setup`` installs both, so CI runs
this); where either is missing the checker's test is skipped, saying which. One run of the
checker takes every page at once (its start-up is most of its time).

The GEXF 1.2 schema files in ``tests/fixtures/gexf-1.2draft/`` are Gephi's own (see the README
there for where they come from and their licence).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import httpx
import networkx as nx
import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.views.html import inline_script, vis_network_js

pytestmark = pytest.mark.timeout(600)

GEXF_SCHEMA = Path(__file__).parent / "fixtures" / "gexf-1.2draft" / "gexf.xsd"

# Every kind of page `tradekg view` writes, on the seed article's store.
VIEWS = {
    "whole": [],
    "focus": ["--focus", "India", "--radius", "1"],
    "path": ["--path", "India", "us-concern-cybersecurity"],
    "blockers": ["--blockers", "india-technology-access-parity"],
    "tradeoffs": ["--tradeoffs", "India", "United States"],
    "as-of": ["--as-of", "2025-03-01"],
    "timeline": ["--timeline"],
    "timeline-india": ["--timeline", "India", "--from", "2025-01-01"],
    "diff": ["--diff", "2025-03-01", "2026-02-10"],
}
# The pages `tradekg serve` answers at / (each a state of its one page), with their status.
SERVED = {
    "served-home": ("", 200),
    "served-named-query": ("?name=demands", 200),
    "served-select": ("?query=" + quote("SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 3"), 200),
    "served-construct": ("?query=" + quote("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 2"), 200),
    "served-syntax-error": ("?query=SELEC", 400),
    "served-unknown-query": ("?name=no-such-query", 404),
}


def _vnu_jar() -> Path:
    if shutil.which("java") is None:
        pytest.skip("java is not installed (.ci/setup installs Debian's default-jre-headless)")
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed, so neither is vnu-jar (.ci/setup installs both)")
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip()
    jar = Path(root) / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.exists():
        pytest.skip(f"vnu-jar is not installed ({jar} is missing; .ci/setup runs npm install -g vnu-jar)")
    return jar


def nu_errors(pages: list[Path]) -> list[str]:
    """Every error the Nu HTML Checker reports for ``pages``, as "file:line: message"."""
    run = subprocess.run(["java", "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", *map(str, pages)],
                         capture_output=True, text=True, timeout=500)
    report = json.loads(run.stderr or run.stdout)  # vnu writes its report to stderr
    return [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in report["messages"]]


@pytest.fixture(scope="module")
def pages(seed_built: Path, tmp_path_factory: pytest.TempPathFactory, serve_factory) -> list[Path]:
    """The build's two pages, one page of every view kind and every state of serve's page."""
    folder = tmp_path_factory.mktemp("pages")
    store = str(seed_built / "store")
    written = [seed_built / "index.html", seed_built / "timeline.html"]
    for name, args in VIEWS.items():
        result = CliRunner().invoke(main, ["view", "--store", store, *args, "-o", str(folder / f"{name}.html")])
        assert result.exit_code == 0, result.output
        written.append(folder / f"{name}.html")
    shutil.copy(folder / "whole.html", folder / "listed.html")
    with serve_factory(seed_built / "store", "--views", str(folder)) as served, httpx.Client(timeout=60) as client:
        for name, (query, status) in SERVED.items():
            response = client.get(served.url + query)
            assert (response.status_code, response.headers["content-type"]) == (status, "text/html; charset=utf-8")
            (folder / f"{name}.html").write_bytes(response.content)
            written.append(folder / f"{name}.html")
    return written


def test_every_page_passes_the_nu_html_checker(pages: list[Path], tmp_path: Path) -> None:
    """No error on any page; and the check can fail: a page with a raw U+0085 in a script (as
    vis-network's bundle holds it), checked in the same run, is the one error found."""
    assert len(pages) == 2 + len(VIEWS) + len(SERVED)
    old = tmp_path / "old.html"
    old.write_text('<!doctype html><html lang="en"><meta charset="utf-8"><title>t</title>'
                   '<script>var s = "\u0085";</script>', encoding="utf-8")
    assert nu_errors([*pages, old]) == ["old.html:1: Forbidden code point U+0085."]


# ---------------------------------------------------------------- inlined scripts


def test_inlined_scripts_are_ascii() -> None:
    bundle = vis_network_js()
    assert bundle.isascii()
    assert "\\u0085" in bundle  # vis-network's raw NEL, now escaped
    assert inline_script('a = "é\\é\\\\é😀"; // ©', "x") == 'a = "\\u00e9\\u00e9\\\\\\u00e9\\ud83d\\ude00"; // \\u00a9'


def test_an_inlined_script_means_what_it_meant() -> None:
    """Node runs a script and its escaped copy to the same result (strings, regular expressions,
    template literals, identifiers, an identity escape, a character outside the BMP)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (.ci/setup installs npm, which brings it)")
    script = ("var café = 'naïve\u0085' + `ü${1}` + '\\é';\n"
              "var re = /[\u00a0-\u00ff]+/u, emoji = /😀/u;\n"
              "console.log(JSON.stringify([café, re.exec('x\u00e9\u00e8y')[0], emoji.test('a😀'), '😀'.length]));")
    escaped = inline_script(script, "test")
    assert escaped.isascii()
    outputs = [subprocess.run([node, "-e", s], capture_output=True, text=True, timeout=60, check=True).stdout
               for s in (script, escaped)]
    assert outputs[0] == outputs[1] == '["naïve\u0085ü1é","éè",true,2]\n'
    checked = subprocess.run([node, "--check"], input=vis_network_js(), capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_a_script_that_would_end_its_element_is_refused() -> None:
    from tradekg.graph.core.errors import DataError

    with pytest.raises(DataError, match=r"^bundle\.js cannot be inlined in a page: it contains '</script' or '<!--'$"):
        inline_script("var s = '</SCRIPT>';", "bundle.js")


# ---------------------------------------------------------------- GEXF


def _schema_errors(gexf: bytes) -> list[str]:
    import xmlschema

    schema = xmlschema.XMLSchema(GEXF_SCHEMA)  # local files only; the document is parsed here
    return [e.reason or str(e) for e in schema.iter_errors(ET.fromstring(gexf))]


def test_the_gexf_export_passes_the_gexf_1_2_schema(seed_built: Path, tmp_path: Path) -> None:
    out = tmp_path / "negotiation.gexf"
    result = CliRunner().invoke(main, ["export", "--store", str(seed_built / "store"), "--format", "gexf",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    gexf = out.read_bytes()
    assert not re.search(rb'\sname=""', gexf)
    assert _schema_errors(gexf) == []
    read = nx.read_gexf(out)
    assert read.number_of_nodes() > 20 and read.number_of_edges() > 20


def test_the_schema_check_sees_what_networkx_writes() -> None:
    """The check can fail: networkx's own writer puts name="" on <graph>, which GEXF 1.2 has not."""
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", label="r")
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer)
    assert _schema_errors(buffer.getvalue()) == ["'name' attribute not allowed for element"]
