"""Amounts, periods, durations, dates and ordinals as news text writes them, with offsets.

Each finder takes a text (a sentence) and returns matches with ``start``/``end`` offsets into
it. The patterns are plain regular expressions without nested repetition, so they run in
linear time on any input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "Amount",
    "Quantity",
    "Span",
    "find_amounts",
    "find_dates",
    "find_durations",
    "find_ordinals",
    "find_periods",
    "find_quantities",
    "ordinal_value",
]

# Currency as written -> ISO 4217. "$" and "dollars" are taken as US dollars, the usage of
# trade reporting; the reviewer sees the amount as written next to it.
_CURRENCY_PREFIX = {
    "us$": "USD", "usd": "USD", "$": "USD", "inr": "INR", "rs": "INR", "rs.": "INR", "₹": "INR",
    "eur": "EUR", "€": "EUR", "gbp": "GBP", "£": "GBP", "jpy": "JPY", "¥": "JPY", "cny": "CNY", "rmb": "CNY",
    "aud": "AUD", "a$": "AUD", "cad": "CAD", "c$": "CAD", "chf": "CHF", "sgd": "SGD",
}
_CURRENCY_WORD = {"dollars": "USD", "dollar": "USD", "rupees": "INR", "euros": "EUR", "pounds": "GBP",
                  "yen": "JPY", "yuan": "CNY"}
_SCALE = {
    "thousand": "thousand", "k": "thousand", "lakh": "lakh", "lakhs": "lakh", "million": "million", "mn": "million",
    "m": "million", "crore": "crore", "crores": "crore", "cr": "crore", "billion": "billion", "bn": "billion",
    "b": "billion", "trillion": "trillion", "tn": "trillion",
}
_UNITS = {"per cent": "percent", "percent": "percent", "%": "percent", "tonnes": "tonnes", "tons": "tonnes",
          "tonne": "tonnes", "barrels": "barrels"}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PREFIX = r"US\$|A\$|C\$|USD|INR|Rs\.?|EUR|GBP|JPY|CNY|RMB|AUD|CAD|CHF|SGD|[$₹€£¥]"
_SCALES = r"trillion|billion|million|thousand|crores?|lakhs?|bn|mn|tn|cr|[kmb]"
_AMOUNT = re.compile(
    rf"(?<![\w.])(?P<cur>{_PREFIX})?\s?(?P<num>{_NUMBER})(?:\s?(?P<scale>{_SCALES})\b)?"
    rf"(?:\s(?P<curword>dollars?|rupees|euros|pounds|yen|yuan)\b)?"
    rf"(?:\s?(?P<unit>per cent|percent|%|tonnes?|tons|barrels)(?!\w))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A number with its currency or unit and scale word, as the text states it."""

    start: int
    end: int
    text: str
    value: Decimal
    scale: str | None  # thousand, lakh, million, crore, billion, trillion
    currency: str | None  # ISO 4217
    unit: str | None


def find_amounts(text: str) -> list[Amount]:
    """Amounts of money (with a currency) and quantities with a unit; bare numbers are left out."""
    out = []
    for m in _AMOUNT.finditer(text):
        prefix, word, unit = m.group("cur"), m.group("curword"), m.group("unit")
        scale = m.group("scale")
        if scale and len(scale) == 1 and not prefix:
            scale = None  # "5 m" is metres as often as millions: only after a currency sign
        currency = _CURRENCY_PREFIX.get(prefix.lower()) if prefix else None
        if currency is None and word:
            currency = _CURRENCY_WORD.get(word.lower())
        unit_name = _UNITS.get(unit.lower()) if unit else None
        if currency is None and unit_name is None:
            continue
        try:
            value = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
        start = m.start("cur") if prefix else m.start("num")
        end = m.end() if (scale or word or unit) else m.end("num")
        out.append(Amount(start, end, text[start:end], value,
                          _SCALE.get(scale.lower()) if scale else None, currency, unit_name))
    return out


@dataclass(frozen=True)
class Span:
    """A matched phrase and what it means (a period as stated, an ISO duration, a number...)."""

    start: int
    end: int
    text: str
    value: str


