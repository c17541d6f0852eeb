"""The study's reported numbers, transcribed once in ``data/paper_reported.json``.

Every chapter that puts "paper" beside "ours" reads them from here, so a typo is
fixed in one place. Values are as printed; see the JSON's ``inconsistencies``.
"""
from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from vecmbook.paths import DATA_DIR

PAPER_JSON = DATA_DIR / "paper_reported.json"
FEVD_TABLES = {"LEXS1": "table4_fevd", "LEXS2": "table5_fevd"}


@lru_cache(maxsize=1)
def _cached() -> str:
    return PAPER_JSON.read_text(encoding="utf-8")


def load_paper_reported() -> dict:
    """The whole transcription as a fresh dict (safe to modify)."""
    return json.loads(_cached())


def fevd_frame(response: str) -> pd.DataFrame:
    """Table 4 (``"LEXS1"``) or Table 5 (``"LEXS2"``) indexed by period: S.E. and shares in percent."""
    if response not in FEVD_TABLES:
        raise ValueError(f"response must be one of {sorted(FEVD_TABLES)}, got {response!r}")
    table = load_paper_reported()[FEVD_TABLES[response]]
    frame = pd.DataFrame(table["rows"], columns=table["columns"]).set_index("period")
    return frame.rename(columns={"se": "S.E."})


def johansen_frame() -> pd.DataFrame:
    """Table 3 in its printed layout (the p-value column renamed to what it holds)."""
    rows = load_paper_reported()["table3_johansen"]["rows"]
    return pd.DataFrame({
        "Hypothesized No. of CE(s)": [r["label_in_paper"] for r in rows],
        "Eigenvalue": [r["eigenvalue"] for r in rows],
        "Trace Statistic": [r["trace"] for r in rows],
        "0.05 Critical Value": [r["cv05"] for r in rows],
        "Prob.": [r["prob"] for r in rows],
    })


def unit_root_frame() -> pd.DataFrame:
    """Table 2 as tidy rows: one per (variable, form, test) with the paper's label and verdict."""
    records = []
    for row in load_paper_reported()["table2_unit_roots"]["rows"]:
        for test in ("adf", "pp"):
            cell = row[test]
            records.append({
                "label_in_paper": row["label_in_paper"], "variable": row["variable"], "form": row["form"],
                "test": test.upper(), "stat": cell["stat"], "pvalue": cell["pvalue"],
                "result": cell["result"], "as_printed": cell["as_printed"],
            })
    return pd.DataFrame.from_records(records)
