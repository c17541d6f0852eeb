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

from .johansen import N_RESTRICTED, ReducedRank, deterministic_terms, reduced_rank


def _t(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2)


@dataclass(frozen=True)
class VECMFit:
    """A fitted VECM (arrays may carry leading batch dimensions).

    alpha (K, r); beta (K+m1, r) with the restricted deterministic rows last;
    gamma (K, K p) = [Γ_1 … Γ_p]; delta (K, m2) unrestricted deterministic
    coefficients (constant first, then trend); sigma (K, K) ML residual covariance
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
        k, p = self.k, self.lags
        gam = [self.gamma[..., :, i * k : (i + 1) * k] for i in range(p)]
        eye = np.broadcast_to(np.eye(k), self.pi.shape)
        zero = np.zeros_like(self.pi)
        a = [eye + self.pi + (gam[0] if p else zero)]
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


def normalise_beta(beta: np.ndarray, rank: int) -> np.ndarray:
    """Rotate β so that its first ``rank`` rows are the identity (β B⁻¹, B = β[:r])."""
    head = beta[..., :rank, :rank]
    out = _t(np.linalg.solve(_t(head), _t(beta)))
    out[..., :rank, :rank] = np.eye(rank)  # exact, not identity-up-to-rounding
    return out


def fit_from_rrr(rrr: ReducedRank, rank: int) -> VECMFit:
    """Estimate the VECM of rank ``rank`` from a solved reduced-rank problem."""
    k = rrr.k
    if not 0 <= rank <= k:
        raise ValueError(f"rank must be between 0 and {k}, got {rank}")
    d = rrr.design
    beta = rrr.vectors[..., :, :rank]
    if rank:
        beta = normalise_beta(beta, rank)
    s11_beta = _t(beta) @ rrr.s11 @ beta
    alpha = _t(np.linalg.solve(s11_beta, _t(rrr.s01 @ beta))) if rank else rrr.s01[..., :, :0]
    ec = d.z1 @ beta  # (..., T, r)
    target = d.z0 - ec @ _t(alpha)
    m = d.z2.shape[-1]
    if m:
        coef = _t(np.linalg.solve(_t(d.z2) @ d.z2, _t(d.z2) @ target))  # (..., K, m)
    else:
        coef = target[..., :0, :].swapaxes(-1, -2)
    resid = target - d.z2 @ _t(coef)
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
    )


def fit(y: np.ndarray, lags: int, case: int, rank: int) -> VECMFit:
    """Johansen ML estimate of a VECM with ``lags`` lagged differences."""
    return fit_from_rrr(reduced_rank(y, lags, case), rank)


def simulate(model: VECMFit, y_init: np.ndarray, shocks: np.ndarray) -> np.ndarray:
    """Generate levels recursively from the VECM (Cavaliere, Rahbek & Taylor 2012).

    ``y_init`` (..., p+1, K) are the first p+1 observations, ``shocks`` (..., T, K)
    the innovations; returns (..., p+1+T, K). Deterministic terms follow the same
    time index as estimation, so simulating with the estimation residuals reproduces
    the data exactly.
    """
    p, k = model.lags, model.k
    n_total = p + 1 + shocks.shape[-2]
    restricted, unrestricted = deterministic_terms(n_total, p, model.case)
    batch = np.broadcast_shapes(y_init.shape[:-2], shocks.shape[:-2], model.alpha.shape[:-2])
    y = np.empty(batch + (n_total, k))
    y[..., : p + 1, :] = y_init
    beta_y = model.beta[..., :k, :]
    beta_d = model.beta[..., k:, :]
    a_t = _t(model.alpha)
    for j in range(shocks.shape[-2]):
        t = p + 1 + j  # row being generated
        ec = y[..., t - 1, None, :] @ beta_y
        if N_RESTRICTED[model.case]:
            ec = ec + restricted[j] @ beta_d
        step = (ec @ a_t)[..., 0, :] + shocks[..., j, :]
        for i in range(1, p + 1):
            lagged = y[..., t - i, :] - y[..., t - i - 1, :]
            step = step + (model.gamma[..., :, (i - 1) * k : i * k] @ lagged[..., None])[..., 0]
        if unrestricted.shape[1]:
            step = step + model.delta @ unrestricted[j]
        y[..., t, :] = y[..., t - 1, :] + step
    return y
