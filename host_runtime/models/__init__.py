"""Schemas and loaders for every file users author; the single source of truth for their shape."""

from .catalog import Catalog, Product, Promotion, PricePoint
from .destination import Destination
from .fleet import Fleet, FleetShow
from .errors import LoadError, Problem, UserError
from .book import ScriptBook
from .loader import (KINDS, detect_kind, lint_file, load, load_any, load_book, load_catalog, load_destination,
                     load_fleet, load_persona, load_rundown, load_show,
                     register_kind)
from .persona import Persona
from .rundown import Rundown
from .show import ShowFile

__all__ = [
    "Catalog", "Fleet", "FleetShow", "Product", "Promotion", "PricePoint", "Destination", "LoadError", "Problem",
    "UserError", "KINDS", "load_fleet",
    "detect_kind", "load", "load_any", "load_catalog", "load_destination", "load_persona", "load_rundown",
    "register_kind", "Persona", "Rundown", "ScriptBook", "ShowFile", "lint_file", "load_book", "load_show",
]