_PERIOD = re.compile(
    r"(?<![\w-])(?P<p>(?:(?:FY|fiscal(?:\s+year)?)\s?)?(?:19|20)\d{2}[-–/](?:\d{2}|(?:19|20)\d{2})"
    r"|fiscal(?:\s+year)?\s(?:19|20)\d{2}"
    r"|FY\s?(?:19|20)?\d{2}|(?:Q[1-4]|H[12])\s?(?:FY\s?)?(?:19|20)?\d{2})(?![\w-])"
    r"|\b(?:in|for|during|of|since|until|by)\s+(?:(?:calendar\s+)?year\s+)?(?P<y>(?:19|20)\d{2})(?![\w-])",
    re.IGNORECASE,
)


def find_periods(text: str) -> list[Span]:
    """Reporting periods: "2024-25", "FY25", "fiscal 2024", "Q1 2025", "in 2024"; the value is as stated."""
    out = []
    for m in _PERIOD.finditer(text):
        group = "p" if m.group("p") else "y"
        out.append(Span(m.start(group), m.end(group), m.group(group), m.group(group).replace("–", "-")))
    return out


_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60,
    "ninety": 90, "hundred": 100,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_DURATION = re.compile(
    rf"\b(?P<n>\d+|{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})[\s-](?P<unit>day|week|month|year)s?\b",
    re.IGNORECASE,
)
_ISO_UNIT = {"day": "D", "week": "W", "month": "M", "year": "Y"}


def find_durations(text: str) -> list[Span]:
    """Durations such as "90-day", "90 days", "three-month"; the value is ISO 8601 (P90D)."""
    out = []
    for m in _DURATION.finditer(text):
        n = m.group("n").lower()
        number = int(n) if n.isdigit() else _WORD_NUMBERS[n]
        out.append(Span(m.start(), m.end(), m.group(0), f"P{number}{_ISO_UNIT[m.group('unit').lower()]}"))
    return out


_ORDINAL = re.compile(rf"\b(?:(?P<word>{'|'.join(_ORDINALS)})|(?P<num>\d+)(?:st|nd|rd|th))\b", re.IGNORECASE)


def ordinal_value(text: str) -> int | None:
    """The number of an ordinal word or numeral ("fourth", "4th"), else None."""
    m = _ORDINAL.fullmatch(text.strip())
    if not m:
        return None
    return _ORDINALS[m.group("word").lower()] if m.group("word") else int(m.group("num"))


def find_ordinals(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0), str(ordinal_value(m.group(0)))) for m in _ORDINAL.finditer(text)]


_MONTHS = {name.lower(): n for n, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DATE = re.compile(
    rf"\b(?P<iso>(?:19|20)\d{{2}}-[01]\d-[0-3]\d)\b"
    rf"|\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>(?:19|20)\d{{2}}))?\b"
    rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d{{2}}))?\b",
)


def find_dates(text: str, default_year: int | None = None) -> list[tuple[Span, dt.date]]:
    """Calendar dates ("9 April 2025", "April 9, 2025", "2025-04-09"); without a year, ``default_year``.

    Dates with no year and no default are left out: a guessed year would be a made-up fact.
    """
    out = []
    for m in _DATE.finditer(text):
        try:
            if m.group("iso"):
                when = dt.date.fromisoformat(m.group("iso"))
            else:
                day = m.group("d1") or m.group("d2")
                month = _MONTHS[(m.group("m1") or m.group("m2")).rstrip(".").lower()]
                year_text = m.group("y1") or m.group("y2")
                year = int(year_text) if year_text else default_year
                if year is None:
                    continue
                when = dt.date(year, month, int(day))
        except ValueError:
            continue  # 31 February and the like
        out.append((Span(m.start(), m.end(), m.group(0), when.isoformat()), when))
    return out


# ---------------------------------------------------------------- every amount of a sentence


@dataclass(frozen=True)
class Quantity:
    """An amount as the draft shows it: money, a percentage, a physical quantity, a count, a rank
    or a duration, with its words and offsets (into the text it was found in)."""

    start: int
    end: int
    text: str
    kind: str  # money | percent | quantity | count | rank | duration
    value: Decimal
    unit: str | None = None  # percent, tonnes, barrels; count; rank; day/week/month/year
    scale: str | None = None
    currency: str | None = None

    def shown(self) -> str:
        """How the draft prints it: "25 percent", "USD 41.18 billion", "rank 2", "P90D"."""
        number = f"{self.value:f}".rstrip("0").rstrip(".") if "." in f"{self.value:f}" else f"{self.value:f}"
        if self.kind == "money":
            return " ".join(x for x in (self.currency, number, self.scale) if x)
        if self.kind == "rank":
            return f"rank {number}"
        if self.kind == "duration":
            return f"P{number}{_ISO_UNIT[self.unit or 'day']}"
        return " ".join(x for x in (number, self.scale, self.unit if self.unit != "count" else None) if x)

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
                "value": int(self.value) if self.value == self.value.to_integral_value() else float(self.value),
                "unit": self.unit, "scale": self.scale, "currency": self.currency}


