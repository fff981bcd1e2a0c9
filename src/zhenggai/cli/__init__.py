"""The ``zhenggai`` command.

Each subcommand lives in its own module with a ``register(subparsers)``
function; Django is imported only by the commands that need it, so
``zhenggai parse`` works without a database.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that add subcommands, in the order shown by --help.
COMMAND_MODULES = [
    "zhenggai.cli.parse",
    "zhenggai.cli.check",
    "zhenggai.cli.analyze",
    "zhenggai.cli.web",
    "zhenggai.cli.report",
    "zhenggai.cli.remind",
    "zhenggai.cli.cleanup",
    "zhenggai.cli.backup",
    "zhenggai.cli.deploy",
    "zhenggai.cli.genload",
    "zhenggai.cli.corrections",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhenggai",
        description="巡视巡察整改工作系统 zhenggai",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
