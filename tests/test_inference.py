"""Standard errors of the VECM against R urca ``cajorls`` and statsmodels ``VECMResults``.

References:
* R urca 1.3 ``cajorls`` (scripts/urca_vecm_reference.R, fixture tests/fixtures/): β̂ and
  the ``lm`` coefficients / standard errors of the error-correction regressions, whose
  residual variance is divided by T − n, like ``dof_adjust=True``. Tolerance 1e-6 relative.
* statsmodels 0.15 ``VECMResults`` (Lütkepohl 2005 formulas with the ML Σ̂, like
  ``dof_adjust=False``). Tolerance 1e-8 relative.
"""
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.tsa.vector_ar.vecm import VECM
from urca_fixture import CASE_OF_ECDET, denmark, require_urca, value

from vecmbook.econometrics import inference, vecm
from vecmbook.report import vecm_tables

SM_DET = {1: "n", 2: "ci", 3: "co", 4: "coli", 5: "colo"}
K_VARS = 4


def _urca_order(ecdet: str, r: int, p: int) -> list[int]:
    """urca regressor order (ect, [constant], lagged differences) -> ours (ect, lags, [constant])."""
    if ecdet == "const":
        return list(range(r + K_VARS * p))
    return list(range(r)) + list(range(r + 1, r + 1 + K_VARS * p)) + [r]


@pytest.mark.parametrize("ecdet", ["none", "const", "trend"])
@pytest.mark.parametrize("K", [2, 3])
@pytest.mark.parametrize("r", [1, 2])
def test_matches_urca_cajorls(ecdet, K, r):
    fit = vecm.fit(denmark(), K - 1, CASE_OF_ECDET[ecdet], r)
    inf = inference.standard_errors(fit, dof_adjust=True)
    np.testing.assert_allclose(fit.beta, value(ecdet, K, r, "beta"), rtol=1e-6, atol=1e-9)
    order = _urca_order(ecdet, r, K - 1)
    coef = value(ecdet, K, r, "coef")[order].T  # equations x regressors
    se = value(ecdet, K, r, "coef_se")[order].T
    ours = np.hstack([inf.alpha, inf.gamma, inf.delta])
    ours_se = np.hstack([inf.alpha_se, inf.gamma_se, inf.delta_se])
    # urca's trend is ours minus one, which moves only the unrestricted constant (last column
    # in case 4): c_ours = c_urca - alpha beta_trend, and changes that constant's s.e.
    shift = ecdet == "trend"
    if shift:
        coef[:, -1] -= (fit.alpha @ fit.beta[-1:].T)[:, 0]
    np.testing.assert_allclose(ours, coef, rtol=1e-6, atol=1e-9)
    keep = slice(None, -1) if shift else slice(None)
    np.testing.assert_allclose(ours_se[:, keep], se[:, keep], rtol=1e-6)


@pytest.fixture(scope="module")
def macro4() -> np.ndarray:
    data = sm.datasets.macrodata.load_pandas().data
    return np.log(data[["realgdp", "realcons", "realinv", "realgovt"]].to_numpy())


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("lags,rank", [(1, 1), (2, 2)])
def test_matches_statsmodels(macro4, case, lags, rank):
    fit = vecm.fit(macro4, lags, case, rank)
    inf = inference.standard_errors(fit, dof_adjust=False)
    ref = VECM(macro4, k_ar_diff=lags, coint_rank=rank, deterministic=SM_DET[case]).fit()
    np.testing.assert_allclose(inf.alpha_se, ref.stderr_alpha, rtol=1e-8)
    np.testing.assert_allclose(inf.gamma_se, ref.stderr_gamma, rtol=1e-8)
    if case != 4:  # statsmodels counts its trend from another origin: the constant differs
        np.testing.assert_allclose(inf.delta_se, ref.stderr_det_coef, rtol=1e-8)
    # statsmodels computes the free β entries' variances in Lütkepohl's vec(B') order but
    # reshapes them column-major, which permutes entries when r >= 2 and K + m1 - r >= 2;
    # compare with its un-permuted vector.
    free = ref.stderr_coint[rank:].reshape(-1, order="F").reshape(-1, rank)
    np.testing.assert_allclose(inf.beta_se[rank:], free, rtol=1e-8)
    assert np.isnan(inf.beta_se[:rank]).all()


