"""The `host-runtime` command, a front end over the stages. Each stage's subcommands live in a
module of this package (``cli/live.py`` for ``live`` and ``demo``...) that exposes
``register(subparsers)``; stages never import it. This file wires them together and turns
expected failures into one clear line instead of a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys

from ..models import LoadError, UserError  # UserError: printed as one line, exit status 2

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models ship inside packages; never wait on a hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # model loading bars would bury the show's own output
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

#: modules that register subcommands, in the order `--help` lists them
COMMAND_MODULES = [
    "host_runtime.cli.models",
    "host_runtime.cli.director",
    "host_runtime.cli.avatar",
    "host_runtime.cli.audit",
    "host_runtime.cli.writer",
    "host_runtime.cli.guardrails",
    "host_runtime.cli.live",
    "host_runtime.cli.fleet",
    "host_runtime.cli.report",
    "host_runtime.cli.evals",
]


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 moment for --as-of options; without a zone it is UTC, like authored files."""
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="host-runtime",
        description="AI virtual host runtime for live commerce: every sentence is checked "
        "against the catalog and the law before it is spoken.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except LoadError as err:
        print(err, file=sys.stderr)
        return 1
    except UserError as err:
        print(f"host-runtime {args.command}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
