"""`host-runtime lint`: check authored files before they go near a show."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..models.loader import KINDS, lint_file

AUTHORED_SUFFIXES = (".yaml", ".yml")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lint", help="check personas, catalogs, rundowns, profiles and script books",
                       description="Check authored files; prints every problem with file, line and field. "
                       "Exits 0 when all are valid, 1 otherwise. Directories are searched for YAML files. "
                       "A script book's unapproved lines are warnings; a beat with no approved line, or a "
                       "broken line (unknown slot, fact or SKU), is an error.")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE", help="files or directories to check")
    p.add_argument("--kind", choices=sorted(KINDS), help="treat every file as this kind instead of detecting it")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.set_defaults(func=run_lint)


def expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in AUTHORED_SUFFIXES))
        else:
            files.append(path)
    return files


def run_lint(args: argparse.Namespace) -> int:
    failed = 0
    files = expand(args.paths)
    for path in files:
        errors, warnings = lint_file(path, args.kind)
        for problem in [*errors, *warnings]:
            print(problem, file=sys.stdout)
        failed += bool(errors)
        if not errors and not args.quiet:
            print(f"{path}: ok" + (f" ({len(warnings)} warning{'s' * (len(warnings) != 1)})" if warnings else ""))
    if not args.quiet:
        print(f"{len(files) - failed} of {len(files)} file(s) valid")
    return 1 if failed or not files else 0
