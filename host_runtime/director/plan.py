"""Expand a catalog-independent rundown into the concrete segments of one show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal

from pathlib import Path

from ..models import Catalog, LoadError, Problem, Rundown, load_rundown
from ..models.rundown import Opening, Products, Recap

SegmentKind = Literal["opening", "pitch", "qa", "recap"]


@dataclass(frozen=True)
class PlannedSegment:
    kind: SegmentKind
    seconds: float
    sku: str | None = None


def one_pass(rundown: Rundown, catalog: Catalog) -> list[PlannedSegment]:
    """The segments of one pass through the rundown."""
    out: list[PlannedSegment] = []
    for seg in rundown.segments:
        if isinstance(seg, (Opening, Recap)):
            out.append(PlannedSegment(seg.kind, seg.minutes * 60))
        elif isinstance(seg, Products):
            for sku in selected_skus(seg, catalog):
                out.append(PlannedSegment("pitch", seg.pitch_minutes * 60, sku))
                out.append(PlannedSegment("qa", seg.qa_minutes * 60, sku))
    return out


def selected_skus(seg: Products, catalog: Catalog) -> list[str]:
    if seg.products == "all":
        return [p.sku for p in catalog.products]
    if seg.products == "in_stock":
        return [p.sku for p in catalog.products if p.inventory is None or p.inventory > 0]
    known = {p.sku for p in catalog.products}
    missing = [s for s in seg.products if s not in known]
    if missing:
        raise KeyError(f"rundown names SKU(s) not in the catalog: {', '.join(missing)}")
    return list(seg.products)


def segments(rundown: Rundown, catalog: Catalog) -> Iterator[PlannedSegment]:
    """The show's segments in order, looping forever when the rundown loops."""
    plan = one_pass(rundown, catalog)
    while True:
        yield from plan
        if not rundown.loop:
            return


def load_rundown_for(path: Path, catalog: Catalog) -> Rundown:
    """A rundown that names only SKUs the catalog has; otherwise a LoadError naming the file,
    so a show never starts on a plan it cannot follow."""
    rundown = load_rundown(path)
    try:
        one_pass(rundown, catalog)
    except KeyError as err:
        raise LoadError(path, [Problem(str(path), None, "segments", err.args[0])]) from None
    return rundown
