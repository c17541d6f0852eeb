"""Johansen likelihood-ratio tests of linear restrictions on β and α.

* β = Hφ, the same restriction on every cointegrating vector (Johansen 1995, Thm 7.2;
  Johansen & Juselius 1990): solve det(λ H'S11H − H'S10 S00⁻¹ S01 H) = 0.
  Excluding a variable from the cointegration space is H = identity without that row's
  column; chi-square df = r (K + m1 − s), s = columns of H.
* α = Aψ (Johansen 1995, Thm 8.1; Johansen & Juselius 1990): with B = A⊥ and
  Ā = A(A'A)⁻¹, condition R0Ā and R1 on R0B, then solve
  det(λ S11.b − S1a.b Saa.b⁻¹ Sa1.b) = 0. Weak exogeneity of variable j is A = identity
  without column j; df = r (K − m), m = columns of A.

Unrestricted exogenous terms (:mod:`vecmbook.econometrics.exog`) are partialled out first, as in the
rank test; a ``--shift`` step is one more row of β (m1), left free by the exclusion H.
In both cases LR = T Σ_{i≤r} log((1 − λ̃_i)/(1 − λ̂_i)) is asymptotically χ²(df). With
T = 30 and K = 4 the chi-square approximation is known to over-reject (Johansen 2000);
:func:`vecmbook.econometrics.montecarlo.restriction_size` measures by how much at the data's own T, using
the batched :func:`lr_statistics` (the same solvers, over a leading sample dimension).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.linalg
from scipy import stats

from vecmbook.econometrics.exog import Exog
from vecmbook.econometrics.johansen import N_RESTRICTED, ReducedRank, check_case, partial_out, reduced_rank
from vecmbook.econometrics.vecm import VECMFit


@dataclass(frozen=True)
class RestrictionTest:
    """Result of a Johansen LR restriction test.

    ``eigenvalues`` are the restricted λ̃ (descending); ``alpha``/``beta`` the restricted
    ML estimates, β̃ normalised by β̃'S11β̃ = I (its first rows may be zero, so the
    identity normalisation is not always available).
    """

    hypothesis: str
    statistic: float
    df: int
    pvalue: float
    eigenvalues: np.ndarray
    unrestricted_eigenvalues: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    reading: str


def _t(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2)


def _generalised_eig(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenpairs of det(λ b − a) = 0 (a, b symmetric, b > 0; batched), descending, with v'bv = I."""
    lam, v = scipy.linalg.eigh(0.5 * (a + _t(a)), 0.5 * (b + _t(b)))
    return lam[..., ::-1], v[..., ::-1]


def _lr(rrr: ReducedRank, restricted: np.ndarray, rank: int) -> np.ndarray:
    """T Σ_{i≤r} log((1 − λ̃_i)/(1 − λ̂_i)) (Johansen 1995, Thms 7.2, 8.1), batched over samples."""
    lam = rrr.eigenvalues[..., :rank]
    return rrr.nobs * np.sum(np.log1p(-restricted[..., :rank]) - np.log1p(-lam), axis=-1)


def _solve(y: np.ndarray, lags: int, case: int, rank: int, batched: bool = False,
           exog: Exog | None = None) -> ReducedRank:
    """Unrestricted reduced-rank solution after checking ``y`` and ``rank``; ``exog`` is
    partialled out with the short-run terms, as in the rank test."""
    y = np.asarray(y, dtype=float)
    if y.ndim != 2 and not (batched and y.ndim > 2):
        raise ValueError(f"y must be a single data set of shape (N, K), got shape {y.shape}")
    k = y.shape[-1]
    if not 1 <= rank < k:
        raise ValueError(f"rank must be between 1 and {k - 1} for a restriction test, got {rank}")
    return reduced_rank(y, lags, case, exog)


def _verdict(stat: float, df: int, p: float, signif: float, reject: str, accept: str) -> str:
    head = f"LR = {stat:.3f}, chi2({df}) p = {p:.4f}: "
    return head + (f"rejected at {signif:.0%}; {reject}" if p < signif else
                   f"not rejected at {signif:.0%}; {accept}")


