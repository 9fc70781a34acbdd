"""Which files a corpus is made of: the bundled corpus, or the files and folders a user names."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tradekg.graph.core.errors import TradekgError, UsageError
from tradekg.graph.core.files import check_readable
from tradekg.ontology import corpus_dir

if TYPE_CHECKING:
    from tradekg.graph.sources.authoring.format import CorpusIndex

__all__ = ["AUTHORING_SUFFIXES", "FOLDER_SUFFIXES", "bundled_index", "bundled_sources", "discover_sources"]

AUTHORING_SUFFIXES = (".yaml", ".yml")


# In a folder, .json files are not taken for JSON-LD (drafts and other data live there too).
FOLDER_SUFFIXES = (*AUTHORING_SUFFIXES, ".ttl", ".nt", ".jsonld", ".rdf", ".owl")


def bundled_sources() -> list[Path]:
    """The authoring files of the bundled corpus."""
    root = Path(str(corpus_dir()))
    return sorted(p for p in root.iterdir() if p.suffix in AUTHORING_SUFFIXES)


@functools.cache
def bundled_index() -> CorpusIndex:
    """What the bundled corpus defines (agreements, measures, concepts, claims by source), read
    only to tell a user who compiles their own files alone that a name they use is the bundled
    corpus's; a bundled file that does not read is skipped here (its own build reports it)."""
    from tradekg.graph.sources.authoring.format import CorpusIndex, read_authoring

    index = CorpusIndex()
    for path in bundled_sources():
        try:
            index.add_file(read_authoring(path))
        except TradekgError:
            continue
    return index


def discover_sources(paths: Sequence[str | os.PathLike[str]] | None) -> list[Path]:
    """Expand folders into their source files; no paths means the bundled corpus."""
    if not paths:
        return bundled_sources()
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            # (in Path order, part by part, without making a Path of each to sort them)
            files = [Path(f) for f in sorted(_source_files(str(p)), key=lambda f: f.split(os.sep))]
            if not files:
                raise UsageError(f"{p}: folder holds no source files ({', '.join(FOLDER_SUFFIXES)})")
            found.extend(files)
        else:
            check_readable(p)
            found.append(p)
    unique = list(dict.fromkeys(found))
    return unique


def _source_files(folder: str) -> list[str]:
    """The source files under ``folder`` (by ``FOLDER_SUFFIXES``, any case), hidden files and
    folders left out; a link to a file is taken, a link to a folder is not followed (as
    ``Path.rglob`` does). One ``scandir`` per folder: at 4,290 sources beside their text files,
    ``rglob`` and a ``stat`` per file took 0.2 s of every build."""
    found: list[str] = []
    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    if not entry.is_symlink():
                        pending.append(entry.path)
                elif os.path.splitext(entry.name)[1].lower() in FOLDER_SUFFIXES and entry.is_file():
                    found.append(entry.path)
    return found
