"""Johansen reduced-rank regression for the five deterministic cases.

The model (Johansen 1995, ch. 5–6; Lütkepohl 2005, ch. 6–7) is

    ΔY_t = α β' Z1_t + Σ_{i=1..p} Γ_i ΔY_{t-i} + Ψ D_t + ε_t,

with Z1_t = Y_{t-1} stacked on the *restricted* deterministic terms and D_t the
*unrestricted* ones. The five cases (EViews / Johansen numbering):

=====  =========================================  ==============  ================
case   meaning                                    in Z1 (β)       in D (unrestr.)
=====  =========================================  ==============  ================
1      no deterministic terms                     –               –
2      restricted constant                        1               –
3      unrestricted constant                      –               1
4      restricted trend, unrestricted constant    t               1
5      unrestricted constant and trend            –               1, t
=====  =========================================  ==============  ================

R urca's ``ca.jo(spec="transitory")`` covers cases 3, 2 and 4 with ``ecdet="none"``,
``"const"`` and ``"trend"``; its ``K`` equals ``lags + 1``.

Exogenous terms (:class:`vecmbook.econometrics.exog.Exog`: centred seasonal dummies, impulse dummies,
exogenous columns) are further columns of D_t: they enter every equation unrestricted at
time t and are partialled out with the lagged differences (as R urca's ``ca.jo(season=,
dumvar=)``). A ``--shift`` adds its step, lagged once, to Z1 (restricted to the cointegration
space, a further row of β after the restricted deterministic term) and its impulses to D_t
(Johansen, Mosconi & Nielsen 2000; :mod:`vecmbook.econometrics.exog`), in cases 2–4 only. They are
fixed regressors, the same for every sample of a batch.

Everything here accepts a leading batch dimension, so the same code serves a single
data set, a bootstrap of many resampled data sets and the Monte Carlo of the
asymptotic distributions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vecmbook.econometrics.exog import SHIFT_CASES, Exog

CASES: dict[int, str] = {
    1: "no deterministic terms",
    2: "restricted constant",
    3: "unrestricted constant",
    4: "restricted trend, unrestricted constant",
    5: "unrestricted constant and trend",
}
#: number of restricted (in β) and unrestricted deterministic regressors per case
N_RESTRICTED = {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}
N_UNRESTRICTED = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2}


def check_case(case: int) -> int:
    """Return ``case`` if it is one of 1..5, else raise ``ValueError``."""
    if case not in CASES:
        raise ValueError(f"deterministic case must be one of 1..5, got {case!r}")
    return case


@dataclass(frozen=True)
class Design:
    """Regressors of the VECM for an effective sample of ``T`` observations.

    Arrays carry any leading batch dimensions of the input data.
    ``z0``: ΔY_t (..., T, K); ``z1``: [Y_{t-1}, restricted terms] (..., T, K+m1);
    ``z2``: [ΔY_{t-1}, …, ΔY_{t-p}, unrestricted terms] (..., T, K p + m2).
    """

    z0: np.ndarray
    z1: np.ndarray
    z2: np.ndarray
    lags: int
    case: int
    exog: Exog | None = None

    @property
    def nobs(self) -> int:
        return self.z0.shape[-2]


def deterministic_terms(n_total: int, lags: int, case: int) -> tuple[np.ndarray, np.ndarray]:
    """Restricted and unrestricted deterministic columns for the effective sample.

    The trend is the observation's position in the full sample counted from 1, so the
    first observation used in estimation (number ``lags + 2``) has trend ``lags + 2``.
    Eigenvalues, test statistics, α and β are invariant to this choice; only the
    reported constant depends on it.
    """
    check_case(case)
    t = np.arange(lags + 2, n_total + 1, dtype=float)[:, None]
    one = np.ones_like(t)
    restricted = {1: [], 2: [one], 3: [], 4: [t], 5: []}[case]
    unrestricted = {1: [], 2: [], 3: [one], 4: [one], 5: [one, t]}[case]
    width = len(t)
    pack = lambda cols: np.hstack(cols) if cols else np.empty((width, 0))  # noqa: E731
    return pack(restricted), pack(unrestricted)


def min_effective_obs(k: int, lags: int, case: int, n_exog: int = 0) -> int:
    """Smallest effective sample T = N − p − 1 at which the Johansen eigenproblem is defined.

    After concentrating out the K p + m2 short-run regressors (Johansen 1995, ch. 6), R0
    (K columns) and R1 (K + m1 columns) live in a space of dimension T − K p − m2; below
    K + (K + m1) the two spans intersect and some eigenvalue equals 1 (an infinite trace
    statistic). Hence T ≥ K (p + 2) + m1 + m2; ``n_exog`` exogenous columns count in m2
    (dummies, ``--exog``, a shift's impulses) or m1 (a shift's step), one each either way
    (:attr:`vecmbook.econometrics.exog.Exog.n_columns`).
    """
    check_case(case)
    return k * (lags + 2) + N_RESTRICTED[case] + N_UNRESTRICTED[case] + n_exog


def check_exog(case: int, exog: Exog | None) -> None:
    """Raise ``ValueError`` for columns restricted to the cointegration space (``--shift``)
    outside the cases where they are a level shift (:data:`vecmbook.econometrics.exog.SHIFT_CASES`)."""
    if exog is not None and exog.restricted_width and check_case(case) not in SHIFT_CASES:
        raise ValueError(f"a level shift (--shift) needs deterministic case 2, 3 or 4, got case {case}: "
                         f"case 1 has no level to shift and case 5's quadratic trends are not a model "
                         f"Johansen, Mosconi & Nielsen (2000) treat")


def unrestricted_terms(n_total: int, lags: int, case: int, exog: Exog | None = None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Restricted and unrestricted columns of the effective sample: the deterministic terms,
    followed by the exogenous block's restricted columns lagged once (rows ``lags`` … ``N − 1``)
    and its unrestricted rows ``lags + 1`` … ``N``, respectively."""
    check_exog(case, exog)
    restricted, unrestricted = deterministic_terms(n_total, lags, case)
    if exog is not None:
        restricted = np.hstack([restricted, exog.restricted_effective(n_total, lags)])
        unrestricted = np.hstack([unrestricted, exog.effective(n_total, lags)])
    return restricted, unrestricted


