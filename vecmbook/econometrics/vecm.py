"""Maximum-likelihood VECM estimation for a given cointegration rank.

Johansen (1995, Thm 6.1): β̂ spans the first r eigenvectors of the reduced-rank
problem; α̂ = S01 β̂ (β̂' S11 β̂)⁻¹; the short-run coefficients follow by least
squares of ΔY_t − α̂ β̂' Z1_t on Z2_t. β̂ is reported in the EViews / Lütkepohl
(2005, sec. 7.2) normalisation: its first r rows form the identity.

Every function accepts a leading batch dimension, so the bootstrap re-estimates
all replications at once.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vecmbook.econometrics.exog import Exog
from vecmbook.econometrics.johansen import ReducedRank, reduced_rank, unrestricted_terms


def _t(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2)


@dataclass(frozen=True)
class VECMFit:
    """A fitted VECM (arrays may carry leading batch dimensions).

    alpha (K, r); beta (K+m1, r) with the restricted deterministic rows last;
    gamma (K, K p) = [Γ_1 … Γ_p]; delta (K, m2) unrestricted coefficients (constant
    first, then trend, then the columns of ``exog``, if any); sigma (K, K) ML residual covariance
    (divided by T); residuals (T, K).
    """

    alpha: np.ndarray
    beta: np.ndarray
    gamma: np.ndarray
    delta: np.ndarray
    sigma: np.ndarray
    residuals: np.ndarray
    rank: int
    lags: int
    case: int
    rrr: ReducedRank | None = None
    exog: Exog | None = None

    @property
    def k(self) -> int:
        return self.alpha.shape[-2]

    @property
    def nobs(self) -> int:
        return self.residuals.shape[-2]

    @property
    def pi(self) -> np.ndarray:
        """Π = α β' restricted to the level variables (K, K)."""
        return self.alpha @ _t(self.beta[..., : self.k, :])

    def var_coefs(self) -> np.ndarray:
        """Coefficient matrices A_1 … A_{p+1} of the levels VAR, shape (..., p+1, K, K).

        A_1 = I + Π + Γ_1, A_i = Γ_i − Γ_{i−1}, A_{p+1} = −Γ_p (Lütkepohl 2005, eq. 6.3.5).
        """
        k, p, pi = self.k, self.lags, self.pi
        gam = [self.gamma[..., :, i * k : (i + 1) * k] for i in range(p)]
        a = [np.eye(k) + pi + (gam[0] if p else 0.0)]
        a += [gam[i] - gam[i - 1] for i in range(1, p)]
        if p:
            a.append(-gam[-1])
        return np.stack(a, axis=-3)

    def companion(self) -> np.ndarray:
        """Companion matrix of the levels VAR, shape (..., K(p+1), K(p+1))."""
        a = self.var_coefs()
        k, n = self.k, a.shape[-3]
        top = np.concatenate([a[..., i, :, :] for i in range(n)], axis=-1)
        batch = top.shape[:-2]
        lower = np.broadcast_to(np.eye(k * (n - 1), k * n), batch + (k * (n - 1), k * n))
        return np.concatenate([top, lower], axis=-2)


def from_parameters(alpha: np.ndarray, beta: np.ndarray, gamma: np.ndarray, delta: np.ndarray,
                    sigma: np.ndarray, lags: int, case: int) -> VECMFit:
    """A VECM given by its parameters (e.g. a known truth to simulate from); no data attached."""
    alpha, beta, gamma, delta, sigma = (np.asarray(a, dtype=float) for a in (alpha, beta, gamma, delta, sigma))
    k = alpha.shape[-2]
    return VECMFit(alpha=alpha, beta=beta, gamma=gamma.reshape(k, k * lags), delta=delta.reshape(k, -1),
                   sigma=sigma, residuals=np.empty((0, k)), rank=alpha.shape[-1], lags=lags, case=case)


