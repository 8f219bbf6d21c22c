"""`host-runtime guard` and `host-runtime triage`: JSON Lines filters over stdin.

One utterance (or comment) per input line, one JSON object per output line, so QA teams and
other tools can pipe scripts and chat logs through the same checks a live show uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ..models import load_catalog, load_persona
from ..guardrails.guard import Guard
from ..guardrails.rules import PACKS_DIR, RulePack  # noqa: F401  (importing rules registers the rule_pack kind for lint)

JURISDICTIONS = sorted(p.stem for p in PACKS_DIR.glob("*.yaml") if p.stem != "baseline")


def register(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("guard", help="check sentences against the catalog and jurisdiction rules",
                       description="Read one utterance per line on stdin; write one JSON verdict per line: "
                       '{"text", "verdict": allow|rewrite|block, "violations": [...], "rewrite"}.')
    g.add_argument("--catalog", type=Path, required=True, help="catalog YAML file")
    g.add_argument("--jurisdiction", action="append", choices=JURISDICTIONS, required=True,
                   help="jurisdiction whose rule pack applies (repeat for several)")
    g.add_argument("--as-of", dest="as_of", help="ISO 8601 time that counts as now for prices, stock and promotions "
                   "(default: the real clock)")
    g.add_argument("--persona", type=Path, help="persona YAML file (its disclosure lines are approved speech)")
    g.add_argument("--sku", help="SKU of the product the current segment is about")
    g.set_defaults(func=run_guard)
    t = sub.add_parser("triage", help="classify viewer comments (intent, product, reason)",
                       description="Read one comment per line on stdin; write one JSON per line: "
                       '{"text", "sanitised", "intent", "sku", "reason"}. Steering attempts are prompt_injection.')
    t.add_argument("--catalog", type=Path, required=True, help="catalog YAML file")
    t.set_defaults(func=run_triage)


def parse_as_of(value: str | None) -> dt.datetime:
    from . import parse_time
    from ..models import UserError

    if value is None:
        return dt.datetime.now(dt.timezone.utc)
    try:
        return parse_time(value)
    except argparse.ArgumentTypeError:
        raise UserError(f"--as-of {value!r} is not an ISO 8601 time, e.g. 2026-11-29T12:00:00Z") from None


def run_guard(args: argparse.Namespace) -> int:
    from ..models import UserError

    at = parse_as_of(args.as_of)
    catalog = load_catalog(args.catalog)
    if args.sku:
        try:
            catalog.product(args.sku)
        except KeyError as err:
            raise UserError(f"--sku: {err.args[0]}") from None
    persona = load_persona(args.persona) if args.persona else None
    guard = Guard(catalog, args.jurisdiction, persona)
    for line in sys.stdin:
        text = line.rstrip("\n")
        if text.strip():
            print(json.dumps(guard.check(text, at, args.sku).to_json(), ensure_ascii=False), flush=True)
    return 0


def run_triage(args: argparse.Namespace) -> int:
    from ..guardrails.triage import triage

    catalog = load_catalog(args.catalog)
    for line in sys.stdin:
        text = line.rstrip("\n")
        if text.strip():
            print(json.dumps(triage(catalog, text).to_json(text), ensure_ascii=False), flush=True)
    return 0
