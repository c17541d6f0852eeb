"""Simulated Johansen quantiles against published critical values, and p-value properties.

References (all asymptotic 90/95/99 % quantiles):

* MacKinnon, Haug & Michelis (MHM 1996/1999) for cases 1, 3, 5 as shipped by statsmodels
  (``statsmodels.tsa.coint_tables.c_sjt`` / ``c_sja``, k = 1..12). Their ``p`` argument is
  "the order of the time polynomial in the null": −1 none, 0 constant, 1 constant + trend,
  all unrestricted, i.e. EViews cases 1, 3, 5. That mapping of the *tables* rests on:
  for k = 1 the p = 0 and p = 1 values are the χ²(1) quantile 3.8415, which only cases 3
  and 5 have (cases 2 and 4 give 9.16 and 12.52), and p = −1 gives 4.1296, MHM's case 1
  value as printed by EViews. (For the *statistics*: statsmodels' ``coint_johansen``
  with det_order −1 / 0 is checked against our case 1 / 3 in tests/test_johansen_urca.py
  and tests/test_vecm_core.py; its det_order 1 detrends the data first and is not case 5,
  which tests/test_johansen_urca.py checks against R urca instead.)
* The study's Table 3 (EViews, MHM 1999) for case 3, trace, 95 %.
* EViews printouts of MHM 1999 values for cases 2 and 4 found with the search tool:
  case 2 (restricted constant) https://m.pinggu.org/bbs/thread-1391084-1-1.html ;
  case 4 (restricted trend) https://m.pinggu.org/bbs/thread-719875-1-1.html and
  https://m.pinggu.org/bbs/thread-4707809-1-1.html .
* Osterwald-Lenum (1992) Tables 1* and 2* (cases 2 and 4) as tabulated in R urca's
  ``ca.jo`` source and dumped into tests/fixtures/urca_johansen.json by
  scripts/r_reference_johansen.R.

Tolerances: 1 % against MHM (the issue's requirement; our Monte Carlo error is ~0.1–0.3 %
and MHM's is smaller). Osterwald-Lenum's older, finite-sample simulations lie
systematically below MHM's asymptotic values: by up to 2.2 % for k ≤ 4 in cases 2 and 4
(95 %: case 2 trace k = 4 53.12 vs 54.08, case 4 trace k = 2 25.32 vs 25.87, case 4
max-eig k = 2 18.96 vs 19.39; MHM values from the EViews printouts above), and by up to
2.1 % for k ≤ 7 in case 3 (O-L Table 1 as printed by Stata against EViews,
https://html.scirp.org/file/_3-1241700_4.htm). So the O-L check uses 3 % and only
k ≤ 4, where that gap is documented for cases 2 and 4.
"""
import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from statsmodels.tsa.coint_tables import c_sja, c_sjt

from vecmbook.econometrics.pvalues import TABLE, TESTS, critical_value, load_table, pvalue

LEVELS = (0.90, 0.95, 0.99)
KMAX = 10
MHM_TOL = 0.01
OL_TOL = 0.03
OL_KMAX = 4
SM_P = {1: -1, 3: 0, 5: 1}  # statsmodels' time-polynomial order -> EViews case
FIXTURE = Path(__file__).parent / "fixtures" / "urca_johansen.json"


@pytest.mark.parametrize("case", [1, 3, 5])
@pytest.mark.parametrize("test, table", [("trace", c_sjt), ("maxeig", c_sja)])
def test_quantiles_match_mhm_statsmodels(case, test, table):
    for k in range(1, KMAX + 1):
        ref = table(k, SM_P[case])
        ours = [critical_value(k, case, lv, test) for lv in LEVELS]
        np.testing.assert_allclose(ours, ref, rtol=MHM_TOL, err_msg=f"k={k}")


def test_case3_trace_matches_study_table3():
    """The study prints 47.85613, 29.79707, 15.49471, 3.841465 for k = 4, 3, 2, 1."""
    ref = [47.85613, 29.79707, 15.49471, 3.841465]
    ours = [critical_value(k, 3) for k in (4, 3, 2, 1)]
    np.testing.assert_allclose(ours, ref, rtol=MHM_TOL)


# 95 % MHM (1999) values as printed by EViews (sources in the module docstring), by k
EVIEWS_MHM_95 = {
    (2, "trace"): {1: 9.164546, 2: 20.26184, 3: 35.19275, 4: 54.07904},
    (2, "maxeig"): {1: 9.164546, 2: 15.89210, 3: 22.29962, 4: 28.58808},
    (4, "trace"): {1: 12.51798, 2: 25.87211},
    (4, "maxeig"): {1: 12.51798, 2: 19.38704},
}


@pytest.mark.parametrize("case, test", list(EVIEWS_MHM_95))
def test_cases_2_4_match_eviews_mhm(case, test):
    for k, ref in EVIEWS_MHM_95[case, test].items():
        assert critical_value(k, case, 0.95, test) == pytest.approx(ref, rel=MHM_TOL), k


