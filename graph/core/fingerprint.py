"""A hash of tradekg itself: its version and every file of its code, vocabulary, shapes and checks.

What a build made from a store (its manifest, the answers it saved beside the store) holds only
for the tradekg that made it: a change to any of these files changes the fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__all__ = ["code_fingerprint", "installed_version", "tradekg_version"]

_SUFFIXES = (".py", ".ttl", ".rq", ".yaml", ".json", ".html", ".js", ".css")


def installed_version(package: str) -> str | None:
    """The installed version of the distribution ``package`` (None when its metadata cannot be found)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def tradekg_version() -> str:
    """The installed tradekg's version ("unknown" when its metadata cannot be found)."""
    return installed_version("tradekg") or "unknown"


@functools.cache
def code_fingerprint() -> str:
    """The hash of tradekg's version and its files (the bundled corpus aside: those are sources
    like any other); read once per process."""
    import tradekg.graph
    import tradekg.ontology

    h = hashlib.blake2b(digest_size=16)
    h.update(tradekg_version().encode())
    for package in (tradekg.graph, tradekg.ontology):
        root = Path(next(iter(package.__path__)))
        for path in sorted(root.rglob("*")):
            if path.suffix not in _SUFFIXES or "corpus" in path.relative_to(root).parts \
                    or "__pycache__" in path.parts:
                continue
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()
