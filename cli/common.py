"""What every command shares: error reporting, the --store option, output helpers."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any, TypeVar

import click

DEFAULT_OUT = "output"
DEFAULT_STORE = os.path.join(DEFAULT_OUT, "store")

F = TypeVar("F", bound=Callable[..., Any])


# Every C0 control character but tab and newline, DEL, and the C1 controls (U+009B is a CSI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with control characters shown escaped (``\\x1b``): an ``ESC ] 0 ;`` in a label
    could retitle the window, OSC 52 write the clipboard, BEL and NUL reach the terminal raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class TerminalSafe:
    """A text stream that writes through ``terminal_safe``; everything else is the stream's own
    (``buffer`` included: bytes written there, RDF exports say, stay exact)."""

    def __init__(self, stream: IO[str]) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def terminal_safe_output() -> Callable[[], None]:
    """Make what the command writes to stdout and stderr as text show control characters escaped
    (tables, summaries, messages); return what undoes it. Data formats write to :func:`raw_stdout`."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, TerminalSafe):
        sys.stdout = TerminalSafe(sys.stdout)
    if not isinstance(sys.stderr, TerminalSafe):
        sys.stderr = TerminalSafe(sys.stderr)

    def restore() -> None:
        sys.stdout, sys.stderr = saved

    return restore


def raw_stdout() -> IO[str]:
    """Standard output without the escaping: for JSON, CSV and RDF text, which keep the data exact."""
    out = sys.stdout
    return out.raw if isinstance(out, TerminalSafe) else out


def raw_stderr() -> IO[str]:
    err = sys.stderr
    return err.raw if isinstance(err, TerminalSafe) else err


