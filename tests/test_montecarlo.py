"""Monte Carlo from a known VECM (stand-in truth)."""
import numpy as np

from vecmbook.econometrics import montecarlo, vecm
from vecmbook.study import standin


def test_draw_is_seeded_and_reproduces_the_standin_design():
    truth = standin.truth()
    init = np.array(standin.truth_record()["initial_values"])
    a = montecarlo.draw(truth, init, 30, 5, seed=3)
    b = montecarlo.draw(truth, init, 30, 5, seed=3)
    assert a.shape == (5, 30, 4) and np.array_equal(a, b)
    assert not np.array_equal(a, montecarlo.draw(truth, init, 30, 5, seed=4))


def test_estimates_converge_to_the_truth_in_large_samples():
    """With T = 2000 the ML loadings are within 0.1 of the truth on average (consistency);
    with T = 30 the spread is much larger (the point of the teaching chapter)."""
    truth = standin.truth()
    init = np.array(standin.truth_record()["initial_values"])
    big = montecarlo.recovery(truth, init, ["LEXS1", "LEXS2", "LFDI", "LGDP"], n_obs=2000, reps=20, seed=1,
                              lags=1, case=3, rank=3, progress=False)
    small = montecarlo.recovery(truth, init, ["LEXS1", "LEXS2", "LFDI", "LGDP"], n_obs=30, reps=200, seed=1,
                                lags=1, case=3, rank=3, progress=False)
    tab_big, tab_small = big.loading_stats(), small.loading_stats()
    assert all(abs(row["bias"]) < 0.1 for row in tab_big.values())
    assert all(tab_small[k]["s.d."] > 3 * tab_big[k]["s.d."] for k in tab_big)
    assert (big.rank_asymptotic == 3).mean() > 0.9
    for shares in small.rank_shares().values():
        np.testing.assert_allclose(shares.sum(), 1.0)


def test_recovery_equals_single_fits():
    """The batched estimates equal fitting each simulated sample on its own."""
    truth = standin.truth()
    init = np.array(standin.truth_record()["initial_values"])
    lab = montecarlo.recovery(truth, init, ["a", "b", "c", "d"], n_obs=30, reps=7, seed=5, lags=1, case=3,
                              rank=3, chunk=3, progress=False)
    samples = montecarlo.draw(truth, init, 30, 7, seed=5)
    for i in range(7):
        np.testing.assert_allclose(lab.alpha[i], vecm.fit(samples[i], 1, 3, 3).alpha, atol=1e-10)


# --- size of the LR restriction tests (chapter 04) -----------------------------------------------
import pytest  # noqa: E402
from scipy import stats  # noqa: E402

from vecmbook.econometrics import restrictions  # noqa: E402
from vecmbook.inputs import dataset as data  # noqa: E402
from vecmbook.pipeline.params import DEFAULT_DATA  # noqa: E402
from vecmbook.report import vecm_tables  # noqa: E402

TESTED = [("exclusion", "LFDI"), ("weak exogeneity", "LFDI"), ("weak exogeneity", "LGDP")]


def _standin_logs():
    ds = data.load_dataset(DEFAULT_DATA, ["EXS1", "EXS2", "FDI", "GDP"], "log")
    return ds.frame.to_numpy(dtype=float), list(ds.frame.columns)


def _null(kind, var, lags=1):
    y, names = _standin_logs()
    single = restrictions.exclusion_test if kind == "exclusion" else restrictions.weak_exogeneity_test
    test = single(y, lags, 3, 3, names.index(var), names)
    return y, names, montecarlo.null_model(y, test, lags, 3)


@pytest.mark.parametrize("kind,var", TESTED)
def test_null_model_satisfies_the_restriction_exactly(kind, var):
    y, names, null = _null(kind, var)
    assert restrictions.null_holds(null, names.index(var), kind)  # the tested row is exactly zero
    assert np.linalg.matrix_rank(null.pi) == 3
    # and it is a least-squares fit given Π̃: residuals orthogonal to the short-run regressors (1e-9)
    d = vecm.fit(y, 1, 3, 3).rrr.design
    np.testing.assert_allclose(d.z2.T @ null.residuals / d.nobs, 0.0, atol=1e-9)


@pytest.mark.parametrize("kind,var", TESTED)
def test_lr_on_large_samples_from_the_null_model_is_chi_square(kind, var):
    """Samples from the null model satisfy H0, so at large T the LR statistic is χ²(r)
    (Johansen 1995, Thms 7.2, 8.1): mean r = 3 within 4 standard errors of a mean of 1000
    χ²(3) draws (4·√(6/1000) ≈ 0.31) plus 0.15 for the remaining finite-T bias, and the 5 %
    rejection rate within 3 binomial s.e. (3·√(.05·.95/1000) ≈ 0.021) of 0.05.
    Samples from the unrestricted fit (where the null is false) must fail the same check."""
    y, names, null = _null(kind, var)
    j, reps, n_obs = names.index(var), 1000, 1000
    lr = restrictions.lr_statistics(montecarlo.draw(null, y[:2], n_obs, reps, seed=7), 1, 3, 3, kind, j)
    crit = stats.chi2.isf(0.05, 3)
    assert abs(lr.mean() - 3) < 4 * np.sqrt(6 / reps) + 0.15
    assert abs(np.mean(lr > crit) - 0.05) < 3 * np.sqrt(0.05 * 0.95 / reps)
    alt = restrictions.lr_statistics(montecarlo.draw(vecm.fit(y, 1, 3, 3), y[:2], n_obs, 200, seed=7),
                                     1, 3, 3, kind, j)
    assert np.mean(alt > crit) > 0.9


def test_restriction_size_uses_the_fits_T_and_is_seeded():
    y, names = _standin_logs()
    for lags in (1, 2):
        a = montecarlo.restriction_size(y, lags, 3, 3, "exclusion", 2, names, reps=50, seed=3, progress=False)
        assert a.nobs == vecm.fit(y, lags, 3, 3).nobs == len(y) - lags - 1
    b = montecarlo.restriction_size(y, 2, 3, 3, "exclusion", 2, names, reps=50, seed=3, progress=False)
    np.testing.assert_array_equal(a.simulated, b.simulated)
    assert a.test.statistic == restrictions.exclusion_test(y, 2, 3, 3, 2).statistic
    n = len(a.simulated)
    assert a.simulated_pvalue == (1 + np.sum(a.simulated >= a.test.statistic)) / (n + 1)
    assert a.rejection_rate == np.mean(a.simulated > stats.chi2.isf(0.05, 3))
    table = vecm_tables.size_table([a], "test").frame
    assert table.loc["samples used", a.test.hypothesis] == n


def test_restriction_size_bad_input():
    y, names = _standin_logs()
    with pytest.raises(ValueError, match="kind"):
        montecarlo.restriction_size(y, 1, 3, 3, "homogeneity", 2, reps=5, progress=False)
    with pytest.raises(ValueError, match="reps"):
        montecarlo.restriction_size(y, 1, 3, 3, "exclusion", 2, reps=0, progress=False)
