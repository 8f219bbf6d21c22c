"""`host-runtime plan` and `host-runtime demo`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..models import load_catalog, load_persona
from ..director.plan import load_rundown_for, one_pass

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {
    "persona": ROOT / "personas" / "nova.yaml",
    "catalog": ROOT / "product_catalog" / "demo.yaml",
    "rundown": ROOT / "scripts" / "default.yaml",
}


def add_show_args(p: argparse.ArgumentParser) -> None:
    """The three files every show needs, defaulting to the shipped demo."""
    for name, default in DEFAULTS.items():
        p.add_argument(f"--{name}", type=Path, default=default, help=f"{name} file (default: {default.relative_to(ROOT)})")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="print the show plan a rundown gives for a catalog",
                       description="Expand a rundown over a catalog and print one pass of the show.")
    add_show_args(p)
    p.set_defaults(func=run_plan)
    d = sub.add_parser("demo", help="run the built-in demo: a five-minute show with the operator console",
                       description="Lint the shipped files, then run the demo show file (shows/demo.show.yaml: five minutes, the "
                       "default persona, catalog and rundown) with the operator console: open the printed address to "
                       "watch and steer it. Recorded locally (show.mp4, its audit log and the post-show report, paths "
                       "printed at the end) and pushed to rtmp://127.0.0.1:1935/live/demo as well when a local "
                       "nginx-rtmp answers there.")
    d.set_defaults(func=run_demo)


def run_plan(args: argparse.Namespace) -> int:
    persona, catalog = load_persona(args.persona), load_catalog(args.catalog)
    rundown = load_rundown_for(args.rundown, catalog)
    plan = one_pass(rundown, catalog)
    names = {p.sku: p.name for p in catalog.products}
    print(f"{rundown.name} with {persona.display_name} ({', '.join(persona.jurisdictions)}), "
          f"{catalog.store or 'catalog'} in {catalog.currency}{', looping' if rundown.loop else ''}")
    t = 0.0
    for seg in plan:
        what = f"{seg.sku}  {names[seg.sku]}" if seg.sku else ""
        print(f"  {int(t // 60):3d}:{int(t % 60):02d}  {seg.kind:<7} {what}")
        t += seg.seconds
    print(f"  one pass: {t / 60:.1f} minutes, {len(plan)} segments")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from .. import models
    from .models import expand

    for path in expand([ROOT / d for d in ("personas", "product_catalog", "scripts", "streaming", "shows")]):
        models.load_any(path)
    print("all shipped personas, catalogs, rundowns, profiles and show files are valid")
    from .live import run_demo_show

    return run_demo_show()