def _check_restriction(name: str, M: np.ndarray, rows: int, rank: int) -> np.ndarray:
    """``M`` (the H of β = Hφ or the A of α = Aψ) as floats: ``rows`` rows, between ``rank`` and
    ``rows`` − 1 columns, full column rank; otherwise a ValueError naming it."""
    M = np.asarray(M, dtype=float)
    if M.ndim != 2 or M.shape[0] != rows or not rank <= M.shape[1] < rows:
        raise ValueError(f"{name} must have {rows} rows and between {rank} and {rows - 1} columns, got {M.shape}")
    if np.linalg.matrix_rank(M) < M.shape[1]:
        raise ValueError(f"{name} must have full column rank")
    return M


def _beta_solution(rrr: ReducedRank, H: np.ndarray, rank: int):
    """Restricted λ̃, β̃ = Hφ and α̃ under β = Hφ (Johansen 1995, Thm 7.2); batched."""
    lam, phi = _generalised_eig(H.T @ _t(rrr.s01) @ np.linalg.solve(rrr.s00, rrr.s01) @ H, H.T @ rrr.s11 @ H)
    beta = H @ phi[..., :rank]
    return lam[..., : H.shape[1]], beta, rrr.s01 @ beta  # β'S11β = I, so α = S01 β


def _alpha_solution(rrr: ReducedRank, A: np.ndarray, rank: int):
    """Restricted λ̃, β̃ and α̃ = Aψ under α = Aψ (Johansen 1995, Thm 8.1); batched."""
    a_bar = A @ np.linalg.inv(A.T @ A)
    r_b = rrr.r0 @ scipy.linalg.null_space(A.T)
    r_a, r_1 = partial_out(rrr.r0 @ a_bar, r_b), partial_out(rrr.r1, r_b)
    t = rrr.nobs
    s_aa, s_a1, s_11 = _t(r_a) @ r_a / t, _t(r_a) @ r_1 / t, _t(r_1) @ r_1 / t
    lam, v = _generalised_eig(_t(s_a1) @ np.linalg.solve(s_aa, s_a1), s_11)
    beta = v[..., :rank]
    return lam[..., : A.shape[1]], beta, A @ (s_a1 @ beta)  # ψ = S_a1.b β (β'S11.b β = I)


def beta_restriction_test(y: np.ndarray, lags: int, case: int, rank: int, H: np.ndarray,
                          signif: float = 0.05, hypothesis: str = "beta = H phi",
                          reject: str = "the restriction is not supported",
                          accept: str = "the data are compatible with the restriction",
                          exog: Exog | None = None) -> RestrictionTest:
    """LR test of β = Hφ with H of shape (K + m1, s), rank ≤ s < K + m1 (Johansen 1995, Thm 7.2)."""
    rrr = _solve(y, lags, case, rank, exog=exog)
    H = _check_restriction("H", H, rrr.s11.shape[-1], rank)
    lam, beta, alpha = _beta_solution(rrr, H, rank)
    df = rank * (rrr.s11.shape[-1] - H.shape[1])
    stat = float(_lr(rrr, lam, rank))
    p = float(stats.chi2.sf(stat, df))
    return RestrictionTest(hypothesis, stat, df, p, lam, rrr.eigenvalues, alpha, beta,
                           _verdict(stat, df, p, signif, reject, accept))


def alpha_restriction_test(y: np.ndarray, lags: int, case: int, rank: int, A: np.ndarray,
                           signif: float = 0.05, hypothesis: str = "alpha = A psi",
                           reject: str = "the restriction is not supported",
                           accept: str = "the data are compatible with the restriction",
                           exog: Exog | None = None) -> RestrictionTest:
    """LR test of α = Aψ with A of shape (K, m), rank ≤ m < K (Johansen 1995, Thm 8.1)."""
    rrr = _solve(y, lags, case, rank, exog=exog)
    A = _check_restriction("A", A, rrr.k, rank)
    lam, beta, alpha = _alpha_solution(rrr, A, rank)
    df = rank * (rrr.k - A.shape[1])
    stat = float(_lr(rrr, lam, rank))
    p = float(stats.chi2.sf(stat, df))
    return RestrictionTest(hypothesis, stat, df, p, lam, rrr.eigenvalues, alpha, beta,
                           _verdict(stat, df, p, signif, reject, accept))


