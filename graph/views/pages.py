"""Writing the pages that are not graphs (the timeline and diff pages): a template rendered with
autoescaping on, its data as JSON in a script block, its scripts inlined, and a
Content-Security-Policy that allows exactly those scripts (by hash) and no request at all.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from tradekg.graph.core.fingerprint import tradekg_version
from tradekg.graph.views.html import inline_script, page_csp, write_page

__all__ = ["clip", "page_csp", "render_page", "write_page"]


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("tradekg.ontology", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":"), "ensure_ascii": True}
    return env


def render_page(template: str, scripts: Sequence[tuple[str, str]] = (), data: Mapping[str, Any] | None = None,
                **context: Any) -> str:
    """``template`` (a file of the packaged templates) rendered with ``context``; ``data`` goes
    in as JSON (``tojson``: ``<``, ``>``, ``&`` and quotes escaped), ``scripts`` (name, text)
    inlined in order."""
    from markupsafe import Markup

    inlined = [inline_script(text, name) for name, text in scripts]
    html = _environment().get_template(template).render(
        csp=page_csp(inlined), data=data or {}, version=tradekg_version(),
        # Trusted code, checked by inline_script: the vendored bundle and tradekg's own script.
        scripts=[Markup(s) for s in inlined], **context)  # noqa: S704
    # Text from a remote endpoint may hold lone surrogates, which no UTF-8 file can: replace them.
    return html.encode("utf-8", "replace").decode("utf-8")

