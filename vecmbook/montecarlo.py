"""Monte Carlo from a known VECM: how well do the procedures recover the truth?

Samples are drawn from the true model with Gaussian innovations (Σ the true
covariance), started at the truth's own initial values, and each is analysed with
the same batched estimator the book uses (one ``reduced_rank`` call for all
replications of a chunk).
"""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from tqdm.auto import tqdm

from . import vecm
from .johansen import reduced_rank
from .pvalues import pvalue
from .ranktest import reinsel_ahn_factor, select_rank


def draw(truth: vecm.VECMFit, y_init: np.ndarray, n_obs: int, reps: int, seed: int) -> np.ndarray:
    """``reps`` samples of ``n_obs`` levels from ``truth`` (reps, n_obs, K), seeded.

    The recursion starts from the p + 1 pre-sample values ``y_init``, which are not part
    of the returned samples (as for the stand-in itself).
    """
    p = truth.lags
    if n_obs < 2:
        raise ValueError(f"n_obs must be at least 2, got {n_obs}")
    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(truth.sigma)
    shocks = rng.standard_normal((reps, n_obs, truth.k)) @ chol.T
    return vecm.simulate(truth, np.asarray(y_init)[: p + 1], shocks)[:, p + 1:, :]


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

    def rank_frequencies(self) -> pd.DataFrame:
        """Share of samples in which each rank is chosen (sequential trace test, 5 %)."""
        k = self.truth.k
        freq = {label: np.bincount(r, minlength=k + 1) / len(r)
                for label, r in (("asymptotic", self.rank_asymptotic), ("Reinsel–Ahn", self.rank_ra))}
        return pd.DataFrame(freq, index=pd.Index(range(k + 1), name="rank chosen"))

    def _loadings(self) -> list[tuple[str, int, int]]:
        r = min(self.rank, self.truth.rank, 2)
        return [(f"alpha[{self.names[j]}, CE{j + 1}]", j, j) for j in range(r)]

    def loading_table(self) -> pd.DataFrame:
        """True value, mean, bias, s.d. and 5–95 % range of the loadings the study interprets."""
        rows = {}
        for label, i, j in self._loadings():
            est = self.alpha[:, i, j]
            true = self.truth.alpha[i, j]
            rows[label] = {"truth": true, "mean estimate": est.mean(), "bias": est.mean() - true,
                           "s.d.": est.std(ddof=1), "5 %": np.quantile(est, 0.05),
                           "95 %": np.quantile(est, 0.95)}
        return pd.DataFrame.from_dict(rows, orient="index")

    def loading_figure(self) -> Figure:
        """Histograms of the estimated loadings with the true values marked."""
        loads = self._loadings()
        fig, axes = plt.subplots(1, max(len(loads), 1), figsize=(5 * max(len(loads), 1), 3.2), squeeze=False)
        for ax, (label, i, j) in zip(axes.flat, loads):
            ax.hist(self.alpha[:, i, j], bins=40, color="tab:blue", alpha=0.7)
            ax.axvline(self.truth.alpha[i, j], color="k", ls="--", label="truth")
            ax.set_title(label)
            ax.set_xlabel("estimate")
            ax.set_ylabel("samples")
            ax.legend()
        fig.suptitle(f"Estimated error-correction loadings over {len(self.alpha)} simulated samples")
        fig.tight_layout()
        return fig


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