def exclusion_matrix(k: int, case: int, variable_index: int, exog: Exog | None = None) -> np.ndarray:
    """H for "variable ``variable_index`` is excluded from β": the identity of order K + m1 (m1 the
    restricted deterministic term and any restricted exogenous columns) without that column."""
    n1 = k + N_RESTRICTED[check_case(case)] + (0 if exog is None else exog.restricted_width)
    return np.delete(np.eye(n1), variable_index, axis=1)


def weak_exogeneity_matrix(k: int, variable_index: int) -> np.ndarray:
    """A for "row ``variable_index`` of α is zero": the identity without that column."""
    return np.delete(np.eye(k), variable_index, axis=1)


#: the two single-variable restrictions the book tests
KINDS = ("exclusion", "weak exogeneity")


def lr_statistics(samples: np.ndarray, lags: int, case: int, rank: int, kind: str,
                  variable_index: int, exog: Exog | None = None) -> np.ndarray:
    """LR statistics of one restriction on many data sets at once, shape (..., N, K) -> (...).

    ``kind`` is ``"exclusion"`` (β = Hφ, :func:`exclusion_test`) or ``"weak exogeneity"``
    (α = Aψ, :func:`weak_exogeneity_test`); the statistic is the same as theirs, batched.
    """
    rrr = _solve(samples, lags, case, rank, batched=True, exog=exog)
    k = rrr.k
    _name(None, variable_index, k)
    if kind == "exclusion":
        lam = _beta_solution(rrr, exclusion_matrix(k, case, variable_index, exog), rank)[0]
    elif kind == "weak exogeneity":
        lam = _alpha_solution(rrr, weak_exogeneity_matrix(k, variable_index), rank)[0]
    else:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return _lr(rrr, lam, rank)


def null_holds(model: VECMFit, variable_index: int, kind: str, atol: float = 0.0) -> bool:
    """Whether ``model`` (e.g. a known truth) satisfies the null: β's / α's row is zero.

    A zero row of β (level rows) or α is invariant to the rotation β → βA, α → αA'⁻¹,
    so this does not depend on how β is normalised.
    """
    if kind == "exclusion":
        row = model.beta[variable_index]
    elif kind == "weak exogeneity":
        row = model.alpha[variable_index]
    else:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return bool(np.all(np.abs(row) <= atol))


def _name(names: Sequence[str] | None, j: int, k: int) -> str:
    if not 0 <= j < k:
        raise ValueError(f"variable_index must be between 0 and {k - 1}, got {j}")
    if names is None:
        return f"variable {j + 1}"
    if len(names) != k:
        raise ValueError(f"names must list {k} variables, got {len(names)}")
    return names[j]


def exclusion_test(y: np.ndarray, lags: int, case: int, rank: int, variable_index: int,
                   names: Sequence[str] | None = None, signif: float = 0.05,
                   exog: Exog | None = None) -> RestrictionTest:
    """H0: variable ``variable_index`` has a zero coefficient in every cointegrating vector (df = r)."""
    y = np.asarray(y, dtype=float)
    k = y.shape[-1]
    v = _name(names, variable_index, k)
    H = exclusion_matrix(k, case, variable_index, exog)
    return beta_restriction_test(
        y, lags, case, rank, H, signif, hypothesis=f"{v} excluded from the cointegration space",
        reject=f"{v} enters the long-run relations", accept=f"{v} may be dropped from all {rank} "
        "cointegrating relations", exog=exog)


def weak_exogeneity_test(y: np.ndarray, lags: int, case: int, rank: int, variable_index: int,
                         names: Sequence[str] | None = None, signif: float = 0.05,
                         exog: Exog | None = None) -> RestrictionTest:
    """H0: the row of α for ``variable_index`` is zero (it does not adjust to disequilibrium; df = r)."""
    y = np.asarray(y, dtype=float)
    k = y.shape[-1]
    v = _name(names, variable_index, k)
    A = weak_exogeneity_matrix(k, variable_index)
    return alpha_restriction_test(
        y, lags, case, rank, A, signif, hypothesis=f"{v} weakly exogenous (its row of α is zero)",
        reject=f"{v} adjusts to the long-run disequilibria", accept=f"{v} does not adjust: weakly "
        "exogenous for the long-run parameters", exog=exog)
