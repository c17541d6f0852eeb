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


def fdi_response_section(summary: dict, source: str) -> list[object]:
    """:func:`vecmbook.study.impulse_responses.fdi_response_summary` for the page: its table, when
    the run has the responses, and its sentence."""
    shown: list[object] = [tables.table(summary["table"], digits=4, source=source)] if len(summary["table"]) else []
    return [*shown, Markdown(summary["text"])]


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


def interval_table(interval: dict, boot: BootResult, horizon: int, level: float, source: str) -> list[object]:
    """The bootstrap intervals of the shares at the last period
    (:func:`vecmbook.study.variance_decomposition.fevd_last_interval`) with its sentence; the
    sentence alone without bootstrap replications."""
    shown: list[object] = []
    if boot.fevd is not None:
        shown.append(tables.table(interval["table"], digits=1, source=source,
                                  notes=[f"Shares in percent at period {horizon}; "
                                         f"{100 * level:g} % {boot.kind} intervals."]))
    return [*shown, Markdown(interval["text"])]


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
