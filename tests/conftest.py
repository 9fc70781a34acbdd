"""Shared fixtures: a store built once per session from the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of one build of the bundled corpus (do not modify it in tests)."""
    from tradekg.graph.build import build

    out = tmp_path_factory.mktemp("built")
    build(out=out)
    return out


@pytest.fixture(scope="session")
def graph(built: Path):
    """The bundled corpus's store, opened read-only as an rdflib Graph."""
    from tradekg.graph.store import open_graph

    return open_graph(built / "store")
