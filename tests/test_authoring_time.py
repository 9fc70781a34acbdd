"""Two sources of our own, months apart: the later one updates the earlier (a rate raised, a
demand conceded on one sector, a sector protected, a new scheme word), and the time-aware
answers read the pair as a user expects. Plus the authoring errors the dated kinds add."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradekg.graph.analysis.measures import measures_in_force
from tradekg.graph.analysis.positions import demand_status
from tradekg.graph.analysis.timeline import timeline
from tradekg.graph.build.pipeline import build, validate_sources
from tradekg.graph.store.local import open_graph

EARLY_TEXT = ("Norway put a 10% duty on Indian shrimp from 1 April 2025. India asked Norway to cut its duties "
              "on shrimp and garments. Officials met in Oslo in March.\n")
LATER_TEXT = ("Norway raised its shrimp duty to 15% from 1 July 2025. Norway will remove its duty on garments, "
              "it said. India walked out of a session over shrimp.\n")

EARLY = """\
format: tradekg/1
source:
  id: early
  kind: article
  title: Norway's duty on Indian shrimp
  publisher: Probe Times
  published: "2025-03-10"
  text: early.txt
agreements:
  - id: in-no
    label: India–Norway probe talks
    parties: [India, Norway]
measures:
  - id: no-shrimp-duty
    label: Norwegian duty on Indian shrimp
    by: Norway
    on: [India]
    measure_kind: tariff
claims:
  - id: duty
    kind: measure
    measure: no-shrimp-duty
    action: imposes
    rate: 10%
    effective: "2025-04-01"
    sectors: [shrimp]
    quote: "Norway put a 10% duty on Indian shrimp from 1 April 2025."
    agreement: in-no
  - id: ask
    kind: demand
    by: India
    to: Norway
    demand_kind: duty concessions
    sectors: [shrimp, garments]
    quote: "India asked Norway to cut its duties on shrimp and garments."
    agreement: in-no
  - id: meeting
    kind: event
    event_kind: preliminary discussions
    date: "2025-03"
    quote: "Officials met in Oslo in March."
    agreement: in-no
"""

LATER = """\
format: tradekg/1
source:
  id: later
  kind: brief
  title: Norway raises its shrimp duty, and drops the one on garments
  publisher: tradekg project
  text: later.txt
  agreement: in-no
  restates:
    - id: wire
      publisher: Probe Wire
      published: "2025-06"
      kind: article
vocabulary:
  - scheme: stance kinds
    id: walks-out
    label: walks out
    definition: "Leaves a meeting in protest."
claims:
  - id: raise
    kind: measure
    measure: no-shrimp-duty
    action: raises
    rate_before: 10%
    rate: 15%
    effective: "2025-07-01"
    quote: "Norway raised its shrimp duty to 15% from 1 July 2025."
  - id: garments
    kind: commitment
    by: Norway
    to: India
    commitment_kind: remove tariff
    sectors: [garments]
    concedes: [early/ask]
    quote: "Norway will remove its duty on garments, it said."
  - id: walkout
    kind: stance
    by: India
    stance: walks out
    sectors: [shrimp]
    rejects: [raise]
    quote: "India walked out of a session over shrimp."
"""


UNDATED_TEXT = "A further round is planned, officials said.\n"
UNDATED = """\
format: tradekg/1
source:
  id: note
  kind: article
  title: An undated note on the talks
  text: note.txt
  agreement: in-no
claims:
  - id: round
    kind: event
    event_kind: negotiating round
    quote: "A further round is planned, officials said."
