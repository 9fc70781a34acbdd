"""The ingest evaluation runs and prints its tables; the held-out expected answers are well formed.

The numbers move as the rules improve, so no score is asserted here: `benchmarks/ingest_eval.py`
reports them, and docs/ingest.md records them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
KINDS = {"demand", "concern", "alternative", "trade-figure", "event", "status", "measure", "stance", "commitment"}


def test_eval_script_prints_the_seed_development_and_blind_tables() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ingest_eval.py")], capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("tradekg ingest on the seed article", "tradekg ingest on the held-out development set",
                    "tradekg ingest on the blind set", "Mention recall",
                    "Candidate claims against the expected claims"):
        assert heading in out
    for kind in KINDS:  # one row per kind in each of the three claim tables
        assert len(re.findall(rf"^  {kind} +\d+ +\d+ +\d+ ", out, re.MULTILINE)) == 3, kind


def test_every_held_out_article_has_an_expected_answer_whose_quotes_it_contains() -> None:
    articles = sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "blind").glob("*.txt"))
    assert len(articles) >= 8
    for article in articles:
        text = article.read_text(encoding="utf-8")
        expected = yaml.safe_load(article.with_name(article.stem + ".expected.yaml").read_text(encoding="utf-8"))
        assert expected["claims"], article
        for claim in expected["claims"]:
            assert claim["kind"] in KINDS
            for quote in claim["quotes"]:
                assert quote in text, (article.name, quote)
