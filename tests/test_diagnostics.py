"""Residual diagnostics against independent implementations.

References and tolerances:
* portmanteau (plain and adjusted): statsmodels 0.15 ``VECMResults.test_whiteness``,
  same definition when the residuals have mean zero (cases with an unrestricted
  constant; statsmodels demeans C_j, j >= 1); 1e-8 relative.
* Cholesky Jarque–Bera: statsmodels ``VECMResults.test_normality`` (Lütkepohl 2005,
  sec. 4.5); 1e-8 relative. K = 1: scipy ``jarque_bera``.
* LM / Rao-F serial correlation with K = 1: statsmodels ``acorr_breusch_godfrey`` on
  the OLS regression of ΔY on the VECM regressors (LM = T·R², exact F); 1e-8 relative.
* White without cross terms with K = 1: statsmodels ``het_breuschpagan`` with regressors,
  their squares and a constant (T·R²); 1e-8 relative.
* JMulTi 4 (Lütkepohl & Krätzig's software; its output for the e6 interest/inflation data,
  3 lagged differences, rank 1, is shipped with statsmodels under
  tsa/vector_ar/tests/JMulTi_results): portmanteau, LM(5), Cholesky JB and the
  inverse-square-root JB that JMulTi labels "Doornik & Hansen (1994)". Printed to 4
  decimals, so tolerance 6e-5 absolute. JMulTi's LM test in the cases without an
  unrestricted constant (nc, ci) follows a convention we could not reproduce; only the
  cases co and colo are compared for LM and portmanteau (JMulTi demeans C_j there too).
* Doornik–Hansen: z1 equals scipy ``skewtest`` (same D'Agostino transformation), 1e-10;
  under simulated normal data the statistic's mean is its χ²(2K) mean (Monte Carlo,
  500 draws, 4 standard errors).
"""
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import statsmodels  # noqa: E402
import statsmodels.api as sm  # noqa: E402
import statsmodels.datasets.interest_inflation.data as e6  # noqa: E402
from scipy import stats  # noqa: E402
from statsmodels.stats.diagnostic import acorr_breusch_godfrey, het_breuschpagan  # noqa: E402
from statsmodels.tsa.vector_ar.vecm import VECM  # noqa: E402

from vecmbook.econometrics import diagnostics, vecm  # noqa: E402
from vecmbook.econometrics.inference import short_run_regressors  # noqa: E402
from vecmbook.report import vecm_tables  # noqa: E402

SM_DET = {1: "n", 2: "ci", 3: "co", 4: "coli", 5: "colo"}
JMULTI = Path(statsmodels.__file__).parent / "tsa" / "vector_ar" / "tests" / "JMulTi_results"
JMULTI_CASE = {"nc": 1, "ci": 2, "co": 3, "colo": 5}


def _jmulti(det: str) -> dict[str, float]:
    """Numbers from JMulTi's diagnostics output for the e6 VECM with deterministic ``det``."""
    path = JMULTI / f"vecm_e6_jmulti_{det}_diag.txt"
    if not path.exists():
        pytest.skip(f"JMulTi reference output not shipped with this statsmodels ({path})")
    text = path.read_text(encoding="latin-1")
    num = lambda pat, src=text: float(re.search(pat + r"\s+(-?[\d.]+)", src).group(1))  # noqa: E731
    dh, lk = text.split("Reference: Doornik & Hansen")[1].split("Reference: L")
    return {
        "pm": num(r"test statistic:"), "pm_adj": num(r"adjusted test statistic:"),
        "pm_lags": num(r"tested order:"), "lm5": num(r"LM statistic:"),
        "dh_joint": num(r"joint test statistic:", dh), "dh_skew": num(r"skewness only:", dh),
        "dh_kurt": num(r"kurtosis only:", dh), "jb_joint": num(r"joint test statistic:", lk),
        "jb_skew": num(r"skewness only:", lk), "jb_kurt": num(r"kurtosis only:", lk),
    }


def _e6_fit(det: str):
    y = e6.load_pandas().data[["Dp", "R"]].astype(float).to_numpy()
    return vecm.fit(y, 3, JMULTI_CASE[det], 1)


