"""Run scripts/gretl_shift_reference.inp with gretlcli and collect its matrices into one JSON file.

Usage: python scripts/gretl_shift_reference.py [OUT.json]   (default tests/fixtures/gretl_shift.json)

The reference for ``--shift`` (issue 14): gretl's ``johansen`` and ``vecm`` with a level shift in
1983Q1 on the Danish money-demand data (data/johansen_juselius_1990_denmark.csv), the step in
gretl's list of variables restricted to the cointegration space, its impulses unrestricted.
gretl's options --rc / --uc / --crt are our cases 2 / 3 / 4, its lag order K our lags + 1.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gretl_shift_reference.inp"
DATA = ROOT / "data" / "johansen_juselius_1990_denmark.csv"
CASE_OF_OPTION = {"rc": 2, "uc": 3, "crt": 4}


def read_matrix(path: Path) -> list[list[float]]:
    """A matrix written by gretl's ``mwrite``: a "rows cols" line, then the rows."""
    lines = path.read_text().split("\n")
    rows, cols = map(int, lines[0].split())
    values = np.array([float(x) for line in lines[1:1 + rows] for x in line.split()]).reshape(rows, cols)
    return values.tolist()


def gretl_version() -> str:
    head = subprocess.run(["gretlcli", "--version"], capture_output=True, text=True).stdout
    match = re.search(r"gretl version (\S+)", head)
    return match.group(1) if match else "unknown"


def reference() -> dict:
    """Run gretl now and return the reference as a JSON-ready dict."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"DATA": str(DATA), "OUT": tmp, "PATH": "/usr/bin:/bin:/usr/local/bin"}
        subprocess.run(["gretlcli", "-b", str(SCRIPT)], check=True, capture_output=True, env=env, cwd=tmp)
        designs: dict[str, dict] = {}
        for path in sorted(Path(tmp).glob("*.mat")):
            option, k, *rest = path.stem.split("_")
            d = designs.setdefault(f"{option}_{k}", {"case": CASE_OF_OPTION[option], "K": int(k[1:])})
            if rest[0] == "test":
                d["test"] = read_matrix(path)
            else:
                d.setdefault(rest[0], {})[rest[1]] = read_matrix(path)
    return {"gretl_version": gretl_version(), "data": DATA.name, "shift": "1983Q1",
            "variables": ["LRM", "LRY", "IBO", "IDE"], "designs": designs}


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else ROOT / "tests" / "fixtures" / "gretl_shift.json"
    out.write_text(json.dumps(reference(), indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
