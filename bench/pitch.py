"""Pitch benchmark: how a 30-minute rehearsal of the demo show sounds, as numbers (spec-recital
share, hook/offer/call to action each round, distinct-bigram ratio, repeats within ten minutes,
model-written share), with stock templates and with the shipped script book; and the
broken-draft patterns over accepted model drafts.

    .venv/bin/python bench/pitch.py [--minutes 30] [--drafts 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from host_runtime.evals.pitch import broken_draft, pitch_report  # noqa: E402
from host_runtime.guardrails import Guard  # noqa: E402
from host_runtime.models import load_catalog, load_persona  # noqa: E402
from host_runtime.writer.beats import pitch_beats  # noqa: E402
from host_runtime.writer.facts import FactSheet  # noqa: E402
from host_runtime.writer.guarded import GuardedWriter  # noqa: E402
from host_runtime.writer.llm import LLMSettings  # noqa: E402

AS_OF = "2026-11-29T12:00:00Z"


def rehearsal(minutes: float, *extra: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "host_runtime.cli", "rehearse", "--minutes", str(minutes),
                          "--as-of", AS_OF, *extra], cwd=ROOT, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def accepted_drafts(wanted: int) -> tuple[list[str], int]:
    """Model drafts the writer keeps (grounded, sentences, allowed), over the demo products."""
    catalog = load_catalog(ROOT / "product_catalog" / "demo.yaml")
    persona = load_persona(ROOT / "personas" / "nova.yaml")
    at = dt.datetime.fromisoformat(AS_OF.replace("Z", "+00:00"))
    writer = GuardedWriter(persona, Guard(catalog, ["us", "eu"], persona), LLMSettings("llamacpp"))
    kept: list[str] = []
    while len(kept) < wanted and writer.stats.llm_calls < wanted * 20:
        for product in catalog.products:
            sheet = FactSheet(catalog, product, at, ["us", "eu"])
            for beat in pitch_beats(sheet):
                if beat.brief:
                    cleaned = writer.clean(sheet, beat, writer.draft(sheet, beat))
                    vetted = writer.vet(cleaned[0], at, product.sku, lambda _: True) if cleaned else None
                    if vetted:
                        kept.append(vetted[0])  # as it would be spoken (a rewrite, where the guard made one)
    return kept[:wanted], writer.stats.llm_calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--drafts", type=int, default=200)
    args = parser.parse_args()
    for label, extra in (("stock templates", ()), ("shipped script book", ("--book", "scripts/books/demo.book.yaml"))):
        print(f"{args.minutes:g}-minute rehearsal, {label}:")
        for line in pitch_report(rehearsal(args.minutes, *extra)).lines():
            print(f"  {line}")
    kept, calls = accepted_drafts(args.drafts)
    broken = [t for t in kept if broken_draft(t)]
    print(f"accepted model drafts: {len(kept)} of {calls} drafted; broken-draft patterns matched: {len(broken)}")
    for text in broken[:10]:
        print(f"  broken: {text}")
    for text in kept[:: max(1, len(kept) // 12)]:  # a sample to read: the patterns catch only what they name
        print(f"  accepted: {text}")


if __name__ == "__main__":
    main()
