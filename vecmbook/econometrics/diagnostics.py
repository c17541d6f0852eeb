"""Residual diagnostics of a fitted VECM (EViews "VEC Residual Tests").

Every test returns a :class:`TestResult` (statistic, df, p-value, one-line reading):

* serial correlation: Breusch–Godfrey LM test for lags 1..h, in the χ² form and the
  Edgerton–Shukur (1999) Rao-F form that EViews reports as "Rao F-stat" (Lütkepohl
  2005, sec. 4.4.4 and 8.4.1);
* portmanteau and adjusted portmanteau (Lütkepohl 2005, sec. 4.4.3, 8.4.1);
* multivariate normality: Jarque–Bera with Cholesky orthogonalisation (Lütkepohl 2005,
  sec. 4.5) or the symmetric inverse square root (JMulTi), and the Doornik–Hansen (2008)
  omnibus test;
* White heteroskedasticity without cross terms, system LM version (Doornik 1996; EViews).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from vecmbook.econometrics.inference import short_run_regressors
from vecmbook.econometrics.vecm import VECMFit


@dataclass(frozen=True)
class TestResult:
    """A test statistic with its reference distribution (``df`` is (df1, df2) for F tests)."""

    __test__ = False  # not a pytest test class

    test: str
    statistic: float
    df: float | tuple[float, float]
    pvalue: float
    reading: str

    @classmethod
    def not_computable(cls, test: str, reason: str) -> TestResult:
        """A test that this sample cannot support (too few observations for its regressors)."""
        return cls(test, np.nan, np.nan, np.nan, f"not computable: {reason}")

    def row(self) -> dict:
        df = (f"({self.df[0]:g}, {self.df[1]:.2f})" if isinstance(self.df, tuple) else
              f"{self.df:g}" if np.isfinite(self.df) else "")
        return {"Test": self.test, "Statistic": self.statistic, "df": df,
                "p-value": self.pvalue, "Reading": self.reading}


def _reading(p: float, signif: float, reject: str, accept: str) -> str:
    return (f"p = {p:.3f} < {signif:g}: {reject}" if p < signif else
            f"p = {p:.3f} >= {signif:g}: {accept}")


def _single(fit: VECMFit) -> None:
    if fit.alpha.ndim != 2:
        raise ValueError("fit must be a single (unbatched) VECM fit")


def _resid_cov(z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """ML covariance of the residuals of the OLS regression of z on x."""
    e = z - x @ np.linalg.lstsq(x, z, rcond=None)[0]
    return e.T @ e / len(z)


def _lagged(u: np.ndarray, h: int) -> np.ndarray:
    """[u_{t-1}, …, u_{t-h}] with pre-sample values set to zero, shape (T, K h)."""
    t, k = u.shape
    out = np.zeros((t, k * h))
    for i in range(1, h + 1):
        out[i:, (i - 1) * k : i * k] = u[:-i]
    return out


def _serial_aux(fit: VECMFit, h: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Residual covariances without / with h lagged residuals in the auxiliary regression."""
    _single(fit)
    if h < 1:
        raise ValueError(f"h must be >= 1, got {h}")
    w, u = short_run_regressors(fit), fit.residuals
    if len(u) <= w.shape[1] + fit.k * h:
        raise ValueError(f"h = {h} leaves no degrees of freedom in the auxiliary regression")
    return _resid_cov(u, w), _resid_cov(u, np.hstack([w, _lagged(u, h)])), w.shape[1]


def lm_serial_test(fit: VECMFit, h: int, signif: float = 0.05) -> TestResult:
    """Breusch–Godfrey LM = T (K − tr(Σ̃_R⁻¹ Σ̃_U)) ~ χ²(h K²) for no autocorrelation at lags 1..h.

    Auxiliary regression of the residuals on the VECM regressors [β̂'Z1, Z2] and h lags of
    the residuals, pre-sample residuals zero (Lütkepohl 2005, eq. 4.4.22, sec. 8.4.1).
    """
    s_r, s_u, _ = _serial_aux(fit, h)
    k = fit.k
    stat = float(fit.nobs * (k - np.trace(np.linalg.solve(s_r, s_u))))
    df = h * k * k
    p = float(stats.chi2.sf(stat, df))
    return TestResult(f"LM serial correlation, lags 1-{h} (chi2)", stat, df, p,
                      _reading(p, signif, "residual autocorrelation", "no residual autocorrelation"))


