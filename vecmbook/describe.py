"""Descriptive statistics and figures of the data chapter."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

#: units of the stand-in convention, by column name (used for axis labels)
UNITS = {
    "EXS1": "share of total exports",
    "EXS2": "share of total exports",
    "FDI": "100 million USD",
    "GDP": "100 million RMB",
}
TITLES = {
    "EXS1": "EXS1: mechanical & electrical exports / total",
    "EXS2": "EXS2: general-trade exports / total",
    "FDI": "FDI: actually utilised FDI",
    "GDP": "GDP: gross regional product",
}
GRADE_STYLE = {"medium-high": ("o", "tab:red"), "low": ("x", "tab:orange"), "study": ("s", "tab:purple")}


def summary_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean, s.d., min, max, first and last value of each column."""
    out = frame.agg(["mean", "std", "min", "max"]).T
    out["first"] = frame.iloc[0]
    out["last"] = frame.iloc[-1]
    out.insert(0, "n", frame.notna().sum())
    return out


def period_word(index: pd.Index) -> str:
    """'quarter' for periods like 1974Q1, else 'year' (the loader accepts only these two)."""
    return "quarter" if "Q" in str(index[0]) else "year"


def public_gaps(raw: pd.DataFrame, public: pd.DataFrame) -> pd.DataFrame:
    """How far the series lie from the plottable public figures of the same name and year.

    One row per series with at least one such figure: how many, the median and the largest
    absolute gap in log points × 100 (log(series) − log(figure)), and the year and grade of
    the largest. Empty when no column matches a public figure (e.g. user data named A, B, C).
    """
    rows = {}
    years = {int(str(p)[:4]): p for p in raw.index if "Q" not in str(p)}
    for col in raw.columns:
        pts = public[(public["model_series"] == col) & public["plottable"] & public["year"].isin(years)]
        if pts.empty:
            continue
        ours = raw[col].loc[[years[y] for y in pts["year"]]].to_numpy(dtype=float)
        gap = 100 * (np.log(ours) - np.log(pts["value"].to_numpy(dtype=float)))
        worst = int(np.argmax(np.abs(gap)))
        rows[col] = {"public figures": len(pts), "median |gap|": float(np.median(np.abs(gap))),
                     "largest gap": float(gap[worst]), "in year": int(pts["year"].iloc[worst]),
                     "grade of that figure": pts["confidence"].iloc[worst]}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "series"
    return table


def growth_table(raw: pd.DataFrame) -> pd.DataFrame:
    """Average growth per period (log points × 100) over the sample and by sub-period."""
    logs = np.log(raw)
    periods = [str(p) for p in raw.index]
    out = {"whole sample": (logs.iloc[-1] - logs.iloc[0]) / (len(logs) - 1) * 100}
    thirds = np.array_split(np.arange(len(logs)), 3)
    for idx in thirds:
        if len(idx) > 1:
            label = f"{periods[idx[0]]}–{periods[idx[-1]]}"
            out[label] = (logs.iloc[idx[-1]] - logs.iloc[idx[0]]) / (len(idx) - 1) * 100
    return pd.DataFrame(out)


def series_figure(raw: pd.DataFrame, public: pd.DataFrame | None = None, title: str | None = None) -> Figure:
    """One panel per series in levels, with graded public figures overlaid as markers."""
    cols = list(raw.columns)
    ncols = 2 if len(cols) > 1 else 1
    nrows = int(np.ceil(len(cols) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 3.3 * nrows), squeeze=False)
    x = np.array([int(str(p)[:4]) + (int(str(p)[5]) - 1) / 4 if "Q" in str(p) else int(p) for p in raw.index])
    for ax, col in zip(axes.flat, cols):
        ax.plot(x, raw[col].to_numpy(), color="tab:blue", lw=1.8, label="series used in this run")
        if public is not None:
            pts = public[(public["model_series"] == col) & public["plottable"]]
            for grade, (marker, color) in GRADE_STYLE.items():
                sel = pts[pts["confidence"] == grade]
                if len(sel):
                    ax.scatter(sel["year"], sel["value"], marker=marker, color=color, zorder=3,
                               label=f"public figure ({grade})")
        ax.set_title(TITLES.get(col, col), fontsize=10)
        ax.set_ylabel(UNITS.get(col, "level"))
        ax.set_xlabel("year" if "Q" not in str(raw.index[0]) else "period")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="best")
    for ax in list(axes.flat)[len(cols):]:
        ax.set_visible(False)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def log_figure(frame: pd.DataFrame, logged: bool = True) -> Figure:
    """The model variables (logs when transform=log) on one panel, their first differences below."""
    fig, axes = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    for col in frame.columns:
        axes[0].plot(frame.index.astype(str), frame[col], label=col)
        axes[1].plot(frame.index.astype(str)[1:], np.diff(frame[col].to_numpy()), label=f"Δ{col}")
    axes[0].set_ylabel("natural log of the level" if logged else "level (units of the file)")
    axes[0].set_title("Model variables")
    axes[1].set_ylabel("first difference (log points)" if logged else "first difference")
    axes[1].set_title("First differences")
    for ax in axes:
        ax.legend(fontsize=8, ncol=4)
        ax.grid(alpha=0.3)
    step = max(1, len(frame) // 10)
    axes[1].set_xticks(range(0, len(frame), step))
    axes[1].set_xticklabels(frame.index.astype(str)[::step], rotation=45)
    axes[1].set_xlabel("period")
    fig.tight_layout()
    return fig
