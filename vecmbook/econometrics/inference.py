"""Standard errors and t-statistics of a fitted VECM, and its EViews-style summary.

Short-run coefficients (α, Γ, unrestricted deterministic terms): with β̂ fixed, the
VECM is a linear regression of ΔY_t on W_t = [β̂'Z1_t, Z2_t] whose OLS coefficients
are exactly the ML estimates; β̂ is super-consistent, so the usual OLS covariance
(W'W)⁻¹ ⊗ Σ̂ is asymptotically valid (Lütkepohl 2005, sec. 7.2.2, eq. 7.2.21). By
default Σ̂ is divided by T − n (n regressors per equation), as EViews, R urca's
``cajorls`` (via ``lm``) and the study report; ``dof_adjust=False`` gives the ML
Σ̂ (divided by T) used by Lütkepohl and statsmodels.

Free entries of β̂ (rows r+1 … K+m1 under the identity normalisation β = [I_r; B]):
Lütkepohl (2005, sec. 7.2.2, p. 297)

    Var(vec B̂') ≈ (R1_(2)' R1_(2))⁻¹ ⊗ (α̂' Σ̂⁻¹ α̂)⁻¹,

with R1_(2) the last K+m1−r columns of Z1 after regressing out Z2 (the first r rows
of β are known, so only Z2 is partialled out) and Σ̂ the ML residual covariance.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vecmbook.econometrics.vecm import VECMFit

RESTRICTED_LABEL = {2: ["C"], 4: ["@TREND"]}
UNRESTRICTED_LABEL = {3: ["C"], 4: ["C"], 5: ["C", "@TREND"]}


@dataclass(frozen=True)
class VECMInference:
    """Coefficients of a VECM with their standard errors (NaN where fixed by normalisation).

    alpha/alpha_se (K, r); beta/beta_se (K+m1, r); gamma/gamma_se (K, K p);
    delta/delta_se (K, m2); ``sigma_ols`` the residual covariance behind the
    short-run standard errors and ``dof`` its divisor.
    """

    alpha: np.ndarray
    alpha_se: np.ndarray
    beta: np.ndarray
    beta_se: np.ndarray
    gamma: np.ndarray
    gamma_se: np.ndarray
    delta: np.ndarray
    delta_se: np.ndarray
    sigma_ols: np.ndarray
    dof: int

    def tstat(self, name: str) -> np.ndarray:
        """t-statistics coefficient / s.e. of ``name`` in {'alpha', 'beta', 'gamma', 'delta'}."""
        if name not in ("alpha", "beta", "gamma", "delta"):
            raise ValueError(f"name must be alpha, beta, gamma or delta, got {name!r}")
        with np.errstate(invalid="ignore", divide="ignore"):
            return getattr(self, name) / getattr(self, f"{name}_se")


def _single(fit: VECMFit) -> None:
    if fit.alpha.ndim != 2:
        raise ValueError("fit must be a single (unbatched) VECM fit")


def short_run_regressors(fit: VECMFit) -> np.ndarray:
    """W_t = [β̂'Z1_t, ΔY_{t-1} … ΔY_{t-p}, unrestricted terms], shape (T, r + K p + m2)."""
    d = fit.rrr.design
    return np.concatenate([d.z1 @ fit.beta, d.z2], axis=-1)


def standard_errors(fit: VECMFit, dof_adjust: bool = True) -> VECMInference:
    """Standard errors of α̂, Γ̂, the unrestricted deterministic terms and the free rows of β̂.

    ``dof_adjust`` divides the residual covariance of the short-run regression by
    T − n (EViews, urca ``cajorls``) instead of T (Lütkepohl 2005, statsmodels).
    β̂'s standard errors always use the ML Σ̂ (Lütkepohl 2005, p. 297).
    """
    _single(fit)
    w = short_run_regressors(fit)
    t, n = w.shape
    if dof_adjust and t <= n:
        raise ValueError(f"dof_adjust needs more observations ({t}) than regressors ({n})")
    dof = t - n if dof_adjust else t
    sigma_ols = fit.residuals.T @ fit.residuals / dof
    wtw_inv = np.linalg.inv(w.T @ w)
    se = np.sqrt(np.outer(np.diag(sigma_ols), np.diag(wtw_inv)))  # (K, n): equation x regressor
    r, kp = fit.rank, fit.gamma.shape[1]

    beta_se = np.full(fit.beta.shape, np.nan)
    r1_free = fit.rrr.r1[:, r:]
    if r and r1_free.shape[1]:
        loading = np.linalg.inv(fit.alpha.T @ np.linalg.solve(fit.sigma, fit.alpha))
        free = np.linalg.inv(r1_free.T @ r1_free)
        beta_se[r:] = np.sqrt(np.outer(np.diag(free), np.diag(loading)))
    return VECMInference(
        alpha=fit.alpha,
        alpha_se=se[:, :r],
        beta=fit.beta,
        beta_se=beta_se,
        gamma=fit.gamma,
        gamma_se=se[:, r : r + kp],
        delta=fit.delta,
        delta_se=se[:, r + kp :],
        sigma_ols=sigma_ols,
        dof=dof,
    )


def _check_names(fit: VECMFit, names: Sequence[str]) -> list[str]:
    names = list(names)
    if len(names) != fit.k:
        raise ValueError(f"names must list {fit.k} variables, got {len(names)}")
    return names


def beta_labels(fit: VECMFit, names: Sequence[str]) -> list[str]:
    """Row labels of β: ``NAME(-1)`` for each variable, the restricted term (C or @TREND), then
    the restricted exogenous columns (``SHIFT(P)(-1)``)."""
    shifts = list(fit.exog.restricted_labels) if fit.exog is not None else []
    return [f"{v}(-1)" for v in _check_names(fit, names)] + RESTRICTED_LABEL.get(fit.case, []) + shifts


def unrestricted_labels(fit: VECMFit) -> list[str]:
    """Labels of the columns of δ: C, @TREND as the case has them, then the exogenous block's names."""
    return UNRESTRICTED_LABEL.get(fit.case, []) + (list(fit.exog.names) if fit.exog is not None else [])


def short_run_labels(fit: VECMFit, names: Sequence[str]) -> list[str]:
    """EViews labels of the error-correction regressors: CointEq1…r, D(NAME(-i)), C, @TREND and the
    exogenous terms (e.g. @SEAS(1)-0.25, IMP(2009), a --exog column, D(SHIFT(2009)))."""
    names = _check_names(fit, names)
    lagged = [f"D({v}(-{i}))" for i in range(1, fit.lags + 1) for v in names]
    ects = [f"CointEq{j + 1}" for j in range(fit.rank)]
    return ects + lagged + unrestricted_labels(fit)


def coefficient_table(fit: VECMFit, names: Sequence[str], dof_adjust: bool = True) -> pd.DataFrame:
    """Tidy table of every coefficient: block, equation, term, coefficient, std_error, t_stat."""
    inf = standard_errors(fit, dof_adjust)
    names = _check_names(fit, names)
    rows = []
    ce = [f"CointEq{j + 1}" for j in range(fit.rank)]
    for j, eq in enumerate(ce):
        for i, term in enumerate(beta_labels(fit, names)):
            rows.append(("Cointegrating Eq", eq, term, inf.beta[i, j], inf.beta_se[i, j]))
    coef = np.concatenate([inf.alpha, inf.gamma, inf.delta], axis=1)
    se = np.concatenate([inf.alpha_se, inf.gamma_se, inf.delta_se], axis=1)
    for i, v in enumerate(names):
        for j, term in enumerate(short_run_labels(fit, names)):
            rows.append(("Error Correction", f"D({v})", term, coef[i, j], se[i, j]))
    table = pd.DataFrame(rows, columns=["block", "equation", "term", "coefficient", "std_error"])
    with np.errstate(invalid="ignore", divide="ignore"):
        table["t_stat"] = table["coefficient"] / table["std_error"]
    return table


def _eviews_block(table: pd.DataFrame, digits: int) -> pd.DataFrame:
    """Stack coefficient, (s.e.) and [t] under each other as EViews prints them."""
    columns = list(dict.fromkeys(table["equation"]))
    terms = list(dict.fromkeys(table["term"]))
    wide = {q: table.pivot(index="term", columns="equation", values=q).loc[terms, columns]
            for q in ("coefficient", "std_error", "t_stat")}
    out = []
    for term in terms:
        out.append(((term, "coef"), [f"{round(x, digits) + 0.0:.{digits}f}"  # no "-0.000000"
                                     for x in wide["coefficient"].loc[term]]))
        if wide["std_error"].loc[term].notna().any():
            out.append(((term, "s.e."), [f"({x:.{digits}f})" if np.isfinite(x) else ""
                                         for x in wide["std_error"].loc[term]]))
            out.append(((term, "t"), [f"[{x:.{digits - 2}f}]" if np.isfinite(x) else ""
                                      for x in wide["t_stat"].loc[term]]))
    index = pd.MultiIndex.from_tuples([k for k, _ in out], names=["term", "statistic"])
    return pd.DataFrame([v for _, v in out], index=index, columns=columns)


def vecm_summary(fit: VECMFit, names: Sequence[str], dof_adjust: bool = True,
                 digits: int = 6) -> dict[str, pd.DataFrame]:
    """EViews-style "Cointegrating Eq" and "Error Correction" blocks (strings for display).

    Each term has a coefficient row and, unless fixed by normalisation, a "(s.e.)" and a
    "[t-statistic]" row. Unlike EViews, no constant is shown in the cointegrating
    equations of cases 3–5: there it is unrestricted and reported in the error-correction
    block only.
    """
    table = coefficient_table(fit, names, dof_adjust)
    return {
        block: _eviews_block(table[table["block"] == block], digits)
        for block in ("Cointegrating Eq", "Error Correction")
    }


def _plain(a: np.ndarray) -> list:
    """Nested lists of floats, NaN as None (JSON-ready)."""
    return [[None if not np.isfinite(x) else float(x) for x in row] for row in np.asarray(a)]


def results_block(fit: VECMFit, names: Sequence[str]) -> dict:
    """The ``vecm`` section of results.json (plain floats; beta rows = variables then restricted term)."""
    inf = standard_errors(fit)
    names = _check_names(fit, names)
    return {
        "variables": names,
        "rank": int(fit.rank),
        "lags": int(fit.lags),
        "case": int(fit.case),
        "nobs": int(fit.nobs),
        "beta_rows": beta_labels(fit, names),
        "alpha": _plain(inf.alpha),
        "alpha_se": _plain(inf.alpha_se),
        "beta": _plain(inf.beta),
        "beta_se": _plain(inf.beta_se),
        "gamma": _plain(inf.gamma),
        "gamma_se": _plain(inf.gamma_se),
        "delta_rows": unrestricted_labels(fit),
        "delta": _plain(inf.delta),
        "delta_se": _plain(inf.delta_se),
        "sigma": _plain(fit.sigma),
        "se_dof": int(inf.dof),  # divisor of the residual covariance behind alpha/gamma/delta s.e.
    }
