"""The paper's variance decomposition (Table 5: FDI's shares of LEXS1 and LEXS2) beside ours
and the stand-in's truth.

The paper's values come from :mod:`vecmbook.study.paper` (one transcription); ours from the live
run. Differences are ours − paper; on the stand-in data they measure the stand-in, not an error.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vecmbook.econometrics import fevd
from vecmbook.econometrics.bootstrap import BootResult
from vecmbook.econometrics.vecm import VECMFit
from vecmbook.study import paper
from vecmbook.study.variables import missing_study_variables


def paper_period1_shares() -> dict[str, dict[str, float]]:
    """Period-1 shares of Tables 4 and 5: {response: {impulse: share}}."""
    out = {}
    for resp in paper.FEVD_TABLES:
        row = paper.fevd_frame(resp).loc[1].drop("S.E.")
        out[resp] = {str(k): float(v) for k, v in row.items()}
    return out


def fevd_side_by_side(se: np.ndarray, shares: np.ndarray, names: Sequence[str]) -> dict:
    """Tables 4 and 5: ours and the paper's per period, with ours − paper for the FDI share and S.E.

    Keys ``LEXS1``/``LEXS2`` (empty frames when absent) and ``text``: a Markdown sentence on
    FDI's share at the last period, beside the paper's at the same period (its tables stop
    at period 10, so beyond that the paper's period 10 is quoted and named).
    """
    horizon = se.shape[0]
    out: dict = {}
    parts = []
    for resp in paper.FEVD_TABLES:
        if resp not in names:
            out[resp] = pd.DataFrame()
            continue
        i = list(names).index(resp)
        ours = pd.DataFrame(shares[:, i, :], columns=list(names), index=range(1, horizon + 1))
        ours.insert(0, "S.E.", se[:, i])
        ours.index.name = "Period"
        printed = paper.fevd_frame(resp)
        theirs = printed.reindex(ours.index)
        table = pd.concat({"ours": ours, "paper": theirs}, axis=1)
        if "LFDI" in names:
            table[("ours − paper", "LFDI")] = table[("ours", "LFDI")] - table[("paper", "LFDI")]
            at = min(horizon, int(printed.index.max()))
            parts.append(f"{ours['LFDI'].iloc[-1]:.1f} % of the forecast-error variance of {resp} "
                         f"(paper: {printed.loc[at, 'LFDI']:.1f} % at period {at})")
        table[("ours − paper", "S.E.")] = table[("ours", "S.E.")] - table[("paper", "S.E.")]
        out[resp] = table
    out["text"] = (f"At period {horizon} FDI explains " + " and ".join(parts) + " on this run." if parts
                   else missing_study_variables(names, ["LFDI", "LEXS1", "LEXS2"]))
    return out


def period1_truth_estimate_paper(fit: VECMFit, truth: VECMFit, truth_names: Sequence[str],
                                 names: Sequence[str], order_names: Sequence[str]) -> pd.DataFrame:
    """Period-1 S.E. and shares of LEXS1 and LEXS2: the true model, our estimate, the paper.

    The stand-in's true Σ was calibrated to the paper's period-1 rows (Tables 4–5), so the
    "truth" rows reproduce them under the study's ordering; the "estimate" rows show what
    one sample of T observations recovers. Columns follow ``names``; the truth is reindexed
    by variable name, so ``--vars`` in another order still lines up.
    """
    t_order = [list(truth_names).index(n) for n in order_names]
    t_se, t_shares = fevd.fevd(truth, 1, t_order)
    e_se, e_shares = fevd.fevd(fit, 1, [list(names).index(n) for n in order_names], dof_adjust=True)
    rows = {}
    for resp in [r for r in paper.FEVD_TABLES if r in names]:
        ti, ei = list(truth_names).index(resp), list(names).index(resp)
        truth_row = dict(zip(truth_names, t_shares[0, ti]))
        rows[(resp, "true model")] = {"S.E.": t_se[0, ti], **{n: truth_row[n] for n in names}}
        rows[(resp, "estimate")] = {"S.E.": e_se[0, ei], **dict(zip(names, e_shares[0, ei]))}
        rows[(resp, "paper")] = paper.fevd_frame(resp).loc[1].reindex(["S.E.", *names]).to_dict()
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.names = ["response", "source"]
    return table


def fevd_last_interval(shares: np.ndarray, boot: BootResult, names: Sequence[str], level: float) -> dict:
    """Bootstrap intervals of every share at the last horizon, for the responses LEXS1 and LEXS2.

    ``table`` (response, shock) → share, lower, upper; ``text``: a Markdown sentence on the
    interval for FDI's share in LEXS1 (or why there is none on this run).
    """
    h = shares.shape[0] - 1
    if boot.fevd is None:
        return {"table": pd.DataFrame({"note": ["no bootstrap (--boot 0)"]}),
                "text": "No bootstrap replications on this run (`--boot 0`), so no intervals."}
    rows = []
    for resp in [n for n in names if n in paper.FEVD_TABLES] or list(names):
        i = list(names).index(resp)
        for j, imp in enumerate(names):
            rows.append({"response": resp, "shock": imp, "share (%)": shares[h, i, j],
                         "lower (%)": boot.fevd.lower[h, i, j], "upper (%)": boot.fevd.upper[h, i, j]})
    table = pd.DataFrame(rows).set_index(["response", "shock"])
    table.attrs["period"] = h + 1
    missing = missing_study_variables(names, ["LFDI", "LEXS1"])
    if missing:
        return {"table": table, "text": missing}
    row = table.loc[("LEXS1", "LFDI")]
    text = (f"With this run's settings the {100 * level:g} % {boot.kind} interval for FDI's share in the "
            f"variance of LEXS1 at period {h + 1} runs from {row['lower (%)']:.1f} % to "
            f"{row['upper (%)']:.1f} % (point estimate {row['share (%)']:.1f} %).")
    return {"table": table, "text": text}
