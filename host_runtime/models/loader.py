"""Load any authored file into its model, or fail with every problem in it at once."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .base import Authored
from .book import ScriptBook
from .catalog import Catalog
from .destination import Destination
from .errors import LoadError, Problem
from .fleet import Fleet
from .persona import Persona
from .rundown import Rundown
from .show import ShowFile
from .source import Source, read_yaml

M = TypeVar("M", bound=Authored)

#: kind name -> (model, the top-level key that identifies such a file). Other stages add theirs
#: (rule packs, eval suites) with ``register_kind`` so `lint` knows every file users author.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "fleet": (Fleet, "fleet"),  # first: its shows may carry a show file's keys
    "show": (ShowFile, "show"),  # first: a show file names a book, a catalog... too
    "book": (ScriptBook, "book"),  # before catalogs: a book has `products:` too
    "catalog": (Catalog, "products"),
    "persona": (Persona, "disclosure"),
    "rundown": (Rundown, "segments"),
    "destination": (Destination, "url"),
}

def register_kind(kind: str, model: type[BaseModel], marker_key: str) -> None:
    KINDS[kind] = (model, marker_key)

def detect_kind(source: Source) -> str:
    """The kind whose marker key the file has; failing that, the kind whose fields it shares
    most, so a persona missing its disclosure is still linted as a persona."""
    if isinstance(source.data, dict):
        for kind, (_, marker) in KINDS.items():
            if marker in source.data:
                return kind
        keys = set(source.data)
        overlap = {kind: len(keys & set(model.model_fields)) for kind, (model, _) in KINDS.items()}
        best = max(overlap.values(), default=0)
        winners = [kind for kind, n in overlap.items() if n == best]
        if best and len(winners) == 1:
            return winners[0]
    known = ", ".join(f"{k} (has '{m}:')" for k, (_, m) in KINDS.items())
    raise LoadError(source.path, [Problem(str(source.path), 1, "", f"cannot tell what kind of file this is; expected one of: {known}; or pass --kind")])


def validate(source: Source, model: type[M]) -> M:
    if not isinstance(source.data, dict):
        raise LoadError(source.path, [source.problem((), f"expected a mapping of keys at the top of the file, found {type(source.data).__name__}")])
    try:
        obj = model.model_validate(source.data)
    except ValidationError as err:
        raise LoadError(source.path, source.validation_problems(err)) from None
    problems = [source.problem(loc, msg) for loc, msg in obj.cross_checks(source.path.parent)]
    if problems:
        raise LoadError(source.path, problems)
    return obj

def load(path: Path | str, model: type[M]) -> M:
    return validate(read_yaml(path), model)

def load_any(path: Path | str, kind: str | None = None) -> BaseModel:
    source = read_yaml(path)
    return validate(source, KINDS[kind or detect_kind(source)][0])


def lint_file(path: Path | str, kind: str | None = None) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for one file: its load errors, or what its review still finds (a
    script book's unapproved lines and beats with no approved line)."""
    try:
        source = read_yaml(path)
        obj = validate(source, KINDS[kind or detect_kind(source)][0])
    except LoadError as err:
        return err.problems, []
    review = obj.review(source.path.parent) if isinstance(obj, Authored) else []
    errors = [source.problem(loc, msg) for loc, msg, is_error in review if is_error]
    for loc, linked in obj.linked(source.path.parent) if isinstance(obj, Authored) else []:
        errors += [source.problem(loc, str(p)) for p in lint_file(linked)[0]]
    warnings = [source.problem(loc, f"warning: {msg}") for loc, msg, is_error in review if not is_error]
    return errors, warnings


def load_book(path: Path | str) -> ScriptBook:
    return load(path, ScriptBook)

def load_catalog(path: Path | str) -> Catalog:
    return load(path, Catalog)

def load_persona(path: Path | str) -> Persona:
    return load(path, Persona)

def load_rundown(path: Path | str) -> Rundown:
    return load(path, Rundown)

def load_destination(path: Path | str) -> Destination:
    return load(path, Destination)

def load_show(path: Path | str) -> ShowFile:
    return load(path, ShowFile)

def load_fleet(path: Path | str) -> Fleet:
    return load(path, Fleet)

