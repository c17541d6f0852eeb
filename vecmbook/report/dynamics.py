"""Chapters 05 and 06 in words and tables: what the bootstrap bands are, and variance
decompositions as the study's Tables 4 and 5 print them (periods 1..H, period 1 the impact)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from IPython.display import Markdown

from vecmbook.econometrics.bootstrap import BootResult
from vecmbook.econometrics.vecm import VECMFit
from vecmbook.inputs import dataset as loader
from vecmbook.report import tables
from vecmbook.study import standin
from vecmbook.study.variance_decomposition import period1_truth_estimate_paper


def bands_sentence(boot: BootResult) -> str:
    """One sentence for the book: what the bands are and how many replications count."""
    if not boot.requested:
        return "No bootstrap bands (B = 0)."
    dropped = (f"; {boot.dropped} degenerate replication{'s were' if boot.dropped > 1 else ' was'} dropped"
               if boot.dropped else "; no replication was dropped")
    return (f"Bands are pointwise {100 * boot.level:g} % {boot.kind} intervals from a residual "
            f"bootstrap with B = {boot.requested} replications{dropped} ({boot.kept} used).")


def shares_table(frame: pd.DataFrame, source: str, missing: tables.Reasons = None,
                 notes: Sequence[str] = (), caption: str | None = None) -> tables.Table:
    """A variance-decomposition frame (S.E. and shares in %) as the paper prints it: 4 decimals
    for the S.E., 2 for the shares."""
    digits = {c: 4 if "S.E." in str(c) else 2 for c in frame.columns}
    return tables.table(frame, digits=digits, missing=missing, source=source, caption=caption,
                        notes=["Shares in percent of the forecast-error variance; period 1 the impact.", *notes])


def missing_headline(names: Sequence[str], needed: Sequence[str]) -> str | None:
    """A sentence when the run lacks variables a headline of the study needs, else None."""
    absent = [n for n in needed if n not in names]
    if not absent:
        return None
    return (f"This run's variables ({', '.join(names)}) do not include {', '.join(absent)}, so this "
            f"headline of the study has no counterpart here.")


def fdi_response_section(table: pd.DataFrame, names: Sequence[str], horizon: int, source: str) -> list[object]:
    """The responses of the export shares to an FDI shock
    (:func:`vecmbook.study.impulse_responses.fdi_response_table`) as a table and in words; why
    there are none when the run lacks the variables."""
    if table.empty:
        return [Markdown(missing_headline(names, ["LFDI", "LEXS1", "LEXS2"]))]
    band = f"h in 0..{horizon} with band excluding 0"
    rows = {resp: table.loc[f"{resp} to LFDI"] for resp in ("LEXS1", "LEXS2") if f"{resp} to LFDI" in table.index}
    parts = [f"the response of {resp} to an FDI shock is {r['h = 0 (the impact)']:.4f} at h = 0 (the impact) "
             f"and {r[f'h = {horizon}']:.4f} at h = {horizon}"
             + (f"; its bootstrap band excludes zero at {int(r[band])} of the {horizon + 1} horizons h = 0..{horizon}"
                if band in r else "")
             for resp, r in rows.items()]
    text = "On this run " + "; ".join(parts) + "." + ("" if band in table else
                                                      " No bootstrap bands were computed (`--boot 0`).")
    return [tables.table(table, digits=4, source=source), Markdown(text)]


#: the study's table of each response's variance decomposition
PAPER_TABLE = {"LEXS1": "Table 4", "LEXS2": "Table 5"}


def paper_side_by_side(sides: dict, response: str, source: str) -> list[object]:
    """The variance decomposition of ``response`` beside the study's table
    (:func:`vecmbook.study.variance_decomposition.fevd_side_by_side`), periods past the study's
    shown "–" with the reason; nothing when the run does not model ``response``."""
    if sides[response].empty:
        return []
    beyond = {"paper": tables.BEYOND_HORIZON, "ours − paper": tables.BEYOND_HORIZON}
    return [shares_table(sides[response], source, beyond, caption=f"Variance decomposition of {response}: ours, "
                         f"the paper's {PAPER_TABLE[response]}, ours − paper")]


def fevd_headline(sides: dict[str, pd.DataFrame], names: Sequence[str], horizon: int) -> str:
    """FDI's share of each export share's forecast-error variance at the last period, beside the
    study's at the same period (its tables stop at period 10, so beyond that its period 10 is
    quoted and named); why there is none when the run lacks the variables."""
    parts = []
    for resp, frame in sides.items():
        if frame.empty or "LFDI" not in names:
            continue
        printed = frame[("paper", "LFDI")].dropna()
        parts.append(f"{frame[('ours', 'LFDI')].iloc[-1]:.1f} % of the forecast-error variance of {resp} "
                     f"(paper: {printed.iloc[-1]:.1f} % at period {printed.index[-1]})")
    if not parts:
        return missing_headline(names, ["LFDI", "LEXS1", "LEXS2"])
    return f"At period {horizon} FDI explains " + " and ".join(parts) + " on this run."


def interval_table(interval: pd.DataFrame | None, boot: BootResult, names: Sequence[str], level: float,
                   source: str) -> list[object]:
    """The bootstrap intervals of the shares at the last period
    (:func:`vecmbook.study.variance_decomposition.fevd_last_interval`), then the interval for FDI's
    share in LEXS1 in words; one sentence without bootstrap replications."""
    if interval is None:
        return [Markdown("No bootstrap replications on this run (`--boot 0`), so no intervals.")]
    period = interval.attrs["period"]
    shown = tables.table(interval, digits=1, source=source,
                         notes=[f"Shares in percent at period {period}; {100 * level:g} % {boot.kind} intervals."])
    if missing := missing_headline(names, ["LFDI", "LEXS1"]):
        return [shown, Markdown(missing)]
    row = interval.loc[("LEXS1", "LFDI")]
    return [shown, Markdown(
        f"With this run's settings the {100 * level:g} % {boot.kind} interval for FDI's share in the variance of "
        f"LEXS1 at period {period} runs from {row['lower (%)']:.1f} % to {row['upper (%)']:.1f} % "
        f"(point estimate {row['share (%)']:.1f} %).")]


def period1_truth(fit: VECMFit, names: Sequence[str], order_names: Sequence[str], kind: str,
                  source: str) -> list[object]:
    """Period-1 shares of the true model, our estimate and the paper (Cholesky order
    ``order_names``) where the run models the stand-in's variables; otherwise a sentence saying
    why there is no truth to compare with."""
    if standin.truth_comparable(kind, names):
        p1 = period1_truth_estimate_paper(fit, standin.truth(), standin.truth_record()["variables"], names,
                                          order_names)
        gap = (p1.xs("estimate", level="source") - p1.xs("true model", level="source")).drop(columns="S.E.")
        return [Markdown(f"Period 1, true model vs estimate vs paper (Cholesky order {', '.join(order_names)}). "
                         f"With {fit.nobs} effective observations the estimated period-1 shares miss the true ones "
                         f"by up to {gap.abs().to_numpy().max():.1f} percentage points."),
                shares_table(p1, f"{source} Truth: data/standin_truth.json.", tables.NOT_REPORTED)]
    if kind == loader.STANDIN:
        return [Markdown(f"The stand-in's true model is written in {', '.join(standin.truth_record()['variables'])}; "
                         f"this run models {', '.join(names)}, so there is no known truth to set its period-1 "
                         "shares beside.")]
    return [Markdown("On user data there is no known truth to compare the period-1 shares with.")]
