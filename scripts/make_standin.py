"""Regenerate the stand-in dataset and its true parameters (seeded, byte-reproducible).

    .venv/bin/python scripts/make_standin.py            # rewrites data/dongguan_standin.csv + standin_truth.json
    .venv/bin/python scripts/make_standin.py --out DIR  # writes them into DIR instead

The model, the calibration and the seed rule are documented in vecmbook/standin.py
and data/README.md. The output is simulated: it is NOT Dongguan's data.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vecmbook import standin  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(standin.DATA_DIR), help="output folder (default: data/)")
    p.add_argument("--verbose", action="store_true", help="name every rejected seed and why")
    ns = p.parse_args(argv)
    csv_path, json_path = standin.write(ns.out, progress=ns.verbose)
    rec = standin.truth_record(json_path)
    rejected = sum(rec["seeds_rejected"].values())
    print(f"seed {rec['seed']} accepted after {rejected} rejected draw(s) from base {rec['seed_base']}:")
    for reason, count in rec["seeds_rejected"].items():
        print(f"  {count:5d} x {reason}")
    print(f"wrote {csv_path} and {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
