"""`host-runtime report AUDIT_LOG`: the post-show report of a show or a rehearsal."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="the post-show report of a show or rehearsal, from its audit log",
                       description="Read an audit log (host-runtime live, or rehearse --audit) and write report.html "
                       "and report.json beside it: timeline, what was said per product, verdicts with every blocked "
                       "or rewritten line and its rule, comments answered and dropped, answer latency, disclosure "
                       "times, ingest and A/V health, operator actions; plus blocked.jsonl and unanswered.jsonl, "
                       "ready to append to the eval datasets.")
    p.add_argument("audit", type=Path, metavar="AUDIT_LOG", help="audit log (JSONL)")
    p.add_argument("--out", type=Path, metavar="DIR", help="where to write (default: beside the audit log)")
    p.set_defaults(func=run_report)


def print_report(audit: Path, out: Path | None = None) -> list[Path]:
    from ..report import write

    paths = write(audit, out)
    print(f"report: {paths[1]} (and {paths[0].name}; exports {paths[2].name}, {paths[3].name})")
    return paths


def run_report(args: argparse.Namespace) -> int:
    from ..models import UserError

    if not args.audit.is_file():
        raise UserError(f"{args.audit}: no such file")
    try:
        print_report(args.audit, args.out)
    except (ValueError, KeyError) as err:
        raise UserError(f"{args.audit}: not an audit log this version can read ({type(err).__name__}: {err})") from None
    except OSError as err:
        raise UserError(f"{args.out or args.audit.parent}: cannot write the report there ({err.strerror or err})") from None
    return 0