def reports_errors(func: F) -> F:
    """Turn library errors into one line on stderr and the error's exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from tradekg.graph.core.errors import TradekgError, ValidationFailed

        try:
            return func(*args, **kwargs)
        except ValidationFailed as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(exc.summary(), err=True)
            sys.exit(exc.exit_code)
        except TradekgError as exc:
            click.echo(f"tradekg: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("tradekg: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `tradekg ... | head`: the reader left; nothing more to say.
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            # A full disk, a read-only or vanished folder: the library has already put back what
            # it was replacing; the user needs the reason, not a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"tradekg: {where}{exc.strerror or exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def store_option(func: F) -> F:
    """``--store DIR|URL``: a built store folder or a SPARQL endpoint (default ./output/store)."""
    return click.option(
        "--store", "store", default=DEFAULT_STORE, show_default=True, envvar="TRADEKG_STORE",
        help="Built store folder, or the URL of a SPARQL query endpoint (Env: TRADEKG_STORE; "
             "TRADEKG_TIMEOUT sets its time limit, default 60 s).",
    )(func)


def remote_timeout() -> float | None:
    """Seconds to wait for a remote endpoint, from TRADEKG_TIMEOUT (None: the library's 60 s)."""
    from tradekg.graph.core.errors import UsageError

    raw = os.environ.get("TRADEKG_TIMEOUT", "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise UsageError(f"TRADEKG_TIMEOUT={raw!r}: give a number of seconds above 0")
    return value


def open_store(location: str) -> Any:
    """Open ``location`` as an rdflib Graph; build the default store from the bundled corpus first
    if it does not exist yet (saying so on stderr). A remote endpoint's requests time out after
    TRADEKG_TIMEOUT seconds (default 60)."""
    from tradekg.graph.store.local import is_endpoint, open_graph

    if is_endpoint(location):
        return open_graph(location, timeout=remote_timeout())
    ensure_default_store(location)
    return open_graph(location)


def ensure_default_store(location: str) -> None:
    """Build the default store from the bundled corpus if ``location`` is it and it is missing."""
    if location == DEFAULT_STORE and not os.path.exists(location):
        from tradekg.graph.build.pipeline import build

        click.echo(f"tradekg: no store at {location}; building it from the bundled corpus first", err=True)
        build(out=DEFAULT_OUT)


class Seconds(click.ParamType):
    """A number of seconds above 0 and finite: ``nan``, ``inf``, ``0`` and ``-1`` are usage errors (exit 2)."""

    name = "SECONDS"

    def __init__(self, minimum: float = 0.0) -> None:
        self.minimum = minimum  # the least accepted (0: anything above 0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not (0 < seconds < float("inf") and seconds >= self.minimum):  # False for nan as well
            least = f"of {self.minimum:g} or more" if self.minimum else "above 0"
            self.fail(f"{value!r}: give a number of seconds {least}", param, ctx)
        return seconds


def echo_json(data: Any) -> None:
    """``data`` as JSON on stdout, exact (JSON escapes the C0 controls itself)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2), file=raw_stdout())


# A figure's tk:scale as a reader says it: 131.84 with scale 1000000000 is "131.84 bn".
_SCALE_WORDS = {1_000: "thousand", 1_000_000: "mn", 1_000_000_000: "bn", 1_000_000_000_000: "tn"}


def amount(value: Any, scale: Any = None, currency: Any = None) -> str:
    """``value`` with its scale and currency as one reads them: ``USD 131.84 bn``."""
    text = "" if value is None else str(value)
    if not text:
        return text
    if scale not in (None, ""):
        try:
            factor = float(str(scale))
        except ValueError:
            factor = 0.0
        word = _SCALE_WORDS.get(int(factor)) if factor.is_integer() else None
        text += f" {word}" if word else (f" × {scale}" if factor != 1 else "")
    if currency not in (None, ""):
        text = f"{currency} {text}"
    return text


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 70,
          labels: Mapping[str, str] | None = None, cut_note: bool = False) -> str:
    """A plain-text table; cells longer than ``max_width`` are cut with '…' (use json for all).

    ``labels``: a label for cells that are ids (``party:IN`` -> ``India``), shown in a column
    of its own beside each column that has any (``byLabel`` beside ``by``), unless the next
    column is already that column's label or another column shows the same text. A ``value``
    column with ``scale`` and ``currency`` columns beside it is shown as one readable amount
    (``USD 131.84 bn``). ``cut_note``: end with a line naming the columns whose cells were cut.
    """
    headers = list(headers)
    grid = [["" if v is None else " ".join(str(v).split()) for v in row] for row in rows]
    if "value" in headers and "scale" in headers:
        v, sc = headers.index("value"), headers.index("scale")
        cur = headers.index("currency") if "currency" in headers else None
        for row in grid:
            row[v] = amount(row[v], row[sc], row[cur] if cur is not None else None)
        gone = {sc} | ({cur} if cur is not None else set())
        headers = [h for i, h in enumerate(headers) if i not in gone]
        grid = [[c for i, c in enumerate(row) if i not in gone] for row in grid]
    if labels:
        for i in range(len(headers) - 1, -1, -1):
            name = f"{headers[i]}Label"
            if (i + 1 < len(headers) and headers[i + 1] == name) or not any(row[i] in labels for row in grid):
                continue
            if all(labels.get(row[i], "") in ("", *row) for row in grid):
                continue  # another column shows it already (a source's title)
            headers.insert(i + 1, name)
            for row in grid:
                row.insert(i + 1, labels.get(row[i], ""))
    cut: list[str] = []

    def cell(text: str, column: str) -> str:
        if len(text) <= max_width:
            return text
        if column not in cut:
            cut.append(column)
        return text[: max_width - 1] + "…"

    cells = [[cell(c, h) for c, h in zip(row, headers, strict=True)] for row in grid]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    if cut_note and cut:
        lines.append(f"(cut at {max_width} characters with '…': {', '.join(cut)}; "
                     "--format json or csv gives every cell whole)")
    return "\n".join(lines)


def id_labels(graph: Any, data: Mapping[str, Any], short: Callable[[Any], str]) -> dict[str, str]:
    """The label of each IRI in a SPARQL JSON result that has one, keyed by how ``short`` writes it."""
    from rdflib import URIRef

    from tradekg.graph.analysis.evidence import describe
    from tradekg.graph.core.namespaces import local_name

    iris = {b["value"] for row in data["results"]["bindings"] for b in row.values() if b.get("type") == "uri"}
    return {short(URIRef(iri)): info.label for iri, info in describe(graph, iris).items()
            if info.label and info.label != local_name(iri)}


class Progress:
    """Progress on stderr when it is a terminal; silent when piped."""

    def __init__(self) -> None:
        self.stream = raw_stderr()  # its own control sequences must reach the terminal
        self.enabled = self.stream.isatty()
        self.last = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        text = f"{phase} {done}/{total}" if total > 1 else f"{phase}…"
        if text != self.last:
            self.stream.write("\r\033[K" + terminal_safe(text))
            self.stream.flush()
            self.last = text

    def close(self) -> None:
        if self.enabled and self.last:
            self.stream.write("\r\033[K")
            self.stream.flush()


AS_OF_HELP = ("The state on DATE (YYYY-MM-DD) as reported by sources published by DATE: claims reported "
              "later, or by an undated report, are left out. Without it, every source counts.")


def as_of_option(func: F) -> F:
    """``--as-of DATE``: answer from the claims reported by that day."""
    return click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)(func)


def as_of_day(value: str | None) -> Any:
    """The ``--as-of`` day as a date (None when not given); UsageError for anything else."""
    from tradekg.graph.analysis.dated import check_day

    return check_day(value, "--as-of")
