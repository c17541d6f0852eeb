"""Johansen LR restriction tests against R urca ``blrtest`` (β = Hφ) and ``alrtest`` (α = Aψ).

Reference values: scripts/urca_vecm_reference.R on urca's ``denmark`` data (fixture in
tests/fixtures/). Tolerance: statistics 1e-6 relative (urca solves a non-symmetric
eigenproblem, good to about 1e-8 relative here), eigenvalues 1e-8 absolute.
"""
import numpy as np
import pytest
from urca_fixture import CASE_OF_ECDET, denmark, value

from vecmbook.econometrics import restrictions, vecm

SETTINGS = [(e, K, r) for e in CASE_OF_ECDET for K in (2, 3) for r in (1, 2)]


def _check(test, ecdet, K, r, item):
    stat, df, p = value(ecdet, K, r, f"{item}_stat")[:, 0]
    lam = value(ecdet, K, r, f"{item}_lambda")[:, 0]
    assert test.statistic == pytest.approx(stat, rel=1e-6, abs=1e-9)
    assert test.df == df
    assert test.pvalue == pytest.approx(p, rel=1e-6, abs=1e-9)
    np.testing.assert_allclose(test.eigenvalues, lam[: len(test.eigenvalues)], atol=1e-8)


@pytest.mark.parametrize("ecdet,K,r", SETTINGS)
def test_exclusion_matches_blrtest(ecdet, K, r):
    test = restrictions.exclusion_test(denmark(), K - 1, CASE_OF_ECDET[ecdet], r, 1)
    _check(test, ecdet, K, r, "blr_excl2")
    np.testing.assert_allclose(test.beta[1], 0.0, atol=1e-12)  # LRY row of the restricted β


@pytest.mark.parametrize("ecdet,K,r", SETTINGS)
def test_general_H_matches_blrtest(ecdet, K, r):
    H = value(ecdet, K, r, "blr_hom_H")  # long-run homogeneity LRM = -LRY
    test = restrictions.beta_restriction_test(denmark(), K - 1, CASE_OF_ECDET[ecdet], r, H)
    _check(test, ecdet, K, r, "blr_hom")
    np.testing.assert_allclose(test.beta[0] + test.beta[1], 0.0, atol=1e-12)


@pytest.mark.parametrize("ecdet,K,r", SETTINGS)
@pytest.mark.parametrize("j", [3, 4])
def test_weak_exogeneity_matches_alrtest(ecdet, K, r, j):
    test = restrictions.weak_exogeneity_test(denmark(), K - 1, CASE_OF_ECDET[ecdet], r, j - 1)
    _check(test, ecdet, K, r, f"alr_weak{j}")
    np.testing.assert_allclose(test.alpha[j - 1], 0.0, atol=1e-12)


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
def test_beta_lr_equals_likelihood_ratio_of_restricted_regression(case):
    """LR from restricted eigenvalues = T log(det Σ̃ / det Σ̂) computed by OLS with β̃ fixed.

    Independent of the eigenvalue formula: both covariances come from regressing ΔY_t on
    [β'Z1_t, Z2_t] (Johansen 1995, eq. 6.20 / 7.8); also LR >= 0.
    """
    y = denmark()
    test = restrictions.exclusion_test(y, 1, case, 2, 2)
    full = vecm.fit(y, 1, case, 2)
    d = full.rrr.design

    def sigma(beta):
        w = np.hstack([d.z1 @ beta, d.z2])
        e = d.z0 - w @ np.linalg.lstsq(w, d.z0, rcond=None)[0]
        return e.T @ e / d.nobs

    lr = d.nobs * np.log(np.linalg.det(sigma(test.beta)) / np.linalg.det(sigma(full.beta)))
    assert test.statistic == pytest.approx(lr, rel=1e-8)
    assert test.statistic >= 0


def test_random_data_lr_nonnegative():
    rng = np.random.default_rng(3)
    y = np.cumsum(rng.standard_normal((80, 4)), axis=0)
    for j in range(4):
        assert restrictions.exclusion_test(y, 1, 3, 2, j).statistic >= -1e-10
        assert restrictions.weak_exogeneity_test(y, 1, 3, 2, j).statistic >= -1e-10