def rao_f_serial_test(fit: VECMFit, h: int, signif: float = 0.05) -> TestResult:
    """Edgerton–Shukur (1999) Rao-F version of the LM test (Lütkepohl 2005, eq. 4.4.24).

    FLM = ((det(Σ̃_R)/det(Σ̃_U))^{1/s} − 1)(N s − q)/(K m), m = K h, q = K m/2 − 1,
    s = ((K²m² − 4)/(K² + m² − 5))^{1/2}, N = T − n − m − (K − m + 1)/2, n regressors per
    equation of the VECM; approximately F(h K², N s − q). For K = 1 it is the exact F test.
    """
    s_r, s_u, n = _serial_aux(fit, h)
    k, t = fit.k, fit.nobs
    m = k * h
    denom = k * k + m * m - 5
    s = np.sqrt((k * k * m * m - 4) / denom) if denom > 0 and k * k * m * m > 4 else 1.0
    q = k * m / 2 - 1
    n_eff = t - n - m - (k - m + 1) / 2
    df1, df2 = float(k * m), float(n_eff * s - q)
    if df2 <= 0:
        raise ValueError(f"h = {h} leaves no denominator degrees of freedom for the Rao F test")
    ratio = np.linalg.det(s_r) / np.linalg.det(s_u)
    if not (np.isfinite(ratio) and ratio > 0):
        raise ValueError(f"h = {h}: the auxiliary residual covariance is numerically singular")
    stat = float((ratio ** (1 / s) - 1) * df2 / df1)
    p = float(stats.f.sf(stat, df1, df2))
    return TestResult(f"LM serial correlation, lags 1-{h} (Rao F)", stat, (df1, df2), p,
                      _reading(p, signif, "residual autocorrelation", "no residual autocorrelation"))


def lm_serial_table(fit: VECMFit, max_lag: int) -> pd.DataFrame:
    """LM (χ²) and Rao-F statistics for lags 1..h, h = 1..``max_lag`` (EViews layout)."""
    rows = []
    for h in range(1, max_lag + 1):
        lm, rao = lm_serial_test(fit, h), rao_f_serial_test(fit, h)
        rows.append({"Lags": f"1 to {h}", "LM stat": lm.statistic, "df": lm.df, "Prob.": lm.pvalue,
                     "Rao F-stat": rao.statistic, "df F": rao.row()["df"], "Prob. F": rao.pvalue})
    return pd.DataFrame(rows).set_index("Lags")


def portmanteau_test(fit: VECMFit, h: int, adjusted: bool = True, signif: float = 0.05) -> TestResult:
    """Q_h = T Σ_j tr(C_j' C_0⁻¹ C_j C_0⁻¹) (adjusted: T² Σ_j (T − j)⁻¹ tr(…)).

    C_j = T⁻¹ Σ_t u_t u_{t−j}'; df = K²(h − p) − K r for a VECM with p lagged differences
    (Lütkepohl 2005, sec. 8.4.1); requires h well above p to be reliable.
    """
    _single(fit)
    u, t, k = fit.residuals, fit.nobs, fit.k
    df = k * k * (h - fit.lags) - k * fit.rank
    if h < 1 or h >= t or df <= 0:
        raise ValueError(f"h = {h} gives no positive degrees of freedom (need h > {fit.lags} + r/K)")
    c0_inv = np.linalg.inv(u.T @ u / t)
    stat = 0.0
    for j in range(1, h + 1):
        cj = u[j:].T @ u[:-j] / t
        term = np.trace(cj.T @ c0_inv @ cj @ c0_inv)
        stat += term / (t - j) if adjusted else term
    stat *= t * t if adjusted else t
    p = float(stats.chi2.sf(stat, df))
    name = f"{'Adjusted p' if adjusted else 'P'}ortmanteau, lags 1-{h}"
    return TestResult(name, float(stat), df, p,
                      _reading(p, signif, "residual autocorrelation", "no residual autocorrelation"))


