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


def paper_period1_shares() -> dict[str, dict[str, float]]:
    """Period-1 shares of Tables 4 and 5: {response: {impulse: share}}."""
    out = {}
    for resp in paper.FEVD_TABLES:
        row = paper.fevd_frame(resp).loc[1].drop("S.E.")
        out[resp] = {str(k): float(v) for k, v in row.items()}
    return out


def fevd_side_by_side(se: np.ndarray, shares: np.ndarray, names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Tables 4 and 5: ours and the paper's per period, with ours − paper for the FDI share and S.E.

    One frame per response of the study (``LEXS1``, ``LEXS2``; empty when the run lacks it); the
    paper's columns are missing past its period 10.
    """
    horizon = se.shape[0]
    out: dict[str, pd.DataFrame] = {}
    for resp in paper.FEVD_TABLES:
        if resp not in names:
            out[resp] = pd.DataFrame()
            continue
        i = list(names).index(resp)
        ours = pd.DataFrame(shares[:, i, :], columns=list(names), index=range(1, horizon + 1))
        ours.insert(0, "S.E.", se[:, i])
        ours.index.name = "Period"
        theirs = paper.fevd_frame(resp).reindex(ours.index)
        table = pd.concat({"ours": ours, "paper": theirs}, axis=1)
        if "LFDI" in names:
            table[("ours − paper", "LFDI")] = table[("ours", "LFDI")] - table[("paper", "LFDI")]
        table[("ours − paper", "S.E.")] = table[("ours", "S.E.")] - table[("paper", "S.E.")]
        out[resp] = table
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


def fevd_last_interval(shares: np.ndarray, boot: BootResult, names: Sequence[str]) -> pd.DataFrame | None:
    """Bootstrap intervals of every share at the last horizon, for the responses LEXS1 and LEXS2
    (all responses when the run has neither): (response, shock) → share, lower, upper, in %;
    ``attrs["period"]`` the period. None without bootstrap replications."""
    if boot.fevd is None:
        return None
    h = shares.shape[0] - 1
    rows = []
    for resp in [n for n in names if n in paper.FEVD_TABLES] or list(names):
        i = list(names).index(resp)
        for j, imp in enumerate(names):
            rows.append({"response": resp, "shock": imp, "share (%)": shares[h, i, j],
                         "lower (%)": boot.fevd.lower[h, i, j], "upper (%)": boot.fevd.upper[h, i, j]})
    table = pd.DataFrame(rows).set_index(["response", "shock"])
    table.attrs["period"] = h + 1
    return table
