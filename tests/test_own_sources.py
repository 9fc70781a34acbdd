"""Adding one's own sources: with the bundled corpus (``--with-bundled``) or alone, given the
same way to ``build`` and ``validate``; a name only the bundled corpus defines says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tradekg.cli.main import main
from tradekg.graph.sources.discovery import bundled_sources

pytestmark = pytest.mark.timeout(300)

SEED = "india-us-bta-tech-parity"
QUOTE = ("In return, India will likely seek duty concessions for labor-intensive sectors like textiles, gems and "
         "jewelry, leather goods, garments, chemicals, shrimp, oil seeds, and fruits such as grapes and bananas.")

# A user's note that names what the bundled corpus defines: its agreement, a claim of the
# seed article, a measure of brief R3 and a sector brief R16 adds (wheat).
NOTE = f"""format: tradekg/1
draft: false
source:
  id: my-note
  kind: article
  title: "My note on what India asks in return"
  published: "2026-12-01"
  agreement: india-us-bta
claims:
  - id: india-duty-concessions
    kind: demand
    by: India
    to: United States
    demand_kind: duty concessions
    sectors: [textiles, wheat]
    reiterates: [{SEED}/india-duty-concessions]
    quote: "{QUOTE}"
  - id: pause-noted
    kind: measure
    measure: us-reciprocal-tariff-india
    action: pauses
    quote: "{QUOTE}"
"""

# A user's corpus that stands alone: it defines its own agreement.
ALONE = f"""format: tradekg/1
draft: false
source:
  id: my-own
  kind: article
  title: "A corpus of my own"
  published: "2026-12-01"
agreements:
  - id: my-agreement
    label: My agreement
    parties: [India, United States]
claims:
  - id: asks
    kind: demand
    agreement: my-agreemnt-typo
    by: India
    to: United States
    demand_kind: duty concessions
    quote: "{QUOTE}"
"""


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def bundled(name: str) -> str:
    return str(next(p for p in bundled_sources() if p.stem == name))


def in_bundled(name: str) -> str:
    return f"it is defined in the bundled corpus ({bundled(name)}), not in the sources given; " \
           "add --with-bundled to read both"


@pytest.fixture(scope="module")
def mine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mine")
    (folder / "my-note.yaml").write_text(NOTE, encoding="utf-8")
    return folder


def test_own_sources_alone_name_what_only_the_bundled_corpus_defines(mine: Path) -> None:
    result = cli("validate", str(mine))
    assert result.exit_code == 1
    path = mine / "my-note.yaml"
    assert result.stderr.splitlines() == [
        f"{path}:8: unknown agreement 'india-us-bta': {in_bundled(SEED)}",
        f"{path}:16: unknown claim '{SEED}/india-duty-concessions': its source '{SEED}' is "
        + in_bundled(SEED).removeprefix("it is "),
        f"{path}:15: unknown sector or technology area 'wheat': {in_bundled('r16-goyal-farm-products')}",
        f"{path}:20: unknown measure 'us-reciprocal-tariff-india': {in_bundled('r03-tariff-pause')}",
        "4 problems found",
    ]


def test_build_and_validate_take_sources_the_same_way(mine: Path, tmp_path: Path) -> None:
    """Arguments or --sources (the old spelling of build), with or without --with-bundled."""
    for command in ("validate", "build"):
        out = ["--out", str(tmp_path / command)] if command == "build" else []
        spelled = [cli(command, str(mine), *out), cli(command, "--sources", str(mine), *out)]
        assert [r.exit_code for r in spelled] == [1, 1]
        assert spelled[0].stderr == spelled[1].stderr
        assert "unknown agreement 'india-us-bta'" in spelled[0].stderr
    result = cli("validate", "--with-bundled", "--sources", str(mine))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "ok: no errors (23 warnings)\n"  # the bundled corpus's own 23


def test_build_with_the_bundled_corpus(mine: Path, tmp_path: Path) -> None:
    result = cli("build", str(mine), "--with-bundled", "--out", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    sources = {s["id"]: s["claims"] for s in json.loads(result.stdout)["sources"]}
    assert len(sources) == len(bundled_sources()) + 1
    assert sources["my-note"] == 2
    found = cli("query", "--store", str(tmp_path / "out" / "store"), "--format", "json", "--sparql",
                "SELECT ?earlier WHERE { <https://w3id.org/tradekg/id/claim/my-note/india-duty-concessions> "
                "<https://w3id.org/tradekg/ontology#reiterates> ?earlier }")
    assert found.exit_code == 0, found.stderr
    assert [row["earlier"]["value"] for row in json.loads(found.stdout)["results"]["bindings"]] == [
        f"https://w3id.org/tradekg/id/claim/{SEED}/india-duty-concessions"]


def test_build_own_sources_alone(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "my-own.yaml").write_text(ALONE, encoding="utf-8")
    result = cli("build", str(own), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    # Where the known agreements come from: the sources given.
    assert result.stderr.splitlines()[0] == (
        f"{own / 'my-own.yaml'}:15: unknown agreement 'my-agreemnt-typo'; did you mean 'My agreement'?")
    (own / "my-own.yaml").write_text(ALONE.replace("my-agreemnt-typo", "my-agreement"), encoding="utf-8")
    result = cli("build", str(own), "--out", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [(s["id"], s["claims"]) for s in json.loads(result.stdout)["sources"]] == [("my-own", 1)]


def test_an_unknown_name_says_which_sources_define_the_known_ones(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "my-own.yaml").write_text(ALONE.replace("my-agreemnt-typo", "elsewhere"), encoding="utf-8")
    result = cli("validate", str(own))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{own / 'my-own.yaml'}:15: unknown agreement 'elsewhere' (define it under 'agreements:' in a source; "
        f"the sources given define 'my-agreement' ({own / 'my-own.yaml'}))")
    (own / "my-own.yaml").write_text(ALONE.replace("my-agreemnt-typo", "elsewhere").replace(
        "agreements:\n  - id: my-agreement\n    label: My agreement\n    parties: [India, United States]\n", ""),
        encoding="utf-8")
    result = cli("validate", str(own))
    assert result.stderr.splitlines()[0] == (
        f"{own / 'my-own.yaml'}:11: unknown agreement 'elsewhere' (define it under 'agreements:' in a source; "
        "the sources given define no agreement)")
