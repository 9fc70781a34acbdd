"""Interactive graph views: which part of the graph a page shows, and the page itself.

A view is built in two pure steps and written once:

1. ``whole_view`` / ``focus_view`` / ``answer_view`` read the graph (through the negotiation
   projection, :mod:`tradekg.graph.analysis.projection`) and return a :class:`View`: nodes with their
   kind and evidence (quotes, source, date), edges with their relation, which of them are the
   answer and which only context, and what a cap left out.
2. :func:`to_html` turns a View into one self-contained HTML page, built with pyvis: the
   vis-network bundle that ships inside pyvis is inlined, nothing is fetched at load, and every
   label and quote reaches the page as data (JSON in a script, escaped text in the markup) that
   the page's own script shows as text.

:func:`write_view` writes the page atomically as UTF-8.

Large graphs: a view holds at most ``max_nodes`` nodes (the rest counted and said on the
page); above :data:`PHYSICS_MAX_NODES` the positions are computed here (rings around the
focus, see :func:`ring_layout`) and the browser's physics is off, so the page draws at once.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradekg.graph.core.atomic import write_text_atomic
from tradekg.graph.core.errors import DataError, UsageError
from tradekg.graph.core.fingerprint import tradekg_version

if TYPE_CHECKING:  # (what drawing a graph view needs is imported when one is drawn: the time pages need none)
    from tradekg.graph.views.model import View

__all__ = ["check_output", "default_path", "inline_script", "page_csp", "pyvis_network", "to_html", "vis_network_js",
           "write_page", "write_view"]


_NON_ASCII = re.compile(r"(\\*)([^\x00-\x7f])")


def _escaped(match: re.Match[str]) -> str:
    backslashes, char = match.groups()
    if len(backslashes) % 2:
        # "\é" is an identity escape meaning "é": the escape below stands for it alone.
        backslashes = backslashes[:-1]
    code = ord(char)
    if code > 0xFFFF:  # as a surrogate pair, which strings and regular expressions both read as one
        code -= 0x10000
        return f"{backslashes}\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"{backslashes}\\u{code:04x}"


@functools.lru_cache(maxsize=8)  # (a page's bundles, the same text each time: 0.02 s for vis-timeline's)
def inline_script(text: str, name: str) -> str:
    """A script's text made fit to sit verbatim in an inline ``<script>`` element.

    Every character outside ASCII becomes a ``\\uXXXX`` escape, which JavaScript reads the same
    in strings, template literals, regular expressions and (in the Basic Multilingual Plane)
    identifiers, and which is plain text in comments:
    HTML forbids some code points in a document (the Nu HTML Checker refuses U+0085, which
    vis-network's bundle holds raw), and the page no longer depends on being read as UTF-8.
    Raises DataError, naming ``name``, if the script holds ``</script`` or ``<!--``, which
    would end or confuse the element.
    """
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise DataError(f"{name} cannot be inlined in a page: it contains '</script' or '<!--'")
    return _NON_ASCII.sub(_escaped, text)


@functools.cache
def vis_network_js() -> str:
    """vis-network's own bundle as pyvis ships it (licence header kept), ready to inline in the page.

    Found without importing pyvis, which would load IPython (see :func:`pyvis_network`)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("pyvis")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("no pyvis package is installed")
        folder = Path(next(iter(spec.submodule_search_locations)))
        text = (folder / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise DataError(f"cannot read vis-network from the pyvis package: {exc}") from None
    return inline_script(text, "the vis-network bundle in pyvis")


@functools.cache
def _page_parts() -> tuple[str, str, str]:
    """The page template, the page's own script, and the Content-Security-Policy that allows
    exactly the two inline scripts (vis-network and the page's), by hash, and no request at all."""
    from tradekg.ontology import templates_dir

    template = (templates_dir() / "view.html").read_text(encoding="utf-8")
    app_js = inline_script((templates_dir() / "view.js").read_text(encoding="utf-8"), "view.js")
    return template, app_js, page_csp([vis_network_js(), app_js])


def page_csp(scripts: Sequence[str]) -> str:
    """The policy of a page whose only scripts are ``scripts`` (as inlined): they run, by hash,
    and nothing is fetched."""
    import base64
    import hashlib

    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode('ascii')}'"
                      for s in scripts)
    script_src = f"script-src {hashes}; " if scripts else ""
    return (f"default-src 'none'; {script_src}style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            "form-action 'none'")


def _json_string(text: str) -> Any:
    """A JSON text made safe to sit inside a <script> element (no '<', '>' or '&' left)."""
    from markupsafe import Markup

    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S704



def pyvis_network() -> Any:
    """pyvis's ``Network`` class, imported without loading IPython when IPython is not loaded yet.

    pyvis.network imports ``IPython.display.IFrame`` at module level, only for
    ``Network.show(notebook=True)``; loading IPython (and with it jedi, parso, prompt_toolkit)
    cost 0.3 s of every ``tradekg view``. So, unless IPython is already loaded, pyvis is
    imported with ``IPython.display`` answered by a stand-in whose ``IFrame`` imports the real
    one when it is first called: pyvis behaves the same, and the stand-in is gone from
    ``sys.modules`` once pyvis is imported, so any later ``import IPython.display`` is real.
    """
    import importlib
    import sys
    import types

    if "pyvis.network" not in sys.modules and not any(m in sys.modules for m in ("IPython", "IPython.display")):
        def iframe(*args: Any, **kwargs: Any) -> Any:
            from IPython.display import IFrame

            return IFrame(*args, **kwargs)

        stand_in = types.ModuleType("IPython.display", "Stand-in while tradekg imports pyvis (see pyvis_network).")
        stand_in.IFrame = iframe  # type: ignore[attr-defined]
        sys.modules["IPython.display"] = stand_in
        try:
            importlib.import_module("pyvis.network")
        except ImportError:
            # A pyvis that wants more of IPython.display than IFrame: forget the half-done
            # import and let the plain one below load the real IPython.
            for name in [m for m in sys.modules if m == "pyvis" or m.startswith("pyvis.")]:
                del sys.modules[name]
        finally:
            if sys.modules.get("IPython.display") is stand_in:
                del sys.modules["IPython.display"]
    from pyvis.network import Network

    return Network


@functools.cache
def _view_environment() -> Any:
    """The Jinja environment of the graph pages, holding :func:`_page_parts`'s template
    (autoescaping on; ``json_string`` and compact ``tojson``)."""
    from jinja2 import DictLoader, Environment, select_autoescape

    env = Environment(loader=DictLoader({"view.html": _page_parts()[0]}),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["json_string"] = _json_string
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":")}
    return env


