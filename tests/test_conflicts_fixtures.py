"""Where sources disagree, on hand-written sources: one case per class, and the near-misses
that must not be listed (tolerance edges, periods apart, goods against services, the same
source twice, a change of position over time, a confirmation reported later).

Three sources of our own: alpha and beta published the same day (10 March 2025), gamma later
(20 June 2025). Each pair of countries below holds one case, so that the rows stay readable.
"""

from __future__ import annotations

from datetime import date as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tradekg.graph.analysis.comparing import close, period_bounds
from tradekg.graph.analysis.conflicts import conflicts
from tradekg.graph.build.pipeline import build, validate_sources
from tradekg.graph.store.local import open_graph


def fig(cid: str, quote: str, measure: str, value: float, reporter: str, partner: str, direction: str,
        period: str = "2024", kind: str | None = "calendar year", coverage: str | None = "goods") -> dict:
    out = {"id": cid, "kind": "trade-figure", "measure": measure, "value": value, "scale": "billion",
           "currency": "USD", "period": period, "reporter": reporter, "partner": partner, "direction": direction,
           "quote": quote}
    if kind:
        out["period_kind"] = kind
    if coverage:
        out["coverage"] = coverage
    return out


ALPHA = [
    # value conflict just beyond the tolerance, and agreement just within it (Norway–India)
    fig("no-trade", "Alpha: Norway–India goods trade was 200 billion in 2024.", "bilateral trade", 200,
        "Norway", "India", "two-way"),
    fig("no-exports", "Alpha: Norway's goods exports to India were 200 billion in 2024.", "exports", 200,
        "Norway", "India", "reporter to partner"),
    # the same source twice: another value for the same figure, not listed
    fig("no-exports-again", "Alpha: elsewhere it gives Norway's goods exports to India as 150 billion in 2024.",
        "exports", 150, "Norway", "India", "reporter to partner"),
    # mirrors (Japan–Chile): Japan's exports against Chile's imports; Japan's surplus against Chile's deficit
    fig("jp-exports", "Alpha: Japan's goods exports to Chile were 40 billion in 2024.", "exports", 40,
        "Japan", "Chile", "reporter to partner"),
    fig("jp-balance", "Alpha: Japan's goods surplus with Chile was 12 billion in 2024.", "trade balance", 12,
        "Japan", "Chile", "reporter to partner"),
    # coverage (Peru–Kenya): goods against goods and services; goods against services is not compared
    fig("pe-goods", "Alpha: Peru–Kenya goods trade was 30 billion in 2024.", "bilateral trade", 30,
        "Peru", "Kenya", "two-way"),
    # periods (Ghana–Fiji): a calendar year against an April–March year; against another year
    fig("gh-2024", "Alpha: Ghana–Fiji goods trade was 8 billion in 2024.", "bilateral trade", 8,
        "Ghana", "Fiji", "two-way"),
    # no kind of period: compared only with the same text
    fig("gh-no-kind", "Alpha: Ghana–Fiji goods exports were 5 billion in 2023-24.", "exports", 5,
        "Ghana", "Fiji", "reporter to partner", period="2023-24", kind=None, coverage=None),
    # dates of a measure
    {"id": "fish-duty", "kind": "measure", "measure": "no-fish-duty", "action": "imposes", "rate": "10%",
     "announced": "2025-03-01", "effective": "2025-04-01",
     "quote": "Alpha: Norway announced on 1 March a 10% duty on Indian fish from 1 April 2025."},
    {"id": "oil-duty-off", "kind": "measure", "measure": "no-oil-duty", "action": "removes", "effective": "2025-03-05",
     "quote": "Alpha: Norway removed its oil duty on 5 March 2025."},
    {"id": "steel-20", "kind": "measure", "measure": "no-steel-duty", "action": "imposes", "rate": "20%",
     "quote": "Alpha: Norway imposes a 20% steel duty."},
    {"id": "wood-25-18", "kind": "measure", "measure": "no-wood-duty", "action": "lowers", "rate_before": "25%",
     "rate": "18%", "quote": "Alpha: Norway cuts its wood duty from 25% to 18%."},
    {"id": "framework", "kind": "status", "status": "framework announced", "date": "2025-03-05",
     "quote": "Alpha: the framework was announced on 5 March 2025."},
    # positions
    {"id": "open-dairy", "kind": "demand", "by": "Norway", "to": "India", "demand_kind": "market access",
     "sectors": ["dairy", "wine"], "quote": "Alpha: Norway asks India to open its dairy and wine markets."},
    {"id": "refuse-dairy", "kind": "stance", "by": "India", "stance": "refuses", "sectors": ["dairy"],
     "rejects": ["open-dairy"], "quote": "Alpha: India refuses to open dairy."},
    {"id": "no-cut-tariffs", "kind": "commitment", "by": "Norway", "according_to": "India",
     "commitment_kind": "eliminate or reduce tariffs", "quote": "Alpha: India says Norway agreed to cut tariffs."},
    {"id": "no-buy", "kind": "commitment", "by": "Norway", "according_to": "India", "commitment_kind": "purchase",
     "quote": "Alpha: India says Norway will buy Indian rice."},
    # a refusal of a whole demand (no sector named)
    {"id": "open-apples", "kind": "demand", "by": "Norway", "to": "India", "demand_kind": "market access",
     "sectors": ["apples"], "quote": "Alpha: Norway asks India to open its apple market."},
    {"id": "refuse-apples-ask", "kind": "stance", "by": "India", "stance": "refuses", "rejects": ["open-apples"],
     "quote": "Alpha: India refuses the apple ask outright."},
]
BETA = [
    fig("no-trade", "Beta: Norway–India goods trade was 199 billion in 2024.", "bilateral trade", 199,
        "Norway", "India", "two-way"),
    fig("no-exports", "Beta: Norway's goods exports to India were 198.99 billion in 2024.", "exports", 198.99,
        "Norway", "India", "reporter to partner"),
    fig("cl-imports", "Beta: Chile's goods imports from Japan were 41 billion in 2024.", "imports", 41,
        "Chile", "Japan", "partner to reporter"),
    fig("cl-balance", "Beta: Chile's goods deficit with Japan was 12 billion in 2024.", "trade balance", -12,
        "Chile", "Japan", "reporter to partner"),
    fig("pe-all", "Beta: Peru–Kenya trade in goods and services was 45 billion in 2024.", "bilateral trade", 45,
        "Peru", "Kenya", "two-way", coverage="goods and services"),
    fig("pe-services", "Beta: Peru–Kenya services trade was 15 billion in 2024.", "bilateral trade", 15,
        "Peru", "Kenya", "two-way", coverage="services"),
    fig("gh-fy", "Beta: Ghana–Fiji goods trade was 9 billion in the April–March year 2024-25.", "bilateral trade", 9,
        "Ghana", "Fiji", "two-way", period="2024-25", kind="fiscal year (April–March)"),
    fig("gh-2022", "Beta: Ghana–Fiji goods trade was 7 billion in 2022.", "bilateral trade", 7,
        "Ghana", "Fiji", "two-way", period="2022"),
    fig("gh-no-kind", "Beta: Ghana–Fiji goods exports were 6 billion in 2023-24.", "exports", 6,
        "Ghana", "Fiji", "reporter to partner", period="2023-24", kind="fiscal year (April–March)", coverage=None),
    {"id": "fish-duty", "kind": "measure", "measure": "no-fish-duty", "action": "imposes", "rate": "10%",
     "effective": "2025-04-02", "quote": "Beta: the 10% fish duty applies from 2 April 2025."},
    {"id": "oil-duty-off", "kind": "measure", "measure": "no-oil-duty", "action": "removes", "effective": "2024-03-05",
     "quote": "Beta: Norway removed its oil duty on 5 March 2024."},
    {"id": "steel-25", "kind": "measure", "measure": "no-steel-duty", "action": "imposes", "rate": "25%",
     "quote": "Beta: Norway imposes a 25% steel duty."},
    {"id": "wood-total", "kind": "measure", "measure": "no-wood-duty", "action": "lowers", "total_before": "50%",
     "total": "18%", "quote": "Beta: duties on Indian wood fall from 50% to 18% in all."},
    {"id": "framework", "kind": "status", "status": "framework announced", "date": "2025-03-06",
     "quote": "Beta: the framework was announced on 6 March 2025."},
    {"id": "concede-dairy", "kind": "commitment", "by": "India", "to": "Norway",
     "commitment_kind": "eliminate or reduce tariffs", "sectors": ["dairy"], "concedes": ["alpha/open-dairy"],
     "quote": "Beta: India will cut its dairy tariffs for Norway."},
    {"id": "refuse-dairy-wine", "kind": "stance", "by": "India", "stance": "refuses", "sectors": ["dairy", "wine"],
     "rejects": ["alpha/open-dairy"], "quote": "Beta: India refuses to open dairy and wine."},
    {"id": "concede-apples", "kind": "commitment", "by": "India", "to": "Norway",
     "commitment_kind": "eliminate or reduce tariffs", "sectors": ["apples"], "concedes": ["alpha/open-apples"],
     "quote": "Beta: India will cut its apple tariffs for Norway."},
]
GAMMA = [
    {"id": "fish-duty-later", "kind": "measure", "measure": "no-fish-duty", "action": "imposes", "rate": "10%",
     "effective": "2025-04-15", "quote": "Gamma: the 10% fish duty took effect on 15 April 2025."},
    {"id": "steel-30", "kind": "measure", "measure": "no-steel-duty", "action": "imposes", "rate": "30%",
     "revises": ["alpha/steel-20"], "quote": "Gamma: Norway set its steel duty at 30% instead."},
    {"id": "concede-dairy-later", "kind": "commitment", "by": "India", "to": "Norway",
     "commitment_kind": "eliminate or reduce tariffs", "sectors": ["dairy"], "concedes": ["alpha/open-dairy"],
     "quote": "Gamma: India now agrees to cut its dairy tariffs."},
    {"id": "no-confirms-cut", "kind": "commitment", "by": "Norway", "according_to": "Norway",
     "commitment_kind": "eliminate or reduce tariffs", "quote": "Gamma: Norway confirms it will cut tariffs."},
]


