"""Time expressions of news text resolved to ISO dates, intervals and durations, words kept.

:func:`find_times` reads one sentence and returns every time expression it holds, each with
its words and offsets (``text == sentence[start:end]``), its resolved value and how it was
resolved. Values are what an authoring file takes (see ``tradekg.graph.sources.dates``): a
day ``2025-08-06``, a month ``2025-08``, a year ``2025``, an interval ``2025-10-06/2025-10-10``,
or an ISO 8601 duration ``P10Y`` for "within ten years" (a span whose start the text does not
give). Nothing is made more precise than the text: "December 2024" stays a month.

- absolute: "6 August 2025", "August 6, 2025", "2025-08-06", "from 6 to 10 October 2025",
  "December 2024", "in 2023", "the first half of 2026", "Q1 2025";
- relative to the article's date (``reference``: the publication date, else the dateline of
  :func:`dateline`): a day with no year ("on 6 August", "from 27 August": the year that puts
  it nearest the reference), weekdays ("on Tuesday": the last one on or before the
  reference, or the next one after it when the clause speaks of the future), "last week",
  "next month", "this year", "by the end of the year", "by the end of 2025" (its last day);
- fiscal periods ("2024-25", "FY25", "FY2025", "fiscal 2024", "Q1 FY26"): the fiscal year of
  the party they are about (``fiscal_party``, an ISO code or bloc id), April-March for India,
  Japan, the UK and Canada, July-June for Australia, New Zealand, Pakistan and Egypt,
  October-September for the US; for a party not known to have one, "2024-25" is the two
  calendar years ``2024/2025`` and "FY25" the year ``2025``, with ``how`` saying so.

Why not ``dateparser``: tried on these phrases it read "2024-25" as 25 August 2024 and the
modal "may" as the month of May, resolved "on Wednesday" forward from the reference, knew no
fiscal years, intervals or "within ten years", and took about 2 s to load its languages in a
cold process. These patterns are plain regular expressions (linear time) over the same
calendar arithmetic as ``datetime``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["FISCAL_START", "TimeExpr", "dateline", "find_times"]


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: its words (offsets into the text it was found in), ISO value and how it was read."""

    start: int
    end: int
    text: str
    value: str  # YYYY-MM-DD, YYYY-MM, YYYY, A/B, or an ISO duration (P10Y)
    how: str  # "absolute", "relative to 2025-08-07", "fiscal year of IN", ...
    role: str = ""  # what the words say the date is: "from", "until", "by", "on", "within", "in"

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "how": self.how}  # type: ignore[dict-item]


