"""Reading plain RDF files (Turtle, N-Triples, JSON-LD, RDF/XML) safely, with located errors.

Oxigraph's parsers do the work: they report line and column, never fetch a remote JSON-LD
``@context``, and (but for JSON-LD) do not recurse on deep nesting. What they let through is
checked here: RDF/XML DOCTYPE/ENTITY declarations (entity expansion), JSON-LD nesting and
the invalid IRIs and language tags JSON-LD would silently drop, ill-typed and huge literals.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from tradekg.graph.core.errors import InputError
from tradekg.graph.core.files import decode_text, read_bytes

__all__ = [
    "FORMATS",
    "MAX_JSON_LD_DEPTH",
    "MAX_LITERAL_CHARS",
    "MAX_RDF_BYTES",
    "Term",
    "Triple",
    "line_of",
    "line_of_term",
    "rdf_format",
    "read_rdf",
]

MAX_RDF_BYTES = 512 * 1024 * 1024
MAX_LITERAL_CHARS = 1_000_000
# Oxigraph's JSON-LD processing recurses: a few thousand nested objects overflow the stack
# and kill the process (SIGSEGV). Real documents nest a handful of levels.
MAX_JSON_LD_DEPTH = 256

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

Term = URIRef | BNode | Literal
Triple = tuple[URIRef | BNode, URIRef, Term]

# Oxigraph says "at line L column C", "at line L between columns C and D", or, for an error
# spanning lines (such as an unexpected end of file), "between line L column C and line M column D".
_POSITION = re.compile(r"(?:Parser error )?(?:at line (\d+)(?: between columns (\d+) and \d+| column (\d+))?"
                       r"|between line (\d+) column (\d+) and line \d+ column \d+):?\s*")
_QUOTED = re.compile(r"'([^'\n]{3,})'|`([^`\n]{3,})`")
_TRAILER = re.compile(r"\s*\(line \d+\)\s*$")


def rdf_format(path: str | Path) -> ox.RdfFormat | None:
    """The RDF format a file name's extension says, or None."""
    return FORMATS.get(Path(path).suffix.lower())


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal, bnodes: dict[str, BNode]) -> Term:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        # Fresh blank nodes per file: two files' _:b1 must not merge.
        return bnodes.setdefault(term.value, BNode())
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    # normalize=False keeps the lexical form the file has: rdflib would otherwise rewrite it
    # from the parsed value ("01" -> "1", and an ill-typed "maybe"^^xsd:boolean -> "false").
    return Literal(term.value, datatype=URIRef(datatype), normalize=False)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:]')
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|\\^`]')
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")


def _check_json_ld(text: str, path: str) -> None:
    """Refuse what Oxigraph's JSON-LD parser would crash on or silently drop.

    Nesting beyond MAX_JSON_LD_DEPTH; IRIs with characters IRIs cannot hold (in ``@id``,
    ``@type``, ``@vocab``, ``@base`` and property names that are IRIs) and malformed
    ``@language`` tags: JSON-LD processing drops such nodes and values without a word.
    """
    tokens = list(_JSON_TOKEN.finditer(text))
    frames: list[list[str | None]] = []  # per open object/array: [kind, owner key, current key]

    def line(at: int) -> int:
        return text.count("\n", 0, at) + 1

    def owner() -> str | None:
        if not frames:
            return None
        kind, of, key = frames[-1]
        return key if kind == "{" else of

    for i, m in enumerate(tokens):
        token = m.group()
        if token in ("{", "["):
            frames.append([token, owner(), None])
            if len(frames) > MAX_JSON_LD_DEPTH:
                raise InputError(path, line(m.start()), f"JSON-LD nested deeper than {MAX_JSON_LD_DEPTH} levels")
        elif token in ("}", "]"):
            if frames:
                frames.pop()
        elif token.startswith('"'):
            try:
                value = json.loads(token)
            except ValueError:
                continue  # the parser reports it
            is_key = i + 1 < len(tokens) and tokens[i + 1].group() == ":"
            if is_key:
                if frames:
                    frames[-1][2] = value
                if not value.startswith("@") and ":" in value and _BAD_IRI_CHARS.search(value):
                    raise InputError(path, line(m.start()), f"invalid IRI {value!r} as a property name")
                continue
            of = owner()
            if of in ("@id", "@vocab", "@base") or (of == "@type" and ":" in value):
                if _BAD_IRI_CHARS.search(value):
                    raise InputError(path, line(m.start()), f"invalid IRI {value!r} in {of}")
            elif of == "@language" and not _LANGUAGE_TAG.match(value):
                raise InputError(path, line(m.start()), f"invalid language tag {value!r}")


def line_of(text: str, needle: str) -> int | None:
    """1-based line of the first occurrence of ``needle`` in ``text``, or None."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def line_of_term(text: str, iri: str) -> int | None:
    """Best-effort line where an IRI is written in an RDF file: in full, or as prefix:local."""
    found = line_of(text, f"<{iri}>") or line_of(text, f'"{iri}"')
    if found is None:
        local = re.split(r"[/#]", iri)[-1]
        if local:
            m = re.search(r"[\w-]*:" + re.escape(local) + r"\b", text)
            if m:
                found = text.count("\n", 0, m.start()) + 1
    return found


def _located(path: str, exc: Exception, text: str) -> InputError:
    message = str(exc)
    m = _POSITION.search(message)
    if not m:
        # RDF/XML errors carry no position; they quote the offending IRI, tag or text: find it.
        for quoted in _QUOTED.finditer(message):
            line = line_of(text, quoted.group(1) or quoted.group(2))
            if line is not None:
                return InputError(path, line, message)
        return InputError(path, None, message)
    column = m.group(2) or m.group(3) or m.group(5)
    reason = _TRAILER.sub("", message[m.end():]).strip() or message
    return InputError(path, int(m.group(1) or m.group(4)), f"column {column}: {reason}" if column else reason)


class _DropConversionWarnings(logging.Filter):
    """Drops rdflib's warning (with a traceback) about a literal that does not fit its datatype:
    read_rdf reports such literals itself, as one located line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


@contextlib.contextmanager
def _quiet_literal_conversion() -> Iterator[None]:
    logger = logging.getLogger("rdflib.term")
    drop = _DropConversionWarnings()
    logger.addFilter(drop)
    try:
        with warnings.catch_warnings():
            # e.g. "Parsing weird boolean": the same literal, reported again as a bare warning.
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        logger.removeFilter(drop)


def read_rdf(path: str | Path) -> tuple[list[Triple], str]:
    """Parse an RDF file into rdflib triples; returns them and the file's text (for locating).

    Raises InputError (``path:line: reason``) for syntax errors, DOCTYPE declarations,
    remote JSON-LD contexts, ill-typed or huge literals; UsageError for missing paths.
    """
    p = str(path)
    fmt = rdf_format(p)
    if fmt is None:
        raise InputError(p, None, f"unknown RDF file extension {Path(p).suffix!r}; "
                                  f"use one of {', '.join(sorted(FORMATS))} or .yaml for authoring files")
    text = decode_text(read_bytes(p, MAX_RDF_BYTES), p)
    if fmt == ox.RdfFormat.RDF_XML and re.search(r"<!(DOCTYPE|ENTITY)", text):
        raise InputError(p, line_of(text, "<!"), "RDF/XML with a DOCTYPE or ENTITY declaration is refused")
    if fmt == ox.RdfFormat.JSON_LD:
        _check_json_ld(text, p)
    triples: list[Triple] = []
    bnodes: dict[str, BNode] = {}
    try:
        with _quiet_literal_conversion():
            for quad in ox.parse(input=text.encode("utf-8"), format=fmt, base_iri=Path(p).resolve().as_uri()):
                if not isinstance(quad.graph_name, ox.DefaultGraph):
                    raise InputError(p, None, "named graphs are not supported in input files")
                s = _from_ox(quad.subject, bnodes)
                o = _from_ox(quad.object, bnodes)
                triples.append((s, URIRef(quad.predicate.value), o))  # type: ignore[arg-type]
    except SyntaxError as exc:
        if "LoadDocumentCallback" in str(exc) or "remote context" in str(exc).lower():
            raise InputError(p, line_of(text, "@context"),
                             "JSON-LD with a remote @context is refused: it would be fetched from the network; "
                             "inline the context") from None
        raise _located(p, exc, text) from None
    except MemoryError:
        raise InputError(p, None, "a single token (literal or IRI) is larger than 16 MB") from None
    for _, _, o in triples:
        if isinstance(o, Literal):
            if len(o) > MAX_LITERAL_CHARS:
                raise InputError(p, line_of(text, str(o)[:40]),
                                 f"a literal of {len(o):,} characters exceeds the limit of {MAX_LITERAL_CHARS:,}")
            if o.ill_typed:
                raise InputError(p, line_of(text, f'"{o}"'),
                                 f"ill-typed literal {str(o)!r} is not a valid {o.datatype}")
    return triples, text
