"""Writer benchmark, per available backend, each in its own process: model load time, tokens/s,
peak RSS, time to the first compliant sentence after load, and how often the model's drafts
were kept, rewritten, regenerated or replaced by approved copy.

    .venv/bin/python bench/writer.py [--products N] [--backend llamacpp|transformers|openai ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from host_runtime.guardrails import Guard  # noqa: E402
from host_runtime.models import load_catalog, load_persona  # noqa: E402
from host_runtime.writer.beats import pitch_beats  # noqa: E402
from host_runtime.writer.facts import FactSheet  # noqa: E402
from host_runtime.writer.guarded import GuardedWriter  # noqa: E402
from host_runtime.writer.llm import LLMSettings, LLMUnavailable, chat_model  # noqa: E402

AS_OF = dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc)


def available(backend: str) -> bool:
    if backend == "transformers":
        return True
    if backend == "openai":
        return bool(os.environ.get("HOST_RUNTIME_LLM_MODEL") and (os.environ.get("OPENAI_BASE_URL")
                                                                  or os.environ.get("OPENAI_API_KEY")))
    import importlib.util

    return importlib.util.find_spec("xllamacpp") is not None


def bench(backend: str, products: int) -> None:
    catalog = load_catalog(ROOT / "product_catalog" / "demo.yaml")
    persona = load_persona(ROOT / "personas" / "nova.yaml")
    settings = LLMSettings.from_persona(persona, backend)
    start = time.perf_counter()
    try:
        chat_model(settings)
    except LLMUnavailable as err:
        print(f"{backend}: unavailable ({err})")
        return
    load_s = time.perf_counter() - start
    loaded = time.perf_counter()
    guard = Guard(catalog, ["us", "eu"], persona)
    writer = GuardedWriter(persona, guard, settings)
    first: float | None = None
    for product in catalog.products[:products]:
        sheet = FactSheet(catalog, product, AS_OF, ["us", "eu"])
        for beat in pitch_beats(sheet):
            if not beat.brief:
                continue
            sentence = writer.say(sheet, beat, AS_OF, use_llm=True)
            if first is None and sentence is not None and sentence.source == "llm":
                first = time.perf_counter() - loaded
    s = writer.stats
    n = max(1, s.sentences)
    llm_kept = n - s.fallbacks
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{backend}: model load {load_s:.2f} s; first compliant model sentence {first or 0:.2f} s after load; "
          f"peak RSS {rss:.0f} MB (whole process: guard, embeddings and model)")
    print(f"  {s.llm_calls} drafts, {s.llm_tokens} tokens in {s.llm_seconds:.1f} s: "
          f"{s.llm_tokens / max(s.llm_seconds, 1e-9):.1f} tokens/s, {s.llm_seconds / max(1, s.llm_calls):.2f} s/draft")
    print(f"  {s.sentences} sentences: model's own {llm_kept / n:.0%}, rewrite {s.rewrites / n:.0%}, "
          f"regeneration {s.regenerations / n:.0%}, fallback to approved copy {s.fallbacks / n:.0%}")
    print(f"  drafts accepted: {llm_kept} of {s.llm_calls} ({llm_kept / max(1, s.llm_calls):.0%}); "
          f"dropped as ungrounded: {s.ungrounded} ({s.ungrounded / max(1, s.llm_calls):.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2, help="products to pitch (default: 2)")
    parser.add_argument("--backend", action="append", choices=["llamacpp", "transformers", "openai"])
    parser.add_argument("--here", action="store_true", help="run in this process (one backend), for the RSS figure")
    args = parser.parse_args()
    backends = args.backend or ["llamacpp", "transformers", "openai"]
    if args.here:
        bench(backends[0], args.products)
        return
    for backend in backends:
        if available(backend):  # a process each: RSS and threads of one model never count for another
            subprocess.run([sys.executable, __file__, "--here", "--backend", backend, "--products", str(args.products)],
                           check=False)
        else:
            print(f"{backend}: not configured here, skipped")


if __name__ == "__main__":
    main()
