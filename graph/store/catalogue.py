"""Named queries: the ``.rq`` files of ``ontology/queries/``, each headed by the question it
answers and its parameters, parsed once, and the safety check every query passes first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tradekg.graph.core.errors import ForbiddenQuery, QueryError, UsageError
from tradekg.graph.core.names import close_matches
from tradekg.graph.core.namespaces import PREFIXES
from tradekg.ontology import queries_dir

__all__ = ["MAX_OPERATORS", "NamedQuery", "Param", "check_query", "get_query", "list_queries", "names_dataset",
           "query_from_text"]

# rdflib's parser takes about 2 ms per operator of an expression (a FILTER of 40,000 took 40 s)
# and Oxigraph's evaluation recurses on each (20,000 crashed it); real queries hold dozens.
MAX_OPERATORS = 500

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(entity|literal)\s*[-—:]\s*(.+)$")


@dataclass(frozen=True)
class Param:
    """A value a named query accepts: an entity (label, id or IRI) or a literal."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with the question it answers and the parameters it takes."""

    name: str
    question: str
    text: str
    params: tuple[Param, ...] = field(default=())
    origin: str | None = None  # the file it was read from, for error locations

    @functools.cached_property
    def effective_text(self) -> str:
        """The text that runs: the query, preceded by tradekg's PREFIXes when it uses them undeclared."""
        missing = _undeclared_prefixes(self.text)
        if not missing:
            return self.text
        # One line, so that error positions shift by exactly one line.
        return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in sorted(missing)) + "\n" + self.text

    @functools.cached_property
    def checked(self) -> Any:
        """The parsed query (rdflib's parser); raises QueryError when it is not allowed."""
        return check_query(self.effective_text, line_offset=0 if self.effective_text is self.text else 1,
                           origin=self.origin)

    @functools.cached_property
    def prepared(self) -> Any:
        """The query translated to rdflib's algebra once, for rdflib's own stores."""
        from rdflib.plugins.sparql.algebra import translateQuery

        return translateQuery(self.checked)


_PREFIX_USE = re.compile(r"(?<![\w<\"'#])([A-Za-z][\w-]*):(?=[\w<])")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?:", re.IGNORECASE)
_STRINGS_IRIS_COMMENTS = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*")


def _undeclared_prefixes(text: str) -> set[str]:
    bare = _STRINGS_IRIS_COMMENTS.sub(" ", text)
    declared = set(_PREFIX_DECL.findall(text))
    return {p for p in _PREFIX_USE.findall(bare) if p in PREFIXES and p not in declared}


def _header(text: str) -> tuple[str, tuple[Param, ...]]:
    question = ""
    params = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        m = _PARAM.match(stripped)
        if m:
            params.append(Param(m.group(1), m.group(2), m.group(3).strip()))
        elif not question:
            question = stripped.lstrip("#").strip()
    return question, tuple(params)


def query_from_text(text: str, name: str = "-", origin: str | None = None) -> NamedQuery:
    """A query given as text (a file, named by ``origin``, or ``--sparql``), with the header
    parsed if it has one."""
    question, params = _header(text)
    return NamedQuery(name, question, text, params, origin)


@functools.cache
def list_queries() -> tuple[NamedQuery, ...]:
    """The packaged named queries, in name order."""
    out = []
    for entry in sorted(queries_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            out.append(query_from_text(entry.read_text(encoding="utf-8"), entry.name[:-3]))
    return tuple(out)


def get_query(name: str) -> NamedQuery:
    """The named query called ``name`` (with or without ``.rq``); UsageError with close names otherwise."""
    wanted = name[:-3] if name.endswith(".rq") else name
    for query in list_queries():
        if query.name == wanted:
            return query
    names = [q.name for q in list_queries()]
    hint = close_matches(wanted, names, n=3)
    raise UsageError(f"no named query {name!r}" + (f"; did you mean {', '.join(hint)}?" if hint else
                                                     "; `tradekg query --list` shows them"))


# ---------------------------------------------------------------- checking


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))


