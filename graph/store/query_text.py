"""Where values go in a query's text: its form (SELECT, ASK...), and VALUES blocks placed at the
start of its WHERE clause, or of each branch of the UNION it is made of, with its strings, IRIs
and comments masked so that their braces do not count."""

from __future__ import annotations

import re

__all__ = ["bind_value_list", "bind_value_list_in_branches", "bind_value_list_in_minus", "bind_values", "query_form",
           "selected_variables"]

_MASK = re.compile("|".join([
    r"<[^<>\s]*>",                        # IRIs
    r'"""(?:.|\n)*?"""', r"'''(?:.|\n)*?'''",  # long strings
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",  # strings
    r"#[^\n]*",                           # comments
]))
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of ``query`` (None if none is found)."""
    found = _FORM.search(_MASK.sub(lambda m: " " * len(m.group(0)), query))
    return found.group(1).upper() if found else None


def _where_brace(query: str) -> int | None:
    """Offset just inside the opening brace of the query's WHERE clause, or None.

    Strings, IRIs and comments are masked first so that braces inside them do not count. For
    CONSTRUCT the template's braces are skipped.
    """
    masked = _MASK.sub(lambda m: " " * len(m.group(0)), query)
    form = _FORM.search(masked)
    if form is None:
        return None
    pos = form.end()
    if form.group(1).upper() == "CONSTRUCT" and masked[pos:].lstrip()[:5].upper() == "WHERE":
        return None  # CONSTRUCT WHERE { template }: only triple patterns may appear inside
    if form.group(1).upper() == "CONSTRUCT" and masked[pos:].lstrip().startswith("{"):
        depth, i = 0, masked.index("{", pos)
        while i < len(masked):
            depth += {"{": 1, "}": -1}.get(masked[i], 0)
            i += 1
            if depth == 0:
                break
        pos = i
    brace = masked.find("{", pos)
    return brace + 1 if brace >= 0 else None


def bind_values(query: str, bindings: dict[str, str]) -> str:
    """``query`` with a VALUES block for ``bindings`` (variable -> SPARQL term) placed at the
    start of its WHERE clause.

    rdflib's SPARQLStore appends VALUES after the whole query, where it joins after GROUP BY
    and after every FILTER of the WHERE clause has run; at the start of the WHERE clause the
    values are seen by that group's filters and aggregates, as Oxigraph's substitutions are
    locally.
    """
    names, terms = " ".join("?" + v for v in bindings), " ".join(bindings.values())
    return _at_where(query, f" VALUES ( {names} ) {{ ( {terms} ) }} ")


def bind_value_list(query: str, variable: str, terms: list[str]) -> str:
    """``query`` with ``VALUES ?variable { terms }`` (each a SPARQL term) placed where
    :func:`bind_values` places its block: the query asked about each of ``terms`` at once."""
    return _at_where(query, f" VALUES ?{variable} {{ {' '.join(terms)} }} ")


_MINUS = re.compile(r"\bMINUS\s*\{", re.IGNORECASE)


def bind_value_list_in_minus(query: str, variable: str, terms: list[str]) -> str:
    """:func:`bind_value_list` of ``query``, with the same block also at the start of each
    ``MINUS { ... }`` group that names ``variable``.

    The same rows, for a query each of whose rows binds ``variable``: a row of the clause is
    one of ``terms`` there, and a MINUS row binding another term removes none of them. Oxigraph
    evaluates the right side of a MINUS once, whole, joined with nothing from its left (a claim
    check's MINUS read every claim's source at 1M triples, 0.1 s, to check a few claims)."""
    masked = _MASK.sub(lambda m: " " * len(m.group(0)), query)
    named = re.compile(rf"\?{re.escape(variable)}\b")
    block = f" VALUES ?{variable} {{ {' '.join(terms)} }} "
    for found in reversed(list(_MINUS.finditer(masked))):
        at = found.end()
        close = _closing(masked, at)
        if close is not None and named.search(masked[at:close]):
            query = query[:at] + block + query[at:]
    return _at_where(query, block)  # (bind_value_list's placement, of the block made above)


def bind_value_list_in_branches(query: str, variable: str, terms: list[str]) -> str | None:
    """``query`` with ``VALUES ?variable { terms }`` at the start of each branch of the UNION
    its WHERE clause is made of (through groups that hold nothing else), or at the start of
    the WHERE clause when it is no UNION; None when the clause is not one of these shapes. A
    branch that does not name ``variable`` gets ``FILTER(false)`` instead: it gives no row
    with the variable bound to one of ``terms``.

    A UNION of branches each joined with the values is the UNION joined with them, where each
    branch that names ``variable`` binds it in every row (as the pairing queries do: a caller
    keeps only rows with one of ``terms`` there); Oxigraph evaluates a VALUES block at the top
    of the clause after each branch in full (conflict-lists at 1M triples: 0.4 s whole, 22 s
    with the block at the top, 4 ms with it in each branch)."""
    masked = _MASK.sub(lambda m: " " * len(m.group(0)), query)
    start = _where_brace(query)
    if start is None:
        return None
    end = _closing(masked, start)
    if end is None:
        return None
    while True:
        groups, outside = _top_groups(masked, start, end)
        if len(groups) == 1 and not "".join(outside).strip():
            start, end = groups[0][0] + 1, groups[0][1]  # a group holding nothing else: look inside
            continue
        break
    block = f" VALUES ?{variable} {{ {' '.join(terms)} }} "
    between = [part.strip().upper() for part in outside[1:-1]] if len(groups) >= 2 else []
    if len(groups) >= 2 and not outside[0].strip() and all(word == "UNION" for word in between) \
            and "{" not in outside[-1]:
        at = [g[0] + 1 for g in groups]
        named = re.compile(rf"\?{re.escape(variable)}\b")
        blocks = [block if named.search(masked[g[0]:g[1]]) else " FILTER(false) " for g in groups]
        for offset, text in reversed(list(zip(at, blocks, strict=True))):
            query = query[:offset] + text + query[offset:]
        return query
    elif any("UNION" in part.upper().split() for part in outside):
        return None  # a UNION beside other patterns: not a shape this places values in
    else:
        at = [start]
    for offset in reversed(at):
        query = query[:offset] + block + query[offset:]
    return query


def _closing(masked: str, start: int) -> int | None:
    """Offset of the brace closing the group opened just before ``start`` (in masked text)."""
    depth = 1
    for i in range(start, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return None


def _top_groups(masked: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str]]:
    """The groups directly inside ``masked[start:end]`` as (opening, closing) offsets, and the
    text around them (one piece more than there are groups)."""
    groups: list[tuple[int, int]] = []
    outside: list[str] = []
    i, last = start, start
    while i < end:
        if masked[i] == "{":
            close = _closing(masked, i + 1)
            if close is None or close > end:
                break
            outside.append(masked[last:i])
            groups.append((i, close))
            i = last = close + 1
            continue
        i += 1
    outside.append(masked[last:end])
    return groups, outside


def _at_where(query: str, block: str) -> str:
    """``query`` with ``block`` at the start of its WHERE clause (after the query, if it has none)."""
    at = _where_brace(query)
    if at is None:
        return query + "\n" + block
    return query[:at] + block + query[at:]


def selected_variables(text: str) -> list[str]:
    """The variables a SELECT query projects, in order (``(MIN(?x) AS ?y)`` projects ``y``)."""
    head = text[text.upper().index("SELECT"):text.upper().index("WHERE")]
    head = re.sub(r"\(.*?\bAS\s+\?(\w+)\s*\)", r"?\1", head, flags=re.IGNORECASE | re.DOTALL)
    return re.findall(r"\?(\w+)", head)
