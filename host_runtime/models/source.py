"""YAML reading that remembers where every value came from.

pydantic reports errors by location path (``products.3.price``); authors need a line number.
We compose the YAML node tree once, build plain data from it and a map from path to line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import LoadError, Problem

from .base import Loc as Path_


@dataclass
class Source:
    """Parsed YAML data plus the line of each path in it."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, loc: Path_) -> int | None:
        """The line of the deepest known path that prefixes ``loc``."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())

    def problem(self, loc: Path_, message: str) -> Problem:
        return Problem(str(self.path), self.line_of(loc), dotted(loc), message)

    def real_loc(self, loc: Path_) -> Path_:
        """Drop the parts pydantic adds for unions and tags, which are not keys in the file."""
        out: list[str | int] = []
        data = self.data
        for i, part in enumerate(loc):
            if isinstance(data, dict):
                if part in data:
                    data = data[part]
                    out.append(part)
                elif i == len(loc) - 1 and part not in data.values():
                    out.append(part)  # a missing key: name it
                continue  # a union tag (between two real keys, or last where the whole member failed)
            if isinstance(data, list) and isinstance(part, int) and part < len(data):
                data = data[part]
                out.append(part)
                continue
            break  # below a scalar: only type names follow
        return tuple(out)

    def validation_problems(self, err: ValidationError) -> list[Problem]:
        """One problem per location; a value that fits no member of a union gets one merged line."""
        by_loc: dict[Path_, list[str]] = {}
        for e in err.errors():
            msg = e["msg"]
            if e["type"] == "extra_forbidden":
                msg = "unknown key (check its spelling and indentation)"
            elif e["type"] == "missing":
                msg = "required key is missing"
            elif e["type"] == "value_error":
                msg = msg.removeprefix("Value error, ")
            msgs = by_loc.setdefault(self.real_loc(e["loc"]), [])
            if msg not in msgs:
                msgs.append(msg)
        return [self.problem(loc, msgs[0] if len(msgs) == 1 else _merge(msgs)) for loc, msgs in by_loc.items()]


def _merge(msgs: list[str]) -> str:
    kinds = [m.removeprefix("Input should be a valid ") for m in msgs if m.startswith("Input should be a valid ")]
    if len(kinds) == len(msgs):
        return "Input should be one of: " + ", ".join(kinds)
    return "; ".join(msgs)


def dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_constructor = yaml.SafeLoader(b"")


def read_yaml(path: Path | str) -> Source:
    """Read a YAML file; a syntax error becomes a LoadError with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(path, [Problem(str(path), None, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(path, [Problem(str(path), None, "", f"cannot read: {exc}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise LoadError(path, [Problem(str(path), line, "", f"YAML syntax error: {reason}")]) from None
    source = Source(path, None)
    if node is None:
        raise LoadError(path, [Problem(str(path), 1, "", "file is empty")])
    problems: list[Problem] = []
    source.data = _build(node, (), source.lines, problems, str(path))
    if problems:
        raise LoadError(path, problems)
    return source


def _build(node: yaml.Node, loc: Path_, lines: dict[Path_, int], problems: list[Problem], name: str) -> Any:
    """Plain data from a node tree; a key given twice is an error, since YAML would keep only one."""
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loc, problems, name) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                problems.append(Problem(name, key_node.start_mark.line + 1, dotted(loc), "a key must be a plain word"))
                continue
            if isinstance(key, (dt.date, int, float, bool)) and not isinstance(key, str):
                key = str(key_node.value)
            if key in out:
                problems.append(Problem(name, key_node.start_mark.line + 1, dotted((*loc, key)),
                                    "key given twice; only one would be kept"))
            out[key] = _build(value_node, (*loc, key), lines, problems, name)
            lines[(*loc, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*loc, i), lines, problems, name) for i, child in enumerate(node.value)]
    return _scalar(node, loc, problems, name)


def _scalar(node: yaml.Node, loc: Path_, problems: list[Problem], name: str) -> Any:
    """A scalar's value; one YAML cannot build (a month of 13, ``!!int abc``, an unknown tag)
    is a problem at its line, never a traceback, and reads as None so the rest is still checked."""
    try:
        return _constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(name, node.start_mark.line + 1, dotted(loc), f"not a valid value {node.value!r}: {reason}"))
        return None
