"""Amounts, periods, durations, dates and ordinals as news text writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tradekg.graph.ingest.quantities import find_amounts, find_dates, find_durations, find_periods, ordinal_value


@pytest.mark.parametrize(("text", "expected"), [
    ("reached USD 131.84 billion", [("USD 131.84 billion", "131.84", "billion", "USD", None)]),
    ("US$5bn and $3.5 bn", [("US$5bn", "5", "billion", "USD", None), ("$3.5 bn", "3.5", "billion", "USD", None)]),
    ("Rs 3,000 crore and ₹50 lakh", [("Rs 3,000 crore", "3000", "crore", "INR", None),
                                     ("₹50 lakh", "50", "lakh", "INR", None)]),
    ("€2 million, £7m, ¥900", [("€2 million", "2", "million", "EUR", None), ("£7m", "7", "million", "GBP", None),
                               ("¥900", "900", None, "JPY", None)]),
    ("41 billion dollars", [("41 billion dollars", "41", "billion", "USD", None)]),
    ("€2bn and A$15.2 billion", [("€2bn", "2", "billion", "EUR", None),
                                 ("A$15.2 billion", "15.2", "billion", "AUD", None)]),
    ("up 12 per cent, 3.5% and 200 tonnes", [("12 per cent", "12", None, None, "percent"),
                                             ("3.5%", "3.5", None, None, "percent"),
                                             ("200 tonnes", "200", None, None, "tonnes")]),
    ("in 2024-25 the 90 days and 5 m", []),  # years, durations and bare numbers are no amounts
])
def test_amounts(text: str, expected: list[tuple]) -> None:
    found = [(a.text, str(a.value), a.scale, a.currency, a.unit) for a in find_amounts(text)]
    assert found == expected
    for a in find_amounts(text):
        assert text[a.start:a.end] == a.text
    assert all(isinstance(a.value, Decimal) for a in find_amounts(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("in 2024-25 and FY2023-24", ["2024-25", "FY2023-24"]),
    ("FY25, Q1 2025 and H2 FY24", ["FY25", "Q1 2025", "H2 FY24"]),
    ("in fiscal 2024, fiscal year 2023 and FY2024", ["fiscal 2024", "fiscal year 2023", "FY2024"]),
    ("grew in 2024, since 2019", ["2024", "2019"]),
    ("on 2025-04-20, 1,2024 units", []),  # a date and a number are not periods
])
def test_periods(text: str, expected: list[str]) -> None:
    assert [p.value for p in find_periods(text)] == expected


def test_durations() -> None:
    assert [(d.text, d.value) for d in find_durations("a 90-day pause, two weeks, a three-month window, 1 year")] == [
        ("90-day", "P90D"), ("two weeks", "P2W"), ("three-month", "P3M"), ("1 year", "P1Y")]


def test_dates() -> None:
    found = find_dates("On 9 April 2025, by July 8, 2025 and from 2025-05-01; 31 February 2025 is none.")
    assert [(s.text, d) for s, d in found] == [
        ("9 April 2025", dt.date(2025, 4, 9)), ("July 8, 2025", dt.date(2025, 7, 8)),
        ("2025-05-01", dt.date(2025, 5, 1))]


def test_dates_without_a_year() -> None:
    assert find_dates("ends on July 9") == []
    assert [d for _, d in find_dates("ends on July 9", default_year=2025)] == [dt.date(2025, 7, 9)]
    assert find_dates("it may rain") == []  # the modal verb is no month


@pytest.mark.parametrize(("text", "value"), [("fourth", 4), ("4th", 4), ("Second", 2), ("21st", 21), ("four", None)])
def test_ordinals(text: str, value: int | None) -> None:
    assert ordinal_value(text) == value