# The month a party's fiscal year starts in (parties by ISO alpha-2 code).
FISCAL_START = {
    "IN": 4,
    "JP": 4,
    "GB": 4,
    "CA": 4,
    "HK": 4,
    "SG": 4,
    "AU": 7,
    "NZ": 7,
    "PK": 7,
    "EG": 7,
    "BD": 7,
    "KE": 7,
    "US": 10,
    "TH": 10,
}

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({name[:3]: n for name, n in list(_MONTHS.items())})
_MONTHS["sept"] = 9
# "May" is a month only next to a day or a year, never alone (it is a modal far more often).
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_ALONE = r"(?:January|February|March|April|June|July|August|September|October|November|December)"
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_NUMBER = rf"(?:\d+|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
_ROLE = r"(?P<role>from|since|on|by|until|till|before|after|in|during|effective|as\s+of|starting|through)\s+"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # intervals of days
    (
        "day-range",
        re.compile(
            rf"\b(?:(?P<role>from|between)\s+)?(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?\s*(?:to|and|until|–|-)\s*"
            rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
    ),
    (
        "day-range-us",
        re.compile(
            rf"\b(?:(?P<role>from|between)\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:to|and|until|–|-)\s*"
            rf"(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
    ),
    # days
    ("iso", re.compile(rf"\b(?:{_ROLE})?(?P<iso>{_YEAR}-[01]\d-[0-3]\d)\b")),
    (
        "day",
        re.compile(
            rf"\b(?:{_ROLE})?(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
            rf"(?P<d>{_DAY})\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
    ),
    (
        "day-us",
        re.compile(
            rf"\b(?:{_ROLE})?(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
            rf"(?P<m>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*(?P<y>{_YEAR})|\s+(?P<y2>{_YEAR}))?"
            rf"(?![\d,]*\s*(?:percent|per\s+cent|%|billion|million))\b"
        ),
    ),
    # the end of a period
    (
        "end-of",
        re.compile(
            rf"\b(?:(?P<role>by|before|until|at|towards|toward|from)\s+)?(?:the\s+)?end(?:\s+of|-)\s*"
            rf"(?:(?P<this>the\s+year|this\s+year|next\s+year|the\s+month|this\s+month)|(?P<m>{_MONTH_ALONE})?\s*(?P<y>{_YEAR})?)",
            re.I,
        ),
    ),
    # halves and quarters
    (
        "half",
        re.compile(
            rf"\b(?:in\s+)?(?:the\s+)?(?P<n>first|second)\s+half\s+of\s+(?:(?P<this>this\s+year|next\s+year)|"
            rf"(?P<y>{_YEAR}))",
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:in\s+)?(?:the\s+)?(?P<n>first|second|third|fourth)\s+quarter\s+of\s+"
            rf"(?:(?P<this>this\s+year|next\s+year)|(?P<fy>fiscal\s+(?:year\s+)?)?(?P<y>{_YEAR}))",
            re.I,
        ),
    ),
    # fiscal periods
    ("fiscal-q", re.compile(r"(?<![\w-])(?P<p>Q|H)(?P<n>[1-4])\s?(?P<fy>FY\s?)?(?P<y>(?:19|20)?\d{2})(?![\w-])")),
    (
        "fiscal-range",
        re.compile(
            rf"(?<![\w$€£¥₹.-])(?P<fy>(?:FY|fiscal(?:\s+year)?)\s?)?(?P<y1>{_YEAR})\s?[-–/]\s?"
            rf"(?P<y2>\d{{2}}|{_YEAR})(?![\w%-])",
            re.I,
        ),
    ),
    (
        "fiscal",
        re.compile(
            rf"(?<![\w-])(?:(?P<fy>FY)\s?(?P<y>(?:19|20)?\d{{2}})|(?P<fw>fiscal(?:\s+year)?)\s+(?P<y3>{_YEAR}))"
            rf"(?![\w-])",
            re.I,
        ),
    ),
    # months
    ("month", re.compile(rf"\b(?:{_ROLE})?(?P<m>{_MONTH_ALONE}|May)\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    (
        "month-alone",
        re.compile(
            rf"\b(?P<role>in|since|until|by|from|during|before|after|early|late|mid)[\s-]+(?P<m>{_MONTH_ALONE})\b"
            rf"(?!\s+\d)"
        ),
    ),
    # relative
    ("relative", re.compile(r"\b(?P<which>last|next|this|past|coming)\s+(?P<unit>week|month|year)\b", re.I)),
    ("earlier", re.compile(r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year)\b", re.I)),
    ("deictic", re.compile(r"\b(?P<word>yesterday|today|tomorrow)\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<role>on|by|until|from|since|last|next|this)\s+)?"
            r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "within",
        re.compile(
            rf"\b(?P<role>within|in\s+the\s+next|over\s+the\s+next)\s+(?P<n>{_NUMBER})[\s-]+"
            r"(?P<unit>day|week|month|year)s?\b",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(rf"(?<![\w$€£¥₹.,/-])(?:{_ROLE}|(?:calendar\s+)?year\s+)?(?P<y>{_YEAR})(?![\w%/-]|,\d|\.\d|[-–]\d)"),
    ),
]
# Words that put a clause in the future: a weekday after them is the next one, not the last.
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|is\s+due|are\s+due|plans?\s+to|next|"
    r"is\s+expected\s+to|are\s+expected\s+to|is\s+scheduled|are\s+scheduled)\b",
    re.I,
)
_ISO_UNIT = {"day": "D", "week": "W", "month": "M", "year": "Y"}
# Every pattern above needs a digit or one of these words.
_ANY_TIME = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|"
                       r"last|next|this|past|coming|earlier|later|yesterday|today|tomorrow|within|over|end)", re.I)


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _nearest_year(month: int, day: int, reference: dt.date) -> dt.date:
    """The day of that month and day nearest the reference (one year either side)."""
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - reference).days))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _fiscal(year_end: int, party: str | None) -> tuple[str, str]:
    """The fiscal year ending in ``year_end`` of ``party`` as an interval, and how it was read."""
    start_month = FISCAL_START.get(party or "")
    if start_month is None:
        return str(year_end), "fiscal year of a party whose fiscal year is not known: the calendar year named"
    first = dt.date(year_end - 1, start_month, 1)
    last = _last_day(year_end, start_month - 1)
    return f"{first.isoformat()}/{last.isoformat()}", f"fiscal year of {party}"


