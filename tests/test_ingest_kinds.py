"""Measures, stances, commitments and agreement stages proposed from text; the YAML draft a
reviewer reads (mentions, dates, amounts, what could not be placed); every draft compiles."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tradekg.graph.build.pipeline import validate_sources
from tradekg.graph.ingest.article import Draft, SourceInfo, ingest_file, ingest_text
from tradekg.graph.ingest.draft import draft_yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
DAY = dt.date(2025, 8, 7)

OIL = "\n\n".join([
    "US doubles tariffs on India over Russian oil",
    "The United States imposed a further 25 percent tariff on Indian goods on 6 August, taking the total to 50 "
    "percent, under Executive Order 14329.",
    "India called the move unfair, unjustified and unreasonable. New Delhi will never compromise on the interests "
    "of its farmers.",
    "India cut its tariff on motorcycles from 150 percent to 75 percent last week. India has committed to buy US "
    "energy worth $25 billion by the end of 2025.",
]) + "\n"


def read(text: str, day: dt.date | None = DAY) -> Draft:
    return ingest_text(text, SourceInfo("t", published=day))


def claims(draft: Draft, kind: str) -> list[dict[str, Any]]:
    return [dict(c.fields) for c in draft.claims if c.kind == kind]


def test_measures_with_rates_total_dates_and_legal_basis() -> None:
    draft = read(OIL)
    assert claims(draft, "measure") == [
        {"measure": "united-states-additional-duty-india", "action": "imposes", "rate": "25%", "total": "50%",
         "announced": "2025-08-06", "legal_basis": ["executive-order-14329"]},
        {"measure": "india-tariff-united-states", "action": "lowers", "rate_before": "150%", "rate": "75%",
         "announced": "2025-07-28/2025-08-03"},
    ]
    assert [(m.id, m.by, m.on, m.measure_kind) for m in draft.measures] == [
        ("united-states-additional-duty-india", "United States", ("India",), "additional duty"),
        ("india-tariff-united-states", "India", ("United States",), "tariff")]
    assert draft.instruments == {"executive-order-14329": "Executive Order 14329"}
    # every amount of the claim-yielding sentences went into a claim
    assert draft.unlinked_amounts() == []


def test_stances_and_commitments() -> None:
    draft = read(OIL)
    assert claims(draft, "stance") == [
        {"by": "India", "stance": "criticises", "words": "unfair, unjustified and unreasonable"},
        {"by": "India", "stance": "refuses"}]
    criticism = next(c for c in draft.claims if c.kind == "stance")
    assert [r.fields["measure"] for r in criticism.refs["responds_to"]] == ["united-states-additional-duty-india"]
    assert claims(draft, "commitment") == [
        {"by": "India", "to": "United States", "commitment_kind": "purchase", "deadline": "2025-12-31",
         "amount": {"value": 25, "currency": "USD", "scale": "billion"}}]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Canada wants the United States to lower its tariff on steel.", []),  # asked for, not done
    ("Canada has raised concerns over Mexico's export controls.", []),  # "raised concerns" is no raise
    ("Mexico will cut its tariff on cars.", []),  # an undertaking: a commitment
    ("China will impose a 100 percent tariff on Canadian canola oil from 20 March.",
     [{"measure": "china-tariff-canada", "action": "imposes", "rate": "100%", "effective": "2026-03-20"}]),
])
def test_what_is_and_is_not_a_measure(sentence: str, expected: list[dict[str, Any]]) -> None:
    assert claims(read(sentence, dt.date(2026, 3, 9)), "measure") == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("EFTA states will eliminate tariffs on 99 percent of Thai goods.",
     {"by": "European Free Trade Association", "to": "Thailand", "commitment_kind": "eliminate or reduce tariffs"}),
    ("Thailand commits to cut its tariffs on Swiss cheese within ten years.",
     {"by": "Thailand", "to": "Switzerland", "commitment_kind": "eliminate or reduce tariffs", "sectors": ["HS 0406"],
      "period": "P10Y"}),
    ("The UK has pledged to remove tariffs on Chilean wine.",
     {"by": "United Kingdom", "to": "Chile", "commitment_kind": "remove tariff", "sectors": ["wine"]}),
])
def test_commitments(sentence: str, expected: dict[str, Any]) -> None:
    assert claims(read(sentence), "commitment") == [expected]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("India and New Zealand concluded negotiations on a free trade agreement on Monday.",
     [{"status": "concluded", "agreement": "in-nz-fta", "date": "2025-08-04"}]),
    ("EFTA signed a free trade agreement with Thailand on 23 January 2025.",
     [{"status": "signed", "agreement": "efta-th-fta", "date": "2025-01-23"}]),
    ("The 14th round of talks between India and the UK concluded in London.", []),
    ("India and the UK are expected to sign the trade deal next year.", []),
])
def test_agreement_stages(sentence: str, expected: list[dict[str, Any]]) -> None:
    assert claims(read(sentence), "status") == expected


def test_the_yaml_draft_shows_what_each_claim_rests_on() -> None:
    text = ("US doubles its steel tariff on Canada\n\nOTTAWA, 12 March 2025 – The United States raised its tariff on "
            "Canadian steel from 25 percent to 50 percent on Tuesday. Ottawa will impose retaliatory tariffs of 25 "
            "percent on C$29.8 billion of US goods from 20 March.\n")
    out = draft_yaml(read(text, None))
    assert "  published: 2025-03-12\n" in out  # from the dateline, said so
    assert "# Relative dates ('on Tuesday', 'last week', 'from 20 March') count from 2025-03-12, the dateline." in out
    assert ("  # dates: 'on Tuesday' -> 2025-03-11 (announced)\n"
            "  # amounts: '25 percent' -> rate_before 25 percent; '50 percent' -> rate 50 percent\n") in out
    assert "  # not placed: amount 'C$29.8 billion' (CAD 29.8 billion)\n" in out
    assert ("# Amounts no claim took, with their sentence: add them to a claim or leave them out.\n"
            "#   'C$29.8 billion' = CAD 29.8 billion (sentence 2: 'Ottawa will impose retaliatory tariffs of 25 "
            "percent on C$29.8 billion of US goods from 20 March.')\n") in out
    assert "  # mentions: 'United States' party; 'tariff' negotiation-topic tariffs; 'Canadian' party Canada;" in out


CASES = sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "blind").glob("*.txt"))


@pytest.mark.parametrize("article", CASES, ids=[p.stem for p in CASES])
def test_every_draft_compiles_once_reviewed(article: Path, tmp_path: Path) -> None:
    shutil.copy(article, tmp_path / "article.txt")
    draft = ingest_file(tmp_path / "article.txt", SourceInfo(article.stem, text_path="article.txt"), corpus=[])
    assert draft.claims
    reviewed = tmp_path / "draft.yaml"
    reviewed.write_text(draft_yaml(draft).replace("\ndraft: true\n", "\ndraft: false\n"), encoding="utf-8")
    assert [str(p) for p in validate_sources([reviewed]) if p.severity == "error"] == []


def test_blocs_beyond_the_seed_are_parties() -> None:
    draft = read("The Gulf Cooperation Council (GCC) is pressing the UK for lower tariffs on its aluminium.")
    assert claims(draft, "demand") == [{"by": "Gulf Cooperation Council", "to": "United Kingdom",
                                        "demand_kind": "duty concessions", "sectors": ["HS 76"]}]


def test_trade_in_goods_is_a_bilateral_trade_figure() -> None:
    draft = read("Trade in goods between the EU and Mercosur was worth EUR 111 billion in 2023.")
    assert claims(draft, "trade-figure") == [
        {"measure": "bilateral trade", "value": Decimal("111"), "scale": "billion", "currency": "EUR", "period": "2023",
         "reporter": "European Union", "partner": "Mercosur", "direction": "two-way"}]
    assert [(u[1], u[4]) for c in draft.claims for u in c.uses] == [("period", "in 2023"), ("value", "EUR 111 billion")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The European Free Trade Association (EFTA) – Iceland, Liechtenstein, Norway and Switzerland – signed it.",
     {"European Free Trade Association": ["Iceland", "Liechtenstein", "Norway", "Switzerland"]}),
    ("Mercosur (Argentina, Brazil, Paraguay and Uruguay) wants the EU to cut tariffs.",
     {"Mercosur": ["Argentina", "Brazil", "Paraguay", "Uruguay"]}),
    ("The EU, India and Japan met in Geneva.", {}),  # a list of parties, not of members
])
def test_bloc_members_the_text_names(sentence: str, expected: dict[str, list[str]]) -> None:
    draft = read(sentence)
    assert draft.bloc_members == expected
    if expected:
        bloc, members = next(iter(expected.items()))
        assert f"#   {bloc}: {', '.join(members)}\n" in draft_yaml(draft)


def test_a_later_sentence_gives_the_last_measure_its_effective_date() -> None:
    draft = read("The United States imposed an additional 25 percent tariff on Indian goods on 6 August. "
                 "The additional duty takes effect from 27 August.")
    (measure,) = [c for c in draft.claims if c.kind == "measure"]
    assert measure.fields["effective"] == "2025-08-27"
    assert [q.sentence for q in measure.quotes] == [0, 1]
    assert ("date", "effective", "from 27 August") in [(u[0], u[1], u[4]) for u in measure.uses]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The United States paused its reciprocal tariffs on Vietnam for 90 days on 9 April.",
     {"measure": "united-states-reciprocal-tariff-viet-nam", "action": "pauses", "announced": "2025-04-09",
      "duration": "P90D"}),
    ("The United States rescinded the additional duty on Indian goods from 14 February.",
     {"measure": "united-states-additional-duty-india", "action": "removes", "effective": "2025-02-14"}),
    ("Japan exempted Australian beef from its safeguard tariff.",
     {"measure": "japan-tariff-australia", "action": "removes", "exemptions": "Australian beef"}),
    ("The EU extended its steel quota on Turkey until 30 June 2026.",
     {"measure": "european-union-quota-turkiye", "action": "extends", "until": "2026-06-30", "sectors": ["HS 72"]}),
])
def test_measure_actions(sentence: str, expected: dict[str, Any]) -> None:
    assert claims(read(sentence), "measure") == [expected]
