"""Core estimator against statsmodels' VECM / coint_johansen (independent implementation).

Tolerance: 1e-8 absolute; both are exact ML on the same data, so differences are
floating-point only.
"""
import numpy as np
import pytest
from statsmodels.tsa.vector_ar.vecm import VECM, coint_johansen

from vecmbook.econometrics import johansen, vecm

# statsmodels' names for the five Johansen cases
SM_DET = {1: "n", 2: "ci", 3: "co", 4: "coli", 5: "colo"}


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("lags,rank", [(0, 1), (2, 1), (3, 2)])
def test_fit_matches_statsmodels(macro3, case, lags, rank):
    ours = vecm.fit(macro3, lags, case, rank)
    ref = VECM(macro3, k_ar_diff=lags, coint_rank=rank, deterministic=SM_DET[case]).fit()
    np.testing.assert_allclose(ours.alpha, ref.alpha, atol=1e-8)
    np.testing.assert_allclose(ours.beta[:3], ref.beta, atol=1e-8)
    np.testing.assert_allclose(ours.gamma, ref.gamma, atol=1e-8)
    np.testing.assert_allclose(ours.sigma, ref.sigma_u, atol=1e-10)
    np.testing.assert_allclose(ours.residuals, ref.resid, atol=1e-8)


def test_case3_statistics_match_coint_johansen(macro3):
    """statsmodels' coint_johansen(det_order=0) is case 3 (unrestricted constant)."""
    ours = johansen.reduced_rank(macro3, 2, 3)
    ref = coint_johansen(macro3, 0, 2)
    np.testing.assert_allclose(ours.eigenvalues, ref.eig, rtol=1e-10)
    np.testing.assert_allclose(ours.trace(), ref.lr1, rtol=1e-10)
    np.testing.assert_allclose(ours.maxeig(), ref.lr2, rtol=1e-10)


def test_batched_equals_single(macro3):
    """A batch of different data sets gives each one's own answer."""
    rng = np.random.default_rng(0)
    batch = macro3[None] + 0.01 * rng.standard_normal((5,) + macro3.shape)
    together = vecm.fit(batch, 1, 4, 2)
    for b in range(5):
        alone = vecm.fit(batch[b], 1, 4, 2)
        np.testing.assert_allclose(together.alpha[b], alone.alpha, atol=1e-10)
        np.testing.assert_allclose(together.beta[b], alone.beta, atol=1e-10)
        np.testing.assert_allclose(together.rrr.eigenvalues[b], alone.rrr.eigenvalues, atol=1e-12)


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
def test_simulate_with_own_residuals_reproduces_data(macro3, case):
    fitted = vecm.fit(macro3, 2, case, 1)
    rebuilt = vecm.simulate(fitted, macro3[:3], fitted.residuals)
    np.testing.assert_allclose(rebuilt, macro3, atol=1e-10)


def test_var_coefs_match_statsmodels_var_rep(macro3):
    ours = vecm.fit(macro3, 2, 3, 1)
    ref = VECM(macro3, k_ar_diff=2, coint_rank=1, deterministic="co").fit()
    np.testing.assert_allclose(ours.var_coefs(), ref.var_rep, atol=1e-8)
