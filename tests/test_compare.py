"""The study's error-correction equations beside ours (vecmbook.study.compare).

References: statsmodels OLS of ΔY_i on [β̂'Z1, Z2] for the short-run coefficients and their
EViews-style standard errors (Lütkepohl 2005, sec. 7.2.2: with β̂ fixed the ML estimates are OLS);
the stand-in's construction (vecmbook.study.standin) for the known truth; data/paper_reported.json
for the quoted numbers.
"""
from __future__ import annotations

import re

import numpy as np
import pytest
import statsmodels.api as sm

from vecmbook.econometrics import vecm
from vecmbook.inputs import dataset as data
from vecmbook.pipeline.params import DEFAULT_DATA
from vecmbook.report import rank_tables, vecm_tables
from vecmbook.study import cointegration, standin, vecm_estimates


def _fit(vars_=("EXS1", "EXS2", "FDI", "GDP"), lags=1, rank=3, case=3):
    ds = data.load_dataset(DEFAULT_DATA, list(vars_), "log")
    return vecm.fit(ds.frame.to_numpy(dtype=float), lags, case, rank), list(ds.frame.columns)


@pytest.mark.parametrize("lags,rank", [(1, 3), (2, 1), (0, 2)])
@pytest.mark.parametrize("var", ["LEXS1", "LEXS2"])
def test_equation_table_is_the_ols_regression_given_beta(var, lags, rank):
    """Every coefficient and s.e. of the equation equals statsmodels OLS of ΔY_i on [β̂'Z1_t, Z2_t]
    (tolerance 1e-8 relative: two implementations of the same least squares)."""
    fit, names = _fit(lags=lags, rank=rank)
    table = vecm_estimates.equation_table(fit, names, var)
    d = fit.rrr.design
    ols = sm.OLS(d.z0[:, names.index(var)], np.hstack([d.z1 @ fit.beta, d.z2])).fit()
    assert len(table) == fit.rank + fit.k * fit.lags + 1  # ECTs, lagged differences, constant
    np.testing.assert_allclose(table["ours"], ols.params, rtol=1e-8)
    np.testing.assert_allclose(table["s.e."], ols.bse, rtol=1e-8)


def test_equation_latex_shows_every_coefficient_with_its_standard_error():
    """Parse the LaTeX back: one \\underset{(s.e.)}{|b|} per term, signs and values as in the
    table to the printed 3 decimals (tolerance 5e-4, half a unit in the last digit)."""
    fit, names = _fit()
    table = vecm_estimates.equation_table(fit, names, "LEXS1")
    tex = vecm_tables.equation_latex(table, "LEXS1")
    found = re.findall(r"([+-]?)\s*\\underset\{\(([0-9.]+)\)\}\{([0-9.]+)\}", tex)
    assert len(found) == len(table)
    signs = np.array([-1.0 if s == "-" else 1.0 for s, _, _ in found])
    np.testing.assert_allclose(signs * [float(b) for _, _, b in found], table["ours"], atol=5e-4)
    np.testing.assert_allclose([float(se) for _, se, _ in found], table["s.e."], atol=5e-4)
    assert r"\mathrm{ECT}_{1,t-1}" in tex and r"\Delta \mathrm{LFDI}_{t-1}" in tex


def test_paper_values_sit_beside_the_matching_coefficients():
    fit, names = _fit()
    t1, t2 = (vecm_estimates.equation_table(fit, names, v) for v in ("LEXS1", "LEXS2"))
    assert t1.loc["CointEq1", "paper"].startswith("-1.37")
    assert t1.loc["CointEq1", "ours − paper"] == pytest.approx(fit.alpha[0, 0] + 1.37, abs=1e-12)
    assert t1.loc["D(LFDI(-1))", "paper"].startswith("close to zero")
    assert t2.loc["CointEq2", "ours − paper"] == pytest.approx(fit.alpha[1, 1] + 0.86, abs=1e-12)
    assert t2.loc["D(LFDI(-1))", "ours − paper"] == pytest.approx(fit.gamma[1, 2] - 0.05, abs=1e-12)
    # the conclusion's "-0.0820" is never put beside a coefficient
    assert not any("0820" in str(p) for p in list(t1["paper"]) + list(t2["paper"]))


