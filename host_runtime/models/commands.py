"""`host-runtime lint`: check authored files before they go near a show."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import LoadError
from .loader import KINDS, load_any

AUTHORED_SUFFIXES = (".yaml", ".yml")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lint", help="check personas, catalogs, rundowns and profiles",
                       description="Check authored files; prints every problem with file, line and field. "
                       "Exits 0 when all are valid, 1 otherwise. Directories are searched for YAML files.")
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
        try:
            load_any(path, args.kind)
        except LoadError as err:
            failed += 1
            print(err, file=sys.stdout)
        else:
            if not args.quiet:
                print(f"{path}: ok")
    if not args.quiet:
        print(f"{len(files) - failed} of {len(files)} file(s) valid")
    return 1 if failed or not files else 0
