"""Issue 18, items 9, 13, 14, 15 and 18 (RELIABILITY.md, "Input files" and "every search and
parse is bounded in the length of its input")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tradekg.cli.main import main

pytestmark = pytest.mark.timeout(120)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# ------------------------------------------------------------------ item 9: IRIs of any scheme as subjects

SCHEMES = """\
@prefix tk: <https://w3id.org/tradekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<mailto:a@b> a tk:Country .
<javascript:alert(1)> a tk:Country ; rdfs:label "J"@en .
<owl:x> a tk:Country .
"""


def test_subjects_of_any_scheme_get_located_problems_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "schemes.ttl"
    path.write_text(SCHEMES, encoding="utf-8")
    expected = [
        f"{path}:4: <javascript:alert(1)> a country has one ISO 3166-1 alpha-2 code [tk:alpha2]",
        f"{path}:4: <javascript:alert(1)> a country has one ISO 3166-1 alpha-3 code [tk:alpha3]",
        f"{path}:3: <mailto:a@b> a country has one ISO 3166-1 alpha-2 code [tk:alpha2]",
        f"{path}:3: <mailto:a@b> a country has one ISO 3166-1 alpha-3 code [tk:alpha3]",
        f"{path}:3: <mailto:a@b> a party needs a label, one per language [rdfs:label]",
        f"{path}:5: <owl:x> a country has one ISO 3166-1 alpha-2 code [tk:alpha2]",
        f"{path}:5: <owl:x> a country has one ISO 3166-1 alpha-3 code [tk:alpha3]",
        f"{path}:5: <owl:x> a party needs a label, one per language [rdfs:label]",
    ]
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*expected, "8 problems found"]
    result = cli("build", "--sources", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*expected, "8 problems found; nothing was written"]
    assert not (tmp_path / "out" / "store").exists()


def test_a_country_with_a_mailto_iri_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "mailto.ttl"
    path.write_text("@prefix tk: <https://w3id.org/tradekg/ontology#> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    '<mailto:a@b> a tk:Country ; rdfs:label "Mailland"@en ; tk:alpha2 "QQ" ; tk:alpha3 "QQQ" .\n',
                    encoding="utf-8")
    result = cli("validate", str(path))
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
