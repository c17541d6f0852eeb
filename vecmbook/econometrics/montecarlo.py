"""Monte Carlo from a known VECM: how well do the procedures recover the truth?

Samples are drawn from the true model with Gaussian innovations (Σ the true
covariance), started at the truth's own initial values, and each is analysed with
the same batched estimator the book uses (one ``reduced_rank`` call for all
replications of a chunk).

:func:`restriction_size` applies the same machinery to the LR restriction tests of
:mod:`vecmbook.econometrics.restrictions`: it simulates from the model fitted *under the null*
(a parametric bootstrap of the test; Cavaliere, Nielsen & Rahbek 2015 study the
residual-resampling analogue for β) at the data's own T, lags, case and rank, and counts how
often the nominal chi-square test rejects a null that is true by construction.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats
from tqdm import tqdm

from vecmbook.econometrics import restrictions, stability, vecm
from vecmbook.econometrics.exog import Exog
from vecmbook.econometrics.johansen import reduced_rank
from vecmbook.econometrics.pvalues import pvalue
from vecmbook.econometrics.ranktest import reinsel_ahn_factor, select_rank


def draw(truth: vecm.VECMFit, y_init: np.ndarray, n_obs: int, reps: int, seed: int,
         keep_initial: bool = False) -> np.ndarray:
    """``reps`` samples of ``n_obs`` levels from ``truth`` (reps, n_obs, K), seeded.

    The recursion starts from the p + 1 pre-sample values ``y_init``, which are not part
    of the returned samples (as for the stand-in itself) unless ``keep_initial``: then they
    are its first p + 1 rows, as a model with an exogenous block of ``n_obs`` rows needs.
    """
    p = truth.lags
    steps = n_obs - p - 1 if keep_initial else n_obs
    if steps < 2:
        raise ValueError(f"n_obs must be at least {2 + (p + 1) * keep_initial}, got {n_obs}")
    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(truth.sigma)
    shocks = rng.standard_normal((reps, steps, truth.k)) @ chol.T
    out = vecm.simulate(truth, np.asarray(y_init)[: p + 1], shocks)
    return out if keep_initial else out[:, p + 1:, :]


@dataclass
class Recovery:
    """Estimates over the simulated samples, with the truth they came from."""

    truth: vecm.VECMFit
    names: list[str]
    alpha: np.ndarray          # (reps, K, r) with the estimation rank
    beta: np.ndarray           # (reps, K+m1, r)
    rank_asymptotic: np.ndarray  # (reps,)
    rank_ra: np.ndarray          # (reps,)
    rank: int

    def rank_shares(self) -> dict[str, np.ndarray]:
        """Share of samples in which each rank 0..K is chosen (sequential trace test, 5 %), by p-values."""
        k = self.truth.k
        return {label: np.bincount(r, minlength=k + 1) / len(r)
                for label, r in (("asymptotic", self.rank_asymptotic), ("Reinsel–Ahn", self.rank_ra))}

    def loadings(self) -> list[tuple[str, int, int]]:
        """(label, row, column) of the loadings the study interprets, up to the first two."""
        r = min(self.rank, self.truth.rank, 2)
        return [(f"alpha[{self.names[j]}, CE{j + 1}]", j, j) for j in range(r)]

    def loading_stats(self) -> dict[str, dict[str, float]]:
        """True value, mean, bias, s.d. and 5–95 % range of each of :meth:`loadings`."""
        rows = {}
        for label, i, j in self.loadings():
            est = self.alpha[:, i, j]
            true = float(self.truth.alpha[i, j])
            rows[label] = {"truth": true, "mean estimate": float(est.mean()), "bias": float(est.mean() - true),
                           "s.d.": float(est.std(ddof=1)), "5 %": float(np.quantile(est, 0.05)),
                           "95 %": float(np.quantile(est, 0.95))}
        return rows


def recovery(truth: vecm.VECMFit, y_init: np.ndarray, names: list[str], n_obs: int, reps: int, seed: int,
             lags: int, case: int, rank: int, chunk: int = 100, progress: bool = True) -> Recovery:
    """Simulate ``reps`` samples from ``truth`` and estimate each with (lags, case, rank)."""
    samples = draw(truth, y_init, n_obs, reps, seed)
    k = truth.k
    dims = k - np.arange(k)
    alphas, betas, r_asy, r_ra = [], [], [], []
    for start in tqdm(range(0, reps, chunk), desc="Monte Carlo", unit="chunk", disable=not progress):
        rrr = reduced_rank(samples[start:start + chunk], lags, case)
        fits = vecm.fit_from_rrr(rrr, rank)
        alphas.append(fits.alpha)
        betas.append(fits.beta)
        factor = reinsel_ahn_factor(rrr.nobs, k, lags)
        trace = rrr.trace()
        r_asy += [select_rank(pvalue(t, dims, case, "trace")) for t in trace]
        r_ra += [select_rank(pvalue(factor * t, dims, case, "trace")) for t in trace]
    return Recovery(truth=truth, names=list(names), alpha=np.concatenate(alphas), beta=np.concatenate(betas),
                    rank_asymptotic=np.array(r_asy), rank_ra=np.array(r_ra), rank=rank)


#: replications of the LR-size simulation in chapter 4 (well under a second per test at T = 28;
#: binomial Monte Carlo s.e. of a 5 % rejection rate about 0.7 points)
SIZE_REPS = 1000


def null_model(y: np.ndarray, test: restrictions.RestrictionTest, lags: int, case: int,
               exog: Exog | None = None) -> vecm.VECMFit:
    """The VECM fitted to ``y`` with ``test``'s restriction imposed.

    α̃, β̃ are the restricted ML estimates (Johansen 1995, Thms 7.2, 8.1); given Π̃ = α̃β̃',
    Γ and the unrestricted deterministic terms are the OLS coefficients of ΔY_t − α̃β̃'Z1_t
    on Z2_t (the concentrated ML solution, Johansen 1995, ch. 6) and Σ̃ the ML residual
    covariance. The null holds exactly: β̃ or α̃ has the tested zero row. ``exog`` (held
    fixed in the simulated samples) is part of Z2.
    """
    d = reduced_rank(np.asarray(y, dtype=float), lags, case, exog).design
    target = d.z0 - d.z1 @ test.beta @ test.alpha.T
    if d.z2.shape[1]:
        coef = np.linalg.lstsq(d.z2, target, rcond=None)[0].T
    else:
        coef = np.zeros((target.shape[1], 0))
    resid = target - d.z2 @ coef.T
    kp = target.shape[1] * lags
    return vecm.VECMFit(alpha=test.alpha, beta=test.beta, gamma=coef[:, :kp], delta=coef[:, kp:],
                        sigma=resid.T @ resid / d.nobs, residuals=resid, rank=test.alpha.shape[1],
                        lags=lags, case=case, exog=exog)


@dataclass(frozen=True)
class RestrictionSize:
    """Simulated null distribution of one LR restriction test at the data's own T.

    ``simulated`` holds the LR statistics of the samples drawn from :func:`null_model`
    (samples whose re-estimation failed are dropped: ``requested`` − len(simulated)).
    """

    test: restrictions.RestrictionTest
    kind: str
    nobs: int
    requested: int
    simulated: np.ndarray
    null_stability: stability.UnitRootCheck
    signif: float = 0.05

    @property
    def chi2_critical(self) -> float:
        return float(stats.chi2.isf(self.signif, self.test.df))

    @property
    def rejection_rate(self) -> float:
        """Share of null samples in which the nominal chi-square test rejects (the true size)."""
        return float(np.mean(self.simulated > self.chi2_critical))

    @property
    def rejection_se(self) -> float:
        """Binomial Monte Carlo standard error of :attr:`rejection_rate`."""
        rate = self.rejection_rate
        return float(np.sqrt(rate * (1 - rate) / len(self.simulated)))

    @property
    def simulated_critical(self) -> float:
        """The (1 − signif) quantile of the simulated statistics: a small-sample critical value."""
        return float(np.quantile(self.simulated, 1 - self.signif))

    @property
    def simulated_pvalue(self) -> float:
        """(1 + #{LR* ≥ LR}) / (1 + n): the Monte Carlo p-value of the observed statistic
        (Davison & Hinkley 1997, ch. 4)."""
        n = len(self.simulated)
        return float((1 + np.sum(self.simulated >= self.test.statistic)) / (1 + n))


def _statistics(samples: np.ndarray, lags: int, case: int, rank: int, kind: str, j: int,
                exog: Exog | None = None) -> np.ndarray:
    """Batched LR statistics; if the batch fails, sample by sample with NaN for the failures."""
    with np.errstate(all="ignore"):
        try:
            return restrictions.lr_statistics(samples, lags, case, rank, kind, j, exog)
        except np.linalg.LinAlgError:
            out = np.full(len(samples), np.nan)
            for i, sample in enumerate(samples):
                try:
                    out[i] = restrictions.lr_statistics(sample[None], lags, case, rank, kind, j, exog)[0]
                except np.linalg.LinAlgError:
                    pass
            return out


def restriction_size(y: np.ndarray, lags: int, case: int, rank: int, kind: str, variable_index: int,
                     names: Sequence[str] | None = None, reps: int = SIZE_REPS, seed: int = 0,
                     signif: float = 0.05, chunk: int = 100, progress: bool = True,
                     exog: Exog | None = None) -> RestrictionSize:
    """Size of the nominal ``signif`` LR test of ``kind`` for ``variable_index`` at the data's T.

    ``reps`` samples of len(y) observations (so the same effective T) are drawn from
    :func:`null_model` with Gaussian shocks, started from ``y[:lags + 1]``, and tested
    exactly as the data were (:func:`restrictions.lr_statistics`, batched per chunk), with
    the exogenous block ``exog`` held fixed.
    """
    if kind not in restrictions.KINDS:
        raise ValueError(f"kind must be one of {restrictions.KINDS}, got {kind!r}")
    if int(reps) != reps or reps < 1:
        raise ValueError(f"reps must be a positive integer, got {reps!r}")
    y = np.asarray(y, dtype=float)
    single = restrictions.exclusion_test if kind == "exclusion" else restrictions.weak_exogeneity_test
    test = single(y, lags, case, rank, variable_index, names, signif, exog)
    null = null_model(y, test, lags, case, exog)
    samples = draw(null, y[: lags + 1], len(y), int(reps), seed, keep_initial=exog is not None)
    stat = [_statistics(samples[s:s + chunk], lags, case, rank, kind, variable_index, exog)
            for s in tqdm(range(0, int(reps), chunk), desc=f"LR size: {kind}", unit="chunk",
                          disable=not progress)]
    stat = np.concatenate(stat)
    kept = stat[np.isfinite(stat)]
    if not kept.size:
        raise ValueError("every simulated sample failed to re-estimate; no size can be reported")
    return RestrictionSize(test=test, kind=kind, nobs=len(y) - lags - 1, requested=int(reps), simulated=kept,
                           null_stability=stability.unit_root_count_check(null), signif=signif)