@dataclass(frozen=True)
class NormalityResult:
    """Per-component skewness / kurtosis (orthogonalised residuals) and the three χ² tests."""

    method: str
    components: pd.DataFrame
    skewness: TestResult
    kurtosis: TestResult
    joint: TestResult


ORTHOGONALISATION = {"cholesky": "Cholesky", "inverse-sqrt": "inverse square root",
                     "doornik-hansen": "correlation inverse square root"}


def _standardised(u: np.ndarray, method: str) -> np.ndarray:
    """Demeaned residuals orthogonalised by P⁻¹ with Σ̃ = PP' (Σ̃ = ū'ū/T).

    ``cholesky``: P lower triangular (Lütkepohl 2005, sec. 4.5; order-dependent);
    ``inverse-sqrt``: P = Σ̃^{1/2} symmetric (JMulTi's "Doornik & Hansen (1994)" variant);
    ``doornik-hansen``: P⁻¹ = V⁻¹ H Λ^{-1/2} H' with C = V⁻¹Σ̃V⁻¹ = HΛH' the correlation
    matrix (Doornik & Hansen 2008). The last two do not depend on the variable order.
    """
    c = u - u.mean(0)
    sigma = c.T @ c / len(c)
    if method == "cholesky":
        return np.linalg.solve(np.linalg.cholesky(sigma), c.T).T
    sd = np.ones(len(sigma)) if method == "inverse-sqrt" else np.sqrt(np.diag(sigma))
    lam, vec = np.linalg.eigh(sigma / np.outer(sd, sd))
    return (c / sd) @ (vec @ np.diag(lam ** -0.5) @ vec.T)


