"""Lag-order table: EViews definitions, statsmodels cross-check, sample and lag conventions.

References: two published EViews "VAR Lag Order Selection Criteria" printouts (LogL column
in, the other columns must come out), statsmodels VAR.select_order / VAR.fit, and the
book's own VECM fit for the lags convention.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.api import VAR

from vecmbook.econometrics import lagorder as lo
from vecmbook.econometrics import vecm
from vecmbook.report import unitroot_tables

# EViews output, "Exogenous variables: C". Columns: LogL, LR, FPE, AIC, SC, HQ as printed.
# (a) 5 endogenous variables, 2002Q1-2011Q3, 39 included observations (EViews 7 printout
#     posted on bbs.pinggu.org thread 1399542).
EVIEWS_A = dict(k=5, nobs=39, rows=[
    (319.5538, np.nan, 6.79e-14, -16.13097, -15.91769, -16.05444),
    (578.0809, 437.5074, 4.33e-19, -28.10671, -26.82705, -27.64758),
    (607.8356, 42.72471, 3.62e-19, -28.35054, -26.00450, -27.50880),
    (634.3835, 31.31295, 4.00e-19, -28.42993, -25.01749, -27.20557),
], selected={"LR": 2, "FPE": 2, "AIC": 3, "SC": 1, "HQ": 1})
# (b) 2 endogenous variables; 37 included observations is implied by LogL and AIC at lag 0
#     (EViews printout quoted in an EViews user-forum answer).
EVIEWS_B = dict(k=2, nobs=37, rows=[
    (-43.67185, np.nan, 0.040479, 2.468748, 2.555825, 2.499447),
    (101.1663, 266.1891, 2.00e-05, -5.144126, -4.882896, -5.052030),
    (102.3907, 2.117822, 2.33e-05, -4.994092, -4.558708, -4.840599),
    (103.3477, 1.551911, 2.76e-05, -4.829606, -4.220069, -4.614716),
], selected={"LR": 1, "FPE": 1, "AIC": 1, "SC": 1, "HQ": 1})


@pytest.mark.parametrize("case", [EVIEWS_A, EVIEWS_B], ids=["eviews_k5", "eviews_k2"])
def test_definitions_reproduce_eviews_printouts(case):
    """From the printed LogL our LR/FPE/AIC/SC/HQ reproduce EViews to its printed digits:
    AIC/SC/HQ within 2e-5 absolute (LogL printed to 4-5 decimals, criteria to 5-6), LR within
    5e-4 relative, FPE within 0.2 % (3 significant digits printed)."""
    rows = np.array(case["rows"])
    crit = lo.criteria_from_loglik(rows[:, 0], case["nobs"], case["k"], "c")
    for j, name in enumerate(("LR", "FPE", "AIC", "SC", "HQ"), start=1):
        if name in ("AIC", "SC", "HQ"):
            np.testing.assert_allclose(crit[name], rows[:, j], atol=2e-5)
        elif name == "LR":
            assert np.isnan(crit["LR"][0])
            np.testing.assert_allclose(crit["LR"][1:], rows[1:, j], rtol=5e-4)
        else:
            np.testing.assert_allclose(crit[name], rows[:, j], rtol=2e-3)
        if name != "LR":
            assert int(np.argmin(crit[name])) == case["selected"][name]


def _frame(y: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(y, columns=[f"v{i}" for i in range(y.shape[1])])


@pytest.mark.parametrize("trend", ["c", "ct"])
@pytest.mark.parametrize("n,pmax", [(None, 6), (30, None)])
def test_matches_statsmodels_select_order(macro3, trend, n, pmax):
    """statsmodels VAR.select_order (common sample too) omits the likelihood constant:
    our AIC/SC/HQ minus K(1 + log 2 pi) equal its aic/bic/hqic and FPE equals fpe (1e-10),
    so the selected lags agree. Full macro3 sample and its first 30 quarters (T = 30)."""
    y = macro3[:n]
    sel = lo.lag_order_criteria(y, pmax=pmax, trend=trend)
    ref = VAR(y).select_order(sel.pmax, trend=trend)
    const = y.shape[1] * (1.0 + np.log(2.0 * np.pi))
    for ours, theirs in (("AIC", "aic"), ("SC", "bic"), ("HQ", "hqic")):
        np.testing.assert_allclose(sel.criteria[ours] - const, ref.ics[theirs], rtol=1e-10, atol=1e-10)
        assert sel.selected[ours] == ref.selected_orders[theirs]
    np.testing.assert_allclose(sel.criteria["FPE"], ref.ics["fpe"], rtol=1e-10)
    assert sel.selected["FPE"] == ref.selected_orders["fpe"]


@pytest.mark.parametrize("trend", ["c", "ct"])
def test_logl_and_lr_from_statsmodels_fits(macro3, trend):
    """Each row is the VAR(p) fitted on observations pmax..n-1: LogL equals statsmodels'
    llf of VAR(y[pmax-p:]).fit(p) (1e-10 relative); LR = (T - m)(2/T)(llf_p - llf_{p-1})
    with m = Kp + d; the LR choice is the largest p whose chi2(K^2) test rejects at 5 %."""
    pmax, k = 4, macro3.shape[1]
    sel = lo.lag_order_criteria(macro3, pmax=pmax, trend=trend)
    T = macro3.shape[0] - pmax
    assert sel.nobs == T
    llf = [VAR(macro3[pmax - p:]).fit(p, trend=trend).llf for p in range(1, pmax + 1)]
    np.testing.assert_allclose(sel.logl[1:], llf, rtol=1e-10)
    m = k * np.arange(2, pmax + 1) + lo.TRENDS[trend]
    np.testing.assert_allclose(sel.criteria["LR"][2:], (T - m) * 2.0 / T * np.diff(llf), rtol=1e-8)
    reject = sel.lr_pvalue[1:] < 0.05
    assert reject[sel.selected["LR"] - 1] and not reject[sel.selected["LR"]:].any()


def test_vecm_lags_convention(macro3):
    """A levels VAR(p) with a constant is the full-rank VECM (case 3) with p - 1 lagged
    differences: its Gaussian log likelihood on the same sample equals our LogL row p."""
    pmax, k = 3, macro3.shape[1]
    sel = lo.lag_order_criteria(macro3, pmax=pmax, trend="c")
    for p in range(1, pmax + 1):
        fit = vecm.fit(macro3[pmax - p:], p - 1, 3, k)
        T = fit.residuals.shape[0]
        logl = -0.5 * T * (k * (1 + np.log(2 * np.pi)) + np.linalg.slogdet(fit.sigma)[1])
        assert sel.logl[p] == pytest.approx(logl, rel=1e-10)
    assert lo.suggested_vecm_lags({"AIC": 3}) == 2
    assert lo.suggested_vecm_lags({"SC": 1}, "bic") == 0
    assert lo.suggested_vecm_lags({"HQ": 0}, "hqic") == 0
    with pytest.raises(ValueError, match="criterion"):
        lo.suggested_vecm_lags({"AIC": 2}, "bogus")


def test_pmax_bound_and_default(macro3):
    """T = 30, K = 4: the bound (30 - 1 - 4) // 5 = 5 agrees with statsmodels (which accepts
    5 and refuses 6); the default pmax is min(4, bound)."""
    rng = np.random.default_rng(3)
    y = np.cumsum(rng.standard_normal((30, 4)), axis=0)
    assert lo.max_lag_bound(30, 4, "c") == 5 and lo.max_lag_bound(30, 4, "ct") == 4
    VAR(y).select_order(5, trend="c")
    with pytest.raises(ValueError):
        VAR(y).select_order(6, trend="c")
    assert lo.lag_order_criteria(y).pmax == 4
    assert lo.lag_order_criteria(y[:20]).pmax == 3  # (20 - 1 - 4) // 5
    with pytest.raises(ValueError, match="pmax"):
        lo.lag_order_criteria(y, pmax=6)


def test_table_layout_and_marks(macro3):
    y = _frame(macro3[:30])
    shown, selected = unitroot_tables.lag_order_table(y, "test")
    table = shown.frame
    assert list(table.columns) == ["LogL", "LR", "FPE", "AIC", "SC", "HQ"]
    assert list(table.index) == [0, 1, 2, 3, 4] and pd.isna(table.loc[0, "LR"])
    assert shown.cells.loc[0, "LR"] == "–" and unitroot_tables.NO_LR in shown.footnotes[0]
    assert "Exogenous variables: C. Included observations: 26." in shown.html
    for c in ("LR", "FPE", "AIC", "SC", "HQ"):
        starred = [lag for lag in table.index if str(table.loc[lag, c]).endswith("*")]
        assert starred == ([] if c == "LR" and selected[c] == 0 else [selected[c]])


def test_trend_for_case_and_bad_input(macro3):
    assert [lo.trend_for_case(c) for c in (1, 2, 3, 4, 5)] == ["c", "c", "c", "ct", "ct"]
    with pytest.raises(ValueError, match="case"):
        lo.trend_for_case(6)
    with pytest.raises(ValueError, match="trend"):
        lo.lag_order_criteria(macro3, trend="ctt")
    with pytest.raises(ValueError, match="y must"):
        unitroot_tables.lag_order_table(macro3, "test")
    with pytest.raises(ValueError, match="y must"):
        lo.lag_order_criteria(np.array([1.0, 2.0, np.nan]))
