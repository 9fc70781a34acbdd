"""What an incremental build keeps of the last one's compilation instead of making it again
(graph/build/corpus.py): the corpus index, updated with the files read again, and the rdf:types
of the unchanged sources, merged when looked up. Each gives what the full build gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tradekg.graph.build.corpus import MergedTypes
from tradekg.graph.build.pipeline import build
from tradekg.graph.core.errors import ValidationFailed

SOURCE = """\
format: tradekg/1
source:
  id: {sid}
  title: Article {sid}
  published: 2025-03-10
claims:
  - id: ask
    kind: demand
    by: India
    to: Norway
    demand_kind: market access
    sectors: [shrimp]
    quote: "India asks Norway to open its market to shrimp."
"""
# Another source's demand, which reiterates a claim (``{ref}``, "source/claim").
REFERS = SOURCE.format(sid="later") + "    reiterates: {ref}\n"


def _problems(error: ValidationFailed) -> list[str]:
    return sorted(map(str, error.problems))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for sid in ("first", "second"):
        (folder / f"{sid}.yaml").write_text(SOURCE.format(sid=sid), encoding="utf-8")
    return folder


def test_an_id_used_twice_by_an_added_file_is_reported_as_a_full_build_reports_it(corpus: Path,
                                                                              tmp_path: Path) -> None:
    build([corpus], out=tmp_path / "out")
    # "a-copy.yaml" comes before "first.yaml": a full build reports the one that comes second
    (corpus / "a-copy.yaml").write_text(SOURCE.format(sid="first"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as incremental:
        build([corpus], out=tmp_path / "out")
    with pytest.raises(ValidationFailed) as full:
        build([corpus], out=tmp_path / "full", full=True)
    assert _problems(incremental.value) == _problems(full.value)
    assert any("first.yaml" in p and "source id 'first' is also used by" in p for p in _problems(full.value))


def test_a_claim_of_an_edited_file_is_known_to_the_others_by_its_new_id(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (corpus / "later.yaml").write_text(REFERS.format(ref="second/ask"), encoding="utf-8")
    build([corpus], out=out)
    # The claim the later file restates is renamed: the later file's reference is an error,
    # reported as a full build reports it; named anew there, the build goes through.
    second = corpus / "second.yaml"
    second.write_text(SOURCE.format(sid="second").replace("- id: ask", "- id: asked"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as incremental:
        build([corpus], out=out)
    with pytest.raises(ValidationFailed) as full:
        build([corpus], out=tmp_path / "full", full=True)
    assert _problems(incremental.value) == _problems(full.value)
    assert any("later.yaml" in p and "second/ask" in p for p in _problems(full.value))
    (corpus / "later.yaml").write_text(REFERS.format(ref="second/asked"), encoding="utf-8")
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "later.yaml"), str(second))


def test_merged_types_give_what_merging_every_record_gives() -> None:
    parts = [{"s1": ("A",), "s2": ("B",)}, {"s1": ("C",)}, {"s3": ("A", "B")}]
    stated = {"s1": {"D"}, "s4": {"E"}}
    eager: dict[str, set[str]] = {}
    for part in (*parts, stated):
        for subject, kinds in part.items():
            eager.setdefault(subject, set()).update(kinds)
    merged = MergedTypes(parts, stated)
    assert merged.get("s1") == {"A", "C", "D"} and merged.get("nowhere") is None
    assert merged.get("nowhere", set()) == set() and "s3" in merged and "nowhere" not in merged
    assert {s: merged[s] for s in eager} == eager
    with pytest.raises(KeyError):
        merged["nowhere"]
    assert dict(merged) == eager and len(merged) == 4
    assert pickle.loads(pickle.dumps(merged)) == eager  # to a worker process: a plain dict


def test_merged_types_merge_every_record_at_once_after_many_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MergedTypes, "EAGER_AFTER", 2)
    parts = [{f"s{i}": ("A",)} for i in range(5)]
    merged = MergedTypes(parts, {"s0": {"B"}})
    assert merged.get("s0") == {"A", "B"} and merged.get("s1") == {"A"}
    assert merged._whole is None
    assert merged.get("s4") == {"A"} and merged._whole is not None and merged.get("s0") == {"A", "B"}


def test_a_folder_s_sources_are_those_rglob_finds(tmp_path: Path) -> None:
    """discover_sources walks a folder with scandir: the files, and their order, are those
    the walk with ``Path.rglob`` it replaced found (hidden parts out, links to folders not
    followed, links to files taken, a broken link out, suffixes in any case)."""
    from tradekg.graph.sources.discovery import FOLDER_SUFFIXES, discover_sources

    root = tmp_path / "corpus"
    for name in ("a.yaml", "B.YML", "c.ttl", "notes.txt", "sub/d.yaml", "sub/deeper/e.nt", "sub-x/f.yaml",
                 ".hidden.yaml", ".git/g.yaml", "sub/.cache/h.yaml", "x.yaml.bak", "y.JsonLD", "z."):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (root / "linked-dir").symlink_to(root / "sub", target_is_directory=True)
    (root / "linked.yaml").symlink_to(root / "a.yaml")
    (root / "broken.yaml").symlink_to(root / "nowhere.yaml")
    old = sorted(f for f in root.rglob("*") if f.is_file() and f.suffix.lower() in FOLDER_SUFFIXES
                 and not any(part.startswith(".") for part in f.relative_to(root).parts))
    assert discover_sources([root]) == old
    assert [f.relative_to(root).as_posix() for f in old] == [
        "B.YML", "a.yaml", "c.ttl", "linked.yaml", "sub/d.yaml", "sub/deeper/e.nt", "sub-x/f.yaml", "y.JsonLD"]


def test_the_build_s_one_line_gist_names_a_conflict_s_kind_not_its_iri() -> None:
    """`tradekg build` says the commonest kind of warning: a conflict warning names the other
    claim's IRI, which is not its kind (the gist read "value conflict with <https")."""
    from tradekg.graph.build.summary import warning_gist
    from tradekg.graph.core.errors import Problem

    def warning(text: str) -> Problem:
        return Problem("a.yaml", 3, text, "warning")

    warnings = [warning("<https://x/a> value conflict with <https://x/b>: 3 against 4 (and b.yaml:9)"),
                warning("<https://x/c> value conflict with <https://x/d>: 5 against 6 (and b.yaml:12)"),
                warning("<https://x/e> date conflict with <https://x/f>: announced 2026 against 2025"),
                warning("<https://x/g> the figure has no period: it cannot be compared [tk:period]")]
    assert warning_gist(warnings) == "value conflict (2 of 4)"
    assert warning_gist(warnings[2:3]) == "date conflict"
    assert warning_gist(warnings[3:]) == "the figure has no period"