def test_side_by_side_keeps_every_quoted_number():
    """All five quoted items keep a row; the 5.1.1 figure has no 'ours' and says why."""
    fit, names = _fit()
    side = vecm_estimates.ect_side_by_side(fit, names)
    assert list(side["key"]) == ["ect1", "dlfdi_lexs1", "ect2", "dlfdi_lexs2", "section_511"]
    row = side.set_index("key").loc["section_511"]
    assert row["paper"] == "-0.0820" and np.isnan(row["ours"]) and np.isnan(row["ours − paper"])
    assert "does not say" in row["note"]


def test_the_study_ect_follows_its_variable_when_vars_are_reordered():
    """The study's ECT2 is the LEXS2 relation: with LEXS2 second in --vars it is our CointEq2,
    and the loading matches the default order's estimate (the model is the same up to ordering)."""
    ref, ref_names = _fit()
    fit, names = _fit(("GDP", "EXS2", "FDI", "EXS1"))
    side = vecm_estimates.ect_side_by_side(fit, names).set_index("key")
    assert np.isnan(side.loc["ect1", "ours"]) and "no cointegrating equation" in side.loc["ect1", "note"]
    assert "CointEq2" in side.loc["ect2", "note"]
    assert side.loc["dlfdi_lexs1", "ours"] == pytest.approx(ref.gamma[0, 2], rel=1e-8)


def test_absent_variables_are_reported_not_a_crash():
    fit, names = _fit(("FDI", "GDP", "EXS2"), rank=2)
    lexs1, lexs2, lexs2_table, summary = vecm_tables.equation_sections(fit, names, "test")
    assert "not among this run's variables" in lexs1.data and lexs2.data.startswith("**ΔLEXS2, ours**")
    assert list(lexs2_table.frame.index) == list(vecm_estimates.equation_table(fit, names, "LEXS2").index)
    assert "ECT1 loading in ΔLEXS1 is -1.37; no counterpart: LEXS1 is not among" in summary.data
    side = vecm_estimates.ect_side_by_side(fit, names)
    assert len(side) == 5 and side["note"].str.contains("LEXS1 is not among").sum() == 2
    assert vecm_estimates.fdi_lag_candidates(fit, names).empty


def test_fdi_lag_candidates_on_the_truth_and_the_fit():
    """On the stand-in's truth: Γ[LEXS1, LFDI] = −0.082 (standin.GAMMA_OWN), Π[LEXS1, LFDI] = 0
    (α row of LEXS1 loads on CE1 only, where LFDI's β is 0), β[LFDI, CE1] = 0, and the LGDP
    ratio b_LEXS1 / b_LFDI from standin.cointegration(). Exact up to the JSON's 12 digits (1e-10)."""
    truth, names = standin.truth(), standin.truth_record()["variables"]
    fit, fnames = _fit()
    cand = vecm_estimates.fdi_lag_candidates(fit, fnames, truth, names)
    assert len(cand) == 4
    b, _ = standin.cointegration()
    np.testing.assert_allclose(cand["truth"], [standin.GAMMA_OWN[("LEXS1", "LFDI")], 0.0, 0.0, b[0] / b[2]],
                               atol=1e-10)
    np.testing.assert_allclose(cand["ours"], [fit.gamma[0, 2], (fit.alpha @ fit.beta.T)[0, 2], 0.0,
                                              fit.beta[3, 0] / fit.beta[3, 2]], rtol=1e-12, atol=1e-15)
    assert np.isfinite(cand["s.e."].iloc[0]) and cand["s.e."].iloc[1:].isna().all()


def test_table3_side_by_side_keeps_the_papers_own_stars():
    """Under case 4 our 'At most 2' need not be rejected; the paper's row must still read
    'At most 2 *' as printed in its Table 3 (data/paper_reported.json), and ours its own verdict."""
    from vecmbook.econometrics import ranktest
    from vecmbook.pipeline import analysis

    ctx = analysis.prepare(deterministic=4, boot=0)
    test = ranktest.johansen_test(ctx.y, ctx.params.lags, 4)
    table = cointegration.table3_side_by_side(test)
    label = "Hypothesized No. of CE(s)"
    assert list(table[("paper", label)]) == ["None *", "At most 1 *", "At most 2 *", "At most 3"]
    assert list(table[("ours", label)]) == list(rank_tables.rank_test_table(test, "test").frame[label])
    assert list(table.index) == ["None (r = 0)", "At most 1", "At most 2", "At most 3"]
