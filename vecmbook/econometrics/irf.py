"""Impulse responses of a VECM through the MA representation of its levels VAR.

A VECM of rank r is the levels VAR y_t = A_1 y_{t-1} + … + A_{p+1} y_{t-p-1} + … + u_t
(Lütkepohl 2005, eq. 6.3.5; :meth:`VECMFit.var_coefs`). Its MA coefficients

    Φ_0 = I,   Φ_h = Σ_{j=1}^{min(h, p+1)} Φ_{h-j} A_j          (Lütkepohl 2005, eq. 2.1.22)

do not die out (K − r unit roots), but the recursion is the same as for a stationary
VAR (Lütkepohl 2005, sec. 6.5). Two kinds of responses are given:

* orthogonalised (Cholesky): Θ_h = Φ_h P with Σ = P P' and P lower triangular in the
  chosen variable order (Lütkepohl 2005, sec. 2.3.2) — a one-standard-deviation shock
  of the orthogonal innovation; results depend on the order;
* generalised (Pesaran & Shin 1998, eq. 10): ψ_j(h) = σ_jj^{-1/2} Φ_h Σ e_j, the
  response to a one-standard-deviation shock in u_j with the other innovations moved
  by their conditional expectation; order-free. Column j equals the orthogonalised
  response to variable j when j is ordered first.

Arrays are indexed [h][response][impulse] with both in the ORIGINAL variable order;
h = 0 is the impact period (EViews' "period 1"). All functions accept batched fits
(leading dimensions), which the bootstrap uses.

Σ defaults to the ML estimate ``fit.sigma`` (divided by T; statsmodels, Lütkepohl).
EViews' default impulse ``imp=chol`` is "Cholesky with d.f. correction" (EViews
Object Reference, ``var::impulse`` and ``var::decomp``), i.e. the residual covariance
divided by T − n, n = r + K p + (unrestricted deterministic terms) regressors per
equation; ``dof_adjust=True`` gives that. It multiplies Σ by T / (T − n): responses and
forecast standard errors scale by √(T / (T − n)), variance shares do not change.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vecmbook.econometrics.vecm import VECMFit


def _check_horizon(horizon: int) -> int:
    if int(horizon) != horizon or horizon < 0:
        raise ValueError(f"horizon must be a non-negative integer, got {horizon!r}")
    return int(horizon)


def check_order(order: Sequence[int], k: int) -> np.ndarray:
    """``order`` as an index array if it is a permutation of 0..k-1, else ``ValueError``."""
    perm = np.asarray(list(order))
    if perm.shape != (k,) or sorted(perm.tolist()) != list(range(k)):
        raise ValueError(f"order must be a permutation of 0..{k - 1}, got {list(order)!r}")
    return perm


def ma_coefs(var_coefs: np.ndarray, horizon: int, impact: np.ndarray | None = None) -> np.ndarray:
    """MA coefficients Φ_0 … Φ_H of a VAR with coefficients (..., n, K, K), shape (..., H+1, K, K);
    with ``impact`` B (..., K, M) the responses Φ_0 B … Φ_H B, shape (..., H+1, K, M).

    Φ_0 = I and Φ_h = Σ_{j=1}^{min(h, n)} A_j Φ_{h-j}: Lütkepohl (2005, eq. 2.1.22) with the
    A_j on the left, which holds as well since Φ(z) = A(z)⁻¹ commutes with A(z) (both
    give the top-left block of the h-th power of the companion matrix). Multiplied on the
    right by B it is the same recursion for Θ_h = Φ_h B from Θ_0 = B, so the responses
    need no product with B afterwards. Each term is one batched matrix product over all
    leading dimensions, accumulated in place.
    """
    horizon = _check_horizon(horizon)
    a = np.asarray(var_coefs, dtype=float)
    n, k = a.shape[-3], a.shape[-1]
    first = np.eye(k) if impact is None else np.asarray(impact, dtype=float)
    batch = np.broadcast_shapes(a.shape[:-3], first.shape[:-2])
    out = np.empty(batch + (horizon + 1, k, first.shape[-1]))
    out[..., 0, :, :] = first
    for h in range(1, horizon + 1):
        acc = a[..., 0, :, :] @ out[..., h - 1, :, :]
        for j in range(2, min(h, n) + 1):
            acc += a[..., j - 1, :, :] @ out[..., h - j, :, :]
        out[..., h, :, :] = acc
    return out


def residual_covariance(fit: VECMFit, dof_adjust: bool = False) -> np.ndarray:
    """Σ used for impulse responses: ML (/T) or, with ``dof_adjust``, /(T − n) as EViews."""
    if not dof_adjust:
        return fit.sigma
    t = fit.nobs
    n = fit.rank + fit.gamma.shape[-1] + fit.delta.shape[-1]
    if t <= n:
        raise ValueError(f"dof_adjust needs more observations ({t}) than regressors per equation ({n})")
    return fit.sigma * (t / (t - n))


def impact_matrix(sigma: np.ndarray, order: Sequence[int]) -> np.ndarray:
    """Lower Cholesky factor of Σ in the variable order ``order``, mapped back to the original order.

    Returns B (..., K, K) with Σ = B B'; column j is the impact of the orthogonal shock
    attached to variable j. With ``perm = order`` and Σ[perm, perm] = L L', B[perm, perm] = L.
    """
    perm = check_order(order, sigma.shape[-1])
    chol = np.linalg.cholesky(sigma[..., perm[:, None], perm[None, :]])
    inverse = np.argsort(perm)
    return chol[..., inverse[:, None], inverse[None, :]]


def orthogonalised(fit: VECMFit, horizon: int, order: Sequence[int],
                   dof_adjust: bool = False) -> np.ndarray:
    """Cholesky impulse responses Θ_h = Φ_h P, shape (..., H+1, K, K) = [h][response][impulse].

    ``order`` lists variable indices in Cholesky order (first = most exogenous);
    results are in the original variable order. Lütkepohl (2005, sec. 2.3.2).
    """
    b = impact_matrix(residual_covariance(fit, dof_adjust), order)
    return ma_coefs(fit.var_coefs(), horizon, b)


def generalised(fit: VECMFit, horizon: int, dof_adjust: bool = False) -> np.ndarray:
    """Generalised impulse responses σ_jj^{-1/2} Φ_h Σ e_j (Pesaran & Shin 1998), (..., H+1, K, K)."""
    sigma = residual_covariance(fit, dof_adjust)
    scale = np.sqrt(np.diagonal(sigma, axis1=-2, axis2=-1))
    return ma_coefs(fit.var_coefs(), horizon, sigma / scale[..., None, :])


def results_block(irf: np.ndarray, names: Sequence[str], order: Sequence[int],
                  lower: np.ndarray | None = None, upper: np.ndarray | None = None,
                  level: float | None = None) -> dict:
    """The ``irf`` section of results.json: plain floats, [h][response][impulse] in variable order.

    ``ordering`` is the Cholesky order by name; ``lower``/``upper``/``level`` are ``None``
    when there are no bootstrap bands.
    """
    irf = np.asarray(irf, dtype=float)
    perm = check_order(order, len(names))
    plain = lambda a: None if a is None else np.asarray(a, dtype=float).tolist()  # noqa: E731
    return {
        "ordering": [names[i] for i in perm],
        "variables": list(names),
        "horizon": irf.shape[0] - 1,
        "orthogonalised": plain(irf),
        "lower": plain(lower),
        "upper": plain(upper),
        "level": None if level is None else float(level),
    }