def test_dof_adjustment_is_the_regression_count(macro4):
    """EViews/urca scaling: s.e. ratio sqrt(T / (T - n)), n = r + K p + m2 regressors."""
    fit = vecm.fit(macro4, 2, 3, 1)
    adj, ml = inference.standard_errors(fit, True), inference.standard_errors(fit, False)
    n = 1 + 4 * 2 + 1
    assert adj.dof == fit.nobs - n
    np.testing.assert_allclose(adj.alpha_se / ml.alpha_se, np.sqrt(fit.nobs / (fit.nobs - n)), rtol=1e-12)
    np.testing.assert_allclose(adj.beta_se, ml.beta_se, equal_nan=True)


def test_summary_layout(macro4):
    names = ["GDP", "CONS", "INV", "GOVT"]
    fit = vecm.fit(macro4, 1, 2, 2)
    blocks = {k: t.frame for k, t in vecm_tables.vecm_summary(fit, names, "test").items()}
    ce, ec = blocks["Cointegrating Eq"], blocks["Error Correction"]
    assert list(ce.columns) == ["CointEq1", "CointEq2"]
    terms = list(dict.fromkeys(ce.index.get_level_values("term")))
    assert terms == ["GDP(-1)", "CONS(-1)", "INV(-1)", "GOVT(-1)", "C"]
    # identity rows show no s.e.; free rows show (s.e.) and [t]
    assert ("GDP(-1)", "s.e.") not in ce.index
    assert ce.loc[("INV(-1)", "s.e.")].str.startswith("(").all()
    assert list(ec.columns) == [f"D({v})" for v in names]
    ec_terms = list(dict.fromkeys(ec.index.get_level_values("term")))
    assert ec_terms == ["CointEq1", "CointEq2"] + [f"D({v}(-1))" for v in names]
    table = pd.DataFrame(inference.coefficient_records(fit, names))
    row = table[(table.equation == "D(INV)") & (table.term == "CointEq2")].iloc[0]
    assert row.coefficient == pytest.approx(fit.alpha[2, 1], rel=1e-12)
    assert row.t_stat == pytest.approx(row.coefficient / row.std_error, rel=1e-12)


def test_results_block_is_plain(macro4):
    fit = vecm.fit(macro4, 1, 3, 2)
    block = inference.results_block(fit, ["a", "b", "c", "d"])
    assert block["beta"][:2] == [[1.0, 0.0], [0.0, 1.0]]
    assert block["beta_se"][0] == [None, None]
    assert all(isinstance(x, float) for row in block["alpha_se"] for x in row)
    assert block["rank"] == 2 and block["variables"] == ["a", "b", "c", "d"]


def test_bad_names(macro4):
    with pytest.raises(ValueError, match="names"):
        inference.coefficient_records(vecm.fit(macro4, 1, 3, 1), ["a", "b"])


@pytest.mark.needs_r
def test_fixture_reproduces_with_live_r(tmp_path):
    """Re-run the R script and compare with the committed fixture."""
    require_urca()
    script = Path(__file__).parents[1] / "scripts" / "urca_vecm_reference.R"
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    subprocess.run(["Rscript", str(script)], cwd=tmp_path, check=True, capture_output=True,
                   env={**os.environ})
    fresh = (tmp_path / "tests" / "fixtures" / "urca_vecm_reference.csv").read_text()
    committed = (Path(__file__).parent / "fixtures" / "urca_vecm_reference.csv").read_text()
    assert fresh == committed
