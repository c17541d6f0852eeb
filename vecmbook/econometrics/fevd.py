"""Forecast-error variance decomposition of a VECM (statsmodels has none for VECMs).

From the orthogonalised MA representation Θ_i = Φ_i P of the implied levels VAR
(:mod:`vecmbook.econometrics.irf`), the h-step forecast error of variable k has variance

    MSE_k(h) = Σ_{i=0}^{h-1} Σ_j θ_{kj,i}²,

and the share of orthogonal shock j is ω_kj(h) = Σ_{i<h} θ_{kj,i}² / MSE_k(h)
(Lütkepohl 2005, sec. 2.3.3, eq. 2.3.37; sec. 6.6 for cointegrated systems, where the
MSE grows without bound but the shares are well defined). Following EViews, "period
1" is the one-step-ahead forecast (h = 1, only the Θ_0 term), shares are in percent and
"S.E." is the forecast standard error √MSE_k(h).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vecmbook.econometrics.irf import orthogonalised
from vecmbook.econometrics.vecm import VECMFit


def decompose(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """S.E. (..., H, K) and shares in percent (..., H, K, K) from Θ_0 … Θ_{H-1} (..., H, K, K).

    MSE_k(h) = Σ_{i<h} Σ_j θ_{kj,i}² and ω_kj(h) = 100 Σ_{i<h} θ_{kj,i}² / MSE_k(h)
    (Lütkepohl 2005, eq. 2.3.37). Sums over periods and impulses are running sums of
    slices, which for the bootstrap's small K is several times faster than ``np.cumsum``
    along a middle axis or ``sum`` over a short last axis; the shares overwrite the
    squares in place.
    """
    contrib = np.square(np.asarray(theta, dtype=float))  # [period][response][impulse]
    for h in range(1, contrib.shape[-3]):
        contrib[..., h, :, :] += contrib[..., h - 1, :, :]
    mse = contrib[..., 0].copy()
    for j in range(1, contrib.shape[-1]):
        mse += contrib[..., j]
    contrib *= 100.0
    contrib /= mse[..., None]
    return np.sqrt(mse), contrib


def fevd(fit: VECMFit, horizon: int, order: Sequence[int],
         dof_adjust: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Forecast S.E. (..., H, K) and variance shares in percent (..., H, K, K) for periods 1..H.

    ``shares[..., h-1, k, j]`` is the percentage of the h-step forecast-error variance of
    variable k due to the orthogonal shock of variable j (original variable order), with
    Cholesky order ``order``. ``dof_adjust`` (EViews' default) only rescales the S.E.
    """
    if int(horizon) != horizon or horizon < 1:
        raise ValueError(f"horizon must be a positive integer, got {horizon!r}")
    return decompose(orthogonalised(fit, int(horizon) - 1, order, dof_adjust))


def response_index(names: Sequence[str], variable: str) -> int:
    """Position of ``variable`` in ``names`` (a ValueError naming the choices if absent)."""
    if variable not in names:
        raise ValueError(f"variable must be one of {list(names)}, got {variable!r}")
    return list(names).index(variable)


def results_block(se: np.ndarray, shares: np.ndarray, names: Sequence[str],
                  variables: Sequence[str] | None = None) -> dict:
    """The ``fevd`` section of results.json: {variable: [[period, se, share_1, …, share_K], …]}.

    Shares are in percent, in the order of ``names``.
    """
    variables = list(names) if variables is None else list(variables)
    block = {}
    for var in variables:
        k = response_index(names, var)
        block[var] = [[h + 1, float(se[h, k]), *map(float, shares[h, k])] for h in range(np.shape(shares)[0])]
    return block

