"""The ontology in OWL 2 DL, checked by real OWL tools rather than by our own reading of the spec.

- The OWL API's OWL 2 DL profile checker (Debian's ``libowlapi-java``, run from
  ``tests/owl/Dl2Profile.java`` in Java's source-file mode) finds no violation in the files of
  ``ontology/`` (``tradekg.ttl`` and ``shapes.ttl`` alone; ``schemes.ttl`` and ``parties.ttl``
  with the ontology whose terms they use), nor in the vocabulary together with the built graph.
- HermiT (the jar that owlready2 bundles, from PyPI) loads the vocabulary with the built graph,
  finds it consistent and finds no unsatisfiable class.

``.ci/setup`` installs Java, the OWL API and owlready2, so CI runs all of this; elsewhere each
test is skipped, naming what is missing.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from tradekg.ontology import ontology_file, parties_file, schemes_file, shapes_file

pytestmark = pytest.mark.timeout(300)

HERE = Path(__file__).parent
PROFILE_CHECK = HERE / "owl" / "Dl2Profile.java"
DEBIAN_JARS = Path("/usr/share/java")
# The OWL API and the libraries its Debian package depends on that parsing Turtle needs.
OWLAPI_JARS = ("owlapi-distribution", "guava", "caffeine", "commons-io", "commons-codec", "commons-rdf-api",
               "slf4j-api", "jsr305", "atinject-jsr330-api", "hppcrt", "xz")
OWL_THING = "http://www.w3.org/2002/07/owl#Thing"
OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
TK = "https://w3id.org/tradekg/ontology#"


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (.ci/setup installs Debian's default-jre-headless)")
    return java


def _owlapi_classpath() -> str:
    if not (DEBIAN_JARS / "owlapi-distribution.jar").exists():
        pytest.skip("the OWL API is not installed (.ci/setup installs Debian's libowlapi-java)")
    jars = [DEBIAN_JARS / f"{name}.jar" for name in OWLAPI_JARS]
    missing = [str(j) for j in jars if not j.exists()]
    assert missing == [], "libowlapi-java's dependencies have moved"
    # rdf4j's parsers, under their unversioned names (the versioned ones are the same files).
    jars += sorted(j for j in DEBIAN_JARS.glob("rdf4j-*.jar") if not re.search(r"-[0-9]", j.stem))
    return ":".join(str(j) for j in jars)


def _hermit_jar() -> Path:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        pytest.skip("owlready2 (which bundles HermiT) is not installed: pip install -e '.[test]'")
    jar = Path(spec.origin).parent / "hermit" / "HermiT.jar"
    assert jar.exists(), f"owlready2 no longer ships {jar}"
    return jar


def _one_document(tmp_path: Path, name: str, *parts: Path | str, extra: str = "") -> Path:
    """The union of several RDF files as one Turtle document (the OWL API parses each document
    on its own, so a term declared in one file would otherwise be undeclared in the next)."""
    g = Graph()
    for part in parts:
        g.parse(str(part), format="turtle")
    if extra:
        g.parse(data=extra, format="turtle")
    out = tmp_path / name
    g.serialize(out, format="turtle", encoding="utf-8")
    return out


def _vocabulary_files() -> list[str]:
    return [str(ontology_file()), str(schemes_file()), str(parties_file())]


def profile_violations(document: Path) -> list[str]:
    """Every OWL 2 DL violation the OWL API reports for ``document``, as "Kind<TAB>description"."""
    run = subprocess.run([_java(), "-cp", _owlapi_classpath(), str(PROFILE_CHECK), str(document)],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    *violations, total = run.stdout.splitlines()
    assert total == f"violations: {len(violations)}"
    return violations


def hermit(document: Path) -> subprocess.CompletedProcess[str]:
    """HermiT's consistency check (-k) and list of unsatisfiable classes (-U) on ``document``."""
    return subprocess.run([_java(), "-cp", str(_hermit_jar()), "org.semanticweb.HermiT.cli.CommandLine",
                           "-k", "-U", "-N", document.resolve().as_uri()],
                          capture_output=True, text=True, timeout=240)


