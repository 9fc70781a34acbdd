"""Trade measures: a party imposing, raising, lowering, pausing, extending or removing a tariff,
duty, quota, ban or export control, with its rates, dates and legal basis.

A measure claim names a measure defined under ``measures:`` (who imposes it, on whom, its
kind): the rules propose one per imposer, target and kind, and the draft defines it. Rates
are the percentages of the clause: "from 25 percent to 50 percent" gives ``rate_before`` and
``rate``, "a further 25 percent ... taking the total to 50 percent" ``rate`` and ``total``.
Dates by the words before them: *from / effective / with effect from / takes effect on* give
``effective``, *until* ``until``, *on* or a weekday (or a date with a verb in the past)
``announced``; *for five years* is the ``duration``. *Under / citing* a named act, section or
order is the ``legal_basis``, proposed as a new instrument of the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradekg.graph.core.names import fold
from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.demands import _sector_names
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading, clamp, party_of, subject_before

__all__ = ["ACTION_CUE", "MEASURE_NOUN", "ProposedMeasure", "propose_measures"]

# The verb, by the action it names (the scheme of measure actions).
ACTION_CUE = re.compile(
    r"\b(?P<imposes>impos(?:e|es|ed|ing)|slap(?:s|ped|ping)?|lev(?:y|ies|ied|ying)|introduc(?:e|es|ed|ing)|"
    r"announc(?:e|es|ed|ing)|put|puts|plac(?:e|es|ed|ing))\b"
    r"|\b(?P<raises>rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|hik(?:e|es|ed|ing)|doubl(?:e|es|ed|ing)|"
    r"tripl(?:e|es|ed|ing)|lift(?:s|ed|ing)?\s+(?:its|their|the)\s+\w+\s+to)\b"
    r"|\b(?P<lowers>cut(?:s|ting)?|lower(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|halv(?:e|es|ed|ing)|eas(?:e|es|ed|ing))\b"
    r"|\b(?P<pauses>paus(?:e|es|ed|ing)|suspend(?:s|ed|ing)?|delay(?:s|ed|ing)?|postpon(?:e|es|ed|ing))\b"
    r"|\b(?P<extends>extend(?:s|ed|ing)?|prolong(?:s|ed|ing)?)\b"
    r"|\b(?P<removes>remov(?:e|es|ed|ing)|rescind(?:s|ed|ing)?|revok(?:e|es|ed|ing)|scrap(?:s|ped|ping)?|"
    r"withdr(?:aw|aws|ew|awn)|abolish(?:es|ed|ing)?|drop(?:s|ped|ping)?|lift(?:s|ed|ing)?|exempt(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
# The measure words, by the measure kind they name.
MEASURE_NOUN = re.compile(
    r"\b(?P<reciprocal>reciprocal\s+tariffs?)\b"
    r"|\b(?P<additional>additional\s+(?:duty|duties|tariffs?)|further\s+(?:duty|duties|tariffs?)|penalty)\b"
    r"|\b(?P<tariff>(?:countervailing|anti-dumping|anti-subsidy|retaliatory|import|export|provisional|"
    r"national-security|safeguard)\s+(?:duty|duties|tariffs?)|tariffs?|dut(?:y|ies)|levy|levies)\b"
    r"|\b(?P<quota>quotas?)\b"
    r"|\b(?P<ban>(?:import\s+)?bans?\s+on\s+imports|import\s+bans?|bans?)\b"
    r"|\b(?P<control>export\s+(?:controls?|curbs?|restrictions?|licensing))\b",
    re.IGNORECASE,
)
_KIND = {
    "reciprocal": "reciprocal tariff",
    "additional": "additional duty",
    "tariff": "tariff",
    "quota": "quota",
    "ban": "import ban",
    "control": "export control",
}
# Measures are someone's acts: a clause that asks for one ("wants the US to exempt ...") or
# offers one ("will cut tariffs ...": a commitment) is left to those rules.
_ASKED = re.compile(
    r"\b(?:wants?|wanted|urg\w+|ask\w*|call\w*\s+(?:on|for)|press\w*|demand\w*|seek\w*|sought|"
    r"commit\w*|pledg\w+|promis\w+|agree\w*|offer\w*|push\w*|lobb\w+|hopes?|intends?|undertak\w+|"
    r"insist\w*)\b",
    re.I,
)
# What may stand between the verb and the measure word: determiners, rates, adjectives, names.
_OBJECT_WORDS = re.compile(
    r"(?:\s+(?:its|their|his|her|the|a|an|new|further|additional|higher|extra|steep|sweeping|fresh|hefty|"
    r"blanket|broad|temporary|up|to|of|on|by|from|\d[\d.,]*(?:\s*(?:%|percent|per\s+cent))?|[\w-]+-[\w-]+|"
    r"[A-Z][\w’'-]*(?:['’]s)?|percent|per\s+cent|%))*\s*"
)
_ADJECTIVE = re.compile(r"\b(?:for|of|with|on|in|at|seeks?|wants?|and)\s+$", re.I)
# "will cut its tariffs", "will remove duties": an undertaking (a commitment), not yet an act.
_WILL = re.compile(r"\b(?:will|shall|would)\s+(?:\w+\s+)?$", re.I)
_LEGAL = re.compile(
    r"\b(?:under|citing|invoking|using|pursuant\s+to)\s+(?:the\s+)?(?P<name>(?:Section|Article|Title)\s+\d+[A-Za-z]?"
    r"(?:\s+of\s+the\s+(?:[A-Z][\w-]*\s+){1,6}(?:Act|Regulation|Law|Code)(?:\s+of\s+\d{4})?)?"
    r"|(?:Executive\s+Order|EO)\s+\d+|(?:[A-Z][\w-]*\s+){1,6}(?:Act|Regulation|Law)(?:\s+of\s+\d{4})?)"
)
_UP_TO = re.compile(r"\bup\s+to\s+$", re.I)
_TOTAL = re.compile(
    r"\b(?:taking|bringing|lifting|raising)\s+(?:the\s+)?(?:total|overall|combined|cumulative)"
    r"(?:\s+\w+){0,2}\s+to\s+$|\b(?:a\s+)?total\s+(?:of\s+)?$|\bin\s+all\s+to\s+$",
    re.I,
)
_FROM = re.compile(r"\bfrom\s+$", re.I)
_EFFECTIVE = re.compile(
    r"\b(?:from|effective|with\s+effect\s+from|as\s+of|starting|takes?\s+effect(?:\s+on)?|"
    r"take\s+effect(?:\s+on)?|comes?\s+into\s+force(?:\s+on)?|applies?\s+from|apply\s+from)\s*$",
    re.I,
)
_PAST = re.compile(r"\b(?:\w+ed|put|cut|set|imposed|raised|slapped|levied|announced)\b")


@dataclass
class ProposedMeasure:
    """A measure the draft defines under ``measures:``: who imposes it, on whom, its kind."""

    id: str
    label: str
    by: str
    on: tuple[str, ...]
    measure_kind: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def measure_for(article: Article, by: Entity, on: Entity | None, kind: str) -> ProposedMeasure:
    """The measure of that imposer, target and kind, defined once per article."""
    key = f"{by.iri} {on.iri if on else ''} {kind}"
    existing = article.measures.get(key)
    if existing is None:
        target = f" on {on.label}" if on else ""
        existing = ProposedMeasure(
            _slug(f"{by.label} {kind} {on.label if on else ''}"),
            f"{by.label} {kind}{target}",
            by.label,
            (on.label,) if on else (),
            kind,
        )
        article.measures[key] = existing
    return existing


# "The higher rate takes effect from 18 March": a later sentence dating the last measure.
_TAKES_EFFECT = re.compile(r"\b(?:takes?|took|will\s+take)\s+effect|\b(?:applies|apply|applied|will\s+apply)\b|"
                           r"\b(?:comes?|came|will\s+come)\s+into\s+(?:force|effect)|\bis\s+effective\b", re.I)
_THE_MEASURE = re.compile(r"^\s*(?:The|This|That|These|Those)\s+(?:[\w-]+\s+){0,3}?(?:rate|rates|duty|duties|tariffs?|"
                          r"levy|levies|measure|measures|increase|cut|quota|ban)\b", re.I)


def _dates_last_measure(article: Article, reading: Reading) -> None:
    """A sentence that names no act but says when "the higher rate" or "the duty" takes effect
    gives the effective date of the article's last measure claim, if it has none."""
    last = article.last_measure
    if last is None or "effective" in last.fields or not _THE_MEASURE.match(reading.text):
        return
    if not _TAKES_EFFECT.search(reading.text) or reading.sentence.index - last.quotes[-1].sentence > 2:
        return
    when = next((t for t in article.claim_times(reading) if not t.value.startswith("P")
                 and (t.role in ("from", "on", "as of", "starting") or len(t.value) == 10)), None)
    if when is None:
        return
    last.fields["effective"] = when.value
    last.quotes.append(reading.quote())
    last.add_note(f"'effective' {when.value} is from the next sentence ({when.text!r}): check it is this measure's")