class _Bound:
    """What pyvis asks for its template: ``get_template`` on the environment, ``render`` on the
    template, each here with one page's ``values`` (what pyvis renders with coming first, as
    it did when these were the environment's globals)."""

    def __init__(self, inner: Any, values: dict[str, Any]) -> None:
        self.inner, self.values = inner, values

    def get_template(self, name: str) -> _Bound:
        return _Bound(self.inner.get_template(name), self.values)

    def render(self, **pyvis_values: Any) -> str:
        return str(self.inner.render({**self.values, **pyvis_values}))


def to_html(view: View) -> str:
    """The page for ``view``: one self-contained HTML document (pure; writes nothing).

    pyvis holds the nodes, edges and options and renders them through tradekg's own template
    (autoescaping on; data embedded with Jinja's ``tojson``, which escapes ``<``, ``>``, ``&``
    and quotes), instead of pyvis's, which links Bootstrap from a CDN, renders with
    autoescaping off and turns every tooltip into HTML when one contains "href".
    """
    from markupsafe import Markup

    from tradekg.graph.views.layout import view_positions
    from tradekg.graph.views.page import legend, page_data, vis_options

    Network = pyvis_network()
    positions = view_positions(view)
    data = page_data(view, positions)
    net = Network(height="100%", width="100%", directed=True, heading=view.title, cdn_resources="in_line")
    # Filled directly: Network.add_node/add_edge check membership by scanning lists
    # (quadratic: minutes at 20,000 nodes) and validate with `assert` (gone under python -O).
    net.nodes = data.nodes
    net.edges = data.edges
    net.node_ids = [n["id"] for n in data.nodes]
    net.node_map = {n["id"]: n for n in data.nodes}
    net.options = vis_options(len(view.nodes), positions is not None)
    _, app_js, csp = _page_parts()
    # Each page's values go to the template as it renders (pyvis adds its own); the template is
    # compiled once per process (12 ms each time, when each page made its environment).
    net.templateEnv = _Bound(_view_environment(), dict(
        subtitle=view.subtitle, summary=view.summary, notes=view.notes, facts=view.facts, links=view.links,
        legend=legend(view), highlight=view.highlight, version=tradekg_version(), csp=csp, tables=data.tables,
        # Trusted code, inlined verbatim: the pinned vis-network bundle (checked when read) and ours.
        vis_js=Markup(vis_network_js()), app_js=Markup(app_js),  # noqa: S704
    ))
    net.template_dir = ""
    net.path = "view.html"
    html = net.generate_html(name="view.html")
    # Text from a remote endpoint may hold lone surrogates, which no UTF-8 file can: replace them.
    return html.encode("utf-8", "replace").decode("utf-8")


def default_path(view: View, out_dir: str | os.PathLike[str] = "output") -> Path:
    """Where a view is written unless told otherwise: ``OUT_DIR/view-NAME.html``."""
    return Path(out_dir) / f"view-{view.name}.html"


def check_output(path: str | os.PathLike[str]) -> Path:
    """``path`` as a place a page can be written; UsageError (exit 2) for a folder."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name such as {target / 'view.html'}")
    return target


def write_page(html: str, path: str | os.PathLike[str]) -> Path:
    """Write a rendered page to ``path`` atomically, as UTF-8 whatever the locale."""
    target = check_output(path)
    try:
        write_text_atomic(target, html)
    except OSError as exc:
        raise DataError(f"{target}: cannot write the page: {exc.strerror or exc}") from None
    return target


def write_view(view: View, path: str | os.PathLike[str]) -> Path:
    """Render ``view`` and write it to ``path`` atomically, as UTF-8 whatever the locale."""
    return write_page(to_html(view), check_output(path))