def _century(two: str) -> int:
    return 2000 + int(two) if len(two) == 2 else int(two)


def dateline(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The date of a dateline in the article's first lines ("OTTAWA, 12 March 2025 –"), with its offsets."""
    m = re.search(
        rf"^[A-Z][A-Z .’'-]{{1,40}}(?:\([^)\n]{{1,40}}\))?,\s+(?P<date>(?:{_DAY}\s+{_MONTH}|{_MONTH}\s+{_DAY}),?"
        rf"\s+{_YEAR})\s*(?:\([^)\n]{{1,40}}\))?\s*[–—-]",
        text[:2000],
        re.M,
    )
    if not m:
        return None, None
    found = find_times(m.group("date"))
    if not found or len(found[0].value) != 10:
        return None, None
    return dt.date.fromisoformat(found[0].value), (m.start("date"), m.end("date"))


def find_times(text: str, reference: dt.date | None = None, fiscal_party: str | None = None) -> list[TimeExpr]:
    """Every time expression of ``text`` (a sentence), longest first where they overlap, in text order.

    ``reference`` is the article's date, for expressions relative to it (left out when it is
    None: a guessed year would be a made-up fact); ``fiscal_party`` whose fiscal year "FY25" is.
    """
    if not _ANY_TIME.search(text):
        return []  # most sentences hold no time expression: one scan instead of twenty
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if m.end() == m.start() or any(m.start() < b and a < m.end() for a, b in taken):
                continue
            try:
                read = _read(name, m, text, reference, fiscal_party)
            except (ValueError, KeyError):
                continue  # 31 February and the like
            if read is None:
                continue
            value, how = read
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in " ,":
                end -= 1
            role = (m.groupdict().get("role") or "").lower()
            found.append(TimeExpr(start, end, text[start:end], value, how, " ".join(role.split())))
            taken.append((start, end))
    return sorted(found, key=lambda t: t.start)


def _read(name: str, m: re.Match[str], text: str, ref: dt.date | None, party: str | None) -> tuple[str, str] | None:
    g = m.groupdict()
    rel = f"relative to {ref.isoformat()}" if ref else ""
    if name in ("day-range", "day-range-us"):
        m2 = _month(g["m2"] or g["m1"])
        m1 = _month(g["m1"]) if g.get("m1") else m2
        if g["y"]:
            year = int(g["y"])
            a, b = dt.date(year, m1, _day_number(g["d1"])), dt.date(year, m2, _day_number(g["d2"]))
            how = "absolute"
        elif ref is not None:
            b = _nearest_year(m2, _day_number(g["d2"]), ref)
            a = dt.date(b.year, m1, _day_number(g["d1"]))
            how = rel
        else:
            return None
        if a > b:
            return None
        return f"{a.isoformat()}/{b.isoformat()}", how
    if name == "iso":
        return dt.date.fromisoformat(g["iso"]).isoformat(), "absolute"
    if name in ("day", "day-us"):
        month, day = _month(g["m"]), _day_number(g["d"])
        year_text = g.get("y") or g.get("y2")
        if year_text:
            return dt.date(int(year_text), month, day).isoformat(), "absolute"
        if ref is None:
            return None
        return _nearest_year(month, day, ref).isoformat(), rel
    if name == "end-of":
        if g.get("this"):
            if ref is None:
                return None
            word = g["this"].lower()
            if "month" in word:
                return _last_day(ref.year, ref.month).isoformat(), rel
            year = ref.year + (1 if word.startswith("next") else 0)
            return f"{year}-12-31", rel
        if not g.get("y") and not g.get("m"):
            return None
        if g.get("y"):
            year = int(g["y"])
            how = "absolute"
        elif ref is not None:
            year, how = ref.year, rel
        else:
            return None
        month = _month(g["m"]) if g.get("m") else 12
        return _last_day(year, month).isoformat(), how
    if name in ("half", "quarter"):
        if g.get("this"):
            if ref is None:
                return None
            year, how = ref.year + (1 if g["this"].lower().startswith("next") else 0), rel
        else:
            year, how = int(g["y"]), "absolute"
        n = {"first": 1, "second": 2, "third": 3, "fourth": 4}[g["n"].lower()]
        months = 6 if name == "half" else 3
        if name == "quarter" and g.get("fy"):
            value, how = _fiscal(year, party)
            if "/" not in value:
                return None
            first = dt.date.fromisoformat(value[:10])
            start_month = (first.month - 1 + (n - 1) * 3) % 12 + 1
            start_year = first.year + (first.month - 1 + (n - 1) * 3) // 12
        else:
            start_month, start_year = (n - 1) * months + 1, year
        end_month = start_month + months - 1
        end_year = start_year + (end_month - 1) // 12
        end_month = (end_month - 1) % 12 + 1
        return f"{dt.date(start_year, start_month, 1).isoformat()}/{_last_day(end_year, end_month).isoformat()}", how
    if name == "fiscal-q":
        year = _century(g["y"])
        n = int(g["n"])
        months = 3 if g["p"] == "Q" else 6
        if g.get("fy"):
            value, how = _fiscal(year, party)
            if "/" not in value:
                return None
            first = dt.date.fromisoformat(value[:10])
        else:
            first, how = dt.date(year, 1, 1), "absolute"
        offset = first.month - 1 + (n - 1) * months
        start = dt.date(first.year + offset // 12, offset % 12 + 1, 1)
        end_offset = offset + months - 1
        end = _last_day(first.year + end_offset // 12, end_offset % 12 + 1)
        return f"{start.isoformat()}/{end.isoformat()}", how
    if name == "fiscal-range":
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if y2 != y1 + 1:
            if y2 > y1 and not g.get("fy"):
                return f"{y1}/{y2}", "absolute"
            return None
        value, how = _fiscal(y2, party)
        if "/" not in value:
            return f"{y1}/{y2}", "fiscal year of a party whose fiscal year is not known: both calendar years"
        return value, how
    if name == "fiscal":
        year = _century(g.get("y") or g.get("y3") or "")
        return _fiscal(year, party)
    if name == "month":
        return f"{int(g['y']):04d}-{_month(g['m']):02d}", "absolute"
    if name == "month-alone":
        if ref is None:
            return None
        month = _month(g["m"])
        middle = _nearest_year(month, 15, ref)
        return f"{middle.year:04d}-{month:02d}", rel
    if name in ("relative", "earlier"):
        if ref is None:
            return None
        which, unit = g["which"].lower(), g["unit"].lower()
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "year":
            return str(ref.year + step), rel
        if unit == "month":
            index = ref.year * 12 + ref.month - 1 + step
            return f"{index // 12:04d}-{index % 12 + 1:02d}", rel
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
        return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", rel
    if name == "deictic":
        if ref is None:
            return None
        step = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()]
        return (ref + dt.timedelta(days=step)).isoformat(), rel
    if name == "weekday":
        if ref is None:
            return None
        target = _WEEKDAYS.index(g["wd"].lower())
        role = (g.get("role") or "").lower()
        clause_start = max(text.rfind(",", 0, m.start()), text.rfind(";", 0, m.start()), 0)
        future = role == "next" or (role != "last" and bool(_FUTURE.search(text, clause_start, m.start())))
        if future:
            delta = (target - ref.weekday()) % 7 or (7 if role == "next" else 0)
            return (ref + dt.timedelta(days=delta)).isoformat(), rel
        delta = (ref.weekday() - target) % 7 or (7 if role == "last" else 0)
        return (ref - dt.timedelta(days=delta)).isoformat(), rel
    if name == "within":
        words = g["n"].lower()
        number = int(words) if words.isdigit() else _NUMBER_WORDS[words]
        return f"P{number}{_ISO_UNIT[g['unit'].lower()]}", "a span from a start the text does not give"
    if name == "year":
        return g["y"], "absolute"
    return None  # pragma: no cover - every pattern is read above