@pytest.mark.parametrize("det", ["nc", "ci", "co", "colo"])
def test_normality_matches_jmulti(det):
    ref, fit = _jmulti(det), _e6_fit(det)
    for method, key in (("cholesky", "jb"), ("inverse-sqrt", "dh")):
        res = diagnostics.normality_test(fit, method)
        assert res.joint.statistic == pytest.approx(ref[f"{key}_joint"], abs=6e-5)
        assert res.skewness.statistic == pytest.approx(ref[f"{key}_skew"], abs=6e-5)
        assert res.kurtosis.statistic == pytest.approx(ref[f"{key}_kurt"], abs=6e-5)


@pytest.mark.parametrize("det", ["co", "colo"])
def test_lm_and_portmanteau_match_jmulti(det):
    ref, fit = _jmulti(det), _e6_fit(det)
    assert diagnostics.lm_serial_test(fit, 5).statistic == pytest.approx(ref["lm5"], abs=6e-5)
    h = int(ref["pm_lags"])
    assert diagnostics.portmanteau_test(fit, h, False).statistic == pytest.approx(ref["pm"], abs=6e-5)
    assert diagnostics.portmanteau_test(fit, h, True).statistic == pytest.approx(ref["pm_adj"], abs=6e-5)


@pytest.mark.parametrize("case", [3, 4, 5])
@pytest.mark.parametrize("adjusted", [False, True])
def test_portmanteau_matches_statsmodels(macro3, case, adjusted):
    fit = vecm.fit(macro3, 2, case, 1)
    ref = VECM(macro3, k_ar_diff=2, coint_rank=1, deterministic=SM_DET[case]).fit()
    ours = diagnostics.portmanteau_test(fit, 10, adjusted)
    theirs = ref.test_whiteness(nlags=10, adjusted=adjusted)
    assert ours.statistic == pytest.approx(theirs.test_statistic, rel=1e-8)
    assert ours.df == theirs.df
    assert ours.pvalue == pytest.approx(theirs.pvalue, rel=1e-8)


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
def test_cholesky_jarque_bera_matches_statsmodels(macro3, case):
    fit = vecm.fit(macro3, 1, case, 2)
    ref = VECM(macro3, k_ar_diff=1, coint_rank=2, deterministic=SM_DET[case]).fit()
    ours = diagnostics.normality_test(fit, "cholesky")
    theirs = ref.test_normality()
    assert ours.joint.statistic == pytest.approx(theirs.test_statistic, rel=1e-8)
    assert ours.joint.df == theirs.df == 6
    assert ours.skewness.statistic + ours.kurtosis.statistic == pytest.approx(ours.joint.statistic)


def _univariate(case=3, lags=2):
    data = sm.datasets.macrodata.load_pandas().data
    y = np.log(data[["realgdp"]].to_numpy())
    return vecm.fit(y, lags, case, 1)


def test_univariate_jarque_bera_is_scipy():
    fit = _univariate()
    ours = diagnostics.normality_test(fit, "cholesky")
    assert ours.joint.statistic == pytest.approx(stats.jarque_bera(fit.residuals[:, 0]).statistic, rel=1e-8)


@pytest.mark.parametrize("h", [1, 2, 4])
def test_lm_and_rao_f_equal_breusch_godfrey_for_one_equation(h):
    fit = _univariate()
    ols = sm.OLS(fit.rrr.design.z0[:, 0], short_run_regressors(fit)).fit()
    np.testing.assert_allclose(ols.resid, fit.residuals[:, 0], atol=1e-12)
    bg = acorr_breusch_godfrey(ols, nlags=h, result_object=True)
    lm, fval, fp = bg.lm, bg.fval, bg.fpval
    ours_lm = diagnostics.lm_serial_test(fit, h)
    ours_f = diagnostics.rao_f_serial_test(fit, h)
    assert ours_lm.statistic == pytest.approx(lm, rel=1e-8)
    assert ours_lm.df == h
    assert ours_f.statistic == pytest.approx(fval, rel=1e-8)
    assert ours_f.pvalue == pytest.approx(fp, rel=1e-8)
    assert ours_f.df == (h, fit.nobs - short_run_regressors(fit).shape[1] - h)


def test_white_equals_breusch_pagan_with_squares_for_one_equation():
    fit = _univariate(case=5)
    w = short_run_regressors(fit)
    w = w[:, np.ptp(w, axis=0) > 0]
    x = np.hstack([np.ones((len(w), 1)), w, w**2])
    lm, lm_p, _, _ = het_breuschpagan(fit.residuals[:, 0], x, robust=True)
    ours = diagnostics.white_test(fit)
    assert ours.statistic == pytest.approx(lm, rel=1e-8)
    assert ours.df == x.shape[1] - 1
    assert ours.pvalue == pytest.approx(lm_p, rel=1e-8)


