"""Residual bootstrap bands for impulse responses and variance decompositions.

Data: the study-sized rank-3 VECM of ``benchmarks.bench_bootstrap`` (K = 4, one lagged
difference, case 3). The replications' re-estimation is checked against statsmodels'
``VECM`` refitted on the same bootstrap samples (tolerance 1e-8: both are exact ML).
"""
import numpy as np
import pytest
from scipy.stats import norm

from benchmarks.bench_bootstrap import ORDER, simulate_data, statsmodels_loop
from vecmbook.econometrics import bootstrap, fevd, irf, vecm
from vecmbook.econometrics.johansen import design
from vecmbook.report import dynamics

HORIZON = 10


def study_fit(n_obs: int = 30, seed: int = 0) -> tuple[vecm.VECMFit, np.ndarray]:
    y = simulate_data(n_obs, seed)
    return vecm.fit(y, 1, 3, 3), y


def test_replications_equal_statsmodels_refits_of_the_same_samples():
    fit, y = study_fit()
    res = bootstrap.boot_irf(fit, y, HORIZON, ORDER, boot=30, seed=4, progress=False, chunk=7)
    samples = bootstrap.bootstrap_samples(fit, y, 30, seed=4)
    assert res.dropped == 0
    np.testing.assert_allclose(res.share_draws, statsmodels_loop(samples), atol=1e-8)


def test_bootstrap_samples_start_from_the_data_and_vary():
    fit, y = study_fit()
    samples = bootstrap.bootstrap_samples(fit, y, 5, seed=0)
    assert samples.shape == (5,) + y.shape
    np.testing.assert_array_equal(samples[:, :2], np.broadcast_to(y[:2], (5, 2, 4)))
    assert np.abs(samples[0] - samples[1]).max() > 0


@pytest.mark.parametrize("case", [1, 2])
def test_bootstrap_innovations_are_the_centred_residuals(case):
    """Cases 1 and 2 have no unrestricted constant, so the ML residuals need not have mean
    zero (here max |mean| is 8e-4 in case 2, 3.5e-3 in case 1: far above the tolerance); drawing
    them uncentred would put a drift into every bootstrap sample. Recover each sample's
    innovations with the fitted model (u*_t = ΔY*_t − αβ'Z1*_t − [Γ δ] Z2*_t, Johansen 1995,
    eq. 6.1) and check that every one is a row of û − mean(û) and that the draws follow the
    seeded generator (tolerance 1e-10: rounding of the recursion)."""
    y = simulate_data()
    fit = vecm.fit(y, 1, case, 3)
    mean = fit.residuals.mean(axis=0)
    assert np.abs(mean).max() > 1e-4  # the property is not vacuous on these data
    samples = bootstrap.bootstrap_samples(fit, y, 40, seed=9)
    d = design(samples, fit.lags, case)
    innovations = (d.z0 - d.z1 @ fit.beta @ fit.alpha.T
                   - d.z2 @ np.concatenate([fit.gamma, fit.delta], axis=1).T)
    idx = np.random.default_rng(9).integers(0, fit.nobs, size=(40, fit.nobs))
    np.testing.assert_allclose(innovations, (fit.residuals - mean)[idx], atol=1e-10)


def test_same_seed_gives_identical_bands_whatever_the_chunk():
    fit, y = study_fit()
    a = bootstrap.boot_irf(fit, y, HORIZON, ORDER, boot=120, seed=11, progress=False, chunk=100)
    b = bootstrap.boot_irf(fit, y, HORIZON, ORDER, boot=120, seed=11, progress=False, chunk=17)
    c = bootstrap.boot_irf(fit, y, HORIZON, ORDER, boot=120, seed=12, progress=False)
    for name in ("orth", "fevd"):
        np.testing.assert_array_equal(getattr(a, name).lower, getattr(b, name).lower)
        np.testing.assert_array_equal(getattr(a, name).upper, getattr(b, name).upper)
    assert not np.array_equal(a.orth.lower, c.orth.lower)


def test_point_estimate_lies_inside_the_bands():
    """Efron percentile bands at 95 %, B = 300: the point estimate is inside [lower, upper]
    in at least 90 % of the (h, response, impulse) cells (≈ 99 % observed)."""
    fit, y = study_fit()
    res = bootstrap.boot_irf(fit, y, HORIZON, ORDER, boot=300, seed=3, progress=False, generalised=True)
    theta = irf.orthogonalised(fit, HORIZON, ORDER)
    _, shares = fevd.fevd(fit, HORIZON, ORDER)
    girf = irf.generalised(fit, HORIZON)
    for point, band in ((theta, res.orth), (shares, res.fevd), (girf, res.girf)):
        assert band.lower.shape == point.shape
        assert np.all(band.lower <= band.upper)
        assert ((point >= band.lower - 1e-12) & (point <= band.upper + 1e-12)).mean() >= 0.90
    assert np.all(res.fevd.lower >= 0) and np.all(res.fevd.upper <= 100 + 1e-9)


def test_bands_are_wider_with_fewer_observations():
    widths = {}
    for n_obs in (30, 200):
        fit, y = study_fit(n_obs, seed=0)
        res = bootstrap.boot_irf(fit, y, HORIZON, ORDER, boot=200, seed=5, progress=False)
        widths[n_obs] = np.median(res.orth.upper - res.orth.lower), np.median(res.fevd.upper - res.fevd.lower)
    assert widths[30][0] > 1.5 * widths[200][0]
    assert widths[30][1] > 1.5 * widths[200][1]


