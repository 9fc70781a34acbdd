"""Writing the pages that are not graphs (the timeline and diff pages): a template rendered with
autoescaping on, its data as JSON in a script block, its scripts inlined, and a
Content-Security-Policy that allows exactly those scripts (by hash) and no request at all.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tradekg.graph.core.atomic import write_text_atomic
from tradekg.graph.core.errors import DataError
from tradekg.graph.views.html import check_output

__all__ = ["page_csp", "render_page", "write_page"]

_ENDS_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)


def _inlined(text: str, name: str) -> str:
    """``text`` ready to sit verbatim in an inline ``<script>``: through the graph views' own
    ``inline_script`` (:mod:`tradekg.graph.views.html`; it escapes every non-ASCII character,
    for the Nu HTML Checker) where it exists; until then only checked here not to end its
    element early (DataError)."""
    from tradekg.graph.views import html

    inline = getattr(html, "inline_script", None)
    if inline is not None:
        return str(inline(text, name))
    if _ENDS_SCRIPT.search(text):
        raise DataError(f"{name} cannot be inlined in a page: it contains '</script' or '<!--'")
    return text


def page_csp(scripts: Sequence[str]) -> str:
    """The policy of a page whose only scripts are ``scripts`` (as inlined): nothing is fetched."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode('ascii')}'"
                      for s in scripts)
    script_src = f"script-src {hashes}; " if scripts else ""
    return (f"default-src 'none'; {script_src}style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            "form-action 'none'")


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

    inlined = [_inlined(text, name) for name, text in scripts]
    html = _environment().get_template(template).render(
        csp=page_csp(inlined), data=data or {}, version=_version(),
        # Trusted code, checked by _inlined: the vendored bundle and tradekg's own script.
        scripts=[Markup(s) for s in inlined], **context)  # noqa: S704
    # Text from a remote endpoint may hold lone surrogates, which no UTF-8 file can: replace them.
    return html.encode("utf-8", "replace").decode("utf-8")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tradekg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def write_page(html: str, path: str | os.PathLike[str]) -> Path:
    """Write a rendered page to ``path`` atomically, as UTF-8 whatever the locale."""
    target = check_output(path)
    try:
        write_text_atomic(target, html)
    except OSError as exc:
        raise DataError(f"{target}: cannot write the page: {exc.strerror or exc}") from None
    return target