def doornik_hansen_z(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Doornik & Hansen (2008) transformed skewness z1 and kurtosis z2 of each column of ``w``.

    z1: D'Agostino (1970) transformation of √b1; z2: Wilson–Hilferty cube root of a gamma
    approximation to b2 conditional on b1. Both approximately N(0, 1) under normality.
    """
    n = len(w)
    c = w - w.mean(0)
    m2 = (c**2).mean(0)
    sk = (c**3).mean(0) / m2**1.5
    b2 = (c**4).mean(0) / m2**2
    b1 = sk**2
    beta = 3 * (n**2 + 27 * n - 70) * (n + 1) * (n + 3) / ((n - 2) * (n + 5) * (n + 7) * (n + 9))
    omega2 = -1 + np.sqrt(2 * (beta - 1))
    delta = 1 / np.sqrt(np.log(np.sqrt(omega2)))
    y = sk * np.sqrt((omega2 - 1) * (n + 1) * (n + 3) / (12 * (n - 2)))
    z1 = delta * np.log(y + np.sqrt(y**2 + 1))
    d = (n - 3) * (n + 1) * (n**2 + 15 * n - 4)
    a = (n - 2) * (n + 5) * (n + 7) * (n**2 + 27 * n - 70) / (6 * d)
    c_ = (n - 7) * (n + 5) * (n + 7) * (n**2 + 2 * n - 5) / (6 * d)
    k = (n + 5) * (n + 7) * (n**3 + 37 * n**2 + 11 * n - 313) / (12 * d)
    alpha = a + b1 * c_
    chi = (b2 - 1 - b1) * 2 * k
    z2 = (np.cbrt(chi / (2 * alpha)) - 1 + 1 / (9 * alpha)) * np.sqrt(9 * alpha)
    return z1, z2


def normality_test(fit: VECMFit, method: str = "cholesky", names: Sequence[str] | None = None,
                   signif: float = 0.05) -> NormalityResult:
    """Multivariate normality of the residuals; skewness χ²(K), kurtosis χ²(K), joint χ²(2K).

    ``method="cholesky"`` (EViews' default, Lütkepohl 2005, sec. 4.5) and
    ``"inverse-sqrt"`` (JMulTi): Jarque–Bera components λ_s = T b1'b1/6,
    λ_k = T (b2 − 3)'(b2 − 3)/24 of the orthogonalised residuals (see :func:`_standardised`).
    ``"doornik-hansen"``: the Doornik & Hansen (2008) omnibus test, sums of the squared
    small-sample transforms z1, z2 of the correlation-orthogonalised residuals.
    """
    _single(fit)
    if method not in ORTHOGONALISATION:
        raise ValueError(f"method must be one of {sorted(ORTHOGONALISATION)}, got {method!r}")
    w = _standardised(fit.residuals, method)
    t, k = w.shape
    skew = (w**3).mean(0) / (w**2).mean(0) ** 1.5
    kurt = (w**4).mean(0) / (w**2).mean(0) ** 2
    if method == "doornik-hansen":
        z1, z2 = doornik_hansen_z(w)
        part_s, part_k = z1**2, z2**2
    else:
        part_s, part_k = t * skew**2 / 6, t * (kurt - 3) ** 2 / 24
    labels = list(names) if names is not None else [str(i + 1) for i in range(k)]
    if len(labels) != k:
        raise ValueError(f"names must list {k} variables, got {len(labels)}")
    components = pd.DataFrame({"Skewness": skew, "Chi-sq (skewness)": part_s, "Kurtosis": kurt,
                               "Chi-sq (kurtosis)": part_k, "Joint": part_s + part_k},
                              index=pd.Index(labels, name="Component"))
    label = ("Doornik-Hansen omnibus" if method == "doornik-hansen" else
             f"Jarque-Bera ({ORTHOGONALISATION[method]})")

    def result(part: str, stat: float, df: int) -> TestResult:
        p = float(stats.chi2.sf(stat, df))
        return TestResult(f"Normality, {label}: {part}", float(stat), df, p,
                          _reading(p, signif, "residuals not normal", "normality not rejected"))

    return NormalityResult(method, components, result("skewness", part_s.sum(), k),
                           result("kurtosis", part_k.sum(), k),
                           result("joint", part_s.sum() + part_k.sum(), 2 * k))


def white_test(fit: VECMFit, signif: float = 0.05) -> TestResult:
    """White heteroskedasticity test without cross terms, joint (system) version.

    As in EViews' VAR/VEC White test, the K(K+1)/2 distinct products u_it u_jt are regressed
    on a constant, the VECM regressors [β̂'Z1, Z2] (constant excluded) and their squares
    (none for a two-valued dummy, whose square is affine in itself), with df m · n_aux
    (m = K(K+1)/2, n_aux regressors besides the constant). The joint
    statistic is taken in the LM form LM = T (m − tr(Σ̃_R⁻¹ Σ̃_U)) of Doornik (1996), which
    for K = 1 is T·R² of the single auxiliary regression; EViews' exact system statistic
    is undocumented and may differ in finite samples.
    """
    _single(fit)
    w = short_run_regressors(fit)
    w = w[:, np.ptp(w, axis=0) > 0]  # the constant is added once below
    # a two-valued regressor (impulse or seasonal dummy) has its square in span{1, itself}
    squared = w[:, [len(np.unique(c)) > 2 for c in w.T]] ** 2
    x = np.hstack([np.ones((len(w), 1)), w, squared])
    u, t, k = fit.residuals, fit.nobs, fit.k
    i, j = np.triu_indices(k)
    v = u[:, i] * u[:, j]
    m = v.shape[1]
    if t <= x.shape[1] or t <= m:
        raise ValueError(f"{t} observations are too few for the White test ({x.shape[1]} regressors)")
    s_r, s_u = _resid_cov(v, x[:, :1]), _resid_cov(v, x)
    stat = float(t * (m - np.trace(np.linalg.solve(s_r, s_u))))
    df = m * (x.shape[1] - 1)
    p = float(stats.chi2.sf(stat, df))
    return TestResult("White heteroskedasticity (no cross terms)", stat, df, p,
                      _reading(p, signif, "heteroskedastic residuals", "homoskedasticity not rejected"))


def default_portmanteau_lags(fit: VECMFit) -> int:
    """max(p + 2, min(12, T // 4)): a few lags beyond the model's own, as EViews' default 12 allows."""
    return max(fit.lags + 2, min(12, fit.nobs // 4))


def diagnostics_table(fit: VECMFit, lm_lags: int = 2, portmanteau_lags: int | None = None,
                      signif: float = 0.05) -> pd.DataFrame:
    """All residual tests in one table: Test, Statistic, df, p-value, Reading.

    A test the sample cannot support (e.g. the Rao F test once lags and regressors use up
    the degrees of freedom) keeps its row, marked "not computable" with the reason.
    """
    h = default_portmanteau_lags(fit) if portmanteau_lags is None else portmanteau_lags

    def attempt(name: str, compute: Callable[[], list[TestResult]]) -> list[TestResult]:
        try:
            return compute()
        except (ValueError, np.linalg.LinAlgError) as exc:
            return [TestResult.not_computable(name, str(exc))]

    tests = []
    for i in range(1, lm_lags + 1):
        tests += attempt(f"LM serial correlation, lags 1-{i} (Rao F)",
                         lambda i=i: [rao_f_serial_test(fit, i, signif)])
    tests += attempt(f"LM serial correlation, lags 1-{lm_lags} (chi2)",
                     lambda: [lm_serial_test(fit, lm_lags, signif)])
    tests += attempt("Portmanteau (adjusted)", lambda: [portmanteau_test(fit, h, True, signif)])
    for method in ("cholesky", "doornik-hansen"):
        def normality(method: str = method) -> list[TestResult]:
            norm = normality_test(fit, method, signif=signif)
            return [norm.skewness, norm.kurtosis, norm.joint]
        tests += attempt(f"Normality ({method})", normality)
    tests += attempt("White heteroskedasticity (no cross terms)", lambda: [white_test(fit, signif)])
    return pd.DataFrame([t.row() for t in tests])


def residual_figures(fit: VECMFit, names: Sequence[str], index: Sequence | None = None,
                     max_lag: int | None = None) -> tuple[Figure, Figure]:
    """Residual time plots and residual ACF panels (±2/√T bands), one panel per equation."""
    _single(fit)
    names = list(names)
    if len(names) != fit.k:
        raise ValueError(f"names must list {fit.k} variables, got {len(names)}")
    u, t = fit.residuals, fit.nobs
    x = np.arange(t) if index is None else np.asarray(index)[-t:]
    lags = min(t - 1, max(1, t // 3)) if max_lag is None else max_lag
    fig_t, axes = plt.subplots(fit.k, 1, figsize=(7, 1.8 * fit.k), sharex=True, squeeze=False)
    for i, ax in enumerate(axes[:, 0]):
        ax.plot(x, u[:, i], marker="o", ms=3)
        ax.axhline(0, color="grey", lw=0.7)
        ax.set(title=f"Residuals of D({names[i]})", ylabel="residual")
    axes[-1, 0].set_xlabel("observation" if index is None else "period")
    fig_t.tight_layout()
    fig_a, axes = plt.subplots(fit.k, 1, figsize=(7, 1.8 * fit.k), sharex=True, squeeze=False)
    c = u - u.mean(0)
    band = 2 / np.sqrt(t)
    for i, ax in enumerate(axes[:, 0]):
        acf = np.array([c[j:, i] @ c[: t - j, i] for j in range(1, lags + 1)]) / (c[:, i] @ c[:, i])
        ax.bar(np.arange(1, lags + 1), acf, width=0.4)
        ax.axhline(band, ls="--", color="C3", lw=0.8)
        ax.axhline(-band, ls="--", color="C3", lw=0.8)
        ax.axhline(0, color="grey", lw=0.7)
        ax.set(title=f"ACF of residuals of D({names[i]}) (bands ±2/√T)", ylabel="autocorrelation",
               ylim=(-1, 1))
    axes[-1, 0].set_xlabel("lag")
    fig_a.tight_layout()
    return fig_t, fig_a
