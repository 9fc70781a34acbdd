"""Time expressions and amounts as `tradekg ingest` reads them: ISO values, the words kept."""

from __future__ import annotations

import datetime as dt

import pytest

from tradekg.graph.ingest.quantities import find_quantities
from tradekg.graph.ingest.times import dateline, find_times

REF = dt.date(2025, 8, 7)  # a Thursday


@pytest.mark.parametrize(("text", "party", "expected"), [
    # absolute
    ("It took effect on 6 August 2025.", None, [("on 6 August 2025", "2025-08-06")]),
    ("Talks ran from 6 to 10 October 2025.", None, [("from 6 to 10 October 2025", "2025-10-06/2025-10-10")]),
    ("The order of August 6, 2025 and 2025-08-06.", None,
     [("August 6, 2025", "2025-08-06"), ("2025-08-06", "2025-08-06")]),
    ("It was concluded in December 2024.", None, [("in December 2024", "2024-12")]),
    ("Trade grew in 2023 under a 2019 deal.", None, [("in 2023", "2023"), ("2019", "2019")]),
    ("It should enter into force in the first half of 2026.", None,
     [("in the first half of 2026", "2026-01-01/2026-06-30")]),
    # relative to the reference day
    ("The tariff was raised on 6 August.", None, [("on 6 August", "2025-08-06")]),
    ("The duty applies from 27 August.", None, [("from 27 August", "2025-08-27")]),
    ("Talks were held last week.", None, [("last week", "2025-07-28/2025-08-03")]),
    ("They will meet next month and next year.", None, [("next month", "2025-09"), ("next year", "2026")]),
    ("The deal is due by the end of 2025.", None, [("by the end of 2025", "2025-12-31")]),
    ("They aim to finish by the end of the year.", None, [("by the end of the year", "2025-12-31")]),
    ("Tariffs go within ten years.", None, [("within ten years", "P10Y")]),
    ("The US raised it on Tuesday.", None, [("on Tuesday", "2025-08-05")]),
    ("Ministers will meet on Tuesday.", None, [("on Tuesday", "2025-08-12")]),
    # fiscal years by party
    ("Trade reached $131 billion in 2024-25.", "IN", [("2024-25", "2024-04-01/2025-03-31")]),
    ("Exports rose in FY2025 and FY25.", "IN",
     [("FY2025", "2024-04-01/2025-03-31"), ("FY25", "2024-04-01/2025-03-31")]),
    ("Exports rose in FY2025.", "US", [("FY2025", "2024-10-01/2025-09-30")]),
    ("Exports were worth A$15 billion in fiscal 2024.", "AU", [("fiscal 2024", "2023-07-01/2024-06-30")]),
    ("Shipments in Q1 FY26 rose.", "IN", [("Q1 FY26", "2025-04-01/2025-06-30")]),
    ("Trade reached $1 billion in 2024-25.", None, [("2024-25", "2024/2025")]),
    # the modal "may" is no month; percentages and money are no dates
    ("India may raise its 25% tariff on $2,000 of goods.", None, []),
])
def test_time_expressions(text: str, party: str | None, expected: list[tuple[str, str]]) -> None:
    found = find_times(text, REF, party)
    assert [(t.text, t.value) for t in found] == expected
    for t in found:
        assert text[t.start:t.end] == t.text


def test_without_a_reference_relative_dates_are_left_out() -> None:
    text = "It was raised on 6 August, last week and on Tuesday, and applies in 2025."
    assert [(t.text, t.value) for t in find_times(text)] == [("in 2025", "2025")]


def test_dateline() -> None:
    text = "US doubles its tariff\n\nOTTAWA, 12 March 2025 – The United States raised its tariff."
    day, span = dateline(text)
    assert day == dt.date(2025, 3, 12)
    assert span is not None and text[span[0]:span[1]] == "12 March 2025"
    assert dateline("No dateline here, 12 March 2025 – or is there?") == (None, None)


@pytest.mark.parametrize(("text", "expected"), [
    ("It rose from 25 percent to 50 percent on C$29.8 billion of goods.",
     [("25 percent", "percent", "25 percent"), ("50 percent", "percent", "50 percent"),
      ("C$29.8 billion", "money", "CAD 29.8 billion")]),
    ("Canola supports some 200,000 jobs, making China its second-largest trading partner.",
     [("200,000", "count", "200000"), ("second-largest", "rank", "rank 2")]),
    ("They held the seventh round after a 90-day pause and nine months of talks.",
     [("seventh", "rank", "rank 7"), ("90-day", "duration", "P90D"), ("nine months", "duration", "P9M")]),
    ("It covers 1,200 tariff lines under Section 232.", [("1,200", "count", "1200")]),
])
def test_amounts_of_every_kind(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_quantities(text)
    assert [(q.text, q.kind, q.shown()) for q in found] == expected
    for q in found:
        assert text[q.start:q.end] == q.text


def test_the_words_of_a_date_hold_no_amount() -> None:
    text = "From 6 to 10 October 2025, 12 firms met."
    spans = [(t.start, t.end) for t in find_times(text, REF)]
    assert [(q.text, q.kind) for q in find_quantities(text, spans)] == [("12", "count")]
