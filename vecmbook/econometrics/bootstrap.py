"""Residual bootstrap bands for VECM impulse responses and variance decompositions.

Scheme (recursive-design residual bootstrap; Cavaliere, Rahbek & Taylor 2012 for the
VECM, Lütkepohl 2005, app. D.3 for impulse responses):

1. centre the VECM residuals û_t and draw T of them with replacement (iid, seeded);
2. rebuild levels recursively with the estimated VECM (:func:`vecm.simulate`),
   starting from the first p+1 observations of the data;
3. re-estimate the VECM with the same rank, lags, deterministic case and exogenous block
   (dummies and ``--exog`` columns held fixed in every sample) — one batched
   :func:`vecm.fit` call per chunk of replications — and recompute the orthogonalised
   (and optionally generalised) responses and the variance shares, also batched;
4. bands are quantiles over replications.

β̂ is identified by the identity normalisation of its first r rows in :func:`vecm.fit`,
so the bootstrap β̂'s are comparable with the estimate (no sign/rotation flips).

Intervals: ``method="percentile"`` (default) is Efron's percentile interval
[q_{a/2}, q_{1-a/2}] of the bootstrap distribution (what EViews and R vars report);
``method="hall"`` is Hall's percentile interval [2θ̂ − q_{1-a/2}, 2θ̂ − q_{a/2}], which
corrects for bias but can leave [0, 100] for variance shares.

A replication whose re-estimation fails (S11 not positive definite, singular β head
or Σ) or gives non-finite responses is dropped and counted in ``BootResult.dropped``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from vecmbook.econometrics import vecm
from vecmbook.econometrics.fevd import decompose
from vecmbook.econometrics.irf import check_order, impact_matrix, ma_coefs, orthogonalised
from vecmbook.econometrics.irf import generalised as generalised_irf
from vecmbook.econometrics.vecm import VECMFit

METHODS = {"percentile": "Efron percentile", "hall": "Hall percentile"}


@dataclass(frozen=True)
class Bands:
    """Lower and upper limits of a pointwise interval (same shape as the estimate)."""

    lower: np.ndarray
    upper: np.ndarray


@dataclass(frozen=True)
class BootResult:
    """Bootstrap bands; every band and draw array is ``None`` when ``requested`` is 0.

    ``orth`` (H+1, K, K) and ``fevd`` (H, K, K, shares in percent) bands are indexed like
    :func:`irf.orthogonalised` and :func:`fevd.fevd`; ``girf`` only if requested.
    ``orth_draws``/``share_draws`` hold the kept replications (n_kept, ...).
    """

    requested: int
    dropped: int
    level: float
    method: str
    orth: Bands | None
    fevd: Bands | None
    girf: Bands | None
    orth_draws: np.ndarray | None
    share_draws: np.ndarray | None

    @property
    def kept(self) -> int:
        return self.requested - self.dropped

    @property
    def kind(self) -> str:
        """Readable name of the interval, e.g. 'Efron percentile'."""
        return METHODS[self.method]


def _quantiles(rows: np.ndarray, probs: Sequence[float]) -> np.ndarray:
    """Linear-interpolation sample quantiles of each row of ``rows`` (m, n), shape (len(probs), m).

    Hyndman & Fan (1996) definition 7, numpy's default: with x_(0) ≤ … ≤ x_(n−1) the sorted
    row and v = (n − 1) q, Q(q) = x_(⌊v⌋) + (v − ⌊v⌋)(x_(⌊v⌋+1) − x_(⌊v⌋)), evaluated with
    numpy's ``_lerp`` (from the upper neighbour when the weight is ≥ 1/2), so the values
    equal ``np.quantile(rows, probs, axis=-1)``. Only the order statistics needed are
    selected, by one in-place ``partition`` of the C-contiguous rows: ``np.quantile`` also
    selects the minimum and maximum and, for an axis other than the last, works on strided
    lanes, which makes it several times slower here. ``rows`` is overwritten.
    """
    n = rows.shape[-1]
    virtual = (n - 1) * np.asarray(probs, dtype=float)
    below = np.floor(virtual).astype(np.intp)
    above = np.minimum(below + 1, n - 1)
    rows.partition(np.unique(np.concatenate([below, above])), axis=-1)
    a, b = rows[:, below].T, rows[:, above].T
    t = (virtual - below)[:, None]
    diff = b - a
    return np.where(t >= 0.5, b - diff * (1 - t), a + diff * t)


def intervals(draws: Sequence[np.ndarray], points: Sequence[np.ndarray], level: float,
              method: str = "percentile") -> list[Bands]:
    """Pointwise bootstrap intervals over axis 0 of each array in ``draws`` (Efron or Hall percentile).

    All arrays hold the same replications; their cells are laid out as the rows of one
    (cells, replications) array, so a single selection serves every array and both limits.
    Efron: [q_{a/2}, q_{1−a/2}]; Hall: [2θ̂ − q_{1−a/2}, 2θ̂ − q_{a/2}] (Lütkepohl 2005,
    app. D.3), θ̂ the matching array of ``points``. Draws must be finite.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    n = len(draws[0])
    sizes = [d[0].size for d in draws]
    if any(len(d) != n for d in draws) or n == 0:
        raise ValueError("every array of draws must hold the same, positive number of replications")
    rows = np.empty((sum(sizes), n))
    for d, start, size in zip(draws, np.cumsum([0] + sizes), sizes):
        rows[start : start + size] = np.reshape(d, (n, size)).T
    if not np.isfinite(rows).all():
        raise ValueError("bootstrap draws must be finite")
    a = 1.0 - level
    limits = _quantiles(rows, [a / 2, 1 - a / 2])
    bands = []
    for d, point, start, size in zip(draws, points, np.cumsum([0] + sizes), sizes):
        lo, hi = (q.reshape(d.shape[1:]) for q in limits[:, start : start + size])
        if method == "hall":
            lo, hi = 2 * point - hi, 2 * point - lo
        bands.append(Bands(lower=lo, upper=hi))
    return bands