def test_doornik_hansen_skewness_is_dagostino():
    rng = np.random.default_rng(1)
    w = rng.standard_gamma(4.0, size=(60, 3))
    z1, _ = diagnostics.doornik_hansen_z(w)
    np.testing.assert_allclose(z1, stats.skewtest(w, axis=0).statistic, rtol=1e-10)


def test_doornik_hansen_size_under_normality():
    """E[statistic] = 2K under H0; Monte Carlo mean within 4 s.e. (sd of χ²(2K) = 2√K)."""
    rng = np.random.default_rng(2)
    k, n, reps = 3, 50, 500
    stat = np.empty(reps)
    for i in range(reps):
        z1, z2 = diagnostics.doornik_hansen_z(diagnostics._standardised(rng.standard_normal((n, k)),
                                                                       "doornik-hansen"))
        stat[i] = np.sum(z1**2 + z2**2)
    assert abs(stat.mean() - 2 * k) < 4 * 2 * np.sqrt(k) / np.sqrt(reps)


def test_doornik_hansen_detects_non_normal_residuals(macro3):
    """Heavy-tailed macro residuals: both normality tests reject, with df 2K."""
    fit = vecm.fit(macro3, 2, 3, 1)
    dh = diagnostics.normality_test(fit, "doornik-hansen", names=["gdp", "cons", "inv"])
    assert dh.joint.df == 6 and dh.joint.pvalue < 0.01
    assert dh.labels == ("gdp", "cons", "inv") and all(len(v) == 3 for v in dh.components.values())
    w = diagnostics._standardised(fit.residuals, "doornik-hansen")
    np.testing.assert_allclose(w.T @ w / len(w), np.eye(3), atol=1e-10)


def test_rao_f_small_system_is_sane(macro3):
    """K > 1: statistic >= 0, df as in Lütkepohl (2005, eq. 4.4.24); the χ² form has K² h df."""
    fit = vecm.fit(macro3[:40], 1, 3, 1)
    f = diagnostics.rao_f_serial_test(fit, 2)
    assert f.statistic >= 0 and f.df[0] == 18
    assert [diagnostics.lm_serial_test(fit, h).df for h in (1, 2, 3)] == [9, 18, 27]


def test_residual_tests(macro3):
    fit = vecm.fit(macro3[:40], 1, 3, 2)
    tests = diagnostics.residual_tests(fit)
    assert len(tests) == 2 + 1 + 1 + 3 + 3 + 1
    assert all(t.computable and 0 <= t.pvalue <= 1 for t in tests)


def test_diagnostics_table_keeps_rows_it_cannot_compute(macro3):
    """K = 3, 3 lagged differences, T = 16: the Rao F test at h = 2 has no denominator df
    (N s - q <= 0, Lütkepohl 2005, eq. 4.4.24) and White's auxiliary regression has more
    regressors than observations; both rows stay, marked, and the computable ones keep values
    (a degenerate auxiliary covariance, 2 residual df at h = 1, is marked rather than giving NaN)."""
    fit = vecm.fit(macro3[:20], 3, 3, 1)
    with pytest.raises(ValueError):
        diagnostics.rao_f_serial_test(fit, 2)
    table = vecm_tables.diagnostics_table(diagnostics.residual_tests(fit), "test").frame.set_index("Test")
    assert len(table) == 2 + 1 + 1 + 3 + 3 + 1
    gone = table[table["Reading"].str.startswith("not computable")]
    assert "LM serial correlation, lags 1-2 (Rao F)" in gone.index
    assert "White heteroskedasticity (no cross terms)" in gone.index
    assert gone["Statistic"].isna().all() and gone["df"].isna().all()
    kept = table.drop(gone.index)
    assert len(kept) >= 7 and kept["p-value"].between(0, 1).all()


def test_bad_input(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    with pytest.raises(ValueError, match="h"):
        diagnostics.portmanteau_test(fit, 2)
    with pytest.raises(ValueError, match="method"):
        diagnostics.normality_test(fit, "shapiro")
    with pytest.raises(ValueError, match="h"):
        diagnostics.lm_serial_test(fit, 0)