def fit_from_rrr(rrr: ReducedRank, rank: int) -> VECMFit:
    """Estimate the VECM of rank ``rank`` from a solved reduced-rank problem.

    With v the first r eigenvectors (v' S11 v = I) and B = v[:r] their head, β = v B⁻¹ has
    the identity as its first r rows (set exactly, not up to rounding) and the rows below
    solve B' x = v[r:]', one small batched solve and no inverse; α = S01 β (β' S11 β)⁻¹ =
    S01 v B' (Johansen 1995, Thm 6.1; Lütkepohl 2005, sec. 7.2). The residuals are
    R0 − R1 β α' (the concentrated regression); Γ and the unrestricted deterministic terms
    are the least-squares coefficients of ΔY − α β' Z1 on Z2 (Johansen 1995, ch. 6).
    """
    k = rrr.k
    if not 0 <= rank <= k:
        raise ValueError(f"rank must be between 0 and {k}, got {rank}")
    d = rrr.design
    v = rrr.vectors[..., :, :rank]
    if rank:
        head = v[..., :rank, :rank]
        tail = _t(np.linalg.solve(_t(head), _t(v[..., rank:, :])))  # v[r:] B⁻¹
        eye = np.broadcast_to(np.eye(rank), tail.shape[:-2] + (rank, rank))
        beta = np.concatenate([eye, tail], axis=-2)
        alpha = rrr.s01 @ v @ _t(head)
    else:
        beta, alpha = v, rrr.s01[..., :, :0]
    ab = beta @ _t(alpha)  # (..., K+m1, K)
    m = d.z2.shape[-1]
    if m:
        target = d.z0 - d.z1 @ ab
        coef = _t(np.linalg.solve(_t(d.z2) @ d.z2, _t(d.z2) @ target))  # (..., K, m)
    else:
        coef = d.z0[..., :0, :].swapaxes(-1, -2)
    resid = rrr.r0 - rrr.r1 @ ab
    sigma = _t(resid) @ resid / d.nobs
    kp = k * d.lags
    return VECMFit(
        alpha=alpha,
        beta=beta,
        gamma=coef[..., :, :kp],
        delta=coef[..., :, kp:],
        sigma=sigma,
        residuals=resid,
        rank=rank,
        lags=d.lags,
        case=d.case,
        rrr=rrr,
        exog=d.exog,
    )


def fit(y: np.ndarray, lags: int, case: int, rank: int, exog: Exog | None = None) -> VECMFit:
    """Johansen ML estimate of a VECM with ``lags`` lagged differences (and unrestricted ``exog``)."""
    return fit_from_rrr(reduced_rank(y, lags, case, exog), rank)


def simulate(model: VECMFit, y_init: np.ndarray, shocks: np.ndarray) -> np.ndarray:
    """Generate levels recursively from the VECM (Cavaliere, Rahbek & Taylor 2012).

    ``y_init`` (..., p+1, K) are the first p+1 observations, ``shocks`` (..., T, K)
    the innovations; returns (..., p+1+T, K). Deterministic terms follow the same
    time index as estimation, so simulating with the estimation residuals reproduces
    the data exactly; the model's exogenous block (N = p + 1 + T rows) is held fixed, as
    the bootstrap requires. Each step is one product ΔY_t = [Y_{t−1}', ΔY_{t−1}', …, ΔY_{t−p}'] W
    + d_t + u_t with W = [β α'; Γ_1'; …; Γ_p'] and the deterministic part d_t (restricted
    terms through α β_d', unrestricted through δ) computed for all t beforehand.
    """
    p, k = model.lags, model.k
    n_steps = shocks.shape[-2]
    n_total = p + 1 + n_steps
    restricted, unrestricted = unrestricted_terms(n_total, p, model.case, model.exog)
    a_t = _t(model.alpha)
    weights = np.concatenate([model.beta[..., :k, :] @ a_t]
                             + [_t(model.gamma[..., :, i * k : (i + 1) * k]) for i in range(p)], axis=-2)
    innovations = shocks + restricted @ model.beta[..., k:, :] @ a_t + unrestricted @ _t(model.delta)
    batch = np.broadcast_shapes(y_init.shape[:-2], shocks.shape[:-2], model.alpha.shape[:-2])
    y = np.empty(batch + (n_total, k))
    y[..., : p + 1, :] = y_init
    # state [Y_{t-1}, ΔY_{t-1}, …, ΔY_{t-p}] kept contiguous and shifted in place
    state = np.empty(batch + (k * (p + 1),))
    state[..., :k] = y_init[..., p, :]
    for i in range(1, p + 1):
        state[..., i * k : (i + 1) * k] = y_init[..., p + 1 - i, :] - y_init[..., p - i, :]
    for j in range(n_steps):
        # one BLAS product for the whole batch when the model itself is not batched
        step = (state @ weights if weights.ndim == 2 else (state[..., None, :] @ weights)[..., 0, :])
        step += innovations[..., j, :]
        state[..., 2 * k :] = state[..., k : k * p].copy()  # ΔY lags move one slot right
        state[..., :k] += step
        if p:
            state[..., k : 2 * k] = step
        y[..., p + 1 + j, :] = state[..., :k]
    return y
