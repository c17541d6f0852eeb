"""Figures, tables and prose of the robustness chapter from grid records (``python -m vecmbook grid``).

Specification curve (Simonsohn, Simmons & Nelson 2020): one estimate per specification, sorted, with
its interval, so the reader sees how much hangs on the analyst's choices. Heatmaps of the rank the
sequential trace test picks (Johansen 1995, sec. 12.1) by lags × case and by sample window.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from vecmbook.report import tables
from vecmbook.study import claims
from vecmbook.study.paper import fevd_frame

#: the grid's dimensions as a reader names them, and how to read each from a record
DIMENSIONS = {
    "lags": lambda r: _plural(r["lags"], "lagged difference"),
    "case": lambda r: f"case {r['deterministic']}",
    "ordering": lambda r: "ordering " + ", ".join(r["ordering"]),
    "sample": lambda r: f"sample {r['start']}–{r['end']}",
}


def feasible(records: Sequence[Mapping]) -> list[Mapping]:
    """The records whose specification could be estimated."""
    return [r for r in records if r["status"] == "ok"]


def same_spec(a: Mapping, b: Mapping) -> bool:
    """Whether two records describe the same specification."""
    return all(a[k] == b[k] for k in ("lags", "deterministic", "ordering", "start", "end"))


def fdi_shares(records: Sequence[Mapping], names: Sequence[str]) -> dict[str, list[float]]:
    """FDI's share of each export share's forecast-error variance at the last period, one value per
    feasible record, for the responses this run models with LFDI."""
    ok = feasible(records)
    return {v: [r["fevd_last"][v]["LFDI"] for r in ok] for v in ("LEXS1", "LEXS2")
            if {v, "LFDI"} <= set(names) and ok}


def study_shares(responses: Sequence[str], horizon: int) -> dict[str, float]:
    """The study's FDI shares at its period 10 (Tables 4 and 5), for a run whose last period is 10."""
    if horizon != claims.STUDY_PERIOD:
        return {}
    return {v: float(fevd_frame(v).loc[claims.STUDY_PERIOD, "LFDI"]) for v in responses}


def curve_sentences(shares: Mapping[str, list[float]], horizon: int) -> tuple[str, str]:
    """What introduces the specification curve and what it shows (the range of FDI's shares and how
    often they exceed 50 %); without shares, why there is no curve, and nothing after it."""
    if not shares:
        return ("This run's variables do not include LFDI with LEXS1 or LEXS2 (or no specification is feasible), "
                "so there is no specification curve of FDI's shares."), ""
    ranges = " ".join(
        f"FDI's share of {v} ranges from {min(vals):.1f} % to {max(vals):.1f} % and exceeds 50 % in "
        f"{100 * sum(x > 50 for x in vals) / len(vals):.0f} % of the specifications." for v, vals in shares.items())
    return ("The specification curve in {numref}`fig-robustness-curve` shows FDI's share of the forecast-error "
            f"variance at period {horizon} in every feasible specification. "), (
            ranges + " A single headline share is one point of this curve.")


