"""Rank-testing layer: Reinsel–Ahn scaling, bootstrap reproducibility and rank recovery."""
import json

import numpy as np
import pytest

from vecmbook import ranktest
from vecmbook.johansen import reduced_rank
from vecmbook.pvalues import pvalue


def rank_one_vecm(seed: int, n: int = 20, t: int = 200) -> np.ndarray:
    """n draws of a 3-variable VECM with rank 1 (restricted constant, case 2), shape (n, t+2, 3).

    ΔY_t = α(β'Y_{t-1} − 1) + Γ ΔY_{t-1} + ε_t, α = (−0.4, 0.2, 0)', β = (1, −1, 0)',
    Γ = 0.2 I, ε ~ N(0, I). Generated here directly (not with vecm.simulate) so the test
    does not rely on the code under test for its data.
    """
    rng = np.random.default_rng(seed)
    alpha, beta = np.array([-0.4, 0.2, 0.0]), np.array([1.0, -1.0, 0.0])
    y = np.zeros((n, t + 2, 3))
    for s in range(2, t + 2):
        ec = y[:, s - 1] @ beta - 1.0
        dy = alpha * ec[:, None] + 0.2 * (y[:, s - 1] - y[:, s - 2])
        y[:, s] = y[:, s - 1] + dy + rng.standard_normal((n, 3))
    return y


@pytest.fixture(scope="module")
def draws() -> np.ndarray:
    return rank_one_vecm(seed=7)


def test_reinsel_ahn_scaling(macro3):
    """Corrected statistics are the raw ones times (T − K(p+1))/T (Reinsel & Ahn 1992)."""
    lags = 2
    res = ranktest.johansen_test(macro3, lags, 3, progress=False)
    n, k = macro3.shape
    t = n - lags - 1
    factor = (t - k * (lags + 1)) / t
    assert res.nobs == t
    np.testing.assert_allclose(res.trace_ra, factor * res.trace, rtol=1e-14)
    np.testing.assert_allclose(res.maxeig_ra, factor * res.maxeig, rtol=1e-14)
    # smaller statistics can only raise the p-values, so the corrected rank is not larger
    assert np.all(res.trace_ra_pvalue >= res.trace_pvalue)
    assert res.rank_ra <= res.rank


def test_asymptotic_fields_come_from_reduced_rank_and_tables(macro3):
    res = ranktest.johansen_test(macro3, 1, 4, progress=False)
    rr = reduced_rank(macro3, 1, 4)
    np.testing.assert_allclose(res.trace, rr.trace(), rtol=1e-14)
    np.testing.assert_allclose(res.trace_pvalue, pvalue(rr.trace(), [3, 2, 1], 4), rtol=1e-14)
    # the asymptotic rank is the first non-rejected null
    assert ranktest.select_rank(np.array([0.001, 0.2, 0.01])) == 1
    assert ranktest.select_rank(np.array([0.001, 0.02, 0.01])) == 3


@pytest.mark.parametrize("scheme", ["iid", "wild"])
def test_bootstrap_same_seed_identical_and_in_unit_interval(draws, scheme):
    y = draws[0, :60]
    a = ranktest.johansen_test(y, 1, 2, boot=49, seed=3, progress=False, scheme=scheme)
    b = ranktest.johansen_test(y, 1, 2, boot=49, seed=3, progress=False, scheme=scheme)
    c = ranktest.johansen_test(y, 1, 2, boot=49, seed=4, progress=False, scheme=scheme)
    np.testing.assert_array_equal(a.bootstrap.trace_stats, b.bootstrap.trace_stats)
    np.testing.assert_array_equal(a.bootstrap.trace_pvalue, b.bootstrap.trace_pvalue)
    assert not np.array_equal(a.bootstrap.trace_stats, c.bootstrap.trace_stats)
    for p in (a.bootstrap.trace_pvalue, a.bootstrap.maxeig_pvalue):
        assert np.all((p >= 0) & (p <= 1))


def test_sequential_procedure_recovers_rank_one(draws):
    """Rank 1 is chosen in at least 16 of 20 draws, by asymptotic and by bootstrap p-values.

    With T = 200 and strong adjustment the rank-0 null is rejected essentially always,
    so the procedure picks rank 1 with probability ≈ 1 − size ≈ 0.95; then
    P(at least 16 of 20) = 0.997 under Binomial(20, 0.95), while a procedure that
    over-rejects the true null at 20 % would pass only with probability 0.63.
    """
    asym, boot = [], []
    for i, y in enumerate(draws):
        res = ranktest.johansen_test(y, 1, 2, boot=99, seed=i, progress=False)
        asym.append(res.rank)
        boot.append(res.rank_boot)
    assert sum(r == 1 for r in asym) >= 16, asym
    assert sum(r == 1 for r in boot) >= 16, boot


def test_tables_and_dict(draws):
    res = ranktest.johansen_test(draws[1], 1, 2, boot=19, seed=0, progress=False)
    tab = ranktest.trace_table(res)
    assert list(tab.columns[:5]) == [
        "Hypothesized No. of CE(s)", "Eigenvalue", "Trace Statistic", "0.05 Critical Value", "Prob."
    ]
    assert [h.rstrip(" *") for h in tab.iloc[:, 0]] == ["None", "At most 1", "At most 2"]
    starred = tab.iloc[:, 0].str.endswith("*").to_numpy()
    np.testing.assert_array_equal(starred, res.trace_pvalue < 0.05)
    assert "Prob. (bootstrap)" in tab.columns
    assert "Max-Eigen Statistic" in ranktest.maxeig_table(res).columns
    d = json.loads(json.dumps(ranktest.to_dict(res)))
    for key in ("eigenvalues", "trace", "trace_cv95", "trace_pvalue",
                "maxeig", "maxeig_cv95", "maxeig_pvalue"):
        assert len(d[key]) == 3
    assert d["rank"] == res.rank and d["case"] == 2 and d["lags"] == 1
    assert d["bootstrap"]["trace_pvalue"] == list(res.bootstrap.trace_pvalue)


WALK = np.cumsum(np.random.default_rng(0).standard_normal((30, 2)), axis=0)


@pytest.mark.parametrize("kwargs, match", [
    ({"y": WALK[:, 0], "lags": 1, "case": 3}, "y must be"),
    ({"y": WALK, "lags": 1, "case": 6}, "case"),
    ({"y": WALK, "lags": 1, "case": 3, "boot": -1}, "boot"),
    ({"y": WALK, "lags": 1, "case": 3, "scheme": "pairs", "boot": 5}, "scheme"),
    ({"y": WALK[:6], "lags": 2, "case": 3}, "lags"),
])
def test_bad_input_raises(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ranktest.johansen_test(progress=False, **kwargs)


def test_rank_summary_rows_agree_with_fields(draws):
    res = ranktest.johansen_test(draws[2][:40], 1, 2, boot=19, seed=0, progress=False)
    summ = ranktest.rank_summary(res)
    assert list(summ["Selected rank"]) == [res.rank, res.rank_ra, res.rank_boot]
    np.testing.assert_array_equal(summ.iloc[2, 1:].to_numpy(float), res.bootstrap.trace_pvalue)