_COUNT = re.compile(rf"(?<![\w$€£¥₹.,/-])(?P<num>{_NUMBER})(?:\s+(?P<scale>million|billion|thousand|lakh|crore))?"
                    r"\s+(?P<noun>[a-z][a-z-]+)")
# Words after a number that make it no count: units, prepositions, months (dates are times).
_NOT_COUNT_NOUN = re.compile(
    r"^(?:per|percent|percentage|to|and|or|of|in|on|at|from|by|for|with|than|a|an|the|is|was|were|are|has|have|"
    r"had|will|bn|mn|cr|tn|dollars?|rupees|euros|pounds|yen|yuan|tonnes?|tons|barrels|days?|weeks?|months?|years?|"
    r"am|pm|hours?|january|february|march|april|may|june|july|august|september|october|november|december)$", re.I)
_RANK = re.compile(
    rf"\b(?:(?P<ord>{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))[\s-]+)?(?P<sup>largest|biggest)\b"
    rf"|\b(?P<ord2>{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?=(?:\w+\s+){{0,2}}?(?:round|meeting|session|"
    r"tranche|phase|consecutive|straight|successive)\b)",
    re.IGNORECASE,
)
_DURATION_PHRASE = re.compile(
    rf"\b(?P<n>\d+|{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})[\s-](?P<unit>day|week|month|year)s?\b",
    re.IGNORECASE,
)


# Every amount needs a digit, a number word, an ordinal or a superlative rank.
_ANY_QUANTITY = re.compile(
    rf"\d|\b(?:largest|biggest|{'|'.join(_ORDINALS)}|{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})\b",
    re.IGNORECASE)


def find_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every amount of ``text``: money, percentages and physical quantities (:func:`find_amounts`),
    durations ("90-day", "five years"), ranks ("second-largest", "the seventh round") and counts
    (a number before a noun: "200,000 jobs", "1,200 tariff lines"). Spans in ``skip`` (the
    sentence's dates) hold no amount."""
    if not _ANY_QUANTITY.search(text):
        return []
    taken = list(skip or [])

    def free(a: int, b: int) -> bool:
        return all(b <= x or y <= a for x, y in taken)

    out: list[Quantity] = []
    for a in find_amounts(text):
        if not free(a.start, a.end):
            continue
        kind = "money" if a.currency else ("percent" if a.unit == "percent" else "quantity")
        out.append(Quantity(a.start, a.end, a.text, kind, a.value, a.unit, a.scale, a.currency))
        taken.append((a.start, a.end))
    for m in _DURATION_PHRASE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        n = m.group("n").lower()
        number = int(n) if n.isdigit() else _WORD_NUMBERS[n]
        out.append(Quantity(m.start(), m.end(), m.group(0), "duration", Decimal(number), m.group("unit").lower()))
        taken.append((m.start(), m.end()))
    for m in _RANK.finditer(text):
        start, end = m.span()
        words = text[start:end].rstrip(" -")
        end = start + len(words)
        if not free(start, end):
            continue
        ordinal = m.group("ord") or m.group("ord2")
        value = ordinal_value(ordinal) if ordinal else 1
        if value is None:
            continue
        out.append(Quantity(start, end, words, "rank", Decimal(value), "rank"))
        taken.append((start, end))
    for m in _COUNT.finditer(text):
        start, end = m.start("num"), m.end("scale") if m.group("scale") else m.end("num")
        if not free(start, end) or _NOT_COUNT_NOUN.match(m.group("noun")):
            continue
        if re.fullmatch(r"(?:19|20)\d{2}", m.group("num")):
            continue  # a year ("2019 suspension agreement") is a time
        out.append(Quantity(start, end, text[start:end], "count", Decimal(m.group("num").replace(",", "")), "count",
                            _SCALE.get(m.group("scale").lower()) if m.group("scale") else None))
        taken.append((start, end))
    return sorted(out, key=lambda q: q.start)
