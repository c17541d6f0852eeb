"""Our numbers beside the paper's: side-by-side tables and the figures the prose quotes.

The paper's values come from :mod:`vecmbook.paper` (one transcription); ours from the
live run. Differences are reported as ours − paper, so a reader sees how far apart
the two are; on the stand-in data they measure the stand-in, not an error.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import fevd, inference, paper, ranktest
from .bootstrap import BootResult
from .johansen import CASES
from .vecm import VECMFit


def glue_values(values: dict) -> dict:
    """numpy scalars as plain Python numbers, so myst-nb can format glued values."""
    return {k: v.item() if isinstance(v, np.generic) else v for k, v in values.items()}


def table3_side_by_side(test: ranktest.JohansenTest) -> pd.DataFrame:
    """Eigenvalues, trace statistics and p-values: ours, the paper's Table 3, and ours − paper."""
    ours = ranktest.trace_table(test)[["Hypothesized No. of CE(s)", "Eigenvalue", "Trace Statistic",
                                       "0.05 Critical Value", "Prob."]]
    theirs = paper.johansen_frame().drop(columns="Hypothesized No. of CE(s)")
    theirs = theirs.reindex(range(len(ours)))
    out = pd.concat({"ours": ours.set_index("Hypothesized No. of CE(s)"),
                     "paper": theirs.set_axis(ours["Hypothesized No. of CE(s)"])}, axis=1)
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


def all_cases_table(y: np.ndarray, lags: int) -> pd.DataFrame:
    """Trace statistics, asymptotic p-values and selected rank under each deterministic case."""
    rows = {}
    for case in CASES:
        t = ranktest.johansen_test(y, lags, case, boot=0, progress=False)
        row = {}
        for r, (stat, p) in enumerate(zip(t.trace, t.trace_pvalue)):
            row[f"trace r≤{r}"] = stat
            row[f"p r≤{r}"] = p
        row["selected rank"] = t.rank
        rows[f"{case}: {CASES[case]}"] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("case")


def ect_side_by_side(fit: VECMFit, names: Sequence[str]) -> pd.DataFrame:
    """The error-correction numbers the study interprets, ours (with s.e.) beside the paper's."""
    se = inference.standard_errors(fit)
    items = paper.load_paper_reported()["error_correction"]["items"]
    rows = []
    for item in items:
        eq = item["equation"].rstrip("?")
        var = eq[2:-1]  # "D(LEXS1)" -> "LEXS1"
        if var not in names:
            continue
        i = list(names).index(var)
        if item["regressor"].startswith("ECT"):
            j = int(item["regressor"][3:]) - 1
            if j >= fit.rank:
                continue
            value, err, key = fit.alpha[i, j], se.alpha_se[i, j], f"ect{j + 1}"
        elif item["regressor"] == "D(LFDI(-1))" and "LFDI" in names and fit.lags >= 1:
            j = list(names).index("LFDI")
            value, err, key = fit.gamma[i, j], se.gamma_se[i, j], f"dlfdi_{var.lower()}"
        else:
            continue
        paper_value = item["value"]
        rows.append({"key": key, "equation": eq, "regressor": item["regressor"], "ours": value,
                     "s.e.": err, "paper": item["as_printed"],
                     "ours − paper": np.nan if paper_value is None else value - paper_value})
    columns = ["key", "equation", "regressor", "ours", "s.e.", "paper", "ours − paper"]
    return pd.DataFrame(rows, columns=columns)  # keeps its columns when the study's variables are absent


def truth_side_by_side(fit: VECMFit, truth: VECMFit, names: Sequence[str]) -> pd.DataFrame:
    """Estimated α and free β entries beside the true values of the model that generated the data."""
    k, r = fit.k, min(fit.rank, truth.rank)
    rows = []
    for j in range(r):
        for i in range(k):
            rows.append((f"alpha[{names[i]}, CE{j + 1}]", fit.alpha[i, j], truth.alpha[i, j]))
        for i in range(r, k):
            rows.append((f"beta[{names[i]}, CE{j + 1}]", fit.beta[i, j], truth.beta[i, j]))
    out = pd.DataFrame(rows, columns=["coefficient", "estimate", "truth"]).set_index("coefficient")
    out["estimate − truth"] = out["estimate"] - out["truth"]
    return out


