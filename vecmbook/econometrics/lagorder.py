"""EViews' "VAR Lag Order Selection Criteria" for the levels VAR of the model variables.

For p = 0..pmax the levels VAR ``y_t = c (+ δ t) + A_1 y_{t-1} + … + A_p y_{t-p} + u_t`` is
fitted by OLS on the SAME effective sample (the first ``pmax`` observations dropped, so
``T = n − pmax``). With ``Σ_p`` the ML residual covariance (``U'U/T``), ``K`` variables,
``d`` deterministic terms, ``m = K p + d`` coefficients per equation and ``n_p = K m``:

* LogL = −(T K / 2)(1 + log 2π) − (T / 2) log det Σ_p          (full Gaussian log likelihood)
* LR   = (T − m)(log det Σ_{p−1} − log det Σ_p) ~ χ²(K²)          (Lütkepohl 2005, sec. 4.2 /
  Sims 1980 small-sample modification, as EViews), tested sequentially from ``pmax``
  down: the selected lag is the first (largest) p whose test rejects at 5 %, else 0
* FPE  = det(Σ_p) ((T + m) / (T − m))^K                        (Lütkepohl 2005, eq. 4.3.1)
* AIC  = −2 LogL / T + 2 n_p / T
* SC   = −2 LogL / T + n_p log T / T
* HQ   = −2 LogL / T + 2 n_p log log T / T

Unrestricted exogenous terms (:mod:`vecmbook.econometrics.exog`: seasonal and impulse dummies, ``--exog``
columns) enter every VAR as further regressors at time t and count in ``d`` (EViews'
"exogenous variables" of the lag-order table; statsmodels ``VAR(exog=)``). A ``--shift`` step,
restricted to the cointegration space in the VECM, enters the levels VARs (which have no rank
restriction) unrestricted, lagged once as in the VECM, beside its impulses for the run's lags.

These are EViews' definitions (User's Guide, "Lag Structure"); statsmodels'
``VAR.select_order`` drops the likelihood constant, so its aic/bic/hqic equal ours minus
``K (1 + log 2π)`` — same rankings, same FPE.

Lag convention: a VAR(p) in levels is a VECM with ``p − 1`` lagged differences, so the
book's ``lags`` parameter (EViews' lag interval "1 (p−1)", statsmodels ``k_ar_diff``,
R ``ca.jo`` K = p) is ``p_levels − 1`` (:func:`suggested_vecm_lags`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from vecmbook.econometrics.exog import Exog

TRENDS = {"c": 1, "ct": 2}
CRITERIA = ("LR", "FPE", "AIC", "SC", "HQ")
_ALIASES = {"lr": "LR", "fpe": "FPE", "aic": "AIC", "sc": "SC", "bic": "SC", "sic": "SC",
            "hq": "HQ", "hqic": "HQ"}
_LOG2PI1 = 1.0 + np.log(2.0 * np.pi)


def trend_for_case(case: int) -> str:
    """Deterministic terms of the lag-order VAR for a Johansen case: cases 4 and 5 have a
    linear trend in the levels VAR ("ct"), cases 1–3 a constant only ("c", as EViews)."""
    if case not in (1, 2, 3, 4, 5):
        raise ValueError(f"case must be one of 1..5, got {case!r}")
    return "ct" if case in (4, 5) else "c"


def max_lag_bound(nobs: int, k: int, trend: str = "c", n_exog: int = 0) -> int:
    """Largest pmax for which the biggest VAR has a non-singular ML residual covariance:
    ``T − m ≥ K`` with ``T = nobs − pmax`` and ``m = K pmax + d``, i.e.
    ``pmax ≤ (nobs − d − K) // (K + 1)`` (statsmodels' ``max_estimable`` too); ``d`` counts
    the ``n_exog`` exogenous columns."""
    return (nobs - TRENDS[trend] - n_exog - k) // (k + 1)


def criteria_from_loglik(logl: np.ndarray, nobs: int, k: int, trend: str = "c",
                         n_exog: int = 0) -> dict[str, np.ndarray]:
    """LR, FPE, AIC, SC and HQ (EViews definitions, module doc) from the log likelihoods of
    VAR(0..pmax) fitted on a common sample of ``nobs`` observations with ``n_exog`` exogenous
    columns besides the trend terms. LR[0] is NaN."""
    logl = np.asarray(logl, dtype=float)
    p = np.arange(logl.shape[0])
    m = k * p + TRENDS[trend] + n_exog
    n_par = k * m
    T = float(nobs)
    logdet = -(2.0 * logl / T + k * _LOG2PI1)
    lr = np.full(logl.shape, np.nan)
    lr[1:] = (T - m[1:]) * (logdet[:-1] - logdet[1:])
    return {
        "LR": lr,
        "FPE": np.exp(logdet) * ((T + m) / (T - m)) ** k,
        "AIC": -2.0 * logl / T + 2.0 * n_par / T,
        "SC": -2.0 * logl / T + n_par * np.log(T) / T,
        "HQ": -2.0 * logl / T + 2.0 * n_par * np.log(np.log(T)) / T,
    }


@dataclass(frozen=True)
class LagOrderSelection:
    """Criteria for p = 0..pmax (arrays of length pmax+1), the selected lags and the
    sequential LR tests' p-values (χ²(K²)); ``nobs`` = common effective sample."""

    logl: np.ndarray
    criteria: dict[str, np.ndarray]
    lr_pvalue: np.ndarray
    selected: dict[str, int]
    nobs: int
    trend: str
    pmax: int