"""


def write(folder: Path, name: str, yaml: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_text(yaml, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("pair") / "corpus"
    paths = [write(folder, "early", EARLY, EARLY_TEXT), write(folder, "later", LATER, LATER_TEXT),
             write(folder, "note", UNDATED, UNDATED_TEXT)]
    out = folder.parent / "out"
    build(paths, out=out)
    return open_graph(out / "store")


def rows(state: dict) -> list[tuple]:
    return [(m["measure"]["label"], m["state"], m["rate"], m["since"]) for m in state["measures"]]


def test_the_later_rate_holds_from_its_day_and_only_once_reported(pair) -> None:
    assert rows(measures_in_force(pair, "2025-03-31")) == [("Norwegian duty on Indian shrimp", "announced", 10, None)]
    assert rows(measures_in_force(pair, "2025-06-30")) == [
        ("Norwegian duty on Indian shrimp", "in force", 10, "2025-04-01")]
    assert rows(measures_in_force(pair, "2025-07-01")) == [
        ("Norwegian duty on Indian shrimp", "in force", 15, "2025-07-01")]
    # As of 15 June the wire story (June: not yet surely out) is not counted: 10% still.
    as_of = measures_in_force(pair, "2025-07-01", as_of="2025-06-15")
    assert rows(as_of) == [("Norwegian duty on Indian shrimp", "in force", 10, "2025-04-01")]
    assert as_of["notes"] == ["1 act on measures reported after 2025-06-15 (or with no report date) left out"]


def test_a_demand_conceded_on_one_of_its_sectors(pair) -> None:
    before = demand_status(pair, "early/ask", "2025-05-01")
    assert before["status"] == "open"
    after = demand_status(pair, "early/ask")
    assert after["status"] == "conceded in part"
    assert [(s["sector"]["label"], s["outcome"], s["how"]) for s in after["sectors"]] == [
        ("garments", "conceded", "stated"), ("shrimp", "not conceded", None)]
    assert [(h["date"], h["step"], h["status"]) for h in after["history"]] == [
        ("2025-03-10", "made", "open"), ("2025-06", "conceded", "conceded in part")]


def test_the_timeline_keeps_the_dates_as_given_and_sources_in_report_order(pair) -> None:
    line = timeline(pair, "India–Norway probe talks")
    assert [(e["date"], e["kind"], e["iri"].rsplit("/", 2)[-2:]) for e in line["entries"]] == [
        ("2025-03", "event", ["early", "meeting"]),  # the month, as the text gives it
        ("2025-03-10", "demand", ["early", "ask"]),
        ("2025-03-10", "measure-action", ["early", "duty"]),
        ("2025-06", "commitment", ["later", "garments"]),
        ("2025-06", "measure-action", ["later", "raise"]),
        ("2025-06", "stance", ["later", "walkout"]),
    ]
    # The note gives no date: its claim is listed apart, never placed, and so is the note.
    assert [(s["reported"], s["iri"].rsplit("/", 1)[-1]) for s in line["sources"]] == [
        ("2025-03-10", "early"), ("2025-06", "later"), (None, "note")]
    assert [(e["date"], e["iri"].rsplit("/", 2)[-2:]) for e in line["undated"]] == [(None, ["note", "round"])]
    assert line["notes"] == ["1 undated claim not placed in time"]
    # As of any day, an undated report is not yet known: the claim is left out, and said so.
    known = timeline(pair, "India–Norway probe talks", as_of="2025-12-31")
    assert known["undated"] == [] and known["notes"] == [
        "1 claim reported after 2025-12-31 (or by an undated report) left out"]


def test_a_word_added_to_a_scheme_is_used_like_the_packaged_ones(pair) -> None:
    from tradekg.graph.analysis.entities import resolve_entity

    stance = resolve_entity(pair, "walks out")
    assert (stance.kind, stance.id) == ("stance-kind", "walks-out")


# ---------------------------------------------------------------- authoring errors of the dated kinds


def problems(folder: Path, yaml: str, text: str = LATER_TEXT) -> list[str]:
    early = write(folder, "early", EARLY, EARLY_TEXT)
    return [str(p) for p in validate_sources([early, write(folder, "later", yaml, text)])]


def line_of(yaml: str, needle: str) -> int:
    return next(n for n, line in enumerate(yaml.splitlines(), 1) if needle in line)


def test_the_pair_is_clean(tmp_path: Path) -> None:
    assert problems(tmp_path, LATER) == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ("action: raises", "action: tariff increase",
     "unknown measure action 'tariff increase'; did you mean 'raises' ('increase')? 'tariff' is a kind of trade "
     "measure: write it as `measure_kind: tariff` of a measure under `measures:` "
     "(`tradekg entities --kind measure-action-kind` lists them)"),
    ("stance: walks out", "stance: walk-off",
     "unknown stance kind 'walk-off' (`tradekg entities --kind stance-kind` lists them)"),
    ("stance: walks out", "stance: red line", None),  # a name of "refuses": no problem
    ("effective: \"2025-07-01\"", "effective: \"1 July 2025\"",
     "'effective': '1 July 2025' is not a date as YYYY-MM-DD, YYYY-MM, YYYY, or a range A/B of those"),
    ("effective: \"2025-07-01\"", "effective: \"2025-02-30\"",
     "'effective': '2025-02-30' is not a date: day is out of range for month"),
    ("concedes: [early/ask]", "concedes: [early/duty]",
     "claim 'early/duty' is a measure, but a demand is expected here"),
    ("    rate: 15%\n", "    rate: 15%\n    announced: \"2025-08-02\"\n",
     "'announced' 2025-08-02 comes after the report that tells of it (2025-06): a report cannot tell of what "
     "has not happened yet (a plan has a `deadline`, an event to come a `start`)"),
])
def test_bad_values_of_the_dated_kinds(tmp_path: Path, old: str, new: str, message: str | None) -> None:
    assert old in LATER
    yaml = LATER.replace(old, new, 1)
    found = problems(tmp_path, yaml)
    if message is None:
        assert found == []
        return
    changed = new.strip().splitlines()[-1]
    assert found == [f"{tmp_path / 'later.yaml'}:{line_of(yaml, changed)}: {message}"]


def test_a_brief_names_the_report_it_restates(tmp_path: Path) -> None:
    yaml = LATER.replace("""  restates:
    - id: wire
      publisher: Probe Wire
      published: "2025-06"
      kind: article