def propose_measures(article: Article, reading: Reading) -> list[Candidate]:
    out: list[Candidate] = []
    text = reading.text
    parties = reading.parties()
    done: set[tuple[int, int]] = set()
    for cue in ACTION_CUE.finditer(text):
        clause = reading.clause_of(cue.start())
        if clause in done:
            continue
        end = clause[1]
        noun = MEASURE_NOUN.search(text, cue.end(), min(end, cue.end() + 80))
        # "raised its tariff", "imposed countervailing duties", "a 25 percent tariff ... is to take effect"
        if noun is None:
            continue
        exempted = None
        if re.match(r"exempt", cue.group(0), re.I):
            # "exempted Australian beef from its safeguard tariff": what is exempted, then the measure
            split = re.search(r"\s+from\s+(?:its|their|the)\s+", text[cue.end() : noun.start()] + " ")
            if split is None:
                continue
            exempted = text[cue.end() : cue.end() + split.start()].strip()
            between = text[cue.end() + split.end() - 1 : noun.start()]
        else:
            between = _names_as_capitals(reading, cue.end(), noun.start())
        if len(between.split()) > 6 or not _OBJECT_WORDS.fullmatch(between):
            continue  # "raised concerns over ... export controls": the measure is not what is acted on
        if _ASKED.search(text, max(clause[0], cue.start() - 100), cue.start()) or _ADJECTIVE.search(
            text, max(0, cue.start() - 12), cue.start()
        ):
            continue  # asked for or offered, not done; "for lower tariffs" names no act
        action = next(name for name, value in cue.groupdict().items() if value)
        if action in ("lowers", "removes") and _WILL.search(text, max(clause[0], cue.start() - 30), cue.start()):
            continue
        if (
            action == "removes"
            and re.match(r"lift", cue.group(0), re.I)
            and re.search(r"\bto\s+\d", text[cue.end() : end])
        ):
            action = "raises"
        subject = subject_before(reading, clause[0], cue.start(), government=True)
        if subject is None:
            continue
        imposer = party_of(subject)
        kind = _KIND[next(name for name, value in noun.groupdict().items() if value)]
        if kind == "tariff" and re.search(r"\b(?:further|additional|extra)\b", between, re.I):
            kind = "additional duty"  # "a further 25 percent tariff"
        targets = [
            party_of(m)
            for m in parties
            if reading.rel(m)[0] >= cue.end() and reading.rel(m)[0] < end and party_of(m).iri != imposer.iri
        ]
        target = targets[0] if targets else article.counterpart(imposer)
        c = Candidate("measure", {}, [reading.quote()], 0.75, reading.hedges(*clause))
        if not targets:
            c.confidence -= 0.15
            if target is not None:
                c.add_note(f"'on' is not in the clause: {target.label} is the article's other main party")
        measure = measure_for(article, imposer, target, kind)
        c.fields["measure"] = measure.id
        c.fields["action"] = action
        if exempted:
            c.fields["exemptions"] = exempted
            c.add_note(f"an exemption of {exempted!r} from the measure: 'removes' for what is exempted only")
        _rates(article, reading, c, cue.start(), end)
        _dates(article, reading, c, cue.start(), clause)
        legal = _LEGAL.search(text, clause[0], end)
        if legal:
            name = " ".join(legal.group("name").split())
            instrument = article.instruments.setdefault(_slug(name), name)
            c.fields["legal_basis"] = [_slug(name)]
            c.add_note(f"legal basis '{instrument}' is proposed as a new instrument: check its name")
        sectors = [n for m in reading.mentions if cue.end() <= reading.rel(m)[0] < end for n in _sector_names(m)]
        if sectors and not exempted:
            c.fields["sectors"] = list(dict.fromkeys(sectors))
        c.confidence = clamp(c.confidence)
        out.append(c)
        done.add(clause)
    if out:
        article.last_measure = out[-1]
    else:
        _dates_last_measure(article, reading)
    return out


