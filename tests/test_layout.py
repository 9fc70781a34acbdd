"""The package's shape: stages import one way, every module says what it exports, the public
namespace is cheap to import, and every package folder is installed."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "graph"

# Each stage may import itself and the stages before it; build conducts the stages before it.
ORDER = ["core", "sources", "store", "analysis", "views", "build", "serve"]
ALLOWED = {stage: set(ORDER[: i + 1]) for i, stage in enumerate(ORDER)}
ALLOWED["ingest"] = {"core", "sources", "store", "analysis", "ingest"}
MAX_MODULE_LINES = 500  # a few screens: past this a module wants splitting by responsibility


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every tradekg import in ``source``, lazy ones inside functions too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "tradekg.graph":  # from tradekg.graph import sources
                found += [(node.lineno, f"tradekg.graph.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, m) for line, m in found if m.startswith("tradekg.")]


def layering_violations(root: Path) -> list[str]:
    """Imports in ``root`` (a graph/ folder) that run against the stage order, or reach the CLI."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        package = ".".join(["tradekg.graph", *rel.parent.parts])
        stage = rel.parts[0] if len(rel.parts) > 1 else None
        for line, module in imported_modules(path.read_text(encoding="utf-8"), package):
            parts = module.split(".")
            where = f"graph/{rel}:{line}"
            if parts[1] == "cli":
                out.append(f"{where}: the library imports the CLI ({module})")
            elif parts[1] == "graph" and stage is not None and len(parts) > 2 and parts[2] not in ALLOWED[stage]:
                out.append(f"{where}: {stage} imports {module}")
    return out


def test_stages_import_one_way() -> None:
    assert layering_violations(GRAPH) == []


def test_the_layering_check_catches_an_import_against_the_order(tmp_path: Path) -> None:
    for stage, text in {"store": "def f():\n    from tradekg.graph.analysis.paths import shortest_paths\n",
                        "core": "from tradekg.graph import views\n",
                        "views": "import tradekg.cli.main\n"}.items():
        (tmp_path / stage).mkdir()
        (tmp_path / stage / "m.py").write_text(text)
    assert layering_violations(tmp_path) == [
        "graph/core/m.py:1: core imports tradekg.graph.views",
        "graph/store/m.py:2: store imports tradekg.graph.analysis.paths",
        "graph/views/m.py:1: the library imports the CLI (tradekg.cli.main)",
    ]


def test_ontology_holds_data_and_imports_no_code() -> None:
    for path in (ROOT / "ontology").rglob("*.py"):
        mods = [m for _, m in imported_modules(path.read_text(encoding="utf-8"), "tradekg.ontology")]
        assert not [m for m in mods if m.startswith(("tradekg.graph", "tradekg.cli"))], path


def _modules() -> list[tuple[Path, str]]:
    out = []
    for path in sorted(GRAPH.rglob("*.py")):
        rel = path.relative_to(GRAPH).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        out.append((path, ".".join(["tradekg.graph", *parts])))
    return out


@pytest.mark.parametrize(("path", "name"), _modules(), ids=[n for _, n in _modules()])
def test_every_module_declares_what_it_exports(path: Path, name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list) and exported, f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n) and not (path.name == "__init__.py")]
    assert missing == [], f"{name}.__all__ names what it does not define: {missing}"
    if path.name == "__init__.py" and name != "tradekg.graph":
        folder = path.parent
        children = sorted([p.stem for p in folder.glob("*.py") if p.stem != "__init__"]
                          + [p.name for p in folder.iterdir() if (p / "__init__.py").is_file()])
        assert sorted(exported) == children, f"{name}.__all__ should list its modules {children}"
        if name.count(".") == 2:  # a stage: tradekg.graph.<stage>
            assert "May import" in (module.__doc__ or ""), f"{name}'s docstring does not say what it may import"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES, \
        f"{path.relative_to(ROOT)} has grown past {MAX_MODULE_LINES} lines: split it by responsibility"


def test_public_namespace_is_flat_lazy_and_complete() -> None:
    probe = ("import sys, tradekg.graph as tk\n"
             "heavy = [m for m in ('rdflib', 'pyoxigraph', 'networkx', 'pyvis', 'pyshacl') if m in sys.modules]\n"
             "print(heavy)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", "importing tradekg.graph loaded " + done.stdout
    import tradekg.graph as tk

    assert tk.__all__ == sorted(tk.__all__)
    for name in tk.__all__:
        assert callable(getattr(tk, name)), name
    assert set(dir(tk)) >= set(tk.__all__)
    with pytest.raises(AttributeError):
        tk.no_such_function  # noqa: B018


def test_every_package_folder_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages, dirs = set(config["packages"]), config["package-dir"]
    for init in GRAPH.rglob("__init__.py"):
        rel = init.parent.relative_to(ROOT)
        name = "tradekg." + ".".join(rel.parts)
        assert name in packages, f"{name} is not in pyproject's packages"
        assert dirs.get(name, str(rel)) == str(rel)
