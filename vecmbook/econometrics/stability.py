"""Roots of the levels VAR implied by a VECM (EViews "AR Roots" table and graph).

The VECM ΔY_t = αβ'Y_{t-1} + Σ Γ_i ΔY_{t-i} + … is the levels VAR with
A_1 = I + Π + Γ_1, A_i = Γ_i − Γ_{i−1}, A_{p+1} = −Γ_p (Lütkepohl 2005, eq. 6.3.5). The
eigenvalues of its companion matrix are the inverse roots of det(I − A_1 z − … ) = 0.
Because Π = αβ' has rank r, the characteristic polynomial has exactly K − r roots equal
to one (Johansen 1995, Thm 4.2; Lütkepohl 2005, sec. 6.3): a VECM of rank r < K can
never have all inverse roots strictly inside the unit circle. What the check can show is
that the *other* K(p+1) − (K − r) roots lie inside it, i.e. no I(2) or explosive
behaviour beyond the imposed unit roots.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg

from vecmbook.econometrics.vecm import VECMFit


def _single(fit: VECMFit) -> None:
    if fit.alpha.ndim != 2:
        raise ValueError("fit must be a single (unbatched) VECM fit")


def companion_roots(fit: VECMFit) -> np.ndarray:
    """Eigenvalues of the companion matrix (inverse AR roots), sorted by modulus, descending."""
    _single(fit)
    roots = np.linalg.eigvals(fit.companion())
    order = np.lexsort((-roots.imag, -roots.real, -np.abs(roots)))
    return roots[order]


def _complement(a: np.ndarray) -> np.ndarray:
    """Orthonormal basis of the orthogonal complement of the columns of ``a`` (n, r) -> (n, n − r)."""
    u = np.linalg.svd(a, full_matrices=True)[0]
    return u[:, a.shape[1]:]


def _condition(a: np.ndarray) -> float:
    """2-norm condition number of a full-column-rank matrix (1 for an empty one)."""
    if a.shape[1] == 0:
        return 1.0
    s = np.linalg.svd(a, compute_uv=False)
    return float(s[0] / s[-1]) if s[-1] > 0 else float("inf")


def i2_matrix(fit: VECMFit) -> np.ndarray:
    """α⊥′ Γ β⊥ with Γ = I − Γ_1 − … − Γ_p (Johansen 1995, Thm 4.2), orthonormal α⊥, β⊥.

    The VECM is I(1) with exactly K − r unit roots if and only if this (K − r) × (K − r)
    matrix is non-singular; a singular one means more unit roots at z = 1 (I(2) or higher).
    """
    _single(fit)
    k = fit.k
    gamma = np.eye(k) - sum(fit.gamma[:, i * k:(i + 1) * k] for i in range(fit.lags))
    return _complement(fit.alpha).T @ gamma @ _complement(fit.beta[:k])


def extra_unit_roots(fit: VECMFit) -> int:
    """Unit roots at z = 1 beyond the K − r the rank imposes: the numerical nullity of α⊥′Γβ⊥.

    The decision is algebraic, not a count of computed eigenvalues: a double root at one is a
    Jordan block, which an eigensolver returns only to about √eps (1 ± 1.4e-8 was seen on one
    processor), so no fixed tolerance on moduli separates it reliably. A singular value of
    α⊥′Γβ⊥ counts as zero below n · eps · ‖Γ‖ · (κ(α) + κ(β)): the rounding error of forming it,
    with α⊥ and β⊥ accurate to eps times the condition numbers of α and β (Golub & Van Loan
    2013, Thm 2.6.1 and sec. 5.4.1; the n · eps · σ_max rule of numpy's ``matrix_rank``).
    """
    m = i2_matrix(fit)
    if m.size == 0:
        return 0
    k = fit.k
    gamma = np.eye(k) - sum(fit.gamma[:, i * k:(i + 1) * k] for i in range(fit.lags))
    kappa = _condition(fit.alpha) + _condition(fit.beta[:k])
    tol = max(m.shape) * np.finfo(float).eps * max(np.linalg.norm(gamma, 2), 1.0) * kappa
    return int(np.sum(np.linalg.svd(m, compute_uv=False) <= tol))


def classified_roots(fit: VECMFit) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Companion roots, a mask of those at z = 1, and a rounding margin for each root.

    The unit roots are the K − r + (extra) roots nearest to one, however the eigensolver
    rounded them. The margin of every other root is the first-order perturbation bound of a
    simple eigenvalue, n · eps · ‖C‖ · κ_i with κ_i = 1/abs(y_i′x_i) from unit left and right
    eigenvectors (Wilkinson 1965; Golub & Van Loan 2013, sec. 7.2.2).
    """
    c = fit.companion()
    roots = companion_roots(fit)
    w, left, right = scipy.linalg.eig(c, left=True, right=True)
    kappa = 1.0 / np.maximum(np.abs(np.sum(left.conj() * right, axis=0)), np.finfo(float).tiny)
    margins = c.shape[0] * np.finfo(float).eps * np.linalg.norm(c, 2) * kappa
    # the margin of each sorted root: that of the nearest eigenvalue of the same solve
    margin = margins[np.abs(roots[:, None] - w[None, :]).argmin(axis=1)]
    n_unit = fit.k - fit.rank + extra_unit_roots(fit)
    unit = np.zeros(len(roots), dtype=bool)
    unit[np.argsort(np.abs(roots - 1.0), kind="stable")[:n_unit]] = True
    return roots, unit, margin


@dataclass(frozen=True)
class UnitRootCheck:
    """What :func:`unit_root_count_check` found: the K − r unit roots a rank-r VECM imposes, the
    unit roots it has, how many other roots lie on or outside the unit circle, the largest modulus
    among the other roots (NaN when there are none) and the verdict."""

    k: int
    rank: int
    expected_unit_roots: int
    unit_roots: int
    other_roots_outside: int
    largest_other_modulus: float
    stable_apart_from_unit_roots: bool


def unit_root_count_check(fit: VECMFit) -> UnitRootCheck:
    """Check that the rank's K − r unit roots are the only ones and all other roots lie inside.

    The unit roots at z = 1 are counted algebraically (:func:`extra_unit_roots`); every other
    root must have modulus below one by more than its rounding margin.
    """
    roots, unit, margin = classified_roots(fit)
    expected = fit.k - fit.rank
    others = np.abs(roots[~unit])
    n_unit = int(unit.sum())
    outside = int(np.sum(others >= 1.0 - margin[~unit]))
    return UnitRootCheck(k=fit.k, rank=fit.rank, expected_unit_roots=expected, unit_roots=n_unit,
                         other_roots_outside=outside,
                         largest_other_modulus=float(others.max()) if others.size else float("nan"),
                         stable_apart_from_unit_roots=n_unit == expected and outside == 0)


def results_block(fit: VECMFit) -> dict:
    """The ``stability`` section of results.json: all moduli (descending) and the unit-root check."""
    check = unit_root_count_check(fit)
    return {
        "moduli": [float(m) for m in np.abs(companion_roots(fit))],
        "expected_unit_roots": check.expected_unit_roots,
        "unit_roots": check.unit_roots,
        "largest_other_modulus": check.largest_other_modulus,
    }