def _logliks(y: np.ndarray, pmax: int, trend: str, exog: np.ndarray) -> np.ndarray:
    """Gaussian log likelihoods of VAR(0..pmax) by OLS on observations pmax..n−1, with the
    exogenous columns ``exog`` (rows pmax..n−1, m columns) at time t in every VAR."""
    n, k = y.shape
    T = n - pmax
    det = [np.ones(T)] + ([np.arange(pmax + 1, n + 1, dtype=float)] if trend == "ct" else [])
    lagged = [y[pmax - j:n - j] for j in range(1, pmax + 1)]
    x_all = np.column_stack(det + [exog] + lagged)
    d = len(det) + exog.shape[1]
    Y = y[pmax:]
    out = np.empty(pmax + 1)
    for p in range(pmax + 1):
        X = x_all[:, :d + k * p]
        U = Y - X @ np.linalg.lstsq(X, Y, rcond=None)[0]
        _, logdet = np.linalg.slogdet(U.T @ U / T)
        out[p] = -0.5 * T * (k * _LOG2PI1 + logdet)
    return out


def lag_order_criteria(y: np.ndarray, pmax: int | None = None, trend: str = "c",
                       level: float = 0.05, exog: Exog | None = None) -> LagOrderSelection:
    """All criteria and selections for the levels VAR of ``y`` (n, K); see module doc.

    ``pmax`` defaults to ``min(4, max_lag_bound)``; ``level`` is the sequential LR tests' size;
    ``exog`` (n rows, aligned with ``y``) enters every VAR unrestricted.
    """
    y = np.asarray(y, dtype=float)
    if y.ndim != 2 or y.shape[1] < 1 or not np.all(np.isfinite(y)):
        raise ValueError("y must be a finite 2-D array (observations × variables)")
    if trend not in TRENDS:
        raise ValueError(f"trend must be one of {sorted(TRENDS)}, got {trend!r}")
    n, k = y.shape
    width = 0 if exog is None else exog.n_columns
    bound = max_lag_bound(n, k, trend, width)
    if bound < 1:
        raise ValueError(f"y has too few observations ({n}) for a VAR(1) in {k} variables")
    if pmax is None:
        pmax = min(4, bound)
    if not isinstance(pmax, (int, np.integer)) or not 1 <= pmax <= bound:
        raise ValueError(f"pmax must be an integer in 1..{bound} for n={n}, K={k}, got {pmax!r}")
    nobs = n - pmax
    x = np.empty((nobs, 0)) if exog is None else exog.columns(n, pmax - 1)  # rows pmax..n-1
    logl = _logliks(y, pmax, trend, x)
    crit = criteria_from_loglik(logl, nobs, k, trend, width)
    lr_p = stats.chi2.sf(crit["LR"], k * k)
    rejected = np.flatnonzero(lr_p[1:] < level)
    selected = {"LR": int(rejected[-1] + 1) if rejected.size else 0}
    selected.update({c: int(np.argmin(crit[c])) for c in CRITERIA[1:]})
    return LagOrderSelection(logl, crit, lr_p, selected, nobs, trend, pmax)


def lag_order_table(y: pd.DataFrame, pmax: int | None = None, trend: str = "c",
                    exog: Exog | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """EViews' table: rows Lag 0..pmax; columns LogL, LR, FPE, AIC, SC, HQ as text with the
    selected lag per criterion marked "*" (LR "NA" at lag 0, unmarked when no test rejects);
    plus the selections {criterion: p_levels}. ``trend``: "c" or "ct" (:func:`trend_for_case`).
    ``.attrs`` carries the included observations and the deterministic and exogenous terms."""
    if not isinstance(y, pd.DataFrame):
        raise ValueError("y must be a pandas DataFrame of the model variables in levels")
    sel = lag_order_criteria(y.to_numpy(dtype=float), pmax, trend, exog=exog)
    fmt = {"LR": "{:.6f}", "FPE": "{:.3e}", "AIC": "{:.6f}", "SC": "{:.6f}", "HQ": "{:.6f}"}
    table = pd.DataFrame({"LogL": [f"{v:.6f}" for v in sel.logl]},
                         index=pd.Index(range(sel.pmax + 1), name="Lag"))
    for c in CRITERIA:
        values = sel.criteria[c]
        cells = ["NA" if np.isnan(v) else fmt[c].format(v) for v in values]
        if not (c == "LR" and sel.selected[c] == 0):
            cells[sel.selected[c]] += "*"
        table[c] = cells
    table.attrs.update({"included observations": sel.nobs,
                        "exogenous": " ".join(["C"] + (["@TREND"] if trend == "ct" else [])
                                              + (list(exog.labels) if exog is not None else [])),
                        "endogenous": list(map(str, y.columns))})
    return table, dict(sel.selected)


def suggested_vecm_lags(selected: dict[str, int], criterion: str = "aic") -> int:
    """VECM lagged differences implied by a levels-VAR lag order: ``max(p_levels − 1, 0)``.

    ``criterion``: LR, FPE, AIC, SC (or bic/sic) or HQ (hqic), any case. A levels order of 0
    or 1 both give 0 lagged differences (the VECM needs the one level lag in any case).
    """
    key = _ALIASES.get(str(criterion).lower())
    if key is None or key not in selected:
        raise ValueError(f"criterion must be one of {sorted(_ALIASES)}, got {criterion!r}")
    return max(int(selected[key]) - 1, 0)