def interval(draws: np.ndarray, point: np.ndarray, level: float, method: str = "percentile") -> Bands:
    """Pointwise bootstrap interval over axis 0 of ``draws`` (Efron or Hall percentile); see
    :func:`intervals`."""
    return intervals([np.asarray(draws, dtype=float)], [point], level, method)[0]


def _responses(fits: VECMFit, horizon: int, order: np.ndarray, with_girf: bool,
               dof_adjust: bool) -> tuple[np.ndarray, np.ndarray | None]:
    theta = orthogonalised(fits, horizon, order, dof_adjust)
    girf = generalised_irf(fits, horizon, dof_adjust) if with_girf else None
    return theta, girf


def _refit(y_star: np.ndarray, fit: VECMFit) -> VECMFit:
    """Re-estimate a batch of bootstrap samples with the fit's rank, lags, case and exogenous block;
    raises ``LinAlgError`` when a member's S11, β head or Σ is singular (Σ must admit a Cholesky
    factor for the orthogonalised responses, in any order since positive definiteness does not
    depend on it)."""
    refit = vecm.fit(y_star, fit.lags, fit.case, fit.rank, fit.exog)
    np.linalg.cholesky(refit.sigma)
    return refit


def _refit_robust(y_star: np.ndarray, fit: VECMFit) -> tuple[np.ndarray, VECMFit | None]:
    """Like :func:`_refit`, but drop the members whose re-estimation fails: (kept mask, their refit).

    The batched linear algebra raises for the whole batch if one member is singular;
    only then are the members tried one by one to find the culprits.
    """
    with np.errstate(all="ignore"):
        try:
            return np.ones(len(y_star), dtype=bool), _refit(y_star, fit)
        except np.linalg.LinAlgError:
            ok = np.array([_succeeds(y, fit) for y in y_star], dtype=bool)
            return ok, (_refit(y_star[ok], fit) if ok.any() else None)


def _replicate_robust(y_star: np.ndarray, fit: VECMFit, horizon: int, order: np.ndarray,
                      with_girf: bool, dof_adjust: bool):
    """Responses of the re-estimated samples (batched), dropping replications whose re-estimation
    fails (:func:`_refit_robust`) or whose responses are non-finite: (kept mask, theta, girf)."""
    ok, refit = _refit_robust(y_star, fit)
    if refit is None:
        return ok, None, None
    with np.errstate(all="ignore"):
        theta, girf = _responses(refit, horizon, order, with_girf, dof_adjust)
    finite = np.isfinite(theta).all(axis=(-3, -2, -1))
    if girf is not None:
        finite &= np.isfinite(girf).all(axis=(-3, -2, -1))
    ok[ok] = finite
    return ok, theta[finite], None if girf is None else girf[finite]


def _succeeds(y: np.ndarray, fit: VECMFit) -> bool:
    try:
        _refit(y, fit)
    except np.linalg.LinAlgError:
        return False
    return True


def bootstrap_samples(fit: VECMFit, y: np.ndarray, boot: int, seed: int) -> np.ndarray:
    """``boot`` bootstrap level series (boot, N, K): centred residuals drawn iid with replacement
    (``np.random.default_rng(seed)``), levels rebuilt by :func:`vecm.simulate` from ``y[:p+1]``."""
    resid = fit.residuals - fit.residuals.mean(axis=0)
    idx = np.random.default_rng(seed).integers(0, fit.nobs, size=(boot, fit.nobs))
    return vecm.simulate(fit, y[: fit.lags + 1], resid[idx])


