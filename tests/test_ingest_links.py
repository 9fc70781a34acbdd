"""`tradekg ingest --store`: links from candidates to the claims a built store holds, each with its
rule and confidence; a draft with its links validates together with the corpus the store was built from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tradekg.graph.build.pipeline import validate_sources
from tradekg.graph.ingest.article import SourceInfo, ingest_text, link_to_store
from tradekg.graph.ingest.draft import draft_yaml
from tradekg.graph.sources.discovery import bundled_sources

TEXT = """India and US trade talks resume

The United States is pressing India for market access for its dairy and agricultural products. India refuses to \
open its dairy sector to US farm goods.

The United States cut its reciprocal tariff on Indian goods from 25 percent to 18 percent on Monday.
"""


def test_links_to_the_store_with_rule_and_confidence(built: Path, tmp_path: Path) -> None:
    draft = ingest_text(TEXT, SourceInfo("talks-resume", published=dt.date(2026, 2, 10)))
    assert link_to_store(draft, built / "store") == 7
    got = {c.id: [(x.key, x.target, x.confidence) for x in c.links] for c in draft.claims}
    assert got == {
        "united-states-market-access": [
            ("reiterates", "r02-goyal-washington/us-agriculture-market-access", 0.7)],
        "india-refuses": [
            ("reiterates", "r13-deal-announced/goyal-agriculture-dairy-protected", 0.7),
            ("reiterates", "r16-goyal-farm-products/goyal-sensitive-farm-products-protected", 0.7),
            ("rejects", "india-us-bta-tech-parity/us-concessions", 0.6),
            ("rejects", "r12-farm-demands/us-farm-demands", 0.6)],
        "united-states-reciprocal-tariff-india-lowers": [
            ("revises", "r10-reciprocal-25/order-sets-25-from-aug-7", 0.5),
            ("revises", "r10-reciprocal-25/trump-announces-25-from-aug-1", 0.5)],
    }
    measure = next(c for c in draft.claims if c.kind == "measure")
    assert ("the store has this measure as 'us-reciprocal-tariff-india': name it so, and drop the new one"
            in measure.notes)
    out = draft_yaml(draft)
    assert ("  # link rejects r12-farm-demands/us-farm-demands (confidence 0.6: a refusal by the party a demand on a "
            "shared sector was made of): 'US demands on dairy, genetically modified crops and other farm products'; "
            "keep it or delete it\n") in out
    assert "    rejects: [india-us-bta-tech-parity/us-concessions, r12-farm-demands/us-farm-demands]\n" in out
    # once reviewed, the draft validates with the corpus its links point into
    reviewed = tmp_path / "draft.yaml"
    reviewed.write_text(out.replace("\ndraft: true\n", "\ndraft: false\n"), encoding="utf-8")
    problems = validate_sources([reviewed, *bundled_sources()])
    assert [str(p) for p in problems if p.severity == "error"] == []