def specification_curve(records: Sequence[Mapping], default: Mapping, paper: Mapping[str, float],
                        source: str, impulse: str = "LFDI", responses: Sequence[str] = ("LEXS1", "LEXS2"),
                        ) -> Figure:
    """FDI's share of each response's forecast-error variance at the last period, one point per
    feasible specification, sorted, with its bootstrap interval when the records have one; the
    study's value (``paper``: response → share, or absent) dashed, ``default`` (the run's own
    specification) marked. ``source`` is the line naming the data inside the figure
    (:func:`vecmbook.report.figures.source_label`)."""
    ok = feasible(records)
    if not ok or not responses:
        fig, ax = plt.subplots(figsize=(6, 1.6))
        ax.axis("off")
        ax.text(0.5, 0.5, "No specification curve: no feasible specification, or no FDI share among this "
                          "run's variables", ha="center", va="center", fontsize=9, wrap=True)
        fig.text(0.99, 0.01, source, ha="right", va="bottom", fontsize=7, color="#555555")
        return fig
    fig, axes = plt.subplots(1, len(responses), figsize=(4.6 * len(responses), 3.6), squeeze=False, sharey=True)
    horizon = ok[0]["horizon"]
    for ax, resp in zip(axes[0], responses):
        rows = sorted(ok, key=lambda r: r["fevd_last"][resp][impulse])
        x = np.arange(1, len(rows) + 1)
        y = np.array([r["fevd_last"][resp][impulse] for r in rows])
        if rows and rows[0].get("fevd_last_lower") is not None:
            lo = np.array([r["fevd_last_lower"][resp][impulse] for r in rows])
            hi = np.array([r["fevd_last_upper"][resp][impulse] for r in rows])
            # percentile intervals need not contain the point estimate, so no symmetric error bars
            ax.vlines(x, lo, hi, color="#999999", linewidth=0.8, label="bootstrap interval")
        ax.scatter(x, y, s=12, color="#0072B2", zorder=3, label="specification")
        at = [i for i, r in enumerate(rows) if same_spec(r, default)]
        if at:
            ax.scatter(x[at], y[at], s=90, marker="*", color="#D55E00", zorder=4, label="this run's specification")
        if resp in paper:
            ax.axhline(paper[resp], color="#009E73", linestyle="--", linewidth=1.2,
                       label=f"study: {paper[resp]:.1f} %")
        ax.axhline(50, color="black", linewidth=0.6, linestyle=":")
        ax.set_title(f"FDI's share of {resp}", fontsize=10)
        ax.set_xlabel("specifications, sorted by the share", fontsize=9)
        ax.set_ylim(0, 100)
        ax.legend(fontsize=7, frameon=False, loc="upper left")
    axes[0, 0].set_ylabel(f"share of forecast-error variance\nat period {horizon} (%)", fontsize=9)
    fig.text(0.99, 0.01, source, ha="right", va="bottom", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def _rank_grid(records: Sequence[Mapping], rows: str, cols: str) -> pd.DataFrame:
    """rank_trace pivoted by two record fields (first ordering only: the rank does not depend on it)."""
    first = records[0]["ordering"] if records else None
    cells = {(r[rows], r[cols]): (np.nan if r["status"] != "ok" or r["rank_trace"] is None else r["rank_trace"])
             for r in records if r["ordering"] == first}
    frame = pd.Series(cells, dtype=float).unstack()
    return frame.rename_axis(index=rows, columns=cols)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def rank_heatmaps(records: Sequence[Mapping], run: Mapping, source: str) -> Figure:
    """Trace-test rank by lags × case on the run's sample, and by sample window at the run's lags
    and case; one colour-blind-safe colour per rank, white cells marked "infeasible" where the
    specification is too large for its sample."""
    by_model = _rank_grid([r for r in records if (r["start"], r["end"]) == (run["start"], run["end"])],
                          "lags", "deterministic")
    by_sample = _rank_grid([r for r in records if (r["lags"], r["deterministic"]) == (run["lags"],
                                                                                    run["deterministic"])],
                           "start", "end")
    fig, axes = plt.subplots(1, 2, figsize=(9.2, 3.6))
    k = len(run["ordering"])
    colours = ListedColormap(sns.color_palette("colorblind", k + 1))
    for ax, frame, title in ((axes[0], by_model, f"sample {run['start']}–{run['end']}"),
                             (axes[1], by_sample, f"{_plural(run['lags'], 'lagged difference')}, "
                                                  f"case {run['deterministic']}")):
        sns.heatmap(frame, ax=ax, annot=True, fmt=".0f", cmap=colours, vmin=-0.5, vmax=k + 0.5, cbar=False,
                    linewidths=0.5, linecolor="white", mask=frame.isna(), annot_kws={"fontsize": 11})
        for (i, j) in zip(*np.nonzero(frame.isna().to_numpy())):
            ax.text(j + 0.5, i + 0.5, "infeasible", ha="center", va="center", fontsize=8, color="#555555")
        ax.set_title(title, fontsize=10)
        ax.tick_params(labelsize=9)
    axes[0].set_xlabel("deterministic case", fontsize=9)
    axes[0].set_ylabel("lagged differences", fontsize=9)
    axes[1].set_xlabel("last period", fontsize=9)
    axes[1].set_ylabel("first period", fontsize=9)
    fig.text(0.99, 0.01, f"{source}; number = rank picked by the trace test at 5 %",
             ha="right", va="bottom", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


#: why a claim's "holds in" cell is empty
NO_SPEAKER = "no specification can speak to the claim"


def claims_table(records: Sequence[Mapping], source: str) -> tables.Table:
    """:func:`claims.robustness_table` for the page: each claim with its study section, the study's
    figure, the counts of each outcome and the share of the specifications that speak to it in
    which it holds ("–" with :data:`NO_SPEAKER` when none does)."""
    table = claims.robustness_table(records)
    frame = pd.DataFrame({
        "claim (study section)": [f"{c} ({claims.BY_ID[i].section})" for i, c in table["claim"].items()],
        "study": table["study"],
        **{o: table[o].astype(int) for o in claims.OUTCOMES},
        "holds in (%)": table["holds in (%)"],
    })
    return tables.table(frame, digits={"holds in (%)": 0}, missing={"holds in (%)": NO_SPEAKER}, index=False,
                        source=source, notes=["holds in: the specifications that support the claim, as a share "
                                              "of those that support or contradict it."])


def verdict_table(record: Mapping, source: str) -> tables.Table:
    """Each claim (:func:`claims.verdict_table`) with its verdict on one record and why."""
    frame = claims.verdict_table(record)
    frame = pd.DataFrame({"claim (study section)": [f"{c} ({s})" for c, s in zip(frame["claim"], frame["section"])],
                          "this run": frame["this run"], "why": frame["why"]})
    return tables.table(frame, index=False, source=source)


def decisive_choice(records: Sequence[Mapping], claim: claims.Claim) -> tuple[str, str, float, str, float] | None:
    """The dimension (:data:`DIMENSIONS`) whose levels move the claim's support share the most:
    (dimension, level where it holds most, that share in %, level where it holds least, that share);
    None when no dimension has two levels that speak to the claim."""
    best = None
    for name, level_of in DIMENSIONS.items():
        votes: dict[str, list[bool]] = {}
        for r in records:
            verdict = claim.evaluate(r).outcome
            if verdict != claims.CANNOT:
                votes.setdefault(level_of(r), []).append(verdict == claims.SUPPORTS)
        if len(votes) < 2:
            continue
        share = {lvl: 100 * float(np.mean(v)) for lvl, v in votes.items()}
        hi, lo = max(share, key=share.get), min(share, key=share.get)
        if best is None or share[hi] - share[lo] > best[2] - best[4]:
            best = (name, hi, share[hi], lo, share[lo])
    return best


def summary(records: Sequence[Mapping], robust: float = 95.0) -> str:
    """Markdown: which claims are robust on these records (hold in ≥ ``robust`` % of the
    specifications that speak to them), which fail throughout, and which are mixed and which
    choice moves them most (:func:`decisive_choice`)."""
    table = claims.robustness_table(records)
    parts = []
    for cid, row in table.iterrows():
        claim = claims.BY_ID[cid]
        share = row["holds in (%)"]
        name = f"*{claim.statement.rstrip('.')}*"
        if np.isnan(share):
            parts.append(f"{name}: no specification can speak to it.")
        elif share >= robust:
            parts.append(f"{name} is **robust** here: it holds in {share:.0f} % of the specifications.")
        elif share <= 100 - robust:
            parts.append(f"{name} **fails** almost throughout: it holds in {share:.0f} % of the specifications.")
        else:
            choice = decisive_choice(records, claim)
            on = ""
            if choice is not None:
                dim, hi, hi_share, lo, lo_share = choice
                one = (hi_share, lo_share) == (100, 0)
                hangs = "it hangs on one choice, the " if one else "it depends most on the "
                on = f"; {hangs}{dim}: {hi_share:.0f} % with {hi}, {lo_share:.0f} % with {lo}"
            parts.append(f"{name} is **mixed**: it holds in {share:.0f} % of the specifications{on}.")
    return "\n".join(f"- {p}" for p in parts)
