"""Companion-matrix roots of the VECM.

References: statsmodels 0.15 ``VECMResults.var_rep`` (its own levels-VAR coefficients,
companion built here; tolerance 1e-8 on the sorted eigenvalues) and the theoretical
fact that rank r imposes exactly K − r unit roots (Johansen 1995, Thm 4.2), checked on
random data to 1e-8.
"""
import dataclasses

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from statsmodels.tsa.vector_ar.vecm import VECM  # noqa: E402

from vecmbook.econometrics import stability, vecm  # noqa: E402

SM_DET = {1: "n", 2: "ci", 3: "co", 4: "coli", 5: "colo"}


def _sorted(z):
    return z[np.lexsort((z.imag, z.real))]


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
def test_roots_match_statsmodels_var_rep(macro3, case):
    fit = vecm.fit(macro3, 2, case, 1)
    ref = VECM(macro3, k_ar_diff=2, coint_rank=1, deterministic=SM_DET[case]).fit()
    a = ref.var_rep  # (p+1, K, K)
    k, n = a.shape[1], a.shape[0]
    comp = np.vstack([np.hstack(list(a)), np.eye(k * (n - 1), k * n)])
    ours = stability.companion_roots(fit)
    np.testing.assert_allclose(_sorted(ours), _sorted(np.linalg.eigvals(comp)), atol=1e-8)
    assert np.all(np.diff(np.abs(ours)) <= 1e-12)  # descending moduli


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("rank", [0, 1, 2, 3])
def test_rank_r_imposes_k_minus_r_unit_roots(seed, rank):
    """The K − r roots nearest one lie within 1e-6 of it (a semisimple root is accurate to
    eps · κ, even a defective double one to about √eps ≈ 1.5e-8, so 1e-6 leaves room for any
    kernel), and the algebraic count agrees."""
    rng = np.random.default_rng(seed)
    y = np.cumsum(rng.standard_normal((60, 4)), axis=0)
    case = 1 + seed % 5
    fit = vecm.fit(y, 1 + seed % 2, case, rank)
    nearest = np.sort(np.abs(stability.companion_roots(fit) - 1))
    assert np.all(nearest[: 4 - rank] < 1e-6)
    if rank:
        assert nearest[4 - rank] > 1e-3  # a random-walk fit has no extra root near one
    check = stability.unit_root_count_check(fit)
    assert check.unit_roots == check.expected_unit_roots == 4 - rank


def test_check_detects_explosive_root(macro3):
    """Force an explosive root by scaling the VAR: the verdict must turn negative."""
    fit = vecm.fit(macro3, 1, 3, 1)
    check = stability.unit_root_count_check(fit)
    assert check.stable_apart_from_unit_roots is True
    bad = dataclasses.replace(fit, gamma=fit.gamma + 2.0 * np.eye(3))
    assert stability.unit_root_count_check(bad).stable_apart_from_unit_roots is False


def _toy_model(gamma):
    alpha, beta = np.array([[-0.5], [0.0]]), np.array([[1.0], [-1.0]])
    return vecm.from_parameters(alpha, beta, np.array(gamma), np.zeros((2, 1)), np.eye(2), lags=1, case=3)


def test_check_detects_an_extra_unit_root():
    """Johansen (1995, Thm 4.2): the VECM is I(1) only if α⊥'(I − Γ1)β⊥ is non-singular.

    Here K = 2, r = 1, α = (−0.5, 0)', β = (1, −1)', so α⊥ = (0, 1)', β⊥ = (1, 1)'; choosing the
    second row of Γ1 to sum to one makes α⊥'(I − Γ1)β⊥ = 0, i.e. a second unit root (an I(2)
    system). The check must see 2 unit roots where 1 is imposed and say no; a nearby Γ1 whose
    row sums to 0.5 keeps the single imposed unit root and passes.
    """
    bad = stability.unit_root_count_check(_toy_model([[0.0, 0.0], [0.5, 0.5]]))
    assert bad.unit_roots == 2 and bad.expected_unit_roots == 1
    assert bad.stable_apart_from_unit_roots is False
    good = stability.unit_root_count_check(_toy_model([[0.0, 0.0], [0.2, 0.3]]))
    assert good.unit_roots == 1 and good.stable_apart_from_unit_roots is True


