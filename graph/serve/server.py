"""The HTTP side of ``tradekg serve``: a read-only SPARQL 1.1 Protocol endpoint and its page.

Werkzeug parses requests (forms, ``Accept`` negotiation, body size limits) and waitress
serves them: a production WSGI server that reads each request fully before a thread
handles it, so slow clients do not hold threads. Queries themselves run in
:class:`tradekg.graph.serve.endpoint.QueryRunner`'s killable worker processes.

Routes: ``/sparql`` (the protocol), ``/`` (a page with a query box, the named queries with a
form for their parameters, and the HTML views), ``/views/NAME.html`` (those views, served only
if listed), ``/entity?iri=...`` (a page about an entity a result names, with its focus view
and timeline at ``/entity/focus`` and ``/entity/timeline``).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from tradekg.graph.core.errors import DataError, TradekgError, UnknownEntity
from tradekg.graph.core.namespaces import compact
from tradekg.graph.serve.endpoint import (
    GRAPH_TYPES,
    RESULT_TYPES,
    TRUNCATED_HEADER,
    Answer,
    Dataset,
    Limits,
    QueryRunner,
)

__all__ = [
    "FORMAT_PARAM",
    "MAX_BODY_BYTES",
    "PAGE_CSP",
    "VIEW_CSP",
    "Endpoint",
    "EndpointInfo",
    "list_views",
    "loopback_hosts",
    "negotiate",
    "serve",
]

MAX_BODY_BYTES = 1024 * 1024  # a POSTed query larger than this is refused with 413
_VIEW_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.html$")
# ?format= / ?output= for links and browsers that cannot set Accept (Virtuoso takes format=,
# Fuseki output=; SPARQLWrapper sends both). A value names a type for results (SELECT, ASK)
# and one for graphs (CONSTRUCT, DESCRIBE): "xml" is SPARQL results XML or RDF/XML.
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None), "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"), "ttl": (None, "text/turtle"), "n3": (None, "text/turtle"),
    "ntriples": (None, "application/n-triples"), "nt": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"), "json-ld": (None, "application/ld+json"),
    "rdf": (None, "application/rdf+xml"), "rdf+xml": (None, "application/rdf+xml"),
    "rdfxml": (None, "application/rdf+xml"),
}
FORMAT_NAMES = ("format", "output")
# The page runs no script; the views are self-contained pyvis pages that may run their own
# inline script but must not reach the network.
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
VIEW_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            "img-src data: blob:; font-src data:; frame-ancestors 'none'")


@dataclass(frozen=True)
class EndpointInfo:
    """What the page says about the store it serves."""

    store: str
    triples: int
    views_dir: Path | None


def list_views(views_dir: Path | None) -> list[str]:
    """The HTML files directly in ``views_dir`` (the only files /views/ serves)."""
    if views_dir is None or not views_dir.is_dir():
        return []
    return sorted(e.name for e in os.scandir(views_dir) if e.is_file() and _VIEW_NAME.match(e.name))


def _security_headers(response: Response, csp: str | None = None) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if csp:
        response.headers["Content-Security-Policy"] = csp
    return response


def _text(status: int, message: str, **headers: str) -> Response:
    response = Response(message.rstrip() + "\n", status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = value
    return _security_headers(response)


def _format_types(value: str) -> tuple[str | None, str | None]:
    value = value.strip().lower()
    if value in FORMAT_PARAM:
        return FORMAT_PARAM[value]
    return (value if value in RESULT_TYPES else None), (value if value in GRAPH_TYPES else None)


def negotiate(request: Request, format_values: list[str] | None = None) -> tuple[str | None, str | None]:
    """The media types to answer SELECT/ASK and CONSTRUCT/DESCRIBE in (None: none fits).

    For each of the two, a type the Accept header names itself (not through ``*/*`` or
    ``type/*``) wins; a ``format=`` / ``output=`` value never overrides it, and a value that
    is unknown or does not fit the query form is ignored. The one exception is a browser
    following a link, which cannot set Accept: when it ranks ``text/html`` at least as high
    as any type served, a fitting format value is used. Without either, the Accept header's
    wildcards decide, and no Accept header at all means JSON results and Turtle graphs.
    """
    header = request.headers.get("Accept", "").strip()
    accept = request.accept_mimetypes
    named = {value.lower(): quality for value, quality in accept if quality > 0 and "*" not in value}
    html = max(named.get("text/html", 0), named.get("application/xhtml+xml", 0))
    chosen: list[str | None] = []
    for index, (types, default) in enumerate(((RESULT_TYPES, "application/sparql-results+json"),
                                              (GRAPH_TYPES, "text/turtle"))):
        listed = [t for t in types if t in named]
        browsing = html > 0 and html >= max((named[t] for t in listed), default=0)
        fitting = [t for t in (_format_types(v)[index] for v in format_values or ()) if t is not None]
        if listed and not browsing:
            chosen.append(max(listed, key=lambda t: named[t]))  # ties: the endpoint's order
        elif fitting:
            chosen.append(fitting[0])
        elif not header:
            chosen.append(default)
        else:
            chosen.append(accept.best_match(list(types)))
    return chosen[0], chosen[1]


def _asked(request: Request) -> str:
    """What a request asked for, in its own words, for a 406."""
    parts = [f"Accept: {request.headers.get('Accept', '').strip() or '(none)'}"]
    parts += [f"{name}={value}" for name in FORMAT_NAMES for value in request.values.getlist(name)]
    return " and ".join(parts)


class Endpoint:
    """The WSGI application: ``Endpoint(runner, info)`` is what waitress serves."""

    def __init__(self, runner: QueryRunner, info: EndpointInfo, allowed_hosts: list[str] | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        self.runner = runner
        self.info = info
        self.allowed_hosts = allowed_hosts
        self.log = log
        self._template: Any = None
        self._counted: tuple[Any, int] = (runner.generation, info.triples)

    # ------------------------------------------------------------ WSGI

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.monotonic()
        request = Request(environ)
        request.max_content_length = MAX_BODY_BYTES
        request.max_form_memory_size = MAX_BODY_BYTES
        request.trusted_hosts = self.allowed_hosts
        try:
            response = self.dispatch(request)
        except HTTPException as exc:  # 413 from werkzeug, 400 for an untrusted Host, ...
            response = _text(exc.code or 400, exc.description or exc.name)
        if self.log:
            elapsed = (time.monotonic() - started) * 1000
            self.log(f'{request.remote_addr} "{request.method} {request.path}" {response.status_code} {elapsed:.1f} ms')
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        _ = request.host  # raises SecurityError (400) for a Host not served: DNS rebinding
        path = request.path
        if path == "/sparql":
            return self.sparql(request)
        if path == "/":
            return self.page(request)
        if path.startswith("/views/"):
            return self.view(path[len("/views/"):])
        if path in ("/entity", "/entity/focus", "/entity/timeline"):
            return self.entity(request, path[len("/entity/"):] if path != "/entity" else "")
        return _text(404, f"no such page: {path}; the SPARQL endpoint is /sparql")

    # ------------------------------------------------------------ the protocol

    def sparql(self, request: Request) -> Response:
        """SPARQL 1.1 Protocol, query operation only."""
        if request.method not in ("GET", "POST", "HEAD"):
            return _text(405, "use GET or POST", Allow="GET, POST")
        params: MultiDict[str, str] = MultiDict(request.args)
        if request.method == "POST":
            mimetype = request.mimetype
            if mimetype == "application/sparql-update":
                return _text(403, "SPARQL updates are not allowed: this endpoint is read-only")
            if mimetype == "application/x-www-form-urlencoded":
                params.update(request.form)
            elif mimetype == "application/sparql-query":
                charset = request.mimetype_params.get("charset", "utf-8").lower()
                if charset not in ("utf-8", "utf8"):
                    return _text(400, f"the query is sent as {charset}; the protocol takes UTF-8 only")
                try:
                    params.add("query", request.get_data().decode("utf-8"))
                except UnicodeDecodeError:
                    return _text(400, "the query is not UTF-8 text")
            else:
                return _text(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                  "or application/sparql-query")
        if "update" in params:
            return _text(403, "SPARQL updates are not allowed: this endpoint is read-only")
        queries = params.getlist("query")
        if len(queries) != 1:
            return _text(400, "give exactly one query parameter (SPARQL 1.1 Protocol)" if queries
                         else "no query: give ?query=... (GET) or POST one; the page at / has a query box")
        if not queries[0].strip():
            return _text(400, "the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        # The dataset: graphs of the store, by name (never fetched); overrides FROM / FROM NAMED.
        dataset = Dataset(tuple(params.getlist("default-graph-uri")), tuple(params.getlist("named-graph-uri")))
        formats = [v for name in FORMAT_NAMES for v in params.getlist(name)]
        result_type, graph_type = negotiate(request, formats)
        asked = _asked(request)
        if result_type is None and graph_type is None:
            return _text(406, f"the request asked for {asked}; SELECT and ASK answer in "
                              f"{', '.join(RESULT_TYPES)}; CONSTRUCT and DESCRIBE in {', '.join(GRAPH_TYPES)}")
        # Relative IRIs in the query resolve against the endpoint's own URL.
        answer = self.runner.answer(queries[0], result_type, graph_type, client=request.remote_addr,
                                    disconnected=request.environ.get("waitress.client_disconnected"),
                                    base_iri=request.base_url, dataset=dataset, asked=asked)
        response = Response(answer.body, status=answer.status, content_type=answer.content_type)
        response.headers["Vary"] = "Accept"
        response.headers["Cache-Control"] = "no-store"
        if answer.truncated:
            response.headers[TRUNCATED_HEADER] = f"true; max-rows={self.runner.limits.max_rows}"
        return _security_headers(response)

    # ------------------------------------------------------------ the page

    def _render(self, **context: Any) -> str:
        if self._template is None:
            from jinja2 import Environment, PackageLoader, select_autoescape

            env = Environment(loader=PackageLoader("tradekg.ontology", "templates"),
                              autoescape=select_autoescape(default=True, default_for_string=True))
            self._template = env.get_template("endpoint.html")
        return str(self._template.render(**context))

    def page(self, request: Request) -> Response:
        """The page: a query box, the named queries one click away, links to the views."""
        from tradekg.graph.core.errors import UsageError
        from tradekg.graph.store.catalogue import get_query, list_queries

        if request.method not in ("GET", "HEAD"):
            return _text(405, "use GET", Allow="GET")
        text = request.args.get("query", "")
        question = ""
        answer: Answer | None = None
        name = request.args.get("name")
        named = None
        if name:
            try:
                named = get_query(name)
                text, question = named.text, named.question
            except UsageError as exc:
                answer = Answer.error(404, str(exc))
        # A named query's parameters, filled in the page's form as ?param.NAME=...
        filled = {p.name: request.args.get(f"param.{p.name}", "").strip() for p in named.params} if named else {}
        if named is not None and any(filled.values()):
            try:
                text = self._bound(named, {k: v for k, v in filled.items() if v})
            except TradekgError as exc:
                answer = Answer.error(404 if isinstance(exc, UnknownEntity) else 400, str(exc))
        if text.strip() and answer is None:
            answer = self.runner.answer(text, "application/sparql-results+json", "text/turtle",
                                        base_iri=request.host_url + "sparql")
        context: dict[str, Any] = {"columns": [], "rows": [], "boolean": None, "graph_text": None,
                                   "summary": "", "downloads": []}
        if answer is not None and answer.status == 200:
            context.update(self._results_context(answer, text))
        html = self._render(
            endpoint=request.host_url + "sparql", store=self.info.store, triples=self._triples(),
            limits=self.runner.limits, query_text=text or _EXAMPLE, question=question, answer=answer,
            queries=list_queries(), views=list_views(self.info.views_dir), named=named, filled=filled,
            views_dir=str(self.info.views_dir) if self.info.views_dir else "the output folder", **context)
        status = answer.status if answer is not None and answer.status != 200 else 200
        return _security_headers(Response(html, status=status, content_type="text/html; charset=utf-8"), PAGE_CSP)

    def _triples(self) -> int:
        """Triples in the store now served (counted once per store generation)."""
        generation = self.runner.generation
        if self._counted[0] != generation:
            from tradekg.graph.store.local import open_local_store

            self._counted = (generation, len(open_local_store(generation)))
        return self._counted[1]

    @staticmethod
    def _results_context(answer: Answer, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if answer.form in ("CONSTRUCT", "DESCRIBE"):
            out["graph_text"] = answer.body.decode("utf-8")
            out["summary"] = f"{answer.form} result as Turtle."
            formats: tuple[str, ...] = ("turtle", "ntriples", "jsonld", "rdfxml")
        else:
            data = json.loads(answer.body)
            formats = ("json", "xml", "csv", "tsv")
            if "boolean" in data:
                out["boolean"] = data["boolean"]
                out["summary"] = "ASK result."
            else:
                names = data["head"]["vars"]
                rows = []
                for binding in data["results"]["bindings"]:
                    row: list[dict[str, str] | None] = []
                    for n in names:
                        term = binding.get(n)
                        if term is None:
                            row.append(None)
                        elif term["type"] == "uri":
                            row.append({"text": compact(term["value"]), "iri": term["value"]})
                        elif term["type"] == "bnode":
                            row.append({"text": "_:" + term["value"]})
                        else:
                            row.append({"text": term["value"], "lang": term.get("xml:lang", "")})
                    rows.append(row)
                out["columns"], out["rows"] = names, rows
                out["summary"] = f"{len(rows):,} row{'s' if len(rows) != 1 else ''}."
        out["downloads"] = [(f, "sparql?" + urlencode({"query": text, "format": f})) for f in formats]
        return out

    # ------------------------------------------------------------ entities

    def _graph(self) -> Any:
        """The store now served, as an rdflib Graph (opened read-only, once per store generation)."""
        generation = self.runner.generation
        if getattr(self, "_graph_of", (None, None))[0] != generation:
            from tradekg.graph.store.local import graph_over, noting_generation, open_local_store

            self._graph_of = (generation, noting_generation(graph_over(open_local_store(generation)), generation))
        return self._graph_of[1]

    def _bound(self, named: Any, values: dict[str, str]) -> str:
        """``named``'s text with ``values`` bound (entities by label, id or IRI, resolved) as a
        VALUES block at the start of its WHERE clause, as remote stores get bindings."""
        from rdflib import Literal, URIRef

        from tradekg.graph.analysis.asking import bind_params
        from tradekg.graph.core.errors import UsageError
        from tradekg.graph.store.queries import safe_iri
        from tradekg.graph.store.query_text import bind_values

        terms = {}
        for var, term in bind_params(self._graph(), named, values).items():
            if isinstance(term, URIRef) and safe_iri(term):
                terms[var] = f"<{term}>"
            elif isinstance(term, Literal):
                terms[var] = term.n3()
            else:
                raise UsageError(f"?{var}: {values[var]!r} cannot be bound in a query")
        return bind_values(named.text, terms)

    def entity(self, request: Request, part: str) -> Response:
        """A page about one entity (``/entity?iri=...``): what it is, with links to its focus
        view and its timeline (``/entity/focus``, ``/entity/timeline``), made on demand in a
        query worker, under the queries' time limit (503 past it) and turns."""
        if request.method not in ("GET", "HEAD"):
            return _text(405, "use GET", Allow="GET")
        iri = request.args.get("iri", "").strip()
        if not iri:
            return _text(400, "give the entity as ?iri=...")
        answer = self.runner.entity_page(iri, part, client=request.remote_addr,
                                         disconnected=request.environ.get("waitress.client_disconnected"))
        if answer.status != 200:
            return _text(answer.status, answer.body.decode("utf-8"))
        # The views carry their own policy (their scripts by hash); the entity page runs none.
        csp = PAGE_CSP if not part else VIEW_CSP
        response = Response(answer.body, content_type=answer.content_type)
        response.headers["Cache-Control"] = "no-store"
        return _security_headers(response, csp)

    def view(self, name: str) -> Response:
        """An HTML view from the views folder, by exact name only (no paths)."""
        if name not in list_views(self.info.views_dir):
            return _text(404, f"no view {name!r}")
        assert self.info.views_dir is not None
        body = (self.info.views_dir / name).read_bytes()
        return _security_headers(Response(body, content_type="text/html; charset=utf-8"), VIEW_CSP)


_EXAMPLE = """SELECT ?demand ?label WHERE {
  ?demand a tk:Demand ; rdfs:label ?label .
}
ORDER BY ?label"""


def loopback_hosts(host: str) -> list[str] | None:
    """Host names to accept when bound to loopback (None: any, when bound elsewhere).

    A page on another site can make a browser send requests to 127.0.0.1 under its own
    host name (DNS rebinding); refusing foreign Host headers keeps the endpoint local.
    """
    if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
        return ["127.0.0.1", "localhost", "[::1]", host]
    return None


def serve(store_path: str, host: str = "127.0.0.1", port: int = 7878, limits: Limits | None = None,
          views_dir: Path | None = None, on_ready: Callable[[str], None] | None = None,
          log: Callable[[str], None] | None = None, threads: int = 8) -> None:
    """Serve ``store_path`` until interrupted (Ctrl-C or SIGTERM); ``on_ready`` gets the base URL."""
    import signal
    import threading

    from waitress import create_server

    from tradekg.graph.store.local import open_local_store

    limits = limits or Limits()
    triples = len(open_local_store(store_path))  # fails here, clearly, if the store cannot be opened
    runner = QueryRunner(store_path, limits)
    try:
        warm = runner.answer("ASK {}")  # starts the workers and proves they can open the store
        if warm.status != 200:

            raise DataError(f"the query workers cannot serve {store_path}: {warm.body.decode().strip()}")
        app = Endpoint(runner, EndpointInfo(store_path, triples, views_dir), loopback_hosts(host), log)
        # A lookahead lets waitress notice a client that closed its connection mid-query
        # (environ["waitress.client_disconnected"]), so that its query is stopped.
        server = create_server(app, host=host, port=port, threads=threads, ident="tradekg",
                               channel_request_lookahead=1)
        bound_port = int(server.effective_port)
        shown = f"[{host}]" if ":" in host else host
        if on_ready:
            on_ready(f"http://{shown}:{bound_port}/")

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        # SIGTERM stops the server like Ctrl-C (workers included); only the main thread may
        # set a handler, so a server run from another thread is stopped by its caller.
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, stop) if in_main else None
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            if in_main:
                signal.signal(signal.SIGTERM, previous)
            server.close()
    finally:
        runner.close()
    sys.stderr.flush()