def fdi_response_summary(point: np.ndarray, lower: np.ndarray | None, upper: np.ndarray | None,
                         names: Sequence[str]) -> dict:
    """Responses of LEXS1/LEXS2 to an LFDI shock: impact, last horizon, horizons whose band excludes 0."""
    glue: dict[str, float] = {}
    rows = {}
    h_last = point.shape[0] - 1
    for resp in ("LEXS1", "LEXS2"):
        key = resp[1:].lower()  # glue keys exs1_*, exs2_*
        if not {resp, "LFDI"} <= set(names):
            glue.update({f"{key}_h0": np.nan, f"{key}_hH": np.nan, f"{key}_sig": np.nan})
            continue
        i, j = list(names).index(resp), list(names).index("LFDI")
        path = point[:, i, j]
        sig = np.nan if lower is None else int(np.sum((lower[:, i, j] > 0) | (upper[:, i, j] < 0)))
        glue.update({f"{key}_h0": path[0], f"{key}_hH": path[-1], f"{key}_sig": sig})
        rows[f"{resp} to LFDI"] = {"impact (period 1)": path[0], f"period {h_last + 1}": path[-1],
                                  "largest |response|": path[np.argmax(np.abs(path))],
                                  "periods with band excluding 0": sig}
    return {"table": pd.DataFrame.from_dict(rows, orient="index"), "glue": glue_values(glue)}


def paper_period1_shares() -> dict[str, dict[str, float]]:
    """Period-1 shares of Tables 4 and 5: {response: {impulse: share}}."""
    out = {}
    for resp in paper.FEVD_TABLES:
        row = paper.fevd_frame(resp).loc[1].drop("S.E.")
        out[resp] = {str(k): float(v) for k, v in row.items()}
    return out


def fevd_side_by_side(se: np.ndarray, shares: np.ndarray, names: Sequence[str]) -> dict:
    """Tables 4 and 5: ours and the paper's per period, with ours − paper for the FDI share and S.E."""
    out: dict = {"glue": {"H": se.shape[0]}}
    for resp in paper.FEVD_TABLES:
        key = resp[1:].lower()  # glue keys fdi_exs1_H, fdi_exs2_H
        if resp not in names:
            out[resp] = pd.DataFrame()
            out["glue"][f"fdi_{key}_H"] = np.nan
            continue
        i = list(names).index(resp)
        ours = pd.DataFrame(shares[:, i, :], columns=list(names), index=range(1, se.shape[0] + 1))
        ours.insert(0, "S.E.", se[:, i])
        ours.index.name = "Period"
        theirs = paper.fevd_frame(resp).reindex(ours.index)
        table = pd.concat({"ours": ours, "paper": theirs}, axis=1)
        if "LFDI" in names:
            table[("ours − paper", "LFDI")] = table[("ours", "LFDI")] - table[("paper", "LFDI")]
            out["glue"][f"fdi_{key}_H"] = float(ours["LFDI"].iloc[-1])
        else:
            out["glue"][f"fdi_{key}_H"] = np.nan
        table[("ours − paper", "S.E.")] = table[("ours", "S.E.")] - table[("paper", "S.E.")]
        out[resp] = table
    out["glue"] = glue_values(out["glue"])
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
    """Bootstrap intervals of every share at the last horizon, for the responses LEXS1 and LEXS2."""
    h = shares.shape[0] - 1
    glue = {"level_pct": 100 * level, "fdi_exs1_lo": np.nan, "fdi_exs1_hi": np.nan}
    if boot.fevd is None:
        return {"table": pd.DataFrame({"note": ["no bootstrap (--boot 0)"]}), "glue": glue}
    rows = []
    for resp in [n for n in names if n in paper.FEVD_TABLES] or list(names):
        i = list(names).index(resp)
        for j, imp in enumerate(names):
            rows.append({"response": resp, "shock": imp, "share (%)": shares[h, i, j],
                         "lower (%)": boot.fevd.lower[h, i, j], "upper (%)": boot.fevd.upper[h, i, j]})
            if resp == "LEXS1" and imp == "LFDI":
                glue["fdi_exs1_lo"], glue["fdi_exs1_hi"] = boot.fevd.lower[h, i, j], boot.fevd.upper[h, i, j]
    table = pd.DataFrame(rows).set_index(["response", "shock"])
    table.attrs["period"] = h + 1
    return {"table": table, "glue": glue_values(glue)}
