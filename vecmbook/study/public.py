"""Public figures for the study's series, converted to the stand-in's units where possible.

``data/public_figures.csv`` (a copy of the shared collection) lists every public
figure found for Dongguan's GDP, FDI and exports: value and unit as the source gives
them, a scope note, the source link and a confidence grade. They are anchors to
compare with, not a dataset. :func:`load_public_figures` returns them tidy, in the
units of ``data/dongguan_standin.csv`` (GDP in 100 million RMB, FDI in 100 million
USD, export shares as fractions) and says for each row whether it can be drawn on
a model series (``plottable``) and, if not, why (``reason``).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from vecmbook.paths import DATA_DIR
from vecmbook.study.paper import load_paper_reported

PUBLIC_CSV = DATA_DIR / "public_figures.csv"
YEARS = (1995, 2024)
RMB, USD, FRACTION = "100 million RMB", "100 million USD", "fraction of total exports"
#: (pattern on the lower-cased source unit, factor to the target unit, target unit)
_UNITS = [
    (r"^(100 million rmb|rmb 100 million)", 1.0, RMB),
    (r"^(100 million usd|usd 100 million)", 1.0, USD),
    (r"^billion rmb", 10.0, RMB),
    (r"^billion usd", 10.0, USD),
    (r"^percent of total exports", 0.01, FRACTION),
    (r"^percent$", 0.01, "fraction of processing-trade exports"),
]
#: series whose level is a model variable in these units
_MODEL = {("gdp", RMB): "GDP", ("fdi", USD): "FDI", ("exports_me", FRACTION): "EXS1",
          ("exports_general", FRACTION): "EXS2"}
_GRADES = ["low", "study", "medium-high"]
COLUMNS = ["year", "series", "model_series", "value", "unit", "bound", "plottable", "reason",
           "value_raw", "unit_raw", "growth_pct", "confidence", "source_url", "scope_note", "origin"]


def _parse_value(text: str) -> tuple[float, bool]:
    """Number and whether the text marks it as a lower bound ("1.2万亿+", "over 1 trillion")."""
    text = text.strip()
    lower = text.endswith("+") or text.lower().startswith(("over", "more than"))
    if m := re.match(r"^([\d.]+)\s*万亿", text):  # 万亿 = 10^12 = 10 000 x 100 million
        return float(m.group(1)) * 1e4, lower
    try:
        return float(text), lower
    except ValueError:
        return np.nan, lower


def _convert(series: str, value_raw: str, unit_raw: str) -> dict:
    """Converted value, unit, bound, model series and (if not plottable) the reason."""
    value, lower = _parse_value(value_raw)
    unit_l = unit_raw.strip().lower()
    lower = lower or "lower bound" in unit_l
    out = {"value": np.nan, "unit": unit_raw, "bound": "lower" if lower else "level", "model_series": ""}
    if not value_raw.strip():
        return out | {"reason": "growth rate only, no level"}
    for pattern, factor, target in _UNITS:
        if re.match(pattern, unit_l):
            out |= {"value": value * factor if np.isfinite(value) else np.nan, "unit": target,
                    "model_series": _MODEL.get((series, target), "")}
            break
    else:
        return out | {"reason": "lower bound only" if lower else f"unit {unit_raw!r} not convertible"}
    if series == "fdi" and out["unit"] == RMB:
        return out | {"reason": "FDI in RMB; the model series is in USD (needs an exchange rate)"}
    if not np.isfinite(out["value"]):
        return out | {"reason": f"value {value_raw!r} is not a number"}
    if not out["model_series"]:
        return out | {"reason": "not one of the model's series (a component or a different scope)"}
    if lower:
        return out | {"reason": "lower bound only"}
    return out | {"reason": ""}


def _derived_shares(rows: pd.DataFrame) -> pd.DataFrame:
    """EXS1 = exports_me / exports_total and EXS2 = exports_general / exports_total,
    only where both are exact levels of the same year in the same unit."""
    levels = rows[(rows["bound"] == "level") & rows["unit"].isin([RMB, USD]) & rows["value"].notna()]
    totals = levels[levels["series"] == "exports_total"]
    out = []
    for part, model in (("exports_me", "EXS1"), ("exports_general", "EXS2")):
        for _, num in levels[levels["series"] == part].iterrows():
            match = totals[(totals["year"] == num["year"]) & (totals["unit"] == num["unit"])]
            for _, den in match.drop_duplicates("value").iterrows():
                grade = min(num["confidence"], den["confidence"], key=_GRADES.index)
                out.append({
                    "year": num["year"], "series": f"{part}/exports_total", "model_series": model,
                    "value": num["value"] / den["value"], "unit": FRACTION, "bound": "level",
                    "value_raw": f"{num['value_raw']} / {den['value_raw']}", "unit_raw": num["unit"],
                    "growth_pct": "", "confidence": grade,
                    "source_url": " ; ".join(dict.fromkeys([num["source_url"], den["source_url"]])),
                    "scope_note": f"derived: {part} / exports_total, same year and unit",
                    "origin": f"derived from {num['origin']} and {den['origin']}",
                })
    return pd.DataFrame(out, columns=[c for c in COLUMNS if c not in ("plottable", "reason")])


def _study_rows() -> pd.DataFrame:
    """Background figures quoted by the study itself (graded 'study')."""
    block = load_paper_reported()["section3_figures"]
    return pd.DataFrame([{
        "year": it["year"], "series": it["series"], "value_raw": str(it["value"]), "unit_raw": it["unit"],
        "scope_note": it.get("note", f"as printed: {it['as_printed']}"),
        "growth_pct": "" if it["growth_pct"] is None else str(it["growth_pct"]),
        "source_url": "the study, " + block["source"].split(" (")[0], "confidence": "study",
        "doubtful": "note" in it,
    } for it in block["items"]])


def load_public_figures(path: str | Path = PUBLIC_CSV, include_study: bool = True) -> pd.DataFrame:
    """Tidy public figures with values in model units, one row per figure (see module doc).

    ``include_study`` adds the background figures quoted in the study's sections 2–3
    (grade ``"study"``); figures the study contradicts itself on are not plottable.
    Derived share rows (``series`` like ``exports_general/exports_total``) follow.
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw["origin"] = [f"{Path(path).name} line {i + 2}" for i in range(len(raw))]
    raw = raw.rename(columns={"value": "value_raw", "unit": "unit_raw"})
    raw["doubtful"] = False
    if include_study:
        study = _study_rows()
        study["origin"] = "paper_reported.json section3_figures"
        raw = pd.concat([raw, study], ignore_index=True)
    raw["year"] = raw["year"].astype(int)
    conv = pd.DataFrame([_convert(s, v, u) for s, v, u in zip(raw["series"], raw["value_raw"], raw["unit_raw"])])
    rows = pd.concat([raw.reset_index(drop=True), conv], axis=1)
    doubt = rows["doubtful"] & (rows["reason"] == "")
    rows.loc[doubt, "reason"] = "the study contradicts this figure elsewhere (see paper_reported.json)"
    rows = pd.concat([rows, _derived_shares(rows).assign(reason="")], ignore_index=True)
    outside = (rows["year"] < YEARS[0]) | (rows["year"] > YEARS[1])
    rows.loc[outside & (rows["reason"] == ""), "reason"] = f"outside {YEARS[0]}–{YEARS[1]}"
    rows["plottable"] = rows["reason"] == ""
    rows["value"] = rows["value"].astype(float)
    return rows[COLUMNS].sort_values(["model_series", "year", "series"], kind="stable").reset_index(drop=True)
