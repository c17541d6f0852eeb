"""Orderings implied by period-1 variance shares (statsmodels VARProcess as the FEVD reference)."""
import numpy as np
from statsmodels.tsa.vector_ar.var_model import VARProcess

from vecmbook.econometrics.ordering import consistent_orderings

NAMES = ["A", "B", "C", "D"]


def period1_shares(sigma: np.ndarray, order: list[int]) -> np.ndarray:
    """Period-1 FEVD (rows = responses, original order) from statsmodels' orthogonalised MA rep."""
    k = len(order)
    perm = np.asarray(order)
    proc = VARProcess(np.zeros((1, k, k)), None, sigma[np.ix_(perm, perm)])
    theta0 = proc.orth_ma_rep(0)[0]  # [response, impulse] in permuted order
    decomp = theta0**2 / (theta0**2).sum(axis=1, keepdims=True)
    out = np.empty_like(decomp)
    out[np.ix_(perm, perm)] = decomp
    return out


def test_true_ordering_is_among_the_consistent_ones():
    rng = np.random.default_rng(7)
    a = rng.standard_normal((4, 4))
    sigma = a @ a.T + 4 * np.eye(4)
    true = [2, 3, 0, 1]
    shares = period1_shares(sigma, true)
    table = {NAMES[i]: {NAMES[j]: shares[i, j] for j in range(4)} for i in range(4)}
    found = consistent_orderings(table, NAMES, tol=1e-12)
    assert found == [[NAMES[i] for i in true]]  # all four responses given: unique


def test_the_studys_tables_pin_the_last_two_positions():
    """Tables 4 and 5 (responses LEXS1, LEXS2) of the study, period 1."""
    names = ["LEXS1", "LEXS2", "LFDI", "LGDP"]
    period1 = {"LEXS1": {"LEXS1": 57.73289, "LEXS2": 0.0, "LFDI": 18.18735, "LGDP": 24.07976},
               "LEXS2": {"LEXS1": 7.345409, "LEXS2": 83.60809, "LFDI": 0.370931, "LGDP": 8.675569}}
    found = consistent_orderings(period1, names)
    assert sorted(found) == [["LFDI", "LGDP", "LEXS1", "LEXS2"], ["LGDP", "LFDI", "LEXS1", "LEXS2"]]
