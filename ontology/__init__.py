"""tradekg.ontology: the vocabulary as data, and where to find it.

Nothing here computes: these functions only locate the packaged files.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def _here() -> Traversable:
    return files("tradekg.ontology")


def ontology_file() -> Traversable:
    """The OWL ontology (classes, properties, which relations path queries follow)."""
    return _here() / "tradekg.ttl"


def schemes_file() -> Traversable:
    """The SKOS concept schemes: sectors, technology areas, topics, kinds, statuses."""
    return _here() / "schemes.ttl"


def parties_file() -> Traversable:
    """The alias table for countries and the blocs ISO 3166 does not cover."""
    return _here() / "parties.ttl"


def shapes_file() -> Traversable:
    """The SHACL shapes every source graph must conform to."""
    return _here() / "shapes.ttl"


def vocabulary_files() -> list[Traversable]:
    """The files whose triples go into every built graph."""
    return [ontology_file(), schemes_file()]


def queries_dir() -> Traversable:
    """Named SPARQL queries, one competency question per ``.rq`` file."""
    return files("tradekg.ontology.queries")


def qc_dir() -> Traversable:
    """QC checks: ``*-violation.rq`` queries whose every row is a problem."""
    return files("tradekg.ontology.qc")


def corpus_dir() -> Traversable:
    """The bundled corpus: authoring files and the source texts they quote."""
    return files("tradekg.ontology.corpus")


def templates_dir() -> Traversable:
    """The HTML template and script of the interactive graph views."""
    return files("tradekg.ontology.templates")
