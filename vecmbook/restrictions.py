"""Johansen likelihood-ratio tests of linear restrictions on β and α.

* β = Hφ, the same restriction on every cointegrating vector (Johansen 1995, Thm 7.2;
  Johansen & Juselius 1990): solve |λ H'S11H − H'S10 S00⁻¹ S01 H| = 0.
  Excluding a variable from the cointegration space is H = identity without that row's
  column; chi-square df = r (K + m1 − s), s = columns of H.
* α = Aψ (Johansen 1995, Thm 8.1; Johansen & Juselius 1990): with B = A⊥ and
  Ā = A(A'A)⁻¹, condition R0Ā and R1 on R0B, then solve
  |λ S11.b − S1a.b Saa.b⁻¹ Sa1.b| = 0. Weak exogeneity of variable j is A = identity
  without column j; df = r (K − m), m = columns of A.

In both cases LR = T Σ_{i≤r} log((1 − λ̃_i)/(1 − λ̂_i)) is asymptotically χ²(df). With
T = 30 and K = 4 the chi-square approximation is known to over-reject (Johansen 2000).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import scipy.linalg
from scipy import stats

from .johansen import N_RESTRICTED, ReducedRank, check_case, reduced_rank


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


def _generalised_eig(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenpairs of |λ b − a| = 0 (a, b symmetric, b > 0), descending, with v'bv = I."""
    lam, v = scipy.linalg.eigh(0.5 * (a + a.T), 0.5 * (b + b.T))
    return lam[::-1], v[:, ::-1]


def _lr(rrr: ReducedRank, restricted: np.ndarray, rank: int) -> float:
    lam = rrr.eigenvalues[:rank]
    return float(rrr.nobs * np.sum(np.log1p(-restricted[:rank]) - np.log1p(-lam)))


def _solve(y: np.ndarray, lags: int, case: int, rank: int) -> ReducedRank:
    """Unrestricted reduced-rank solution after checking ``y`` and ``rank``."""
    y = np.asarray(y, dtype=float)
    if y.ndim != 2:
        raise ValueError(f"y must be a single data set of shape (N, K), got shape {y.shape}")
    k = y.shape[1]
    if not 1 <= rank < k:
        raise ValueError(f"rank must be between 1 and {k - 1} for a restriction test, got {rank}")
    return reduced_rank(y, lags, case)


def _verdict(stat: float, df: int, p: float, signif: float, reject: str, accept: str) -> str:
    head = f"LR = {stat:.3f}, chi2({df}) p = {p:.4f}: "
    return head + (f"rejected at {signif:.0%}; {reject}" if p < signif else
                   f"not rejected at {signif:.0%}; {accept}")


def beta_restriction_test(y: np.ndarray, lags: int, case: int, rank: int, H: np.ndarray,
                          signif: float = 0.05, hypothesis: str = "beta = H phi",
                          reject: str = "the restriction is not supported",
                          accept: str = "the data are compatible with the restriction"
                          ) -> RestrictionTest:
    """LR test of β = Hφ with H of shape (K + m1, s), rank ≤ s < K + m1 (Johansen 1995, Thm 7.2)."""
    rrr = _solve(y, lags, case, rank)
    H = np.asarray(H, dtype=float)
    n1 = rrr.s11.shape[-1]
    if H.ndim != 2 or H.shape[0] != n1 or not rank <= H.shape[1] < n1:
        raise ValueError(f"H must have {n1} rows and between {rank} and {n1 - 1} columns, got {H.shape}")
    if np.linalg.matrix_rank(H) < H.shape[1]:
        raise ValueError("H must have full column rank")
    s10 = rrr.s01.T
    lam, phi = _generalised_eig(H.T @ s10 @ np.linalg.solve(rrr.s00, rrr.s01) @ H, H.T @ rrr.s11 @ H)
    beta = H @ phi[:, :rank]
    alpha = rrr.s01 @ beta  # β'S11β = I, so α = S01 β
    df = rank * (n1 - H.shape[1])
    stat = _lr(rrr, lam, rank)
    p = float(stats.chi2.sf(stat, df))
    return RestrictionTest(hypothesis, stat, df, p, lam[: H.shape[1]], rrr.eigenvalues, alpha, beta,
                           _verdict(stat, df, p, signif, reject, accept))