def test_reading_and_table():
    t = restrictions.exclusion_test(denmark(), 1, 2, 1, 1, names=["LRM", "LRY", "IBO", "IDE"])
    assert "LRY" in t.hypothesis and t.reading.startswith("LR = ")
    assert ("rejected at 5%" in t.reading) == (t.pvalue < 0.05)
    table = restrictions.restriction_table([t])
    assert list(table.columns) == ["Hypothesis", "LR statistic", "df", "p-value", "Reading"]


def test_identification_note_counts():
    note = restrictions.identification_note(3, 4, ["LEXS1", "LEXS2", "LFDI", "LGDP"])
    assert "$r^2 = 9$" in note and "(6 zeros in all)" in note and "LGDP" in note
    single = restrictions.identification_note(1, 4, ["LEXS1", "LEXS2", "LFDI", "LGDP"])
    assert "zeros" not in single and "coefficient 1 on LEXS1" in single and "1 degree of" in single
    with pytest.raises(ValueError, match="rank"):
        restrictions.identification_note(4, 4)


def test_bad_input():
    y = denmark()
    with pytest.raises(ValueError, match="H"):
        restrictions.beta_restriction_test(y, 1, 3, 2, np.eye(4)[:, :1])
    with pytest.raises(ValueError, match="variable_index"):
        restrictions.exclusion_test(y, 1, 3, 1, 4)
    with pytest.raises(ValueError, match="rank"):
        restrictions.weak_exogeneity_test(y, 1, 3, 4, 0)


def _stack():
    """Three data sets of the same shape: denmark and two seeded perturbations of it."""
    y = denmark()
    rng = np.random.default_rng(11)
    return np.stack([y, y + 0.01 * rng.standard_normal(y.shape), y + 0.02 * rng.standard_normal(y.shape)])


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("kind,single", [("exclusion", restrictions.exclusion_test),
                                         ("weak exogeneity", restrictions.weak_exogeneity_test)])
def test_batched_statistics_equal_the_single_tests(case, kind, single):
    """lr_statistics (used by the size simulation) gives, per sample, the statistic of the single
    test that matches urca above. Tolerance 1e-10 relative: same formulas, batched linear algebra."""
    samples = _stack()
    batched = restrictions.lr_statistics(samples, 1, case, 2, kind, 1)
    one_by_one = [single(y, 1, case, 2, 1).statistic for y in samples]
    np.testing.assert_allclose(batched, one_by_one, rtol=1e-10)


def test_lr_statistics_rejects_unknown_kind_and_index():
    with pytest.raises(ValueError, match="kind"):
        restrictions.lr_statistics(_stack(), 1, 3, 2, "homogeneity", 1)
    with pytest.raises(ValueError, match="variable_index"):
        restrictions.lr_statistics(_stack(), 1, 3, 2, "exclusion", 4)


def test_null_holds_reads_the_zero_row_whatever_the_rotation():
    """A zero row of β (or α) stays zero under β → βM, α → αM'⁻¹ (Johansen 1995, sec. 5.3)."""
    rng = np.random.default_rng(2)
    alpha, beta = rng.standard_normal((4, 2)), rng.standard_normal((4, 2))
    beta[2], alpha[3] = 0.0, 0.0
    m = rng.standard_normal((2, 2)) + 2 * np.eye(2)
    model = vecm.from_parameters(alpha @ np.linalg.inv(m).T, beta @ m, np.zeros((4, 4)), np.zeros((4, 1)),
                                 np.eye(4), 1, 3)
    assert restrictions.null_holds(model, 2, "exclusion")
    assert not restrictions.null_holds(model, 1, "exclusion")
    assert restrictions.null_holds(model, 3, "weak exogeneity", atol=1e-12)
    assert not restrictions.null_holds(model, 0, "weak exogeneity")


def test_truth_sentence_on_the_standin():
    """In the stand-in's truth LFDI enters CE3 (β row (0, 0, 1)) and adjusts to it (α row (0, 0, a), a ≠ 0):
    both nulls are false (vecmbook.study.standin.ALPHA and cointegration())."""
    from vecmbook.study import standin

    truth, names = standin.truth(), standin.truth_record()["variables"]
    for kind in restrictions.KINDS:
        text = restrictions.truth_sentence(truth, names, kind, "LFDI")
        assert "false in the truth" in text and "correct decision" in text
    a = standin.ALPHA[names.index("LFDI"), 2]
    assert a != 0
    assert f"(0, 0, {a:g})" in restrictions.truth_sentence(truth, names, "weak exogeneity", "LFDI")
