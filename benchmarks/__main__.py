"""Run every ``benchmarks/bench_*.py`` module's ``main()`` in name order."""
from __future__ import annotations

import importlib
from pathlib import Path


def main() -> None:
    for path in sorted(Path(__file__).resolve().parent.glob("bench_*.py")):
        print(f"== {path.stem} ==", flush=True)
        importlib.import_module(f"benchmarks.{path.stem}").main()


if __name__ == "__main__":
    main()
