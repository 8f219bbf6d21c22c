"""Shared fixtures for the guardrails tests: the demo catalog and guards built once per session."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from host_runtime.guardrails import Guard
from host_runtime.models import Catalog, load_catalog

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "product_catalog" / "demo.yaml"
AT = dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc)


@cache
def catalog(path: Path = DEMO) -> Catalog:
    return load_catalog(path)


@cache
def guard(*jurisdictions: str, path: Path = DEMO) -> Guard:
    return Guard(catalog(path), list(jurisdictions))


def categories(text: str, *jurisdictions: str, sku: str | None = None, at: dt.datetime = AT, path: Path = DEMO) -> set[str]:
    return {v.category for v in guard(*(jurisdictions or ("us",)), path=path).check(text, at, sku).violations}
