"""The paper's Table 3 (Johansen trace test) beside ours, the sample its eigenvalues imply,
and the trace test under every deterministic case.

The paper's values come from :mod:`vecmbook.study.paper` (one transcription); ours from the live
run. Differences are ours − paper; on the stand-in data they measure the stand-in, not an error.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vecmbook.econometrics import ranktest
from vecmbook.econometrics.exog import SHIFT_CASES, Exog
from vecmbook.econometrics.johansen import CASES
from vecmbook.study import paper


def table3_side_by_side(test: ranktest.JohansenTest) -> pd.DataFrame:
    """Eigenvalues, trace statistics and p-values: ours, the paper's Table 3, and ours − paper."""
    ours = ranktest.trace_table(test)[["Hypothesized No. of CE(s)", "Eigenvalue", "Trace Statistic",
                                       "0.05 Critical Value", "Prob."]]
    # rows are the null hypotheses; each side keeps its own label, whose "*" marks its own rejections
    rows = pd.Index(ours["Hypothesized No. of CE(s)"].str.rstrip(" *"), name="H0")
    theirs = paper.johansen_frame().reindex(range(len(ours)))
    out = pd.concat({"ours": ours.set_axis(rows), "paper": theirs.set_axis(rows)}, axis=1)
    for col in ["Eigenvalue", "Trace Statistic"]:
        out[("ours − paper", col)] = out[("ours", col)] - out[("paper", col)]
    return out


def implied_nobs() -> dict:
    """The effective sample T that reproduces the paper's trace statistics from its eigenvalues.

    trace_r = −T Σ_{i>r} log(1 − λ_i) (Johansen 1995, eq. 6.20), so each printed row gives
    T = trace_r / Σ_{i>r} −log(1 − λ_i); the rounded mean is returned with the largest
    relative error it leaves in the printed statistics.
    """
    rows = paper.load_paper_reported()["table3_johansen"]["rows"]
    lam = np.array([r["eigenvalue"] for r in rows])
    trace = np.array([r["trace"] for r in rows])
    tails = np.flip(np.cumsum(np.flip(-np.log1p(-lam))))
    per_row = trace / tails
    t = int(round(per_row.mean()))
    return {"T": t, "per_row": per_row, "max_rel_error": float(np.max(np.abs(t * tails - trace) / trace))}


def all_cases_table(y: np.ndarray, lags: int, exog: Exog | None = None) -> pd.DataFrame:
    """Trace statistics, asymptotic p-values and selected rank under each deterministic case
    (with the run's exogenous block ``exog``; p-values NaN, rank "n/a" where the tables do not apply;
    with a ``--shift`` only the cases where it is a level shift, :data:`exog.SHIFT_CASES`)."""
    rows = {}
    shifted = exog is not None and exog.restricted_width
    for case in (c for c in CASES if not shifted or c in SHIFT_CASES):
        t = ranktest.johansen_test(y, lags, case, boot=0, progress=False, exog=exog)
        row = {}
        for r, (stat, p) in enumerate(zip(t.trace, t.trace_pvalue)):
            row[f"trace r≤{r}"] = stat
            row[f"p r≤{r}"] = p
        row["selected rank"] = "n/a" if t.rank is None else t.rank
        rows[f"{case}: {CASES[case]}"] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("case")


#: the study's ECT_j is the relation normalised on its j-th variable: section 4.3.1 speaks of
#: "the cointegration vectors for LEXS1 and LEXS2", section 4.3.2 reads ECT1 as LEXS1's deviation
