"""Errors the library raises; the CLI turns them into one line and an exit code."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DataError",
    "ForbiddenQuery",
    "InputError",
    "Problem",
    "QueryError",
    "RemoteError",
    "TradekgError",
    "UnknownEntity",
    "UsageError",
    "ValidationFailed",
]


class TradekgError(Exception):
    """Base class: a problem the user can act on, reported without a traceback."""

    exit_code = 1


class UsageError(TradekgError):
    """The command was asked something impossible: a missing path, a directory, a bad option."""

    exit_code = 2


class DataError(TradekgError):
    """The data or a service failed: a file that cannot be read, sources with errors, a query
    that cannot run, a remote store that does not answer (exit 1)."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an input: ``path:line: message``."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class InputError(DataError):
    """A file that cannot be read as what it claims to be."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.problem = Problem(path, line, message)
        super().__init__(str(self.problem))


@dataclass
class ValidationFailed(DataError):
    """Sources with errors; ``problems`` holds every one of them, warnings included."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def summary(self) -> str:
        n = len(self.errors)
        return f"{n} problem{'s' if n != 1 else ''} found; nothing was written"


class UnknownEntity(UsageError):
    """A name that matches no entity, or more than one."""

    exit_code = 2

    def __init__(self, name: str, candidates: list[tuple[str, str]], ambiguous: bool = False) -> None:
        self.name = name
        self.candidates = candidates  # (label, iri or id)
        self.ambiguous = ambiguous
        if ambiguous:
            listed = "; ".join(f"{label} <{iri}>" for label, iri in candidates)
            msg = f"{name!r} is ambiguous: {listed}"
        elif candidates:
            listed = ", ".join(repr(label) for label, _ in candidates)
            msg = f"unknown entity {name!r}; did you mean {listed}?"
        else:
            msg = f"unknown entity {name!r}"
        super().__init__(msg)


class QueryError(DataError):
    """A SPARQL query that cannot be run: a syntax error, a forbidden form, a bad parameter."""


class ForbiddenQuery(QueryError):
    """A well-formed request the graph refuses: an update, SERVICE, FROM / FROM NAMED (HTTP 403)."""


class RemoteError(DataError):
    """A remote SPARQL server that could not be reached or answered with an error (exit 1).

    The message carries the URL (credentials removed), the HTTP status and the server's own
    words, so that a user can act on it.
    """
