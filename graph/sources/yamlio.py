"""A YAML reader for authoring files that keeps line numbers and refuses risky YAML.

Only plain data is accepted: no anchors or aliases (they allow exponential "billion laughs"
documents), no custom tags, bounded nesting, one document. ``yes``/``no``/``on``/``off`` stay
strings (YAML 1.1 would turn Norway's code ``NO`` into ``False``). Mappings come back as
:class:`LDict` and sequences as :class:`LList`, which remember the line of each key/item.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tradekg.graph.core.errors import InputError

__all__ = ["MAX_DEPTH", "LDict", "LList", "load_yaml"]

MAX_DEPTH = 32

try:  # libyaml is much faster; PyYAML wheels ship it, source builds may not.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """Safe loader whose booleans are only true/false."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class LDict(dict[str, Any]):
    """A mapping from an authoring file, with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list[Any]):
    """A sequence from an authoring file, with the line of the sequence and of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


_STR = "tag:yaml.org,2002:str"


def _check_events(text: str, path: str) -> None:
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError(path, line, "YAML anchors and aliases (& and *) are not allowed")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise InputError(path, line, "one YAML document per file (found a second '---')")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(path, line, f"nesting deeper than {MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _convert(node: yaml.Node, loader: _Loader, path: str) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise InputError(path, line, f"YAML tag {node.tag!r} is not allowed")
    if isinstance(node, yaml.MappingNode):
        result = LDict()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, path)
            if not isinstance(key, str):
                raise InputError(path, key_node.start_mark.line + 1, f"key {key!r} must be text")
            if key in result:
                raise InputError(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            result[key] = _convert(value_node, loader, path)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LList()
        items.line = line
        items.item_lines = []
        for item in node.value:
            items.append(_convert(item, loader, path))
            items.item_lines.append(item.start_mark.line + 1)
        return items
    if node.tag == _STR:  # (most scalars: the text as written, which is what the constructor gives)
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise InputError(path, line, f"bad value {node.value!r}: {exc}") from None


def load_yaml(text: str, path: str) -> Any:
    """Parse one YAML document into LDict/LList/scalars, raising InputError with a line."""
    try:
        _check_events(text, path)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise InputError(path, None, "file holds no YAML document")
            return _convert(node, loader, path)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise InputError(path, line, f"YAML syntax error: {reason}") from None
    except yaml.YAMLError as exc:
        raise InputError(path, None, f"YAML error: {exc}") from None
