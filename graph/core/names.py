"""Name matching: how a label typed by a person is compared with the labels in the graph."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["close_in_meaning", "close_matches", "fold", "is_slug", "words_close"]

# Hyphens and dashes of every kind (‐ ‑ ‒ – — ― −) count as punctuation: labels such as
# "India–US …" are typed with a plain hyphen.
_PUNCT = re.compile(r"[\s\-\u2010-\u2015\u2212_/,;:()\[\]'’‘\"“”]+")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for matching a name.

    NFKD-decomposes, drops combining marks and bidi controls, case-folds, turns runs of
    spaces, hyphens and punctuation into one space and drops a leading "the".
    """
    if text.isascii():  # nothing to decompose, no mark or bidi control: most names, much faster
        bare = text
    else:
        decomposed = unicodedata.normalize("NFKD", _BIDI.sub("", text))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = _PUNCT.sub(" ", bare.casefold().replace("&", " and ")).strip()
    key = key.replace(".", "")
    if key.startswith("the "):
        key = key[4:]
    return key


def close_matches(name: str, choices: Iterable[str], n: int = 5) -> list[str]:
    """The closest names to ``name`` among ``choices`` (compared folded), best first."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(fold(choice), choice)
    target = fold(name)
    keys = difflib.get_close_matches(target, list(by_key), n=n, cutoff=0.6)
    # Prefix matches help with truncated names ("semicond") that difflib ranks low.
    if len(keys) < n:
        for key in sorted(by_key):
            if target and key.startswith(target) and key not in keys:
                keys.append(key)
                if len(keys) == n:
                    break
    return [by_key[k] for k in keys]


_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def is_slug(text: str) -> bool:
    """True for ids usable in IRIs as they are: letters, digits, ``.``, ``_``, ``-``."""
    return bool(_SLUG.match(text))


def _word_close(a: str, b: str) -> bool:
    """Two folded words spelled alike: the same, one a prefix of the other, or a typo apart."""
    if a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))):
        return True
    return len(a) >= 4 and len(b) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def words_close(name: str, candidate: str) -> bool:
    """True when every word of ``name`` is spelled like a word of ``candidate`` (folded).

    A name close in spelling but not word by word names something else: 'tariff increase'
    is not a misspelt 'tariff pause', though the two strings are alike.
    """
    mine = fold(name).split()
    theirs = fold(candidate).split()
    return bool(mine) and all(any(_word_close(w, v) for v in theirs) for w in mine)


def close_in_meaning(name: str, choices: Iterable[str], n: int = 5) -> list[str]:
    """:func:`close_matches` that also agree word by word (:func:`words_close`) with ``name``."""
    return [c for c in close_matches(name, choices, n=n * 3) if words_close(name, c)][:n]