""", "")
    found = problems(tmp_path, yaml)
    assert found == [f"{tmp_path / 'later.yaml'}:{line_of(yaml, 'id: later')}: "
                     "a brief needs 'restates': the report(s) it restates, with publisher and date"]


KINDS_TTL = """\
@prefix tk: <https://w3id.org/tradekg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/kinds/boycotts> a tk:StanceKind ;
    skos:inScheme <https://w3id.org/tradekg/id/scheme/stance-kinds> ;
    skos:prefLabel "boycotts"@en ; rdfs:label "boycotts"@en ; skos:altLabel "boycott"@en ;
    skos:definition "Refuses to take part."@en .
"""


def test_a_scheme_extended_by_an_rdf_file_of_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "kinds.ttl").write_text(KINDS_TTL, encoding="utf-8")
    yaml = LATER.replace("stance: walks out", "stance: boycott")
    early = write(tmp_path, "early", EARLY, EARLY_TEXT)
    later = write(tmp_path, "later", yaml, LATER_TEXT)
    assert [str(p) for p in validate_sources([tmp_path / "kinds.ttl", early, later])] == []
    # Without the file the name is unknown, and said so at its line.
    assert [str(p) for p in validate_sources([early, later])] == [
        f"{later}:{line_of(yaml, 'stance: boycott')}: unknown stance kind 'boycott' "
        "(`tradekg entities --kind stance-kind` lists them)"]


def test_a_name_another_file_defines_for_another_scheme_is_pointed_to(tmp_path: Path) -> None:
    # "meeting of minds" is an event kind this corpus defines (not a packaged one): a stance
    # written with it is told where the name belongs.
    yaml = LATER.replace("""  - scheme: stance kinds
    id: walks-out""", """  - scheme: event kinds
    id: meeting-of-minds
    label: meeting of minds
  - scheme: stance kinds
    id: walks-out""").replace("stance: walks out", "stance: meeting of minds")
    found = problems(tmp_path, yaml)
    assert found == [f"{tmp_path / 'later.yaml'}:{line_of(yaml, 'stance: meeting of minds')}: unknown stance kind "
                     "'meeting of minds'; 'meeting of minds' is an event kind: write it as a `kind: event` claim "
                     "with `event_kind: meeting of minds` (`tradekg entities --kind stance-kind` lists them)"]
