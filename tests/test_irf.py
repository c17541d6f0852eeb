"""Impulse responses against statsmodels (VECMResults.irf, VARProcess MA representation).

Reference: statsmodels 0.15 ``VECM(...).fit().irf(H)`` (``.irfs`` = Φ_h, ``.orth_irfs`` =
Φ_h P with P the Cholesky factor of the ML Σ in the data's order) and ``VARProcess``
``ma_rep`` / ``orth_ma_rep``. Tolerance 1e-9 absolute: both sides are exact
recursions on identical coefficients, so differences are floating-point only.
"""
import json

import matplotlib
import numpy as np
import pytest
from statsmodels.tsa.vector_ar.var_model import VARProcess
from statsmodels.tsa.vector_ar.vecm import VECM

from vecmbook.econometrics import inference, irf, vecm

matplotlib.use("Agg")
SM_DET = {1: "n", 2: "ci", 3: "co", 4: "coli", 5: "colo"}
ATOL = 1e-9


@pytest.mark.parametrize("case,lags,rank", [(1, 0, 1), (3, 2, 1), (4, 1, 2), (5, 3, 2)])
def test_ma_and_orthogonalised_match_statsmodels_vecm(macro3, case, lags, rank):
    fit = vecm.fit(macro3, lags, case, rank)
    ref = VECM(macro3, k_ar_diff=lags, coint_rank=rank, deterministic=SM_DET[case]).fit().irf(12)
    np.testing.assert_allclose(irf.ma_coefs(fit.var_coefs(), 12), ref.irfs, atol=ATOL)
    np.testing.assert_allclose(irf.orthogonalised(fit, 12, [0, 1, 2]), ref.orth_irfs, atol=ATOL)


@pytest.mark.parametrize("order", [[2, 0, 1], [1, 2, 0], [2, 1, 0]])
def test_orthogonalised_in_another_order_matches_varprocess(macro3, order):
    """Reorder the VAR, let statsmodels orthogonalise, and map its answer back to our order."""
    fit = vecm.fit(macro3, 2, 3, 1)
    perm = np.array(order)
    proc = VARProcess(fit.var_coefs()[:, perm][:, :, perm], None, fit.sigma[np.ix_(perm, perm)])
    ref = np.empty((11, 3, 3))
    ref[:, perm[:, None], perm[None, :]] = proc.orth_ma_rep(10)
    np.testing.assert_allclose(irf.orthogonalised(fit, 10, order), ref, atol=ATOL)


def test_ma_coefs_of_a_random_var3_match_varprocess_and_batching():
    rng = np.random.default_rng(3)
    coefs = 0.3 * rng.standard_normal((5, 3, 4, 4))  # 5 VAR(3) processes, K = 4
    ours = irf.ma_coefs(coefs, 15)
    for b in range(5):
        np.testing.assert_allclose(ours[b], VARProcess(coefs[b], None, np.eye(4)).ma_rep(15), atol=ATOL)


def test_generalised_column_equals_orthogonalised_with_that_variable_first(macro3):
    """Pesaran & Shin (1998, p. 20): the GIRF of shock j, scaled to a one-s.d. shock
    (divided by √σ_jj), is the Cholesky response with j ordered first. Tolerance 1e-12."""
    fit = vecm.fit(macro3, 2, 3, 1)
    girf = irf.generalised(fit, 10)
    for j, order in enumerate([[0, 1, 2], [1, 0, 2], [2, 0, 1]]):
        np.testing.assert_allclose(girf[:, :, j], irf.orthogonalised(fit, 10, order)[:, :, j], atol=1e-12)
    # and not for a shock ordered later (residuals are correlated)
    assert np.abs(girf[:, :, 2] - irf.orthogonalised(fit, 10, [0, 1, 2])[:, :, 2]).max() > 1e-4


def test_dof_adjusted_sigma_is_the_short_run_regression_covariance(macro3):
    """EViews' 'Cholesky with d.f. correction' Σ = û'û / (T − n); reference: the
    independently tested ``inference.standard_errors`` (checked against urca cajorls)."""
    fit = vecm.fit(macro3, 2, 3, 1)
    ref = inference.standard_errors(fit, dof_adjust=True).sigma_ols
    np.testing.assert_allclose(irf.residual_covariance(fit, dof_adjust=True), ref, rtol=1e-12)
    scale = np.sqrt(ref[0, 0] / fit.sigma[0, 0])
    np.testing.assert_allclose(irf.orthogonalised(fit, 5, [0, 1, 2], dof_adjust=True),
                               scale * irf.orthogonalised(fit, 5, [0, 1, 2]), rtol=1e-12)


def test_batched_fits_give_each_their_own_responses(macro3):
    rng = np.random.default_rng(0)
    batch = macro3[None] + 0.01 * rng.standard_normal((4,) + macro3.shape)
    together = irf.orthogonalised(vecm.fit(batch, 1, 3, 1), 8, [1, 2, 0])
    for b in range(4):
        np.testing.assert_allclose(together[b], irf.orthogonalised(vecm.fit(batch[b], 1, 3, 1), 8, [1, 2, 0]),
                                   atol=1e-12)


@pytest.mark.parametrize("order", [[0, 1], [0, 1, 1], [0, 1, 3]])
def test_bad_order_is_rejected(macro3, order):
    fit = vecm.fit(macro3, 1, 3, 1)
    with pytest.raises(ValueError, match="order"):
        irf.orthogonalised(fit, 5, order)


def test_bad_horizon_is_rejected(macro3):
    with pytest.raises(ValueError, match="horizon"):
        irf.orthogonalised(vecm.fit(macro3, 1, 3, 1), -1, [0, 1, 2])


def test_results_block_is_plain_json_in_variable_order(macro3):
    fit = vecm.fit(macro3, 1, 3, 1)
    theta = irf.orthogonalised(fit, 4, [2, 0, 1])
    block = irf.results_block(theta, ["gdp", "cons", "inv"], [2, 0, 1], theta - 1, theta + 1, 0.9)
    again = json.loads(json.dumps(block))
    assert again["ordering"] == ["inv", "gdp", "cons"] and again["horizon"] == 4 and again["level"] == 0.9
    assert again["orthogonalised"][3][1][2] == pytest.approx(theta[3, 1, 2], abs=1e-15)
    assert irf.results_block(theta, ["a", "b", "c"], [0, 1, 2])["lower"] is None