def _check_request(fit: VECMFit, y: np.ndarray, boot: int, horizon: int, level: float,
                   method: str) -> np.ndarray:
    """``y`` as floats after checking the arguments every bootstrap here shares (``ValueError``)."""
    if fit.alpha.ndim != 2:
        raise ValueError("fit must be a single (unbatched) VECM fit")
    y = np.asarray(y, dtype=float)
    p = fit.lags
    if y.shape != (fit.nobs + p + 1, fit.k):
        raise ValueError(f"y must be the (N, K) = {(fit.nobs + p + 1, fit.k)} levels the fit was "
                         f"estimated on, got shape {y.shape}")
    if int(boot) != boot or boot < 0:
        raise ValueError(f"boot must be a non-negative integer, got {boot!r}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    if int(horizon) != horizon or horizon < 1:
        raise ValueError(f"horizon must be a positive integer, got {horizon!r}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    return y


def boot_irf(fit: VECMFit, y: np.ndarray, horizon: int, order: Sequence[int], boot: int, seed: int,
             level: float = 0.95, progress: bool = True, generalised: bool = False,
             method: str = "percentile", dof_adjust: bool = False, chunk: int = 250) -> BootResult:
    """Residual-bootstrap bands for orthogonalised responses, FEVD shares (and GIRFs).

    ``fit`` is the VECM estimated on levels ``y`` (N, K); ``horizon`` H gives responses for
    h = 0..H and variance shares for periods 1..H. All samples are drawn at once
    (:func:`bootstrap_samples`), so results do not depend on ``chunk``, the number of
    replications re-estimated per batched call and per progress-bar step.
    """
    y = _check_request(fit, y, boot, horizon, level, method)
    if int(chunk) != chunk or chunk < 1:
        raise ValueError(f"chunk must be a positive integer, got {chunk!r}")
    order = check_order(order, fit.k)
    boot, horizon = int(boot), int(horizon)
    if boot == 0:
        return BootResult(0, 0, level, method, None, None, None, None, None)

    samples = bootstrap_samples(fit, y, boot, seed)
    thetas, girfs, dropped = [], [], 0
    with tqdm(total=boot, desc="bootstrap", unit="rep", disable=not progress) as bar:
        for start in range(0, boot, chunk):
            y_star = samples[start : start + chunk]
            ok, theta, girf = _replicate_robust(y_star, fit, horizon, order, generalised, dof_adjust)
            dropped += int((~ok).sum())
            if theta is not None:
                thetas.append(theta)
                girfs.append(girf)
            bar.update(len(y_star))
    if dropped == boot:
        raise ValueError(f"all {boot} bootstrap replications were degenerate; no bands can be formed")

    theta = np.concatenate(thetas)
    shares = decompose(theta[:, :horizon])[1]
    point_theta, point_girf = _responses(fit, horizon, order, generalised, dof_adjust)
    point_shares = decompose(point_theta[:horizon])[1]
    draws, points = [theta, shares], [point_theta, point_shares]
    if generalised:
        draws.append(np.concatenate(girfs))
        points.append(point_girf)
    orth, shares_band, *girf = intervals(draws, points, level, method)
    return BootResult(
        requested=boot,
        dropped=dropped,
        level=level,
        method=method,
        orth=orth,
        fevd=shares_band,
        girf=girf[0] if generalised else None,
        orth_draws=theta,
        share_draws=shares,
    )


def last_share_bands(fit: VECMFit, y: np.ndarray, horizon: int, orders: Sequence[Sequence[int]], boot: int,
                     seed: int, level: float = 0.95, method: str = "percentile") -> tuple[list[Bands], int]:
    """Bootstrap intervals of the variance shares at period ``horizon`` under each Cholesky order.

    The bootstrap samples, their re-estimates and the MA coefficients Φ_h do not depend on the
    order (:func:`bootstrap_samples` with the same ``seed``), so one batched re-estimation serves
    every order in ``orders``; for each order only the impact matrix P, the responses Θ_h = Φ_h P
    (Lütkepohl 2005, sec. 2.3.2), the shares (eq. 2.3.37) and their quantiles are recomputed. A replication is dropped
    for all orders when its re-estimation fails or its shares are non-finite under any order;
    without such drops each order's bands equal the period-``horizon`` slice of
    :func:`boot_irf`'s ``fevd`` bands. Returns the (K, K) bands per order and the number dropped.
    """
    y = _check_request(fit, y, boot, horizon, level, method)
    orders = [check_order(order, fit.k) for order in orders]
    if boot == 0 or not orders:
        raise ValueError("last_share_bands needs boot > 0 and at least one order")
    ok, refit = _refit_robust(bootstrap_samples(fit, y, int(boot), seed), fit)
    if refit is None:
        raise ValueError(f"all {boot} bootstrap replications were degenerate; no bands can be formed")
    with np.errstate(all="ignore"):
        # Θ_h = Φ_h P: the MA coefficients Φ_h are the same for every order, only P changes
        phi = ma_coefs(refit.var_coefs(), int(horizon) - 1)
        draws = [decompose(phi @ impact_matrix(refit.sigma, order)[:, None])[1][:, -1] for order in orders]
    finite = np.logical_and.reduce([np.isfinite(d).all(axis=(-2, -1)) for d in draws])
    if not finite.any():
        raise ValueError(f"all {boot} bootstrap replications were degenerate; no bands can be formed")
    points = [decompose(orthogonalised(fit, int(horizon) - 1, order))[1][-1] for order in orders]
    bands = intervals([d[finite] for d in draws], points, level, method)
    return bands, int(boot) - int(finite.sum())