def alpha_restriction_test(y: np.ndarray, lags: int, case: int, rank: int, A: np.ndarray,
                           signif: float = 0.05, hypothesis: str = "alpha = A psi",
                           reject: str = "the restriction is not supported",
                           accept: str = "the data are compatible with the restriction"
                           ) -> RestrictionTest:
    """LR test of α = Aψ with A of shape (K, m), rank ≤ m < K (Johansen 1995, Thm 8.1)."""
    rrr = _solve(y, lags, case, rank)
    k = rrr.k
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != k or not rank <= A.shape[1] < k:
        raise ValueError(f"A must have {k} rows and between {rank} and {k - 1} columns, got {A.shape}")
    if np.linalg.matrix_rank(A) < A.shape[1]:
        raise ValueError("A must have full column rank")
    a_bar = A @ np.linalg.inv(A.T @ A)
    b = scipy.linalg.null_space(A.T)
    r_b = rrr.r0 @ b
    project = lambda z: z - r_b @ np.linalg.lstsq(r_b, z, rcond=None)[0]  # noqa: E731
    r_a, r_1 = project(rrr.r0 @ a_bar), project(rrr.r1)
    t = rrr.nobs
    s_aa, s_a1, s_11 = r_a.T @ r_a / t, r_a.T @ r_1 / t, r_1.T @ r_1 / t
    lam, v = _generalised_eig(s_a1.T @ np.linalg.solve(s_aa, s_a1), s_11)
    beta = v[:, :rank]
    alpha = A @ (s_a1 @ beta)  # ψ = S_a1.b β (β'S11.b β = I)
    df = rank * (k - A.shape[1])
    stat = _lr(rrr, lam, rank)
    p = float(stats.chi2.sf(stat, df))
    return RestrictionTest(hypothesis, stat, df, p, lam[: A.shape[1]], rrr.eigenvalues, alpha, beta,
                           _verdict(stat, df, p, signif, reject, accept))


def _name(names: Sequence[str] | None, j: int, k: int) -> str:
    if not 0 <= j < k:
        raise ValueError(f"variable_index must be between 0 and {k - 1}, got {j}")
    if names is None:
        return f"variable {j + 1}"
    if len(names) != k:
        raise ValueError(f"names must list {k} variables, got {len(names)}")
    return names[j]


def exclusion_test(y: np.ndarray, lags: int, case: int, rank: int, variable_index: int,
                   names: Sequence[str] | None = None, signif: float = 0.05) -> RestrictionTest:
    """H0: variable ``variable_index`` has a zero coefficient in every cointegrating vector (df = r)."""
    y = np.asarray(y, dtype=float)
    k = y.shape[-1]
    v = _name(names, variable_index, k)
    H = np.delete(np.eye(k + N_RESTRICTED[check_case(case)]), variable_index, axis=1)
    return beta_restriction_test(
        y, lags, case, rank, H, signif, hypothesis=f"{v} excluded from the cointegration space",
        reject=f"{v} enters the long-run relations", accept=f"{v} may be dropped from all {rank} "
        "cointegrating relations")


def weak_exogeneity_test(y: np.ndarray, lags: int, case: int, rank: int, variable_index: int,
                         names: Sequence[str] | None = None, signif: float = 0.05) -> RestrictionTest:
    """H0: the row of α for ``variable_index`` is zero (it does not adjust to disequilibrium; df = r)."""
    y = np.asarray(y, dtype=float)
    k = y.shape[-1]
    v = _name(names, variable_index, k)
    A = np.delete(np.eye(k), variable_index, axis=1)
    return alpha_restriction_test(
        y, lags, case, rank, A, signif, hypothesis=f"{v} weakly exogenous (its alpha row is zero)",
        reject=f"{v} adjusts to the long-run disequilibria", accept=f"{v} does not adjust: weakly "
        "exogenous for the long-run parameters")


def restriction_table(tests: Sequence[RestrictionTest]) -> pd.DataFrame:
    """One row per test: hypothesis, LR statistic, df, p-value, reading."""
    return pd.DataFrame(
        [(t.hypothesis, t.statistic, t.df, t.pvalue, t.reading) for t in tests],
        columns=["Hypothesis", "LR statistic", "df", "p-value", "Reading"],
    )


def identification_note(rank: int, k: int, names: Sequence[str] | None = None) -> str:
    """Why zeros in the first ``rank`` rows of the normalised β are imposed, not estimated.

    Johansen's β is identified only up to a nonsingular r × r rotation, so reporting it
    needs r restrictions per vector, r² in all (Johansen 1995, sec. 5.3; Lütkepohl 2005,
    sec. 7.2). The EViews normalisation β = [I_r; B] uses exactly these r²: every
    vector has a unit on its own variable and zeros on the other r − 1 leading variables.
    """
    if not 1 <= rank < k:
        raise ValueError(f"rank must be between 1 and {k - 1}, got {rank}")
    if names is not None and len(names) != k:
        raise ValueError(f"names must list {k} variables, got {len(names)}")
    names = list(names) if names is not None else [f"y{i + 1}" for i in range(k)]
    lead, free = names[:rank], names[rank:]
    zeros = rank * (rank - 1)
    return (
        f"With cointegration rank r = {rank}, beta is identified only up to an r x r rotation, so "
        f"r^2 = {rank ** 2} just-identifying restrictions ({rank} per vector) must be imposed. The "
        f"normalisation used here and by EViews sets the rows of {', '.join(lead)} to the identity: "
        f"each cointegrating equation has coefficient 1 on its own leading variable and 0 on the "
        f"other {rank - 1} ({zeros} zeros in all). These zeros are imposed, not estimated, carry no "
        f"standard error and are no evidence about the variables involved; only the coefficients "
        f"of {', '.join(free)} (and restricted deterministic terms) are estimated. Whether a "
        f"variable matters for the long run is answered by an LR test of its exclusion from the "
        f"cointegration space (beta = H phi, chi-square with r = {rank} degrees of freedom)."
    )