def _names_as_capitals(reading: Reading, start: int, end: int) -> str:
    """The text from ``start`` to ``end`` with every sector or product mention written as a name
    ("its steel quota" reads as "its Name quota"), so that a product may stand before the measure."""
    text = reading.text
    out, pos = [], start
    for m in reading.mentions:
        a, b = reading.rel(m)
        if start <= a and b <= end and m.of_kind("sector", "technology", "hs") is not None:
            out.append(text[pos:a])
            out.append("Name")
            pos = b
    out.append(text[pos:end])
    return "".join(out)


def _rates(article: Article, reading: Reading, c: Candidate, start: int, end: int) -> None:
    text = reading.text
    percents = [q for q in article.quantities(reading) if q.kind == "percent" and start - 40 <= q.start < end]
    for n, q in enumerate(percents):
        before = text[max(0, q.start - 60) : q.start]
        shown = f"{q.value:f}".rstrip("0").rstrip(".") if "." in f"{q.value:f}" else f"{q.value:f}"
        rate = f"{shown}%"
        if _TOTAL.search(before):
            c.fields.setdefault("total", rate)
        elif (
            _FROM.search(before)
            and n + 1 < len(percents)
            and re.fullmatch(r"\s+to\s+", text[q.end : percents[n + 1].start])
        ):
            c.fields.setdefault("rate_before", rate)
        elif "rate" not in c.fields:
            c.fields["rate"] = rate
            if _UP_TO.search(before):
                c.add_note(f"'up to {rate}': the highest rate; check the rates by firm or product")


def _dates(article: Article, reading: Reading, c: Candidate, cue: int, clause: tuple[int, int]) -> None:
    text = reading.text
    for t in article.claim_times(reading):
        if not clause[0] <= t.start < clause[1] or t.value.startswith("P"):
            continue
        before = text[max(0, t.start - 40) : t.start]
        if t.role in ("from", "effective", "as of", "starting") or _EFFECTIVE.search(before):
            c.fields.setdefault("effective", t.value)
        elif t.role in ("until", "till", "through"):
            c.fields.setdefault("until", t.value)
        elif t.role == "on" or re.fullmatch(r"on\s+\w+", t.text, re.I) or _PAST.search(text[clause[0] : cue + 12]):
            if len(t.value) >= 7 or "/" not in t.value:
                c.fields.setdefault("announced", t.value)
    for q in article.quantities(reading):
        if q.kind == "duration" and clause[0] <= q.start < clause[1] and re.search(r"\bfor\s+$", text[: q.start]):
            c.fields.setdefault("duration", q.shown())
