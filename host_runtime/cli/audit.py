"""`host-runtime audit verify FILE`: check an audit log's hash chain."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..audit.log import verify


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="work with utterance audit logs",
                       description="Inspect the append-only, hash-chained audit log a show writes.")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = audit_sub.add_parser("verify", help="check that no record was edited, dropped, reordered or cut",
                             description="Walk the hash chain. Prints OK with the record count and last hash "
                             "(compare it with a copy kept elsewhere to detect records cut off the end), or the "
                             "first bad record; exits 0 when the chain holds, 1 otherwise.")
    v.add_argument("file", type=Path, metavar="FILE", help="audit log (JSONL)")
    v.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from ..models import UserError

    if not args.file.is_file():
        raise UserError(f"{args.file}: no such file")
    result = verify(args.file)
    print(f"{args.file}: {result}")
    return 0 if result.ok else 1
