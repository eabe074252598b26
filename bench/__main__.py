"""Run every benchmark module of this package, or the one named: `python -m bench [NAME ...]`."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name != "__main__"
    )
    chosen, args = (argv[:1], argv[1:]) if argv and argv[0] in names else (names, argv)
    for name in chosen:
        print(f"== bench.{name}", flush=True)
        importlib.import_module(f"bench.{name}").main(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