def design(y: np.ndarray, lags: int, case: int, exog: Exog | None = None) -> Design:
    """Build the Johansen regressors from levels ``y`` of shape (..., N, K).

    ``lags`` is the number of lagged differences p (EViews "1 p", statsmodels
    ``k_ar_diff``); the effective sample has T = N - p - 1 observations. ``exog``
    (N rows, aligned with ``y``) adds unrestricted columns to Z2 and restricted ones to Z1.
    """
    y = np.asarray(y, dtype=float)
    n_total = y.shape[-2]
    if lags < 0:
        raise ValueError(f"lags must be >= 0, got {lags}")
    if n_total - lags - 1 < 1:
        raise ValueError(f"{n_total} observations are too few for {lags} lagged differences")
    batch = y.shape[:-2]
    dy = np.diff(y, axis=-2)  # dy[..., j, :] = Y_{j+1} - Y_j
    z0 = dy[..., lags:, :]
    restricted, unrestricted = unrestricted_terms(n_total, lags, case, exog)
    t_eff = z0.shape[-2]
    ylag = y[..., lags:-1, :]
    z1 = np.concatenate([ylag, np.broadcast_to(restricted, batch + restricted.shape)], axis=-1)
    lagged = [dy[..., lags - i : dy.shape[-2] - i, :] for i in range(1, lags + 1)]
    z2 = np.concatenate(
        lagged + [np.broadcast_to(unrestricted, batch + unrestricted.shape)], axis=-1
    ) if (lagged or unrestricted.shape[1]) else np.empty(batch + (t_eff, 0))
    return Design(z0=z0, z1=z1, z2=z2, lags=lags, case=case, exog=exog)


def partial_out(z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Residuals of the (batched) least-squares regression of ``z`` on ``x``."""
    if x.shape[-1] == 0:
        return z
    q, _ = np.linalg.qr(x)
    return z - q @ (np.swapaxes(q, -1, -2) @ z)


@dataclass(frozen=True)
class ReducedRank:
    """Solution of the Johansen eigenproblem det(λ S11 − S10 S00⁻¹ S01) = 0.

    ``eigenvalues`` (..., K) in descending order; ``vectors`` (..., K+m1, K) the
    matching eigenvectors normalised by v' S11 v = I (Johansen 1995, Thm 6.1);
    ``s00``, ``s01``, ``s11`` the moment matrices of the residuals R0, R1.
    """

    eigenvalues: np.ndarray
    vectors: np.ndarray
    s00: np.ndarray
    s01: np.ndarray
    s11: np.ndarray
    r0: np.ndarray
    r1: np.ndarray
    design: Design

    @property
    def nobs(self) -> int:
        return self.design.nobs

    @property
    def k(self) -> int:
        return self.design.z0.shape[-1]

    def trace(self) -> np.ndarray:
        """Trace statistics −T Σ_{i>r} log(1−λ_i) for H0: rank ≤ r, r = 0..K−1."""
        logs = np.log1p(-self.eigenvalues)
        tail = np.flip(np.cumsum(np.flip(logs, -1), -1), -1)
        return -self.nobs * tail

    def maxeig(self) -> np.ndarray:
        """Maximum-eigenvalue statistics −T log(1−λ_{r+1}) for H0: rank = r."""
        return -self.nobs * np.log1p(-self.eigenvalues)


def _sym(a: np.ndarray) -> np.ndarray:
    return 0.5 * (a + np.swapaxes(a, -1, -2))


def reduced_rank(y: np.ndarray, lags: int, case: int, exog: Exog | None = None) -> ReducedRank:
    """Concentrate out short-run terms and solve the Johansen eigenproblem.

    Batched over any leading dimensions of ``y`` (…, N, K). The generalised
    symmetric eigenproblem is reduced to a standard one with the Cholesky factor
    of S11 (Johansen 1995, eq. 6.15). ``exog`` is partialled out with the lagged differences.
    """
    d = design(y, lags, case, exog)
    k = d.z0.shape[-1]
    r = partial_out(np.concatenate([d.z0, d.z1], axis=-1), d.z2)  # one QR of Z2 for both
    r0, r1 = r[..., :k], r[..., k:]
    t = d.nobs
    tr = lambda a: np.swapaxes(a, -1, -2)  # noqa: E731
    s = tr(r) @ r / t
    s00, s01, s11 = s[..., :k, :k], s[..., :k, k:], s[..., k:, k:]
    linv = np.linalg.inv(np.linalg.cholesky(s11))  # L^-1, S11 = L L'
    m = tr(s01) @ np.linalg.solve(s00, s01)  # S10 S00^-1 S01
    lam, u = np.linalg.eigh(_sym(linv @ m @ tr(linv)))  # L^-1 M L^-T
    lam = np.flip(lam, -1)[..., :k]
    u = np.flip(u, -1)[..., :k]
    vectors = tr(linv) @ u
    lam = np.clip(lam, 0.0, 1.0 - 1e-15)
    return ReducedRank(lam, vectors, s00, s01, s11, r0, r1, d)
