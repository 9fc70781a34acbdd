"""Finding a quoted sentence in its source text, tolerant of typographic quotes and spacing."""

from __future__ import annotations

import difflib
import re

__all__ = ["QuoteLocator"]

# Characters people type differently from what a web page holds.
_EQUIVALENT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text with equivalent characters unified and whitespace runs collapsed, plus, for each
    character of the result, its offset in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for i, ch in enumerate(text.translate(_EQUIVALENT)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        out.append(ch)
        offsets.append(i)
    return "".join(out), offsets


class QuoteLocator:
    """Locates quotes in one source text; offsets are Python string indices (code points)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normal: tuple[str, list[int]] | None = None

    def find(self, quote: str) -> tuple[int, int] | None:
        """(start, end) of ``quote`` in the text, matched verbatim or up to typography; else None."""
        quote = quote.strip()
        start = self.text.find(quote)
        if start >= 0:
            return start, start + len(quote)
        if self._normal is None:
            self._normal = _normalise(self.text)
        normal, offsets = self._normal
        wanted, _ = _normalise(quote)
        at = normal.find(wanted)
        if at < 0 or not wanted:
            return None
        return offsets[at], offsets[at + len(wanted) - 1] + 1

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence: split after . ! ? and at blank lines."""
        spans = []
        start = 0
        for m in _SENTENCE_END.finditer(self.text):
            if self.text[start:m.start()].strip():
                spans.append((start, m.start()))
            start = m.end()
        if self.text[start:].strip():
            spans.append((start, len(self.text.rstrip())))
        return spans

    def closest_sentence(self, quote: str) -> str | None:
        """The sentence of the text most like ``quote``, to suggest when a quote is not found."""
        candidates = [self.text[s:e].strip() for s, e in self.sentences()]
        best = difflib.get_close_matches(quote, candidates, n=1, cutoff=0.5)
        return best[0] if best else None
