"""Dates as sources give them: a day, a month, a year, or a range, never a day invented.

A :class:`When` keeps the date's own words (``2025-04``) and the first and last day it can
mean, so that a month-only date is "on or before 30 April" and "on or after 1 April" but
never "on 1 April". Authoring files write ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or a range
``A/B`` of those; the graph stores the date typed by its precision (``xsd:date``,
``xsd:gYearMonth``, ``xsd:gYear``; a range as text) with the two bounds beside it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

__all__ = ["When", "day_literal", "parse_when", "when_of"]

_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


# Literals are immutable, and the dates of a corpus repeat (every claim of a report has its
# report's day): each is made once rather than parsed again by rdflib for every triple.
@functools.lru_cache(maxsize=8192)
def _literal(text: str, precision: str) -> Literal:
    datatype = _DATATYPES.get(precision)
    return Literal(text, datatype=datatype) if datatype is not None else Literal(text)


@functools.lru_cache(maxsize=8192)
def day_literal(day: dt.date) -> Literal:
    """``day`` as an ``xsd:date`` literal (made once per day)."""
    return Literal(day, datatype=XSD.date)


_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_WHEN = re.compile(rf"^({_PART})(?:/({_PART}))?$")


@dataclass(frozen=True, order=True)
class When:
    """A date as a source gives it, with the first and last day it can mean."""

    earliest: dt.date
    latest: dt.date
    text: str

    @property
    def precision(self) -> str:
        """'day', 'month', 'year' or 'range'."""
        if "/" in self.text:
            return "range"
        return {10: "day", 7: "month", 4: "year"}[len(self.text)]

    @property
    def is_day(self) -> bool:
        return self.earliest == self.latest

    def literal(self) -> Literal:
        """The date as the graph stores it, typed by its precision (a range is plain text)."""
        return _literal(self.text, self.precision)

    def surely_by(self, day: dt.date) -> bool:
        """True when every day this date can mean is on or before ``day``."""
        return self.latest <= day

    def maybe_by(self, day: dt.date) -> bool:
        """True when some day this date can mean is on or before ``day``."""
        return self.earliest <= day

    def __str__(self) -> str:
        return self.text


def _bounds(part: str) -> tuple[dt.date, dt.date]:
    if len(part) == 10:
        day = dt.date.fromisoformat(part)
        return day, day
    year = int(part[:4])
    if len(part) == 7:
        month = int(part[5:7])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} of {part!r} is not 01-12")
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def parse_when(value: object) -> When:
    """A :class:`When` from an authored value: a YAML date, a year number, or text such as
    ``2025-04-09``, ``2025-04``, ``2025`` or ``2025-07-30/2025-08-01``.

    Raises ValueError saying what is wrong (a month 13, a range that ends before it starts).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return When(value, value, value.isoformat())
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("a date is YYYY-MM-DD, YYYY-MM, YYYY, or a range A/B of those")
    text = str(value).strip()
    m = _WHEN.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD, YYYY-MM, YYYY, or a range A/B of those")
    try:
        first, last = _bounds(m.group(1))
        if m.group(2):
            last = _bounds(m.group(2))[1]
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date: {exc}") from None
    if last < first:
        raise ValueError(f"the range {text!r} ends before it starts")
    return When(first, last, text)


@functools.lru_cache(maxsize=65536)
def when_of(text: str | None) -> When | None:
    """A stored date's lexical form back as a :class:`When` (None for no date, or one that is
    not a date). Remembered: a corpus's claims share a few thousand days (a When is frozen)."""
    if not text:
        return None
    try:
        return parse_when(text)
    except ValueError:
        return None
