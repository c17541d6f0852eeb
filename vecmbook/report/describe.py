"""Descriptive statistics and figures of the data chapter."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure

from vecmbook.inputs import dataset as loader
from vecmbook.report import tables
from vecmbook.report.figures import ESTIMATE, GRADE_STYLE, PALETTE, finish
from vecmbook.study import standin, standin_draws
from vecmbook.study.standin import UNITS as _STANDIN_UNITS

#: units of the stand-in convention, by column name (used for axis labels); a file written
#: by ``python -m vecmbook yearbook`` uses the same units
UNITS = dict(_STANDIN_UNITS)
TITLES = {
    "EXS1": "EXS1: mechanical & electrical exports / total",
    "EXS2": "EXS2: general-trade exports / total",
    "FDI": "FDI: actually utilised FDI",
    "GDP": "GDP: gross regional product",
}


def axis_units(columns, standin: bool) -> dict[str, str]:
    """Unit label per column: the stand-in's units for the stand-in, else the column name only.

    A user's file carries no units, so none are invented for it: its axes say
    "<column> (units of the file)".
    """
    if standin:
        return {c: UNITS.get(c, "level") for c in columns}
    return {c: f"{c} (units of the file)" for c in columns}


def summary_table(frame: pd.DataFrame, units: dict[str, str] | None = None) -> pd.DataFrame:
    """Mean, s.d., min, max, first and last value of each column (and its unit, if given)."""
    out = frame.agg(["mean", "std", "min", "max"]).T
    out["first"] = frame.iloc[0]
    out["last"] = frame.iloc[-1]
    out.insert(0, "n", frame.notna().sum())
    if units is not None:
        out.insert(0, "unit", [units.get(c, "") for c in frame.columns])
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
    if table.empty:
        return table
    best = public[public["plottable"] & (public["confidence"] == "medium-high")]
    detail = public_gap_detail(raw, best)
    table["largest gap, medium-high figures"] = np.nan
    table["in year (medium-high)"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    for col, group in detail.groupby("series"):
        worst = group.iloc[int(np.argmax(np.abs(group["gap"].to_numpy())))]
        table.loc[col, "largest gap, medium-high figures"] = worst["gap"]
        table.loc[col, "in year (medium-high)"] = int(worst["year"])
    return table


def public_gap_detail(raw: pd.DataFrame, public: pd.DataFrame) -> pd.DataFrame:
    """Per series and year: the plottable public figure farthest from the series, and the gap.

    Columns: ``series``, ``year``, ``figures`` (plottable figures that year), ``this run``
    (the series' value), ``public figure`` (the farthest one), ``gap`` (log points × 100,
    log(series) − log(figure); ties go to the first figure in ``public``'s order) and
    ``grade``. Annual periods only; empty when no column matches a public figure.
    """
    cols = ["series", "year", "figures", "this run", "public figure", "gap", "grade"]
    years = {int(str(p)): p for p in raw.index if "Q" not in str(p)}
    out = []
    for col in raw.columns:
        pts = public[(public["model_series"] == col) & public["plottable"] & public["year"].isin(years)]
        for year, group in pts.groupby("year", sort=True):
            ours = float(raw[col].loc[years[year]])
            values = group["value"].to_numpy(dtype=float)
            gap = 100 * (np.log(ours) - np.log(values))
            i = int(np.argmax(np.abs(gap)))
            out.append({"series": col, "year": int(year), "figures": len(group), "this run": ours,
                        "public figure": values[i], "gap": float(gap[i]), "grade": group["confidence"].iloc[i]})
    return pd.DataFrame(out, columns=cols)


def growth_table(raw: pd.DataFrame) -> pd.DataFrame:
    """Average growth per period (log points × 100) over the sample and by sub-period.

    Growth in log points needs positive values: a column with a zero or negative value
    (possible with ``--transform none``) gets NaN throughout (see :func:`growth_undefined`).
    """
    positive = raw.where(raw > 0)
    ok = positive.notna().all()
    logs = np.log(positive.loc[:, ok]).reindex(columns=raw.columns)
    periods = [str(p) for p in raw.index]
    out = {"whole sample": (logs.iloc[-1] - logs.iloc[0]) / (len(logs) - 1) * 100}
    thirds = np.array_split(np.arange(len(logs)), 3)
    for idx in thirds:
        if len(idx) > 1:
            label = f"{periods[idx[0]]}–{periods[idx[-1]]}"
            out[label] = (logs.iloc[idx[-1]] - logs.iloc[idx[0]]) / (len(idx) - 1) * 100
    return pd.DataFrame(out)


def change_table(raw: pd.DataFrame) -> pd.DataFrame:
    """Average change per period in the file's units (last − first) / (periods − 1), same spans
    as :func:`growth_table`; for columns whose growth in log points is undefined."""
    periods = [str(p) for p in raw.index]
    out = {"whole sample": (raw.iloc[-1] - raw.iloc[0]) / (len(raw) - 1)}
    for idx in np.array_split(np.arange(len(raw)), 3):
        if len(idx) > 1:
            out[f"{periods[idx[0]]}–{periods[idx[-1]]}"] = (raw.iloc[idx[-1]] - raw.iloc[idx[0]]) / (len(idx) - 1)
    return pd.DataFrame(out)


def growth_undefined(raw: pd.DataFrame) -> list[str]:
    """Columns with a zero or negative value, for which :func:`growth_table` gives NaN."""
    return [c for c in raw.columns if not (raw[c] > 0).all()]


def series_figure(raw: pd.DataFrame, source: str, public: pd.DataFrame | None = None,
                  units: dict[str, str] | None = None) -> Figure:
    """One panel per series in levels, with graded public figures overlaid as markers.

    ``units`` labels the y axes (see :func:`axis_units`); when given, panel titles are the
    column names only (no stand-in definitions). Default: the stand-in's units and titles,
    "level" for other names.
    """
    cols = list(raw.columns)
    ncols = 2 if len(cols) > 1 else 1
    nrows = int(np.ceil(len(cols) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.0 * nrows + 0.6), squeeze=False)
    x = np.array([int(str(p)[:4]) + (int(str(p)[5]) - 1) / 4 if "Q" in str(p) else int(p) for p in raw.index])
    for ax, col in zip(axes.flat, cols):
        ax.plot(x, raw[col].to_numpy(), color=ESTIMATE, lw=1.8, label="series used in this run")
        if public is not None:
            pts = public[(public["model_series"] == col) & public["plottable"]]
            for grade, (marker, color) in GRADE_STYLE.items():
                sel = pts[pts["confidence"] == grade]
                if len(sel):
                    ax.scatter(sel["year"], sel["value"], marker=marker, color=color, zorder=3,
                               label=f"public figure ({grade})")
        ax.set_title(TITLES.get(col, col) if units is None else col)
        ax.set_ylabel(UNITS.get(col, "level") if units is None else units.get(col, col))
        ax.set_xlabel("year" if "Q" not in str(raw.index[0]) else "period")
    for ax in list(axes.flat)[len(cols):]:
        ax.set_visible(False)
    handles = {lab: h for ax in axes.flat for h, lab in zip(*ax.get_legend_handles_labels())}
    return finish(fig, source, (list(handles.values()), list(handles)), ncol=2)


def log_figure(frame: pd.DataFrame, source: str, logged: bool = True) -> Figure:
    """The model variables (logs when transform=log) on one panel, their first differences below."""
    fig, axes = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    for col, colour in zip(frame.columns, PALETTE):
        axes[0].plot(frame.index.astype(str), frame[col], label=col, color=colour)
        axes[1].plot(frame.index.astype(str)[1:], np.diff(frame[col].to_numpy()), label=f"Δ{col}", color=colour)
    axes[0].set_ylabel("natural log of the level" if logged else "level (units of the file)")
    axes[0].set_title("Model variables")
    axes[1].set_ylabel("change in the natural log (0.01 ≈ 1 %)" if logged else "first difference")
    axes[1].set_title("First differences")
    for ax in axes:
        ax.legend(ncol=4)
    step = max(1, len(frame) // 10)
    axes[1].set_xticks(range(0, len(frame), step))
    axes[1].set_xticklabels(frame.index.astype(str)[::step], rotation=45)
    axes[1].set_xlabel(period_word(frame.index))
    return finish(fig, source)


#: the series a public figure can be placed on, in the coverage table's order
COVERAGE_ROWS = ["EXS1", "EXS2", "FDI", "GDP"]
NOT_PLACED = "not placed on a model series"


def coverage_table(public: pd.DataFrame, best: int = 2) -> pd.DataFrame:
    """Per model series (and the figures placed on none): how many public figures, which years,
    how many of each grade and how many are plotted, and up to ``best`` sources of the highest
    grade present as URLs (space-separated; study figures name the study instead)."""
    rows = {}
    placed = public["model_series"].fillna("").astype(str)
    for key in [*COVERAGE_ROWS, NOT_PLACED]:
        pts = public[placed == key] if key != NOT_PLACED else public[~placed.isin(COVERAGE_ROWS)]
        if pts.empty:
            continue
        grades = pts["confidence"].value_counts()
        top = next((g for g in GRADE_STYLE if g in grades and g != "study"), "study")
        urls = [u for u in dict.fromkeys(pts.loc[pts["confidence"] == top, "source_url"]) if str(u).startswith("http")]
        rows[key] = {"figures": len(pts), "years": f"{pts['year'].min()}–{pts['year'].max()}",
                     **{f"{g}": int(grades.get(g, 0)) for g in GRADE_STYLE},
                     "plotted": int(pts["plottable"].sum()),
                     "best sources": " ".join(urls[:best]) if urls else "the study (sections 2 and 3)",
                     "their grade": top}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("series")


def series_figure_for(dataset, public: pd.DataFrame, source: str, units: dict[str, str]) -> tuple[Figure, str]:
    """The levels figure of this run's ``dataset`` and its caption: on the stand-in with the public
    figures of the sample years as graded markers; on other data without them (they are
    Dongguan's, in the stand-in's units), each axis named by its column."""
    raw = dataset.raw
    span = f"{dataset.first_period}–{dataset.last_period}"
    if dataset.kind == loader.STANDIN:
        shown = public[public["year"].between(int(dataset.first_period), int(dataset.last_period))]
        unit_text = "; ".join(f"{c}: {u}" for c, u in units.items())
        return series_figure(raw, source, shown), (
            f"The {len(raw.columns)} series of this run (stand-in) in levels, {span}, one panel each, with the "
            f"plottable public figures of the same years as graded markers. Vertical axes — {unit_text}.")
    xaxis = ("" if period_word(raw.index) == "year" else
             " The horizontal axis is in years, each quarter plotted at its fraction of the year.")
    return series_figure(raw, source, None, units=units), (
        f"The {len(raw.columns)} series of this run (user data) in levels, {span}, one panel each. Each vertical "
        "axis is labelled with its column name; the values are in the units of the file, which the book does "
        f"not know.{xaxis} The overlay of Dongguan's public figures is skipped for user data.")


def _lp(x: float) -> str:
    return f"{x:+.1f}"


def public_gap_section(dataset, public: pd.DataFrame, source: str) -> list[object]:
    """The stand-in against Dongguan's public figures: the largest gap per series in words, with
    the tolerances the stand-in's seed was accepted within (:data:`vecmbook.study.standin.TOLERANCE`),
    then the gaps and the per-year detail as tables. Skipped, saying why, on other data."""
    if dataset.kind != loader.STANDIN:
        return [Markdown(
            "**Skipped for user data.** The public figures are Dongguan's, in the stand-in's units; the book "
            "cannot tell whether the columns of your file measure the same things in the same units, so it "
            "does not compare them. (A file written by `python -m vecmbook yearbook` does use those units: "
            "`vecmbook.report.describe.public_gaps(raw, vecmbook.study.public.load_public_figures())` compares it.)")]
    raw = dataset.raw
    gaps = public_gaps(raw, public)
    if gaps.empty:
        return [Markdown("No column of this run has a plottable public figure in the sample years.")]
    parts = []
    for s, row in gaps.iterrows():
        text = (f"{s} {_lp(row['largest gap'])} log points ({row['in year']}, "
                f"a {row['grade of that figure']}-grade figure")
        if pd.notna(row["in year (medium-high)"]) and row["grade of that figure"] != "medium-high":
            text += (f"; against medium-high figures at most {_lp(row['largest gap, medium-high figures'])}, "
                     f"in {row['in year (medium-high)']}")
        parts.append(text + ")")
    checks = []
    for s, t in standin.TOLERANCE.items():
        if s in gaps.index and pd.notna(gaps.loc[s, "in year (medium-high)"]):
            worst = abs(gaps.loc[s, "largest gap, medium-high figures"])
            within = "within" if worst <= 100 * t else "**outside**"
            checks.append(f"{s} {100 * t:.0f} (this run: {worst:.1f}, {within})")
    detail = public_gap_detail(raw, public)
    return [
        Markdown(f"Largest gaps in this run: {'; '.join(parts)}."
                 + (f" The stand-in's seed was accepted only within these distances of every medium-high figure, "
                    f"in log points: {'; '.join(checks)} (`vecmbook.study.standin.TOLERANCE`). No tolerance applied "
                    "to the shares or to low-grade figures." if checks else "")),
        tables.table(gaps, digits=1, source=f"{source} Figures: data/public_figures.csv.",
                     missing="no medium-high figure for this series in the sample years",
                     notes=["Gaps in log points, 100 × (log of the series − log of the figure)."]),
        Markdown(f"Per series and year ({len(detail)} rows): the public figure farthest from the series in that "
                 "year, out of `figures` plottable ones; `gap` in log points."),
        tables.table(detail.set_index(["series", "year"]), digits={"this run": 2, "public figure": 2, "gap": 1},
                     source=f"{source} Figures: data/public_figures.csv."),
    ]


def magnitude_section(dataset, public: pd.DataFrame, source: str) -> list[object]:
    """The stand-in against the medium-high public figures and the study's own
    (:func:`vecmbook.study.standin_draws.magnitude_table`); skipped, saying why, on other data."""
    if dataset.kind != loader.STANDIN:
        return [Markdown("**Skipped for user data** (the figures are Dongguan's, in the stand-in's units).")]
    return [tables.table(standin_draws.magnitude_table(dataset.raw, public), digits=2, index=False,
                         words={"kept": ("kept", "given up")},
                         caption="The stand-in against the medium-high public figures and the study's own figures "
                                 "(section 3.1, including its two 2024 FDI figures)",
                         source=f"{source} Figures: data/public_figures.csv and the study, sections 2 and 3.",
                         notes=["Gaps in log points, 100 × (log of the stand-in − log of the figure)."])]


def truth_section(kind: str) -> list[object]:
    """The stand-in's true parameters, one table per block; skipped, saying why, on other data."""
    if kind != loader.STANDIN:
        return [Markdown("**Skipped for user data.** There is no known true model behind your file; the "
                         "stand-in's is in `data/standin_truth.json`.")]
    return [tables.table(table, caption=name, source="data/standin_truth.json.")
            for name, table in standin.truth_tables().items()]


def level_summaries(dataset, frame: pd.DataFrame, units: dict[str, str], logged: bool, source: str) -> list[object]:
    """Summary statistics of the levels as in the file (with their units where the book knows them)
    and, when the run takes logs, of the model variables."""
    known = "the stand-in's units" if dataset.kind == loader.STANDIN else "the book does not know the file's units"
    shown: list[object] = [Markdown(f"Levels, as in the file (unit column: {known}):"),
                           tables.table(summary_table(dataset.raw, units), source=source)]
    if logged:
        shown += [Markdown("The model variables (natural logs):"), tables.table(summary_table(frame), source=source)]
    return shown


def growth_section(raw: pd.DataFrame, source: str) -> list[object]:
    """Average growth per period in log points over the sample and its thirds; for a series with
    values ≤ 0, where growth is not defined, the average change in the file's units instead."""
    per = period_word(raw.index)
    no_growth = growth_undefined(raw)
    shown: list[object] = [
        Markdown(f"Average growth per {per}, in log points (100 × change of the natural log, about % per {per} for "
                 "small values), over the whole sample and its three thirds"
                 + (" — per quarter, not annualised (× 4 gives an annual rate)" if per == "quarter" else "")
                 + (f". Not defined for {', '.join(no_growth)}, which {'has' if len(no_growth) == 1 else 'have'} "
                    f"values ≤ 0 (– here; the average change per {per} in the file's units follows)" if no_growth
                    else "") + ":"),
        tables.table(growth_table(raw), digits=2, source=source, missing="not defined: the series has values ≤ 0")]
    if no_growth:
        shown += [Markdown(f"Average change per {per}, in the units of the file:"),
                  tables.table(change_table(raw[no_growth]), source=source)]
    return shown