def source(sid: str, published: str, claims: list[dict], extra: dict | None = None) -> tuple[str, str]:
    data = {"format": "tradekg/1",
            "source": {"id": sid, "kind": "article", "title": f"{sid.title()} on Norway and India",
                       "publisher": f"{sid.title()} Times", "published": published, "text": f"{sid}.txt",
                       "agreement": "in-no"},
            **(extra or {}), "claims": claims}
    text = " ".join(c["quote"] for c in claims) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False), text


ALPHA_EXTRA = {
    "agreements": [{"id": "in-no", "label": "India–Norway probe talks", "parties": ["India", "Norway"]}],
    "measures": [{"id": m, "label": f"Norwegian {m.split('-')[1]} duty on Indian goods", "by": "Norway",
                  "on": ["India"], "measure_kind": "tariff"}
                 for m in ("no-fish-duty", "no-oil-duty", "no-steel-duty", "no-wood-duty")],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("conflicts") / "corpus"
    folder.mkdir()
    for sid, published, claims, extra in (("alpha", "2025-03-10", ALPHA, ALPHA_EXTRA),
                                          ("beta", "2025-03-10", BETA, None),
                                          ("gamma", "2025-06-20", GAMMA, None)):
        text_yaml, text = source(sid, published, claims, extra)
        (folder / f"{sid}.yaml").write_text(text_yaml, encoding="utf-8")
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graph(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("conflicts-out")
    build([str(corpus)], out)
    return open_graph(out / "store")


def rows(found) -> list[tuple[str, ...]]:
    def short(iri: str) -> str:
        return iri.split("/claim/", 1)[-1]

    return [(" + ".join(c.classes), *(short(i) for i in c.claims)) for c in found]


def test_every_class_on_hand_written_sources(graph) -> None:
    assert rows(conflicts(graph)) == [
        # figures
        ("period mismatch", "alpha/gh-2024", "beta/gh-fy"),  # overlapping, unequal periods
        # the same text "2023-24": compared though alpha gives no kind of period (validate warns)
        ("value conflict", "alpha/gh-no-kind", "beta/gh-no-kind"),
        ("mirror + agree", "alpha/jp-balance", "beta/cl-balance"),  # a surplus of 12 against a deficit of 12
        ("mirror", "alpha/jp-exports", "beta/cl-imports"),  # 40 against 41: mirror figures differ, no conflict
        ("value conflict", "alpha/no-exports", "beta/no-exports"),  # 200 against 198.99: just beyond 0.5%
        ("value conflict", "alpha/no-exports-again", "beta/no-exports"),
        ("agree", "alpha/no-trade", "beta/no-trade"),  # 200 against 199: exactly 0.5%, the edge agrees
        ("coverage", "alpha/pe-goods", "beta/pe-all"),
        ("value conflict", "alpha/steel-20", "beta/steel-25"),  # two rates at the same time
        ("coverage", "alpha/wood-25-18", "beta/wood-total"),  # a rate against a total
        ("coverage", "beta/pe-all", "beta/pe-services"),  # one source: listed for coverage alone
        # dates
        ("time zones", "alpha/fish-duty", "beta/fish-duty"),
        ("revision", "alpha/fish-duty", "gamma/fish-duty-later"),  # an announced date, later another
        ("time zones", "alpha/framework", "beta/framework"),
        ("date conflict", "alpha/oil-duty-off", "beta/oil-duty-off"),
        ("revision", "alpha/steel-20", "gamma/steel-30"),  # linked: gamma revises alpha
        ("revision", "beta/fish-duty", "gamma/fish-duty-later"),
        ("revision", "beta/steel-25", "gamma/steel-30"),  # later-dated, another rate
        # positions
        ("unconfirmed", "alpha/no-buy"),
        ("incompatible", "beta/concede-apples", "alpha/refuse-apples-ask"),  # the whole demand refused
        ("incompatible", "beta/concede-dairy", "alpha/refuse-dairy"),
        # lists
        ("list difference", "alpha/refuse-dairy", "beta/refuse-dairy-wine"),
    ]


def test_near_misses_are_not_listed(graph) -> None:
    pairs = {frozenset(r[1:]) for r in rows(conflicts(graph))}
    for pair in [
        ("alpha/no-exports", "alpha/no-exports-again"),  # the same source twice
        ("alpha/gh-2024", "beta/gh-2022"),  # periods apart: a series, not a disagreement
        ("beta/gh-fy", "beta/gh-2022"),
        ("alpha/pe-goods", "beta/pe-services"),  # goods against services: not the same thing
        ("gamma/concede-dairy-later", "alpha/refuse-dairy"),  # refused in March, conceded in June
        ("beta/concede-dairy", "beta/refuse-dairy-wine"),  # one source
        ("alpha/no-cut-tariffs",),  # Norway's own source confirms it (gamma)
    ]:
        assert frozenset(pair) not in pairs, pair


def test_as_of_leaves_out_what_was_not_yet_reported(graph) -> None:
    early = rows(conflicts(graph, as_of="2025-05-01"))
    assert not any("gamma/" in " ".join(r) for r in early)
    # Before Norway's own source (gamma, 20 June) confirms it, the cut is unconfirmed.
    assert [r for r in early if r[0] == "unconfirmed"] == [("unconfirmed", "alpha/no-buy"),
                                                           ("unconfirmed", "alpha/no-cut-tariffs")]
    assert rows(conflicts(graph, as_of="2025-03-01")) == []


def test_entity_narrows_to_the_pairs_about_it(graph) -> None:
    assert rows(conflicts(graph, "Chile")) == [("mirror + agree", "alpha/jp-balance", "beta/cl-balance"),
                                               ("mirror", "alpha/jp-exports", "beta/cl-imports")]
    # Its pairs, and the pair of two claims that name it (gamma's 30% revises it).
    assert rows(conflicts(graph, "alpha/steel-20")) == [("value conflict", "alpha/steel-20", "beta/steel-25"),
                                                        ("revision", "alpha/steel-20", "gamma/steel-30"),
                                                        ("revision", "beta/steel-25", "gamma/steel-30")]


def test_tolerance_is_a_parameter(graph) -> None:
    strict = {r[1:]: r[0] for r in rows(conflicts(graph, tolerance="0.001"))}
    assert strict[("alpha/no-trade", "beta/no-trade")] == "value conflict"
    loose = {r[1:]: r[0] for r in rows(conflicts(graph, tolerance="0.01"))}
    assert loose[("alpha/no-exports", "beta/no-exports")] == "agree"


def test_each_pair_carries_both_quotes_and_sources(graph) -> None:
    found = {c.claims: c for c in conflicts(graph)}
    data = found[(f"{PREFIX}alpha/oil-duty-off", f"{PREFIX}beta/oil-duty-off")].as_dict()
    assert data["classes"] == ["date conflict"] and data["kind"] == "dates" and data["unexplained"] is True
    assert data["explanation"] == "effective 2025-03-05 against 2024-03-05 for the same act"
    assert data["a"]["quote"] == "Alpha: Norway removed its oil duty on 5 March 2025."
    assert data["b"]["quote"] == "Beta: Norway removed its oil duty on 5 March 2024."
    assert data["a"]["source"]["label"] == "Alpha on Norway and India"
    assert data["b"]["reports"] == [{"iri": "https://w3id.org/tradekg/id/source/beta",
                                     "label": "Beta on Norway and India"}]
    assert data["rule"] == "conflict-measures"
    unconfirmed = found[(f"{PREFIX}alpha/no-buy",)].as_dict()
    assert unconfirmed["b"] is None and unconfirmed["claims"] == [f"{PREFIX}alpha/no-buy"]


PREFIX = "https://w3id.org/tradekg/id/claim/"


def test_validate_warns_of_unexplained_conflicts_with_both_locations(corpus: Path) -> None:
    problems = [p for p in validate_sources([str(corpus)]) if "conflict with" in p.message]
    assert all(p.severity == "warning" for p in problems)
    where = [(Path(p.path).name, p.line, p.message.split(">: ", 1)[0].replace(PREFIX, "") + ">") for p in problems]
    assert sorted(where) == [
        ("alpha.yaml", 55, "<alpha/no-exports> value conflict with <beta/no-exports>"),
        ("alpha.yaml", 68, "<alpha/no-exports-again> value conflict with <beta/no-exports>"),
        ("alpha.yaml", 134, "<alpha/gh-no-kind> value conflict with <beta/gh-no-kind>"),
        ("alpha.yaml", 154, "<alpha/oil-duty-off> date conflict with <beta/oil-duty-off>"),
        ("alpha.yaml", 160, "<alpha/steel-20> value conflict with <beta/steel-25>"),
    ]
    oil = next(p for p in problems if "oil-duty-off" in p.message)
    assert oil.message.endswith(f"(and {corpus / 'beta.yaml'}:134)")


def test_periods_from_their_kind() -> None:
    assert period_bounds("2024-25", 4) == (dt(2024, 4, 1), dt(2025, 3, 31))
    assert period_bounds("2024", 1) == (dt(2024, 1, 1), dt(2024, 12, 31))
    assert period_bounds("2021-24", 1) == (dt(2021, 1, 1), dt(2024, 12, 31))
    assert period_bounds("2024-2025", 4) == (dt(2024, 4, 1), dt(2025, 3, 31))
    assert period_bounds("2021-24", 4) is None  # several April–March years: not read
    assert period_bounds("2024", None) is None  # no kind: no bounds
    assert period_bounds("Q1 2024", 1) is None


def test_tolerance_edges() -> None:
    assert close(Decimal("200"), Decimal("199"))  # exactly 0.5% of the larger
    assert not close(Decimal("200"), Decimal("198.99"))
    assert close(Decimal("-12"), Decimal("-12"))
    assert close(Decimal("0"), Decimal("0"))