# What is not SPARQL syntax for this count: strings, IRIs, comments, prefixed names, language
# tags and numbers (they may hold '-', '+', '<' ...). Blanked with spaces, keeping offsets.
_NOT_OPERATORS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                            r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s"{}|^`\\]*>|#[^\n]*'
                            r'|[A-Za-z_][\w.-]*:[\w.%:-]*|@[A-Za-z]+(?:-[A-Za-z0-9]+)*'
                            r'|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?')
_OPERATOR = re.compile(r"&&|\|\||!=|<=|>=|[!+\-*/=<>]")
_UNARY_RUN = re.compile(r"!\s*(!)|[+-]\s*[+-]\s*([+-])")


def _position(text: str, at: int, line_offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return max(1, line - line_offset), col if line > line_offset else 1


def _located(text: str, at: int, line_offset: int, origin: str | None, what: str, message: str) -> QueryError:
    line, col = _position(text, at, line_offset)
    if origin:
        return QueryError(f"{origin}:{line}:{col}: SPARQL {what}: {message}")
    return QueryError(f"SPARQL {what} at line {line}, column {col}: {message}")


def names_dataset(parsed: Any) -> bool:
    """Whether a query :func:`check_query` parsed has a FROM or FROM NAMED clause."""
    return any(getattr(node, "name", None) == "DatasetClause" for node in _walk(parsed))


def check_query(text: str, line_offset: int = 0, origin: str | None = None, allow_dataset: bool = False) -> Any:
    """Parse ``text`` as a SPARQL 1.1 query and refuse what must not run.

    Raises QueryError for syntax errors ("line L, column C: ...", or "FILE:L:C: ..." when the
    query was read from ``origin``) and for a text holding no query at all (empty, or only
    comments and PREFIXes); ForbiddenQuery for updates, for SERVICE, and for FROM and FROM
    NAMED, which would read other graphs, files or the network. ``allow_dataset`` lets FROM
    and FROM NAMED through, for an evaluator that only ever takes them as names of graphs
    it already holds (Oxigraph, in ``tradekg serve``).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    bare = _NOT_OPERATORS.sub(lambda m: " " * len(m.group()), text)
    for n, op in enumerate(_OPERATOR.finditer(bare), start=1):
        if n > MAX_OPERATORS:
            raise _located(text, op.start(), line_offset, origin, "query too long",
                           f"more than {MAX_OPERATORS} operators (+ - * / ! && || comparisons, path operators); "
                           "write a shorter query")
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            update = parseUpdate(text)
        except Exception:
            line = max(1, exc.lineno - line_offset)
            col = exc.col if exc.lineno > line_offset else 1
            run = _UNARY_RUN.search(bare)
            if run is not None:  # rdflib gives up at the start of the pattern that holds it
                at = run.start(1) if run.group(1) else run.start(2)
                raise _located(text, at, line_offset, origin, "syntax error", "one unary operator before an "
                               f"operand ({bare[run.start():at + 1]!r} here); write !(!x)") from None
            if origin:
                raise QueryError(f"{origin}:{line}:{col}: SPARQL syntax error: {exc.msg}") from None
            raise QueryError(f"SPARQL syntax error at line {line}, column {col}: {exc.msg}") from None
        if "request" not in update:  # nothing but comments and PREFIXes: no operation at all
            raise QueryError("no query: the text is empty or holds only comments and PREFIX declarations") from None
        raise ForbiddenQuery("SPARQL updates are not allowed: the graph is read-only") from None
    except RecursionError:
        raise QueryError("SPARQL query is nested too deeply") from None
    except Exception as exc:  # rdflib raises assorted errors for bad IRIs, prefixes, etc.
        raise QueryError(f"SPARQL error: {exc}") from None
    for node in _walk(parsed):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise ForbiddenQuery("SERVICE is not allowed: queries may not reach other endpoints")
        if name == "DatasetClause" and not allow_dataset:
            raise ForbiddenQuery("FROM and FROM NAMED are not allowed: queries run over the built graph only")
    return parsed
