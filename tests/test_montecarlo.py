"""Monte Carlo from a known VECM (stand-in truth)."""
import numpy as np

from vecmbook import montecarlo, standin, vecm


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
    tab_big, tab_small = big.loading_table(), small.loading_table()
    assert (tab_big["bias"].abs() < 0.1).all()
    assert (tab_small["s.d."] > 3 * tab_big["s.d."]).all()
    assert (big.rank_asymptotic == 3).mean() > 0.9
    freq = small.rank_frequencies()
    np.testing.assert_allclose(freq.sum().to_numpy(), 1.0)


def test_recovery_equals_single_fits():
    """The batched estimates equal fitting each simulated sample on its own."""
    truth = standin.truth()
    init = np.array(standin.truth_record()["initial_values"])
    lab = montecarlo.recovery(truth, init, ["a", "b", "c", "d"], n_obs=30, reps=7, seed=5, lags=1, case=3,
                              rank=3, chunk=3, progress=False)
    samples = montecarlo.draw(truth, init, 30, 7, seed=5)
    for i in range(7):
        np.testing.assert_allclose(lab.alpha[i], vecm.fit(samples[i], 1, 3, 3).alpha, atol=1e-10)
