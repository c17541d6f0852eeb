"""Johansen cointegration rank tests: asymptotic, Reinsel–Ahn corrected and bootstrap.

* Trace and maximum-eigenvalue statistics from :func:`vecmbook.econometrics.johansen.reduced_rank`
  (Johansen 1995, ch. 6) with asymptotic p-values and 5 % critical values from
  :mod:`vecmbook.econometrics.pvalues`.
* Reinsel & Ahn (1992) small-sample correction: statistics scaled by (T − K(p+1))/T,
  T the effective sample and p + 1 the VAR order in levels, then referred to the same
  asymptotic distribution.
* Bootstrap p-values (Cavaliere, Rahbek & Taylor 2012, Econometrica 80(4)): for each
  null rank r the VECM is estimated under H(r), B samples are generated recursively
  from those estimates, started at the data's first p + 1 observations, with shocks
  resampled from the centred restricted residuals (``"iid"``) or wild-bootstrapped
  with N(0, 1) multipliers (``"wild"``, Cavaliere, Rahbek & Taylor 2014), and the
  statistic is recomputed in batched eigen-problems of ``BOOT_CHUNK`` samples (the
  progress bar advances per batch, total B × K replications).
* Exogenous terms (:mod:`vecmbook.econometrics.exog`) enter the concentration, every bootstrap
  re-estimation and the bootstrap samples (held fixed). With stationary ``--exog``
  columns (Rahbek & Mosconi 1999) or a ``--shift`` (Johansen, Mosconi & Nielsen 2000) the
  tabulated distributions do not apply: critical values and asymptotic / Reinsel–Ahn
  p-values are NaN ("n/a" in the tables) and the bootstrap p-values decide. With shifts in
  case 2 (JMN's model H_c) the trace test also gets JMN's Gamma approximation
  (:mod:`vecmbook.econometrics.jmn`), shown beside the bootstrap.
* Rank choice: the sequential trace procedure at 5 % — the first r whose null
  H0: rank ≤ r is not rejected, K if every null is rejected (Johansen 1995, sec. 12.1).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from tqdm import tqdm

from vecmbook.econometrics import jmn, vecm
from vecmbook.econometrics.exog import Exog
from vecmbook.econometrics.johansen import check_case, min_effective_obs, reduced_rank
from vecmbook.econometrics.pvalues import critical_value, pvalue

ALPHA = 0.05
#: bootstrap samples simulated and tested per batch (one progress-bar step)
BOOT_CHUNK = 100
Scheme = Literal["iid", "wild"]


@dataclass(frozen=True)
class Bootstrap:
    """Bootstrap p-values (element r is H0: rank ≤ r) and how they were made."""

    reps: int
    scheme: str
    seed: int
    trace_pvalue: np.ndarray
    maxeig_pvalue: np.ndarray
    trace_stats: np.ndarray  # (K, B) bootstrap trace statistics under each null rank


@dataclass(frozen=True)
class JohansenTest:
    """Johansen test results; arrays have one entry per null rank r = 0..K−1."""

    case: int
    lags: int
    nobs: int
    eigenvalues: np.ndarray
    trace: np.ndarray
    maxeig: np.ndarray
    trace_cv95: np.ndarray
    maxeig_cv95: np.ndarray
    trace_pvalue: np.ndarray
    maxeig_pvalue: np.ndarray
    reinsel_ahn_factor: float
    trace_ra_pvalue: np.ndarray
    maxeig_ra_pvalue: np.ndarray
    bootstrap: Bootstrap | None = None
    tables_apply: bool = True
    trace_jmn_cv95: np.ndarray | None = None  # JMN (2000) Gamma approximation, case 2 with shifts
    trace_jmn_pvalue: np.ndarray | None = None

    @property
    def k(self) -> int:
        return len(self.eigenvalues)

    @property
    def trace_ra(self) -> np.ndarray:
        """Reinsel–Ahn corrected trace statistics."""
        return self.reinsel_ahn_factor * self.trace

    @property
    def maxeig_ra(self) -> np.ndarray:
        """Reinsel–Ahn corrected maximum-eigenvalue statistics."""
        return self.reinsel_ahn_factor * self.maxeig

    @property
    def rank(self) -> int | None:
        """Sequential trace rank with asymptotic p-values (None where the tables do not apply)."""
        return select_rank(self.trace_pvalue) if self.tables_apply else None

    @property
    def rank_ra(self) -> int | None:
        """Sequential trace rank with Reinsel–Ahn corrected p-values (None where the tables do not apply)."""
        return select_rank(self.trace_ra_pvalue) if self.tables_apply else None

    @property
    def rank_boot(self) -> int | None:
        """Sequential trace rank with bootstrap p-values (None without bootstrap)."""
        return None if self.bootstrap is None else select_rank(self.bootstrap.trace_pvalue)


def select_rank(pvalues: np.ndarray, alpha: float = ALPHA) -> int:
    """First r with p-value ≥ ``alpha`` (H0: rank ≤ r not rejected); K if all rejected."""
    keep = np.flatnonzero(np.asarray(pvalues) >= alpha)
    return int(keep[0]) if keep.size else len(pvalues)


def reinsel_ahn_factor(nobs: int, k: int, lags: int) -> float:
    """Reinsel & Ahn (1992) scale (T − K(p+1))/T for a VAR of order p + 1 in levels."""
    factor = (nobs - k * (lags + 1)) / nobs
    if factor <= 0:
        raise ValueError(f"lags={lags}: T = {nobs} is too short for the Reinsel-Ahn correction")
    return factor


def _check_scheme(scheme: str) -> None:
    if scheme not in ("iid", "wild"):
        raise ValueError(f"scheme must be 'iid' or 'wild', got {scheme!r}")


def bootstrap_pvalues(
    y: np.ndarray,
    lags: int,
    case: int,
    observed_trace: np.ndarray,
    observed_maxeig: np.ndarray,
    reps: int,
    seed: int = 0,
    scheme: Scheme = "iid",
    progress: bool = True,
    exog: Exog | None = None,
) -> Bootstrap:
    """Cavaliere–Rahbek–Taylor (2012) recursive bootstrap p-values for every null rank; the
    exogenous block is held fixed in every bootstrap sample."""
    _check_scheme(scheme)
    k = y.shape[1]
    streams = np.random.SeedSequence(seed).spawn(k)
    trace_p, maxeig_p = np.empty(k), np.empty(k)
    trace_stats, maxeig_stats = np.empty((k, reps)), np.empty((k, reps))
    with tqdm(total=k * reps, desc="bootstrap replications", unit="rep",
              disable=not progress) as bar:
        for r in range(k):
            rng = np.random.default_rng(streams[r])
            model = vecm.fit(y, lags, case, r, exog)
            resid = model.residuals - model.residuals.mean(axis=0)
            t = resid.shape[0]
            # all draws first, so the chunking below cannot change the random numbers
            if scheme == "iid":
                draws = rng.integers(0, t, size=(reps, t))
            else:
                draws = rng.standard_normal((reps, t, 1))
            for lo in range(0, reps, BOOT_CHUNK):
                hi = min(lo + BOOT_CHUNK, reps)
                shocks = resid[draws[lo:hi]] if scheme == "iid" else resid * draws[lo:hi]
                rr = reduced_rank(vecm.simulate(model, y[: lags + 1], shocks), lags, case, exog)
                trace_stats[r, lo:hi] = rr.trace()[:, r]
                maxeig_stats[r, lo:hi] = rr.maxeig()[:, r]
                bar.update(hi - lo)
            trace_p[r] = np.mean(trace_stats[r] >= observed_trace[r])
            maxeig_p[r] = np.mean(maxeig_stats[r] >= observed_maxeig[r])
    return Bootstrap(reps, scheme, seed, trace_p, maxeig_p, trace_stats)


def johansen_test(
    y: np.ndarray,
    lags: int,
    case: int,
    boot: int = 0,
    seed: int = 0,
    progress: bool = True,
    scheme: Scheme = "iid",
    exog: Exog | None = None,
) -> JohansenTest:
    """Trace and max-eigenvalue tests for data ``y`` (N, K) with ``lags`` lagged differences.

    ``boot`` > 0 adds bootstrap p-values from that many replications per null rank;
    ``exog`` the unrestricted exogenous block (module doc).
    """
    y = np.asarray(y, dtype=float)
    if y.ndim != 2:
        raise ValueError(f"y must be a 2-D array (observations, variables), got shape {y.shape}")
    check_case(case)
    if boot < 0:
        raise ValueError(f"boot must be >= 0, got {boot}")
    _check_scheme(scheme)
    # checked before any factorisation: on a shorter sample the moment matrices are singular,
    # and whether a Cholesky then fails or returns rounding noise depends on the BLAS kernel
    nobs, need = len(y) - lags - 1, min_effective_obs(y.shape[1], lags, case,
                                                         0 if exog is None else exog.n_columns)
    if nobs < need:
        raise ValueError(f"lags={lags}: T = {nobs} effective observations are too few for K = {y.shape[1]} "
                         f"variables in case {case}; the Johansen eigenproblem needs T >= {need}")
    rr = reduced_rank(y, lags, case, exog)
    k = rr.k
    dims = k - np.arange(k)  # k = K − r for r = 0..K−1
    trace, maxeig = rr.trace(), rr.maxeig()
    factor = reinsel_ahn_factor(rr.nobs, k, lags)
    boot_res = (
        bootstrap_pvalues(y, lags, case, trace, maxeig, boot, seed, scheme, progress, exog)
        if boot else None
    )
    tables = exog is None or exog.tables_apply
    na = np.full(k, np.nan)
    tab = (lambda f: f()) if tables else (lambda f: na)  # noqa: E731
    shifts = [] if exog is None else exog.shift_positions()
    jmn_applies = bool(shifts) and case == 2
    return JohansenTest(
        case=case,
        lags=lags,
        nobs=rr.nobs,
        eigenvalues=rr.eigenvalues,
        trace=trace,
        maxeig=maxeig,
        trace_cv95=tab(lambda: np.array([critical_value(d, case, 0.95, "trace") for d in dims])),
        maxeig_cv95=tab(lambda: np.array([critical_value(d, case, 0.95, "maxeig") for d in dims])),
        trace_pvalue=tab(lambda: pvalue(trace, dims, case, "trace")),
        maxeig_pvalue=tab(lambda: pvalue(maxeig, dims, case, "maxeig")),
        reinsel_ahn_factor=factor,
        trace_ra_pvalue=tab(lambda: pvalue(factor * trace, dims, case, "trace")),
        maxeig_ra_pvalue=tab(lambda: pvalue(factor * maxeig, dims, case, "maxeig")),
        bootstrap=boot_res,
        tables_apply=tables,
        trace_jmn_cv95=jmn.critical_value(dims, shifts, len(y)) if jmn_applies else None,
        trace_jmn_pvalue=jmn.pvalue(trace, dims, shifts, len(y)) if jmn_applies else None,
    )


def _hypotheses(pvalues: np.ndarray) -> list[str]:
    names = ["None"] + [f"At most {r}" for r in range(1, len(pvalues))]
    return [f"{n} *" if p < ALPHA else n for n, p in zip(names, pvalues)]


def _table(test: JohansenTest, kind: Literal["trace", "maxeig"]) -> pd.DataFrame:
    label = {"trace": "Trace Statistic", "maxeig": "Max-Eigen Statistic"}[kind]
    stat, p = getattr(test, kind), getattr(test, f"{kind}_pvalue")
    if not test.tables_apply:  # stars from the bootstrap, tabulated columns "n/a"
        p = getattr(test.bootstrap, f"{kind}_pvalue") if test.bootstrap is not None else np.ones(test.k)
    df = pd.DataFrame({
        "Hypothesized No. of CE(s)": _hypotheses(p),
        "Eigenvalue": test.eigenvalues,
        label: stat,
        "0.05 Critical Value": getattr(test, f"{kind}_cv95"),
        "Prob.": p,
        f"Reinsel-Ahn {label}": getattr(test, f"{kind}_ra"),
        "Prob. (Reinsel-Ahn)": getattr(test, f"{kind}_ra_pvalue"),
    })
    if kind == "trace" and test.trace_jmn_pvalue is not None:
        df["0.05 c.v. (JMN 2000)"] = test.trace_jmn_cv95
        df["Prob. (JMN 2000)"] = test.trace_jmn_pvalue
    if test.bootstrap is not None:
        df["Prob. (bootstrap)"] = getattr(test.bootstrap, f"{kind}_pvalue")
    if not test.tables_apply:
        for col in ("0.05 Critical Value", "Prob.", "Prob. (Reinsel-Ahn)"):
            df[col] = "n/a"
    return df


def trace_table(test: JohansenTest) -> pd.DataFrame:
    """The study's Table 3 layout for the trace test ("*": rejection at 5 %, asymptotic; bootstrap
    where the tables do not apply, whose columns then read "n/a")."""
    return _table(test, "trace")


def maxeig_table(test: JohansenTest) -> pd.DataFrame:
    """The same layout for the maximum-eigenvalue test."""
    return _table(test, "maxeig")


def rank_summary(test: JohansenTest) -> pd.DataFrame:
    """Rank chosen by the sequential trace procedure at 5 % under each set of p-values."""
    rows = ({"Asymptotic": (test.trace_pvalue, test.rank),
             "Reinsel-Ahn corrected": (test.trace_ra_pvalue, test.rank_ra)} if test.tables_apply else {})
    if test.trace_jmn_pvalue is not None:
        rows["Asymptotic, JMN (2000) Gamma approximation"] = (test.trace_jmn_pvalue,
                                                              select_rank(test.trace_jmn_pvalue))
    if test.bootstrap is not None:
        rows[f"Bootstrap ({test.bootstrap.scheme}, B = {test.bootstrap.reps})"] = (
            test.bootstrap.trace_pvalue, test.rank_boot)
    hyps = [h.rstrip(" *") for h in _hypotheses(np.ones(test.k))]
    df = pd.DataFrame({name: p for name, (p, _) in rows.items()}, index=hyps).T
    df.insert(0, "Selected rank", [r for _, r in rows.values()])
    df.index.name = "Trace p-values"
    return df


def _floats(a: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(a)]


def to_dict(test: JohansenTest) -> dict:
    """JSON-ready summary (plain Python types); list element i is H0: rank ≤ i."""
    out = {
        "case": test.case,
        "lags": test.lags,
        "nobs": test.nobs,
        "eigenvalues": _floats(test.eigenvalues),
        "trace": _floats(test.trace),
        "trace_cv95": _floats(test.trace_cv95),
        "trace_pvalue": _floats(test.trace_pvalue),
        "maxeig": _floats(test.maxeig),
        "maxeig_cv95": _floats(test.maxeig_cv95),
        "maxeig_pvalue": _floats(test.maxeig_pvalue),
        "rank": test.rank,
        "reinsel_ahn_factor": float(test.reinsel_ahn_factor),
        "trace_reinsel_ahn": _floats(test.trace_ra),
        "trace_reinsel_ahn_pvalue": _floats(test.trace_ra_pvalue),
        "maxeig_reinsel_ahn": _floats(test.maxeig_ra),
        "maxeig_reinsel_ahn_pvalue": _floats(test.maxeig_ra_pvalue),
        "rank_reinsel_ahn": test.rank_ra,
        "tables_apply": test.tables_apply,  # false with --exog or --shift: tabulated values above are null
    }
    if test.trace_jmn_pvalue is not None:  # case 2 with --shift (JMN 2000); NaN beyond p - r = 10
        out["trace_jmn_cv95"] = _floats(test.trace_jmn_cv95)
        out["trace_jmn_pvalue"] = _floats(test.trace_jmn_pvalue)
    if test.bootstrap is not None:
        b = test.bootstrap
        out["bootstrap"] = {
            "reps": b.reps,
            "scheme": b.scheme,
            "seed": b.seed,
            "trace_pvalue": _floats(b.trace_pvalue),
            "maxeig_pvalue": _floats(b.maxeig_pvalue),
            "rank": test.rank_boot,
        }
    return out