def test_the_books_sentence_says_what_the_check_found():
    """The report layer words the check: the imposed count and the largest other modulus when the
    model passes, the counts that break the pattern when it does not."""
    from vecmbook.report.vecm_tables import stability_sentence

    good = stability.unit_root_count_check(_toy_model([[0.0, 0.0], [0.2, 0.3]]))
    text = stability_sentence(good)
    assert "K = 2 variables and cointegration rank r = 1" in text and "K − r = 1 unit root;" in text
    assert f"largest remaining modulus is {good.largest_other_modulus:.4f}" in text and "NOT" not in text
    bad = stability.unit_root_count_check(_toy_model([[0.0, 0.0], [0.5, 0.5]]))
    text = stability_sentence(bad)
    assert f"has 2 unit roots at z = 1 and {bad.other_roots_outside} other roots" in text and "NOT" in text


@pytest.mark.parametrize("split", [1.4e-8, 1e-7])
def test_verdict_survives_an_eigensolver_splitting_the_double_root(monkeypatch, split):
    """The double unit root of the I(2) toy model is a Jordan block: an eigensolver may return
    it as 1 ± 1.4e-8 (seen with OpenBLAS Haswell kernels on an AMD EPYC), outside any fixed
    1e-8 window on the moduli. The verdict must not depend on that rounding."""
    bad = _toy_model([[0.0, 0.0], [0.5, 0.5]])
    exact = np.sort_complex(np.linalg.eigvals(bad.companion()))
    ones = np.isclose(exact, 1.0, atol=1e-6)
    assert ones.sum() == 2  # the toy model really has a double root at one
    split_roots = exact.copy()
    split_roots[np.flatnonzero(ones)] = [1.0 - split, 1.0 + split]
    monkeypatch.setattr(stability.np.linalg, "eigvals", lambda _: split_roots)
    check = stability.unit_root_count_check(bad)
    assert check.unit_roots == 2 and check.stable_apart_from_unit_roots is False


@pytest.mark.parametrize("seed", range(5))
def test_extra_unit_root_of_a_random_i2_system(seed):
    """A random K = 3, r = 1, p = 2 VECM made I(2) by moving Γ1 so that α⊥'Γβ⊥ loses its smallest
    singular value (Johansen 1995, Thm 4.2). Independent check: its companion matrix then has
    K − r + 1 = 3 eigenvalues near one (a Jordan block: accurate to about √eps, so counted
    within 1e-5), where the untouched model has 2."""
    rng = np.random.default_rng(seed)
    k, r = 3, 1
    alpha, beta = rng.normal(size=(k, r)), rng.normal(size=(k, r))
    gamma = 0.2 * rng.normal(size=(k, 2 * k))
    model = vecm.from_parameters(alpha, beta, gamma, np.zeros((k, 1)), np.eye(k), lags=2, case=3)
    a_perp, b_perp = stability._complement(alpha), stability._complement(beta)
    m = stability.i2_matrix(model)
    u, s, vt = np.linalg.svd(m)
    drop = s[-1] * np.outer(u[:, -1], vt[-1])  # M − M_singular
    g1 = gamma[:, :k] + a_perp @ drop @ b_perp.T  # α⊥'(I − Γ1 − Δ)β⊥ = M − drop
    i2 = vecm.from_parameters(alpha, beta, np.hstack([g1, gamma[:, k:]]), np.zeros((k, 1)), np.eye(k),
                              lags=2, case=3)

    def near_one(fit):
        return int(np.sum(np.abs(np.linalg.eigvals(fit.companion()) - 1) < 1e-5))

    assert near_one(model) == k - r and stability.extra_unit_roots(model) == 0
    assert near_one(i2) == k - r + 1 and stability.extra_unit_roots(i2) == 1
    assert stability.unit_root_count_check(i2).unit_roots == k - r + 1


def test_block(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    block = stability.results_block(fit)
    assert len(block["moduli"]) == 9 and block["expected_unit_roots"] == 2
    assert block["moduli"][0] == pytest.approx(1.0, abs=1e-8)