def test_zero_replications_give_no_bands():
    fit, y = study_fit()
    res = bootstrap.boot_irf(fit, y, HORIZON, ORDER, boot=0, seed=1, progress=False)
    assert res.orth is None and res.fevd is None and res.girf is None and res.orth_draws is None
    assert res.requested == 0 and "B = 0" in dynamics.bands_sentence(res)


def test_degenerate_replications_are_dropped_and_counted():
    """An all-zero sample makes S00 and S11 singular: the batch must survive without it."""
    fit, y = study_fit()
    samples = bootstrap.bootstrap_samples(fit, y, 4, seed=2)
    samples[1] = 0.0
    ok, theta, _ = bootstrap._replicate_robust(samples, fit, HORIZON, np.array(ORDER), False, False)
    assert ok.tolist() == [True, False, True, True] and len(theta) == 3
    alone = irf.orthogonalised(vecm.fit(samples[2], 1, 3, 3), HORIZON, ORDER)
    np.testing.assert_allclose(theta[1], alone, atol=1e-12)


def test_percentile_interval_kinds():
    """Efron percentile limits of N(0,1) draws are the normal quantiles (±1.645 at 90 %,
    tolerance 0.03); Hall's interval reflects them around the point estimate."""
    draws = np.random.default_rng(0).standard_normal((200_000, 2))
    efron = bootstrap.interval(draws, np.zeros(2), 0.90)
    np.testing.assert_allclose(efron.upper, norm.ppf(0.95), atol=0.03)
    np.testing.assert_allclose(efron.lower, -norm.ppf(0.95), atol=0.03)
    hall = bootstrap.interval(draws + 1.0, np.zeros(2), 0.90, method="hall")  # draws biased by +1
    np.testing.assert_allclose(hall.upper, -1.0 + norm.ppf(0.95), atol=0.03)


@pytest.mark.parametrize("n", [1, 2, 3, 40, 999, 1000])
@pytest.mark.parametrize("level", [0.5, 0.9, 0.95, 0.99])
def test_quantile_selection_equals_numpy_quantile(n, level):
    """The bands select only the needed order statistics and interpolate like numpy's default
    (Hyndman & Fan type 7); the values must be identical to ``np.quantile``, bit for bit
    (same order statistics, same interpolation formula), including a constant row."""
    rows = np.random.default_rng(n).standard_normal((6, n)) * np.logspace(-6, 6, 6)[:, None]
    rows[2] = 7.0
    a = 1.0 - level
    expected = np.quantile(rows, [a / 2, 1 - a / 2], axis=-1)
    np.testing.assert_array_equal(bootstrap._quantiles(rows.copy(), [a / 2, 1 - a / 2]), expected)


@pytest.mark.parametrize("method", ["percentile", "hall"])
def test_bands_of_several_arrays_at_once_equal_one_at_a_time(method):
    """boot_irf forms all bands with one selection over the cells of every array; each band
    must equal the one computed alone and ``np.quantile`` over the draws (exactly)."""
    rng = np.random.default_rng(1)
    draws = [rng.standard_normal((300, 3, 2, 2)), rng.gamma(2.0, size=(300, 5)), rng.uniform(size=(300, 1))]
    points = [d.mean(axis=0) for d in draws]
    together = bootstrap.intervals(draws, points, 0.9, method)
    for d, point, band in zip(draws, points, together):
        alone = bootstrap.interval(d, point, 0.9, method)
        a = 1.0 - 0.9  # 0.09999999999999998, as in the bands
        lo, hi = np.quantile(d, [a / 2, 1 - a / 2], axis=0)
        if method == "hall":
            lo, hi = 2 * point - hi, 2 * point - lo
        for got in (band, alone):
            np.testing.assert_array_equal(got.lower, lo)
            np.testing.assert_array_equal(got.upper, hi)


def test_bands_reject_non_finite_or_mismatched_draws():
    with pytest.raises(ValueError, match="finite"):
        bootstrap.interval(np.array([[0.0], [np.nan], [1.0]]), np.zeros(1), 0.9)
    with pytest.raises(ValueError, match="same"):
        bootstrap.intervals([np.zeros((3, 2)), np.zeros((4, 2))], [np.zeros(2)] * 2, 0.9)


@pytest.mark.parametrize("kwargs,match", [({"boot": -1}, "boot"), ({"level": 1.5}, "level"),
                                          ({"method": "bca"}, "method"), ({"horizon": 0}, "horizon")])
def test_bad_arguments_are_rejected(kwargs, match):
    fit, y = study_fit()
    args = {"horizon": HORIZON, "order": ORDER, "boot": 10, "seed": 1, "progress": False} | kwargs
    with pytest.raises(ValueError, match=match):
        bootstrap.boot_irf(fit, y, **args)


def test_benchmark_script_runs_small(capsys):
    from benchmarks import bench_bootstrap

    """The printed ratio and verdict are those of the returned timings (not a fixed word)."""
    import re

    timings = bench_bootstrap.main(boot=40, sm_reps=4, repeats=1)
    assert timings["ours_s"] > 0 and timings["statsmodels_s"] > 0
    assert timings["ratio"] == pytest.approx(timings["statsmodels_s"] / timings["ours_s"], rel=1e-12)
    line = re.search(r"ratio: ([\d.]+)x faster .*: (met|MISSED)", capsys.readouterr().out)
    assert line is not None
    assert float(line.group(1)) == pytest.approx(timings["ratio"], abs=0.051)
    assert line.group(2) == ("met" if timings["ratio"] >= bench_bootstrap.TARGET_RATIO else "MISSED")