def unsatisfiable_classes(run: subprocess.CompletedProcess[str]) -> list[str]:
    """The classes HermiT found equivalent to owl:Nothing, besides owl:Nothing itself."""
    lines = run.stdout.splitlines()
    start = lines.index(f"Classes equivalent to '{OWL_NOTHING}':")
    return sorted(line.strip() for line in lines[start + 1:] if line.startswith("\t") and line.strip() != OWL_NOTHING)


# ---------------------------------------------------------------- the OWL 2 DL profile


@pytest.mark.parametrize("document", ["tradekg.ttl", "shapes.ttl"])
def test_a_document_alone_is_in_owl2_dl(document: str, tmp_path: Path) -> None:
    """The ontology, and the SHACL shapes read as OWL (they declare the SHACL terms they use)."""
    path = str(ontology_file() if document == "tradekg.ttl" else shapes_file())
    assert profile_violations(_one_document(tmp_path, document, path)) == []


def test_the_vocabulary_is_in_owl2_dl(tmp_path: Path) -> None:
    """The ontology with its concept schemes and party aliases, as every build loads them."""
    assert profile_violations(_one_document(tmp_path, "vocabulary.ttl", *_vocabulary_files())) == []


def test_the_built_graph_with_the_vocabulary_is_in_owl2_dl(built: Path, tmp_path: Path) -> None:
    document = _one_document(tmp_path, "all.ttl", *_vocabulary_files(), built / "tradekg.ttl")
    assert profile_violations(document) == []


def test_the_profile_check_sees_what_the_ontology_once_had(tmp_path: Path) -> None:
    """The check can fail: xsd:duration (not in OWL 2's datatype map) and a reused class left
    undeclared are reported, as they were before the ontology declared and replaced them."""
    document = tmp_path / "old.ttl"
    document.write_text(f"""
@prefix tk: <{TK}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x-test:o> a owl:Ontology .
tk:Claim a owl:Class .
tk:Source a owl:Class ; rdfs:subClassOf <http://www.w3.org/ns/prov#Entity> .
tk:duration a owl:DatatypeProperty ; rdfs:domain tk:Claim ; rdfs:range xsd:duration .
""", encoding="utf-8")
    kinds = sorted({v.split("\t")[0] for v in profile_violations(document)})
    assert kinds == ["UseOfUndeclaredClass", "UseOfUndeclaredDatatype"]


# ---------------------------------------------------------------- HermiT


def test_hermit_finds_the_vocabulary_and_the_built_graph_consistent(built: Path, tmp_path: Path) -> None:
    run = hermit(_one_document(tmp_path, "all.ttl", *_vocabulary_files(), built / "tradekg.ttl"))
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"{OWL_THING} is satisfiable." in run.stdout.splitlines()
    assert unsatisfiable_classes(run) == []


def test_hermit_sees_an_inconsistency(tmp_path: Path) -> None:
    """A claim typed as two disjoint kinds makes the ontology inconsistent, and HermiT says so."""
    both = f"<urn:x-test:claim> a <{TK}Demand> , <{TK}Concern> ."
    run = hermit(_one_document(tmp_path, "bad.ttl", *_vocabulary_files(), extra=both))
    assert run.returncode != 0
    assert "InconsistentOntologyException" in run.stderr


def test_hermit_lists_an_unsatisfiable_class(tmp_path: Path) -> None:
    both = (f"<urn:x-test:Both> a <http://www.w3.org/2002/07/owl#Class> ; "
            f"<http://www.w3.org/2000/01/rdf-schema#subClassOf> <{TK}Demand> , <{TK}Concern> .")
    run = hermit(_one_document(tmp_path, "unsat.ttl", *_vocabulary_files(), extra=both))
    assert run.returncode == 0, run.stderr[-3000:]
    assert unsatisfiable_classes(run) == ["urn:x-test:Both"]