@pytest.mark.parametrize("ecdet", ["const", "trend"])
def test_cases_2_4_match_osterwald_lenum_from_urca(ecdet):
    ol = json.loads(FIXTURE.read_text())["cval_osterwald_lenum"][ecdet]
    for test, key in (("trace", "trace"), ("maxeig", "eigen")):
        for k, row in zip(ol["k"], ol[key]):
            if k > OL_KMAX:
                continue
            ours = [critical_value(k, ol["case"], lv, test) for lv in LEVELS]
            np.testing.assert_allclose(ours, row, rtol=OL_TOL, err_msg=f"{test} k={k}")


def test_mhm_k1_tables_for_cases_3_and_5_are_chi2():
    """The claim behind ``EXACT_CHI2``, checked on the independent tables: MHM's k = 1
    values for cases 3 and 5 (statsmodels p = 0, 1; both tests) are the χ²(1) quantiles
    to the 4 decimals printed, while case 1's (p = −1) are not."""
    chi2 = stats.chi2.ppf(LEVELS, 1)
    for p in (0, 1):
        for table in (c_sjt, c_sja):
            np.testing.assert_allclose(table(1, p), chi2, atol=5e-5)
    assert abs(c_sjt(1, -1)[1] - chi2[1]) > 0.2


@pytest.mark.parametrize("case", [3, 5])
@pytest.mark.parametrize("test", ["trace", "maxeig"])
def test_k1_cases_3_and_5_use_exact_chi2(case, test):
    """k = 1 in cases 3 and 5: critical values and p-values are χ²(1)'s own (1e-12 relative),
    and the study's Table 3 p-value for its last trace statistic, 0.680046 -> 0.4096, is
    reproduced to the 4 decimals printed."""
    for lv in LEVELS:
        assert critical_value(1, case, lv, test) == pytest.approx(stats.chi2.ppf(lv, 1), rel=1e-12)
    stat = np.array([0.0, 0.680046, 3.841465, 12.0])
    np.testing.assert_allclose(pvalue(stat, 1, case, test), stats.chi2.sf(stat, 1), rtol=1e-12)
    assert pvalue(0.680046, 1, case, test) == pytest.approx(0.4096, abs=5e-5)


@pytest.mark.parametrize("case", [3, 5])
def test_simulated_k1_quantiles_agree_with_chi2(case):
    """The simulation itself (its k = 1 rows are no longer used in cases 3 and 5) lands on
    the χ²(1) quantiles within 1 % at every level ≥ 0.5 (its Monte Carlo s.e. at 95 % is
    ~0.2 %; below the median the quantiles approach 0 and relative errors are meaningless),
    a check of the simulation's drift / quadratic-trend design."""
    table = load_table()
    upper = table.levels >= 0.5
    for ti in range(len(TESTS)):
        sim = table.quantiles[ti, case - 1, 0, upper]
        np.testing.assert_allclose(sim, stats.chi2.ppf(table.levels[upper], 1), rtol=MHM_TOL)


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("test", ["trace", "maxeig"])
def test_pvalue_consistent_with_critical_value(case, test):
    """p = 1 − level at the critical value, and p < 0.05 ⇔ stat > cv95."""
    for k in range(1, KMAX + 1):
        for lv in (0.90, 0.95, 0.99):
            cv = critical_value(k, case, lv, test)
            assert pvalue(cv, k, case, test) == pytest.approx(1 - lv, rel=1e-9)
        cv95 = critical_value(k, case, 0.95, test)
        assert pvalue(cv95 * 1.001, k, case, test) < 0.05 < pvalue(cv95 * 0.999, k, case, test)


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("test", ["trace", "maxeig"])
def test_pvalue_decreasing_and_in_unit_interval(case, test):
    for k in range(1, KMAX + 1):
        grid = np.linspace(0.0, 3 * critical_value(k, case, 0.99, test), 2001)
        p = pvalue(grid, k, case, test)
        assert np.all((p >= 0) & (p <= 1))
        assert np.all(np.diff(p) < 0)
        assert p[0] == 1.0


def test_vectorised_over_stat_and_k():
    stat = np.array([3.0, 20.0, 50.0, 12.0])
    k = np.array([1, 2, 4, 3])
    vec = pvalue(stat, k, 3)
    assert isinstance(pvalue(20.0, 2, 3), float)
    np.testing.assert_array_equal(vec, [pvalue(s, kk, 3) for s, kk in zip(stat, k)])


def test_table_compact_and_complete():
    """Shipped table < 2 MB and covers k = 1..10 (look-up speed: benchmarks/)."""
    assert TABLE.stat().st_size < 2_000_000
    assert load_table().kmax >= KMAX


@pytest.mark.parametrize("call, match", [
    (lambda: pvalue(10.0, 2, 3, "lambda"), "test"),
    (lambda: pvalue(10.0, 2, 6), "case"),
    (lambda: pvalue(10.0, 0, 3), "k"),
    (lambda: pvalue(10.0, 2.5, 3), "k"),
    (lambda: critical_value(2, 3, level=1e-6), "level"),
    (lambda: critical_value(2, 3, level=1.0), "level"),
])
def test_bad_input_raises(call, match):
    with pytest.raises(ValueError, match=match):
        call()
