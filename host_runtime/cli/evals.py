"""`host-runtime eval SUITE`: run a suite, write the reports, exit 1 when a gate fails."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..evals.reports import write_reports
from ..evals.runner import run_suite


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="run an evaluation suite and write reports",
                       description="Run an eval suite (evals/*.yaml). Writes report.json, report.html and junit.xml "
                       "to --report; exits 0 when every gate passes, 1 otherwise.")
    p.add_argument("suite", type=Path, metavar="SUITE")
    p.add_argument("--report", type=Path, default=Path("out/eval"), metavar="DIR", help="where reports go (default: out/eval)")
    p.add_argument("--backend", choices=["transformers", "openai", "llamacpp"], help="LLM backend for answer and rehearsal cases")
    p.add_argument("--jurisdiction", choices=["us", "eu", "cn"], help="run only this jurisdiction's cases")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    report = run_suite(args.suite, args.jurisdiction, args.backend, show_progress=not args.no_progress and sys.stderr.isatty())
    paths = write_reports(report, args.report)
    counts = {s: sum(r.status == s for r in report.cases) for s in ("pass", "fail", "error")}
    print(f"{report.suite}: {'PASSED' if report.passed else 'FAILED'} in {report.seconds:.1f} s; "
          f"{counts['pass']} passed, {counts['fail']} failed, {counts['error']} errors")
    for gate in report.failed_gates:
        print(f"  gate failed: {gate.message}")
    print(f"  reports: {', '.join(str(p) for p in paths)}")
    return 0 if report.passed else 1
